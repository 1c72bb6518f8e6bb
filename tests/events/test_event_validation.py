"""What makes an event fit to be saved: one problem per field, each a translatable sentence."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid

import pytest

from hattama.rules.event_validation import EVENT_KINDS, MAX_LENGTHS, MAX_PARTIES, FieldProblem, validate_event
from hattama.rules.exemptions import ExemptionArea
from hattama.services.event_reference import known_countries
from hattama.services.events import Participant, Party, validate
from tests.events.samples import abroad_event, sample_event

COUNTRIES = frozenset({"KZ", "CN", "DE", "RU"})
ORGANISATIONS = frozenset({"SCO", "EAEU"})


def problems_of(data, organisations: frozenset[str] | None = ORGANISATIONS) -> list[tuple[str, str]]:
    return [(p.field, p.msgid) for p in validate_event(data, COUNTRIES, organisations)]


def fields_of(data, organisations: frozenset[str] | None = ORGANISATIONS) -> list[str]:
    return [field for field, _ in problems_of(data, organisations)]


def test_a_complete_event_has_no_problems() -> None:
    assert validate_event(sample_event(), COUNTRIES, ORGANISATIONS) == []
    assert validate_event(abroad_event(), COUNTRIES, ORGANISATIONS) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": dt.datetime(2025, 3, 12, 9, 0)}, "ends_at"),
        ({"title_kk": " ", "title_ru": ""}, "title_kk"),
        ({"title_ru": "Ж" * (MAX_LENGTHS["title_ru"] + 1)}, "title_ru"),
        ({"kind": "party"}, "kind"),
        ({"country": "XX"}, "country"),
        ({"country": ""}, "country"),
        ({"exemption_area": "tax_matters"}, "exemption_area"),
        ({"city": "А" * (MAX_LENGTHS["city"] + 1)}, "city"),
        ({"venue": "А" * (MAX_LENGTHS["venue"] + 1)}, "venue"),
        ({"notes": "А" * (MAX_LENGTHS["notes"] + 1)}, "notes"),
        ({"starts_at": dt.datetime(1970, 1, 1, 9, 0)}, "starts_at"),
        ({"ends_at": dt.datetime(2205, 3, 12, 9, 0)}, "ends_at"),
        # p.48 is about delegations leaving Kazakhstan: a departure date means nothing for a meeting at home.
        ({"departs_on": dt.date(2025, 3, 11)}, "departs_on"),
        # p.49: a series is of several meetings of foreign representatives in Kazakhstan.
        ({"country": "DE", "series_id": uuid.uuid4()}, "series_id"),
    ],
    ids=["ends-before-start", "no-title", "title-too-long", "unknown-kind", "unknown-country", "no-country",
         "unknown-exemption-area", "city-too-long", "venue-too-long", "notes-too-long", "year-too-early",
         "year-too-late", "departure-at-home-p48", "series-abroad-p49"],
)
def test_each_problem_is_reported_on_its_field(changes: dict, field: str) -> None:
    assert fields_of(sample_event(**changes)) == [field]


def test_departure_after_the_start_abroad_is_a_problem_p48() -> None:
    assert fields_of(abroad_event(departs_on=dt.date(2025, 5, 22))) == ["departs_on"]
    assert fields_of(abroad_event(departs_on=dt.date(2025, 5, 20))) == []


@pytest.mark.parametrize(
    ("party", "field"),
    [
        (Party("country", ""), "parties[0].code"),
        (Party("country", "ZZ"), "parties[0].code"),
        (Party("organisation", ""), "parties[0].code"),
        (Party("organisation", "NOPE"), "parties[0].code"),
        (Party("other", "", "  "), "parties[0].name"),
        (Party("alliance", "X"), "parties[0].kind"),
        (Party("other", "", "Ж" * (MAX_LENGTHS["party.name"] + 1)), "parties[0].name"),
    ],
    ids=["country-without-code", "unknown-country", "organisation-without-code", "unknown-organisation",
         "other-without-name", "unknown-kind", "name-too-long"],
)
def test_party_problems_name_the_row_and_field(party: Party, field: str) -> None:
    assert fields_of(sample_event(parties=(party,))) == [field]


def test_organisation_codes_are_not_checked_without_a_list() -> None:
    assert fields_of(sample_event(parties=(Party("organisation", "NEWORG"),)), organisations=None) == []


def test_the_same_party_twice_is_reported_on_the_second() -> None:
    parties = (Party("country", "CN"), Party("other", "", "Фонд"), Party("country", "CN"), Party("other", "", "ФОНД "))
    assert fields_of(sample_event(parties=parties)) == ["parties[2].code", "parties[3].code"]


def test_too_many_parties_is_one_problem_for_the_list() -> None:
    parties = tuple(Party("other", "", f"Party {n}") for n in range(MAX_PARTIES + 1))
    assert fields_of(sample_event(parties=parties)) == ["parties"]


@pytest.mark.parametrize(
    ("participant", "field"),
    [
        (Participant("ours", " "), "participants[1].full_name"),
        (Participant("neutral", "Ерлан Сапаров"), "participants[1].side"),
        (Participant("foreign", "Ж" * (MAX_LENGTHS["participant.full_name"] + 1)), "participants[1].full_name"),
        (Participant("foreign", "Ван Лэй", job_title="Ж" * 401), "participants[1].job_title"),
    ],
    ids=["no-name", "unknown-side", "name-too-long", "position-too-long"],
)
def test_participant_problems_name_the_row_and_field(participant: Participant, field: str) -> None:
    first = Participant("ours", "Әлия Қасымова")
    assert fields_of(sample_event(participants=(first, participant))) == [field]


@pytest.mark.parametrize("area", list(ExemptionArea))
def test_every_p50_exempt_area_is_accepted(area: ExemptionArea) -> None:
    assert fields_of(sample_event(exemption_area=area.value)) == []


def test_every_kind_has_a_label_and_is_accepted() -> None:
    assert set(EVENT_KINDS) == {"talks", "official_visit", "delegation_reception", "conference_forum",
                                "videoconference", "working_meeting", "other"}
    for kind in EVENT_KINDS:
        assert fields_of(sample_event(kind=kind)) == []


def test_problems_come_in_the_editors_order_and_all_at_once() -> None:
    data = sample_event(title_kk="", title_ru="", kind="x", ends_at=dt.datetime(2025, 1, 1), country="XX",
                        participants=(Participant("ours", ""),))
    assert fields_of(data) == ["title_kk", "kind", "ends_at", "country", "participants[0].full_name"]


def test_every_message_fills_from_its_params() -> None:
    data = sample_event(title_kk="", title_ru="", kind="x", ends_at=dt.datetime(2025, 1, 1), country="XX",
                        exemption_area="nope", starts_at=dt.datetime(1900, 1, 1), departs_on=dt.date(2025, 1, 1),
                        parties=(Party("country", "QQ"), Party("alliance", "")),
                        participants=(Participant("x", ""),), city="Ж" * 300)
    problems = validate_event(data, COUNTRIES, ORGANISATIONS)
    assert len(problems) >= 10
    for problem in problems:
        assert isinstance(problem, FieldProblem)
        assert set(re.findall(r"\{(\w+)\}", problem.msgid)) == set(problem.params)
        assert "{" not in problem.msgid.format(**problem.params)


def test_service_validation_uses_iso_countries_and_the_bundled_organisations() -> None:
    assert validate(sample_event()) == []
    assert [p.field for p in validate(sample_event(parties=(Party("organisation", "ZZZ"),)))] == ["parties[0].code"]
    assert [p.field for p in validate(sample_event(country="EU"))] == ["country"]


def test_known_countries_are_the_iso_3166_codes() -> None:
    countries = known_countries()
    assert {"KZ", "CN", "RU", "US", "AE", "KR", "JP"} <= countries
    assert not {"EU", "UN", "ZZ", "XK", "EZ", "QO", "001"} & countries
    assert len(countries) == 249
    assert all(len(code) == 2 and code.isupper() for code in countries)


def test_abroad_is_anything_outside_kazakhstan() -> None:
    assert abroad_event().abroad
    assert not sample_event().abroad
    assert dataclasses.replace(sample_event(), country="UZ").abroad


@pytest.mark.parametrize("invisible", ["\t \n", "\u200b", "\u200b\u200c\u200d\u2060\ufeff", "\u00a0\u3000",
                                       "\u202e\u2066", "\u3164\u2800", "\x00\x1b"])
def test_a_title_or_name_of_only_invisible_characters_is_empty(invisible: str) -> None:
    """Issue 10: spaces, zero-width and other invisible characters alone are no title (the editor, the service
    and the importer share this check)."""
    assert fields_of(sample_event(title_kk=invisible, title_ru=invisible)) == ["title_kk"]
    assert fields_of(sample_event(title_kk=invisible, title_ru="Переговоры")) == []
    people = (Participant("ours", invisible),)
    assert fields_of(sample_event(participants=people)) == ["participants[0].full_name"]
    parties = (Party("other", "", invisible),)
    assert fields_of(sample_event(parties=parties)) == ["parties[0].name"]
