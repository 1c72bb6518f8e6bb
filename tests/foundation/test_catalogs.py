"""The kk and ru catalogs are complete, current and consistent with the English source."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from hattama.paths import i18n_dir

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
EXPECTED_PLURALS = {"kk": 2, "ru": 3}


def load(language: str):
    with (i18n_dir() / language / "LC_MESSAGES" / "hattama.po").open("rb") as handle:
        return read_po(handle, locale=language)


def ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def texts(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_entry_is_translated_and_none_is_fuzzy(language: str) -> None:
    catalog = load(language)
    untranslated = [m.id for m in catalog if m.id and not all(texts(m))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert len([m for m in catalog if m.id]) > 20


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_placeholders_match_the_source(language: str) -> None:
    mismatched = []
    for message in load(language):
        if not message.id:
            continue
        expected = set(PLACEHOLDER.findall(ids(message)[0]))
        for text in texts(message):
            if set(PLACEHOLDER.findall(text)) != expected:
                mismatched.append((ids(message)[0], text))
    assert mismatched == []


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_plural_forms_follow_cldr(language: str) -> None:
    assert load(language).num_plurals == EXPECTED_PLURALS[language]


def test_kazakh_uses_kazakh_letters_not_look_alikes() -> None:
    # Latin look-alikes (e.g. "i" for "і", "h" for "һ") inside Cyrillic words are a classic error.
    mixed = re.compile(r"[а-яёәғқңөұүһі][a-z]|[a-z][а-яёәғқңөұүһі]", re.IGNORECASE)
    offenders = [m.string for m in load("kk") if m.id and any(mixed.search(t) for t in texts(m))]
    assert offenders == []


def test_template_is_up_to_date_with_the_source(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "--no-location", "-F", "i18n/babel.cfg",
         "-k", "N_", "-k", "ngettext:1,2", "-k", "translate_in:2", "-o", str(fresh), "desktop", "db"],
        check=True, capture_output=True, cwd=i18n_dir().parent,
    )
    with fresh.open("rb") as handle:
        extracted = {m.id for m in read_po(handle) if m.id}
    with (i18n_dir() / "hattama.pot").open("rb") as handle:
        committed = {m.id for m in read_po(handle) if m.id}
    assert extracted - committed == set(), "run `make i18n`: strings are missing from the template"
    assert committed - extracted == set(), "run `make i18n`: the template has strings no longer in the code"
