"""Reference data of events: the countries an event can be in, the kinds' names, the title shown."""

from __future__ import annotations

import functools

from babel import Locale

from hattama.language import translate_in
from hattama.rules.errors import Title
from hattama.rules.event_validation import EVENT_KINDS

# CLDR territory codes that are not ISO 3166-1 countries: groupings, reserved and private-use codes.
_NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"})


@functools.cache
def known_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (CLDR's territories without regions, groupings and reserved codes)."""
    return frozenset(
        code for code in Locale("en").territories
        if isinstance(code, str) and len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    )


def kind_label(kind: str, language: str) -> str:
    """The kind's name in `language` (a document's, or the officer's as the edge names it); an unknown code as is."""
    if kind not in EVENT_KINDS:
        return kind
    return translate_in(language, EVENT_KINDS[kind])


def display_title(title_kk: str, title_ru: str, language: str) -> str:
    """The title in `language`, else the other one (an event needs only one of the two)."""
    return Title(title_kk, title_ru).in_language(language)
