"""The bundled list of international organisations and how any party is named."""

from __future__ import annotations

import re

import pytest

from hattama.services.events import Party
from hattama.services.organisations import organisation_codes, organisation_name, organisations, party_label

KAZAKH_ONLY_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)
LATIN_INSIDE_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі][a-z]|[a-z][а-яёәғқңөұүһі]", re.IGNORECASE)


def test_the_usual_organisations_are_listed_once() -> None:
    codes = [o.code for o in organisations()]
    assert len(codes) == len(set(codes))
    assert {"UN", "OSCE", "SCO", "CIS", "EAEU", "CSTO", "CICA", "OTS", "OIC", "EU", "WTO", "UNESCO", "WHO", "IAEA",
            "OECD", "ADB", "EBRD", "WB", "IMF", "ASEAN", "NATO", "CAREC", "ECO", "UNDP", "UNICEF", "ILO", "FAO",
            "COE"} <= organisation_codes()


@pytest.mark.parametrize("organisation", organisations(), ids=lambda o: o.code)
def test_every_organisation_is_named_in_three_languages(organisation) -> None:
    assert set(organisation.names) == {"kk", "ru", "en"}
    assert set(organisation.abbreviations) == {"kk", "ru", "en"}
    for language in ("kk", "ru"):
        assert re.search("[а-яё]", organisation.names[language], re.IGNORECASE)
        assert not LATIN_INSIDE_CYRILLIC.search(organisation.names[language])
    assert not re.search("[а-яё]", organisation.names["en"], re.IGNORECASE)


def test_kazakh_names_use_kazakh_letters() -> None:
    with_kazakh_letters = [o.code for o in organisations() if KAZAKH_ONLY_LETTERS.search(o.names["kk"])]
    assert len(with_kazakh_letters) >= len(organisations()) - 5
    names = {o.code: o.names for o in organisations()}
    assert names["UN"]["kk"] == "Біріккен Ұлттар Ұйымы"
    assert names["SCO"]["ru"] == "Шанхайская организация сотрудничества"
    assert names["OTS"]["kk"] == "Түркі мемлекеттері ұйымы"


def test_party_labels_come_from_cldr_the_list_or_the_typed_name() -> None:
    assert party_label(Party("country", "CN"), "kk") == "Қытай"
    assert party_label(Party("country", "CN"), "ru") == "Китай"
    assert party_label(Party("organisation", "EAEU"), "ru") == "Евразийский экономический союз"
    assert party_label(Party("organisation", "EAEU"), "kk") == "Еуразиялық экономикалық одақ"
    assert party_label(Party("other", "", "Жібек жолы қауымдастығы"), "ru") == "Жібек жолы қауымдастығы"
    assert party_label(Party("organisation", "NEWORG", "Новая организация"), "ru") == "Новая организация"


def test_an_unknown_organisation_code_is_shown_as_it_is() -> None:
    assert organisation_name("NEWORG", "kk") == "NEWORG"
