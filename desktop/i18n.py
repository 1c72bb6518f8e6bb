"""The officer's language: the switch, `_()`, plural forms, and dates, numbers and names in that language unless
another is named. Only the UI, the CLI and `hattama.presentation` import this module (an import-linter contract
keeps it out of services and rules); words in a language the caller names come from `hattama.language`, which
this module builds on. Code below `desktop/rules` marks its strings with its own `N_`; the caller translates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from hattama import language as explicit
from hattama.language import DEFAULT_LANGUAGE as DEFAULT_LANGUAGE
from hattama.language import LANGUAGE_NATIVE_NAMES as LANGUAGE_NATIVE_NAMES
from hattama.language import LANGUAGES as LANGUAGES
from hattama.language import N_ as N_
from hattama.language import normalise_language as normalise_language
from hattama.language import translate_in as translate_in
from hattama.rules.errors import Title

if TYPE_CHECKING:
    from babel import Locale

_current = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def set_language(language: str) -> None:
    """Switch the language for everything translated from now on and tell the listeners (the UI)."""
    global _current
    code = normalise_language(language)
    explicit.translate_in(code, "")  # loads the catalog now, not at the first word after the switch
    _current = code
    for listener in list(_listeners):
        listener(code)


def current_language() -> str:
    return _current


def on_language_change(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def _(message: str) -> str:
    return explicit.translate_in(_current, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Plural-aware translation; Russian has three forms, Kazakh two."""
    return explicit.ngettext_in(_current, singular, plural, count)


def _in(language: str | None) -> str:
    return language or _current


def babel_locale(language: str | None = None) -> Locale:
    return explicit.babel_locale(_in(language))


def date_pattern(format: str = "medium", language: str | None = None) -> str:
    """The LDML pattern `format_date` uses for a Babel width in a language (the officer's unless named)."""
    return explicit.date_pattern(format, language=_in(language))


def format_date(value: dt.date, format: str = "medium", language: str | None = None) -> str:
    return explicit.format_date(value, format, language=_in(language))


def format_datetime(value: dt.datetime, format: str = "medium", language: str | None = None) -> str:
    return explicit.format_datetime(value, format, language=_in(language))


def format_number(value: float | int, language: str | None = None) -> str:
    return explicit.format_number(value, language=_in(language))


def month_name(month: int, language: str | None = None, width: str = "wide") -> str:
    return explicit.month_name(month, language=_in(language), width=width)


def weekday_names(language: str | None = None, width: str = "abbreviated") -> list[str]:
    """Monday first, as Kazakh calendars are laid out."""
    return explicit.weekday_names(language=_in(language), width=width)


def country_name(code: str, language: str | None = None) -> str:
    return explicit.country_name(code, _in(language))


def describe(error: BaseException, language: str | None = None) -> str:
    """A user-facing, translated sentence for an error from any layer, in `language` (default: the UI's).

    Errors meant for users carry `msgid` (an English source string marked with N_) and `params`; the layers
    below the UI cannot translate, so the sentence is made here.
    """
    msgid = getattr(error, "msgid", None)
    if not msgid:
        return str(error)
    return render(msgid, getattr(error, "params", {}) or {}, language)


def render(msgid: str, params: Mapping[str, Any], language: str | None = None) -> str:
    """A message from a lower layer (msgid + params) in `language` (default: the UI's), dates through Babel. A
    sentence ending on a value that already ends in a full stop (an abbreviated date, "4 дек. 2026 г.") gets no
    second one."""
    code = _in(language)
    template = explicit.translate_in(code, msgid)
    shown = {}
    for key, value in params.items():
        text = _format_param(value, code)
        if isinstance(text, str) and text.endswith("."):
            template = template.replace("{" + key + "}.", "{" + key + "}")
        shown[key] = text
    return template.format(**shown)


def _format_param(value: Any, language: str) -> Any:
    # A lower layer nests messages (a record's problems inside "not saved: …") untranslated; word them here.
    if getattr(value, "msgid", None):
        return describe(value, language)
    if isinstance(value, list | tuple) and value and all(getattr(item, "msgid", None) for item in value):
        return " ".join(describe(item, language) for item in value)
    if isinstance(value, Title):
        return value.in_language(language)
    if isinstance(value, dt.datetime):
        return format_datetime(value, language=language)
    if isinstance(value, dt.date):
        return format_date(value, language=language)
    return value
