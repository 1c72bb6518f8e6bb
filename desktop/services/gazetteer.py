"""A small bundled gazetteer: the Kazakh, Russian and English names of common cities (issue 19.2), offered as
completion in the event editor so a place has its form in each document language.

The list lives in `resources/gazetteer/cities.json` (its `source` says where the names come from); countries are
named by Babel's CLDR data (hattama.i18n.country_name), not here.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from hattama.paths import resources_dir

LANGUAGES = ("kk", "ru", "en")


@dataclass(frozen=True)
class City:
    country: str  # ISO 3166-1 alpha-2
    kk: str
    ru: str
    en: str

    def name(self, language: str) -> str:
        name: str = getattr(self, language if language in LANGUAGES else "en")
        return name


@functools.cache
def cities() -> tuple[City, ...]:
    path = resources_dir() / "gazetteer" / "cities.json"
    return tuple(City(**entry) for entry in json.loads(path.read_text(encoding="utf-8"))["cities"])


@functools.cache
def _by_name() -> dict[str, City]:
    found: dict[str, City] = {}
    for city in cities():
        for language in LANGUAGES:
            found.setdefault(city.name(language).casefold(), city)
    return found


def find_city(name: str) -> City | None:
    """The city any of whose names is `name` (case aside)."""
    return _by_name().get(name.strip().casefold())


def city_names(language: str, country: str | None = None) -> list[str]:
    """The names in `language` to complete from, the cities of `country` first when one is given."""
    listed = sorted(cities(), key=lambda city: (country is not None and city.country != country, city.name(language)))
    return list(dict.fromkeys(city.name(language) for city in listed))
