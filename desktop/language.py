"""Words and dates in a language the caller names: the catalogs, `N_`, `translate_in`, Babel's dates, numbers and
country names. Documents and the layers below the UI use this module (issue 20.1); the UI's own language, `_()`
and the switch live in `hattama.i18n`, which builds on it.

English is the source language. Catalogs are read from `i18n/<lang>/LC_MESSAGES/hattama.po` and compiled on
first use (the compiled copy is kept in the per-user data folder), so a plain install needs no compile step.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gettext
import io
import os
import re
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from hattama.paths import data_dir, i18n_dir

if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "hattama"
LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "kk"
# Shown in the language menu in the language itself, so anyone can find their own.
LANGUAGE_NATIVE_NAMES: Mapping[str, str] = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

_lock = threading.Lock()
_catalogs: dict[str, gettext.NullTranslations] = {}


def N_(message: str) -> str:
    """Marks a string for extraction without translating it now."""
    return message


def _load(language: str) -> gettext.NullTranslations:
    with _lock:
        cached = _catalogs.get(language)
        if cached is not None:
            return cached
        po_path = i18n_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        translations: gettext.NullTranslations
        if language == "en" or not po_path.exists():
            translations = gettext.NullTranslations()
        else:
            try:
                translations = gettext.GNUTranslations(io.BytesIO(_compiled(po_path, language)))
            except Exception:  # a damaged compiled copy: compile again
                translations = gettext.GNUTranslations(io.BytesIO(_compiled(po_path, language, reuse=False)))
        _catalogs[language] = translations
        return translations


def _compiled(po_path: Path, language: str, *, reuse: bool = True) -> bytes:
    """The catalog compiled from its .po. Compiling reads the whole file through Babel (tens of milliseconds at
    every start: issue 18.1), so the result is kept in the per-user data folder under the .po's size and time
    and read back from there; an unwritable folder only means compiling each time."""
    status = po_path.stat()
    folder = data_dir() / "catalogs"
    kept = folder / f"{language}-{status.st_size}-{status.st_mtime_ns}.mo"
    if reuse:
        with contextlib.suppress(OSError):
            return kept.read_bytes()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    compiled = buffer.getvalue()
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        for older in folder.glob(f"{language}-*.mo"):
            older.unlink()
        temporary = folder / f".{kept.name}.{os.getpid()}"
        temporary.write_bytes(compiled)
        os.replace(temporary, kept)
    return compiled


def normalise_language(language: str | None) -> str:
    if not language:
        return DEFAULT_LANGUAGE
    code = language.replace("-", "_").split("_")[0].lower()
    if code not in LANGUAGES:
        raise ValueError(language)
    return code


def translate_in(language: str, message: str) -> str:
    """Translate into a given language without switching the UI (documents have their own language)."""
    return _load(normalise_language(language)).gettext(message)


def ngettext_in(language: str, singular: str, plural: str, count: int) -> str:
    """Plural-aware translation into a given language; Russian has three forms, Kazakh two."""
    return _load(normalise_language(language)).ngettext(singular, plural, count)


def babel_locale(language: str) -> Locale:
    return _locale(normalise_language(language))


@functools.cache
def _locale(identifier: str) -> Locale:
    from babel import Locale  # Babel's locale data loads with the first date, number or country written

    return Locale.parse(identifier)


# Dates nobody can misread (issue 19.6): four-digit years in every language, and English day first with the
# month's name ("4 Dec 2026", never the US "12/4/26"); times on the 24-hour clock. Kazakh and Russian keep their
# CLDR patterns, with the two-digit year of the short one made four.
_ENGLISH_DATE_PATTERNS: Mapping[str, str] = {
    "short": "d MMM y", "medium": "d MMM y", "long": "d MMMM y", "full": "EEEE, d MMMM y"}
_ENGLISH_DATES_LOCALE = "en_GB"  # 24-hour times; the month and day names are the same


def date_pattern(format: str = "medium", *, language: str) -> str:
    """The CLDR (LDML) pattern `format_date` uses for a Babel width (short/medium/long/full) in a language; any
    other `format` is a pattern already and is used as it is."""
    return _date_pattern(format, normalise_language(language))


_Width = Literal["short", "medium", "long", "full"]
_WIDTHS: tuple[_Width, ...] = ("short", "medium", "long", "full")


def _width(format: str) -> _Width | None:
    """One of Babel's named widths, or None for a pattern of the caller's own ("EEEE"), as Babel takes it."""
    return next((width for width in _WIDTHS if width == format), None)


@functools.cache
def _date_pattern(format: str, identifier: str) -> str:
    width = _width(format)
    if width is None:
        return format
    if identifier == "en":
        return _ENGLISH_DATE_PATTERNS[width]
    from babel import dates as babel_dates

    pattern = babel_dates.get_date_format(width, locale=_locale(identifier)).pattern
    return re.sub(r"(?<!y)yy(?!y)", "y", pattern)


@functools.cache
def _datetime_pattern(format: str, identifier: str) -> str:
    width = _width(format)
    if width is None:
        return format
    from babel import dates as babel_dates

    locale = _dates_locale(identifier)
    time_pattern = babel_dates.get_time_format(width, locale=locale).pattern
    # Babel annotates a DateTimePattern but returns the locale's "{1}, {0}" text; str() says what it is.
    combined = str(babel_dates.get_datetime_format(width, locale=locale))
    return combined.replace("{1}", _date_pattern(format, identifier)).replace("{0}", time_pattern)


def _dates_locale(identifier: str) -> Locale:
    return _locale(_ENGLISH_DATES_LOCALE if identifier == "en" else identifier)


def format_date(value: dt.date, format: str = "medium", *, language: str) -> str:
    return _date_text(value, format, normalise_language(language))


def format_datetime(value: dt.datetime, format: str = "medium", *, language: str) -> str:
    return _datetime_text(value, format, normalise_language(language))


# Lists repaint the same cells again and again, and Babel takes ~50 µs a date: each text is made once.
@functools.lru_cache(maxsize=8192)
def _date_text(value: dt.date, format: str, identifier: str) -> str:
    from babel import dates as babel_dates

    return babel_dates.format_date(value, format=_date_pattern(format, identifier), locale=_dates_locale(identifier))


@functools.lru_cache(maxsize=8192)
def _datetime_text(value: dt.datetime, format: str, identifier: str) -> str:
    from babel import dates as babel_dates

    return babel_dates.format_datetime(value, format=_datetime_pattern(format, identifier),
                                       locale=_dates_locale(identifier))


def format_number(value: float | int, *, language: str) -> str:
    from babel import numbers as babel_numbers

    return babel_numbers.format_decimal(value, locale=babel_locale(language))


def month_name(month: int, *, language: str, width: str = "wide") -> str:
    return babel_locale(language).months["stand-alone"][width][month]


def weekday_names(*, language: str, width: str = "abbreviated") -> list[str]:
    """Monday first, as Kazakh calendars are laid out."""
    days = babel_locale(language).days["stand-alone"][width]
    return [days[index] for index in range(7)]


def country_name(code: str, language: str) -> str:
    return babel_locale(language).territories.get(code.upper(), code.upper())
