"""The sort keys an event row stores for the lists (issues 18.2, 22): the title's, the kind's and the place's in
each language, so that `ORDER BY` walks an index (hattama.db.search). Every write of an event's title, kind,
country or city goes through hattama.services.event_storage, which stores these with it; migration 0017 filled
them for the events stored before.

- kind: the kind's rank among the kinds ordered by their names in the language (`kind_ranks`);
- place: the country's name in the language, then the city in the language (its other form when that one is
  empty), alphabetically (`place_order_key`).

The kinds' names come from the catalogs and the countries' from Babel: a release that renames a kind must refill
the stored ranks with a migration (tests/events/test_list_sort_keys.py compares the ranks with migration 0017's).
"""

from __future__ import annotations

import functools
from typing import Any

from hattama.db.search import SORT_LANGUAGES, collation_key, place_order_key, title_order_keys
from hattama.language import country_name, translate_in
from hattama.rules.document_language import form_in
from hattama.rules.event_validation import EVENT_KINDS


@functools.cache
def kind_ranks(language: str) -> dict[str, int]:
    """Each kind's place when the kinds are ordered by their names in `language`; an unknown code comes last."""
    ordered = sorted(EVENT_KINDS, key=lambda code: collation_key(translate_in(language, EVENT_KINDS[code])))
    return {code: rank for rank, code in enumerate(ordered)}


def kind_rank(kind: str, language: str) -> int:
    ranks = kind_ranks(language)
    return ranks.get(kind, len(ranks))


def city_in(city: str, city_ru: str, language: str) -> str:
    """The city as a list in `language` shows it: its form in that language, else the other (Kazakh first in
    English)."""
    return form_in(city, city_ru, language)


@functools.lru_cache(maxsize=1024)
def _country_key(code: str, language: str) -> str:
    return country_name(code, language) if code else ""


def place_key(country: str, city: str, city_ru: str, language: str) -> str:
    return place_order_key(_country_key(country, language), city_in(city, city_ru, language))


def event_sort_keys(title_kk: str, title_ru: str, kind: str, country: str, city: str, city_ru: str) -> dict[str, Any]:
    """The event row's stored sort key columns, by name."""
    keys: dict[str, Any] = title_order_keys(title_kk, title_ru)
    for language in SORT_LANGUAGES:
        keys[f"kind_order_{language}"] = kind_rank(kind, language)
        keys[f"place_order_{language}"] = place_key(country, city, city_ru, language)
    return keys
