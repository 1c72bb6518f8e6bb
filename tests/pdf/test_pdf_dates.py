"""Dates written the way Kazakh and Russian official documents write them."""

from __future__ import annotations

import datetime as dt

import pytest

from hattama.i18n import babel_locale
from hattama.services.pdf.official_dates import document_date, event_dates

KK_ATTRIBUTIVE = [
    "қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы", "маусымдағы",
    "шілдедегі", "тамыздағы", "қыркүйектегі", "қазандағы", "қарашадағы", "желтоқсандағы",
]  # fmt: skip
RU_GENITIVE = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]  # fmt: skip


@pytest.mark.parametrize("month", range(1, 13))
def test_kazakh_document_date_takes_the_attributive_month(month):
    assert document_date(dt.date(2026, month, 24), "kk") == f"2026 жылғы 24 {KK_ATTRIBUTIVE[month - 1]}"


@pytest.mark.parametrize("month", range(1, 13))
def test_russian_document_date_takes_the_genitive_month(month):
    assert document_date(dt.date(2026, month, 24), "ru") == f"24 {RU_GENITIVE[month - 1]} 2026 года"


def test_examples_from_the_brief():
    assert document_date(dt.date(2026, 11, 24), "kk") == "2026 жылғы 24 қарашадағы"
    assert document_date(dt.date(2026, 11, 24), "ru") == "24 ноября 2026 года"
    assert document_date(dt.date(2027, 1, 5), "kk") == "2027 жылғы 5 қаңтардағы"


@pytest.mark.parametrize("month", range(1, 13))
def test_month_stems_agree_with_cldr(month):
    """The hand-written tables must not drift from Babel's names (kk nominative, ru genitive)."""
    kk_nominative = babel_locale("kk").months["format"]["wide"][month]
    ru_genitive = babel_locale("ru").months["format"]["wide"][month]

    assert document_date(dt.date(2026, month, 1), "kk").split()[-1].startswith(kk_nominative)
    assert event_dates(dt.date(2026, month, 1), dt.date(2026, month, 1), "kk").endswith(f" {kk_nominative}")
    assert document_date(dt.date(2026, month, 1), "ru") == f"1 {ru_genitive} 2026 года"


@pytest.mark.parametrize(
    ("starts", "ends", "kk", "ru"),
    [
        ((2026, 11, 24), (2026, 11, 24), "2026 жылғы 24 қараша", "24 ноября 2026 года"),
        ((2026, 11, 24), (2026, 11, 26), "2026 жылғы 24–26 қараша", "24–26 ноября 2026 года"),
        ((2026, 11, 30), (2026, 12, 2), "2026 жылғы 30 қараша – 2 желтоқсан", "30 ноября – 2 декабря 2026 года"),
        (
            (2025, 12, 30),
            (2026, 1, 2),
            "2025 жылғы 30 желтоқсан – 2026 жылғы 2 қаңтар",
            "30 декабря 2025 года – 2 января 2026 года",
        ),
    ],
)
def test_event_dates_write_a_shared_month_or_year_once(starts, ends, kk, ru):
    assert event_dates(dt.date(*starts), dt.date(*ends), "kk") == kk
    assert event_dates(dt.date(*starts), dt.date(*ends), "ru") == ru


def test_reversed_period_and_unknown_language_are_refused():
    with pytest.raises(ValueError):
        event_dates(dt.date(2026, 11, 26), dt.date(2026, 11, 24), "kk")
    with pytest.raises(ValueError):
        document_date(dt.date(2026, 11, 24), "en")
