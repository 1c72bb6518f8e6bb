"""Gettext and Babel glue: the current language, `_()`, plural forms and locale-aware dates.

English is the source language. Catalogs are read from `i18n/<lang>/LC_MESSAGES/hattama.po` and compiled in
memory on first use, so a plain install needs no compile step. Code below `desktop/rules` cannot import this
module; it marks its strings with its own `N_` and the caller translates them with `_()`.
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
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
_current = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


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


def set_language(language: str) -> None:
    """Switch the language for everything translated from now on and tell the listeners (the UI)."""
    global _current
    code = normalise_language(language)
    _load(code)
    _current = code
    for listener in list(_listeners):
        listener(code)


def current_language() -> str:
    return _current


def on_language_change(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def _(message: str) -> str:
    return _load(_current).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Plural-aware translation; Russian has three forms, Kazakh two."""
    return _load(_current).ngettext(singular, plural, count)


def translate_in(language: str, message: str) -> str:
    """Translate into a given language without switching the UI (documents have their own language)."""
    return _load(normalise_language(language)).gettext(message)


def babel_locale(language: str | None = None) -> Locale:
    return _locale(normalise_language(language or _current))


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


def date_pattern(format: str = "medium", language: str | None = None) -> str:
    """The CLDR (LDML) pattern `format_date` uses for a Babel width (short/medium/long/full) in a language; any
    other `format` is a pattern already and is used as it is."""
    return _date_pattern(format, normalise_language(language or _current))


_WIDTHS = ("short", "medium", "long", "full")


@functools.cache
def _date_pattern(format: str, identifier: str) -> str:
    if format not in _WIDTHS:
        return format  # a pattern of the caller's own ("EEEE"), as Babel takes it
    if identifier == "en":
        return _ENGLISH_DATE_PATTERNS[format]
    from babel import dates as babel_dates

    pattern = babel_dates.get_date_format(format, locale=_locale(identifier)).pattern
    return re.sub(r"(?<!y)yy(?!y)", "y", pattern)


@functools.cache
def _datetime_pattern(format: str, identifier: str) -> str:
    if format not in _WIDTHS:
        return format
    from babel import dates as babel_dates

    locale = _dates_locale(identifier)
    time_pattern = babel_dates.get_time_format(format, locale=locale).pattern
    return babel_dates.get_datetime_format(format, locale=locale).replace("{1}", _date_pattern(format, identifier)) \
        .replace("{0}", time_pattern)


def _dates_locale(identifier: str) -> Locale:
    return _locale(_ENGLISH_DATES_LOCALE if identifier == "en" else identifier)


def format_date(value: dt.date, format: str = "medium", language: str | None = None) -> str:
    return _date_text(value, format, normalise_language(language or _current))


def format_datetime(value: dt.datetime, format: str = "medium", language: str | None = None) -> str:
    return _datetime_text(value, format, normalise_language(language or _current))


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


def format_number(value: float | int, language: str | None = None) -> str:
    from babel import numbers as babel_numbers

    return babel_numbers.format_decimal(value, locale=babel_locale(language))


def month_name(month: int, language: str | None = None, width: str = "wide") -> str:
    return babel_locale(language).months["stand-alone"][width][month]


def weekday_names(language: str | None = None, width: str = "abbreviated") -> list[str]:
    """Monday first, as Kazakh calendars are laid out."""
    days = babel_locale(language).days["stand-alone"][width]
    return [days[index] for index in range(7)]


def country_name(code: str, language: str | None = None) -> str:
    return babel_locale(language).territories.get(code.upper(), code.upper())


def describe(error: BaseException) -> str:
    """A user-facing, translated sentence for an error from any layer.

    Errors meant for users carry `msgid` (an English source string marked with N_) and `params`; the layers
    below the UI cannot translate, so the sentence is made here.
    """
    msgid = getattr(error, "msgid", None)
    if not msgid:
        return str(error)
    return render(msgid, getattr(error, "params", {}) or {})


def render(msgid: str, params: Mapping[str, Any]) -> str:
    """A message from a lower layer (msgid + params) in the UI language, dates through Babel. A sentence ending
    on a value that already ends in a full stop (an abbreviated date, "4 дек. 2026 г.") gets no second one."""
    template = _(msgid)
    shown = {}
    for key, value in params.items():
        text = _format_param(value)
        if isinstance(text, str) and text.endswith("."):
            template = template.replace("{" + key + "}.", "{" + key + "}")
        shown[key] = text
    return template.format(**shown)


def _format_param(value: Any) -> Any:
    # A lower layer nests messages (a record's problems inside "not saved: …") untranslated; word them here.
    if getattr(value, "msgid", None):
        return describe(value)
    if isinstance(value, list | tuple) and value and all(getattr(item, "msgid", None) for item in value):
        return " ".join(describe(item) for item in value)
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    return value
