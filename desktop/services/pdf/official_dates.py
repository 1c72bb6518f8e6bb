"""Dates the way Kazakh and Russian official documents write them, month in words.

Kazakh puts the year first with "жылғы"; a date that qualifies a noun ("...қарашадағы № 5 хат", the
document's own date) takes the locative-attributive "-дағы/-дегі/-тағы/-тегі", a date standing alone (an
event's dates) the bare month. Russian writes the month in the genitive and the year with "года". CLDR has
neither the Kazakh attributive forms nor "года", hence the tables; a test keeps them in step with Babel's names.
"""

from __future__ import annotations

import datetime as dt

_KK_MONTHS = (
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
    "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
)  # fmt: skip
_KK_MONTHS_ATTRIBUTIVE = (
    "қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы", "маусымдағы",
    "шілдедегі", "тамыздағы", "қыркүйектегі", "қазандағы", "қарашадағы", "желтоқсандағы",
)  # fmt: skip
_RU_MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
EN_DASH = "–"


def document_date(value: dt.date, language: str) -> str:
    """kk "2026 жылғы 24 қарашадағы" (goes before "№ ..."), ru "24 ноября 2026 года"."""
    if language == "kk":
        return f"{value.year} жылғы {value.day} {_KK_MONTHS_ATTRIBUTIVE[value.month - 1]}"
    if language == "ru":
        return f"{value.day} {_RU_MONTHS_GENITIVE[value.month - 1]} {value.year} года"
    raise ValueError(language)


def event_dates(starts: dt.date, ends: dt.date, language: str) -> str:
    """The days an event took: kk "2026 жылғы 24–26 қараша", ru "24–26 ноября 2026 года"; a shared month or year
    is written once, as the documents do."""
    if ends < starts:
        raise ValueError(f"{ends} is before {starts}")
    if language == "kk":
        return _kk_event_dates(starts, ends)
    if language == "ru":
        return _ru_event_dates(starts, ends)
    raise ValueError(language)


def _kk_event_dates(starts: dt.date, ends: dt.date) -> str:
    def day_month(value: dt.date) -> str:
        return f"{value.day} {_KK_MONTHS[value.month - 1]}"

    if starts == ends:
        return f"{starts.year} жылғы {day_month(starts)}"
    if starts.year != ends.year:
        return f"{starts.year} жылғы {day_month(starts)} {EN_DASH} {ends.year} жылғы {day_month(ends)}"
    if starts.month != ends.month:
        return f"{starts.year} жылғы {day_month(starts)} {EN_DASH} {day_month(ends)}"
    return f"{starts.year} жылғы {starts.day}{EN_DASH}{day_month(ends)}"


def _ru_event_dates(starts: dt.date, ends: dt.date) -> str:
    def day_month(value: dt.date) -> str:
        return f"{value.day} {_RU_MONTHS_GENITIVE[value.month - 1]}"

    if starts == ends:
        return document_date(starts, "ru")
    if starts.year != ends.year:
        return f"{document_date(starts, 'ru')} {EN_DASH} {document_date(ends, 'ru')}"
    if starts.month != ends.month:
        return f"{day_month(starts)} {EN_DASH} {day_month(ends)} {ends.year} года"
    return f"{starts.day}{EN_DASH}{day_month(ends)} {ends.year} года"
