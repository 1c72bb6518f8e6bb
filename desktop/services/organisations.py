"""The bundled list of the international organisations a body usually deals with, and the label of any party.

The list lives in `resources/data/organisations.json` (code, full names and abbreviations in kk, ru and en) so
it is corrected without touching code; countries are named by Babel's CLDR data.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass

from hattama.language import country_name
from hattama.paths import resources_dir
from hattama.rules.event_validation import Party

FALLBACK_LANGUAGES = ("kk", "ru", "en")


@dataclass(frozen=True)
class Organisation:
    code: str
    names: Mapping[str, str]
    abbreviations: Mapping[str, str]

    def name(self, language: str) -> str:
        return _in_language(self.names, language) or self.code

    def abbreviation(self, language: str) -> str:
        return _in_language(self.abbreviations, language) or self.code


def _in_language(texts: Mapping[str, str], language: str) -> str:
    for code in (language, *FALLBACK_LANGUAGES):
        if texts.get(code):
            return texts[code]
    return ""


@functools.cache
def _by_code() -> dict[str, Organisation]:
    path = resources_dir() / "data" / "organisations.json"
    listed = json.loads(path.read_text(encoding="utf-8"))["organisations"]
    return {
        entry["code"]: Organisation(entry["code"], entry["names"], entry.get("abbreviations", {}))
        for entry in listed
    }


def organisations() -> list[Organisation]:
    return list(_by_code().values())


def organisation_codes() -> frozenset[str]:
    return frozenset(_by_code())


def organisation(code: str) -> Organisation | None:
    return _by_code().get(code)


def organisation_name(code: str, language: str) -> str:
    """The full name in a language; an unknown code is shown as it is."""
    found = organisation(code)
    return found.name(language) if found else code


def party_label(party: Party, language: str) -> str:
    """How a party is named in a language: countries by CLDR, organisations by the list, others by their own name."""
    if party.kind == "country":
        return country_name(party.code, language)
    if party.kind == "organisation":
        return organisation_name(party.code, language) if organisation(party.code) else (party.name or party.code)
    return party.name
