"""Hostile input to `hattama letter add` (issue 16): dates that are no dates, out of range or in the future, ids
that are no ids, an unknown half-year, texts over the limit, and attachment files whose names try to climb out,
carry control, bidi or zero-width characters, Windows device names or trailing dots (names from
`tests/hostile/interchange_hazards.HOSTILE_NAMES` that a Linux file can carry).

Each refusal is one line on stderr, exit code 2, and the store holds no letter; a hostile file name is stored
only as a safe display name.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from hattama.cli import main
from hattama.db.store import open_store
from hattama.rules.attachments import safe_file_name
from hattama.services.letters import get_letter, list_letters
from tests.hostile.interchange_hazards import HOSTILE_NAMES

BASE = ("letter", "add", "--direction", "incoming", "--correspondent-kind", "diplomatic_mission")


def run(store_path: Path, *args: str) -> int:
    return main(["--db", str(store_path), "--lang", "en", *args])


def letters(store_path: Path):
    store = open_store(store_path)
    try:
        return list_letters(store)
    finally:
        store.close()


def hostile_args() -> list[tuple[str, ...]]:
    return [
        ("--on", "2026-02-30"), ("--on", "04.12.2026"), ("--on", ""), ("--on", "0001-01-01"),
        ("--on", "9999-12-31"), ("--on", "2026-12-05"),  # the day after the pinned today
        ("--on", "2026-12-01", "--their-date", "1900-01-01"), ("--on", "2026-12-01", "--our-date", "2026-13-01"),
        ("--on", "2026-12-01", "--event", "../../etc/passwd"), ("--on", "2026-12-01", "--treaty", "0" * 32),
        ("--on", "2026-12-01", "--notice-for", "x"), ("--on", "2026-12-01", "--subject", "x" * 100_001),
        ("--on", "2026-12-01", "--attach", "/nonexistent/scan.pdf"),
    ]


@pytest.mark.parametrize("extra", hostile_args(), ids=lambda extra: " ".join(extra)[:40])
def test_hostile_arguments_are_refused_and_nothing_is_stored(store_path: Path, extra: tuple[str, ...],
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert run(store_path, *BASE, *extra) == 2
    error = capsys.readouterr().err
    assert error.startswith("hattama: ") and error.count("\n") == 1 and "Traceback" not in error
    assert letters(store_path) == []


def linux_file_names() -> list[str]:
    return [name for name in HOSTILE_NAMES
            if name not in ("", ".", "..") and "/" not in name and "\x00" not in name and len(name.encode()) < 250]


@pytest.mark.parametrize("name", linux_file_names(), ids=repr)
def test_hostile_attachment_names_are_stored_as_safe_names(store_path: Path, tmp_path: Path, name: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    hostile = folder / name
    hostile.write_bytes(b"scan")
    assert run(store_path, *BASE, "--on", "2026-12-01", "--attach", str(hostile)) == 0
    letter_id = capsys.readouterr().out.strip()
    store = open_store(store_path)
    try:
        [attachment] = get_letter(store, uuid.UUID(letter_id)).attachments
    finally:
        store.close()
    assert attachment.file_name == safe_file_name(name)
    assert "/" not in attachment.file_name and "\\" not in attachment.file_name
