"""Per-officer settings leave the unit store (issue 17.4): the language and the key or NCALayer choice live in
the officer's config folder; an older store's values move there once."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from hattama.cli import main
from hattama.db.models import OfficerHandover
from hattama.db.store import create_sqlite_engine, open_store, upgrade
from hattama.services import submission
from hattama.services.officer import officer_settings, save_officer, settings_file
from hattama.services.settings import load_settings


def park(store, **values: str) -> None:
    """What migration 0014 parks when it drops the officer's columns from a store that still held them."""
    with store.session() as session:
        session.add_all(OfficerHandover(name=name, value=value) for name, value in values.items())


def test_an_older_stores_choices_move_to_the_officers_file_once(store, officer_config: Path) -> None:
    park(store, language="ru", signing_key_path="/keys/officer.p12", sign_with_ncalayer="1")
    moved = officer_settings(store)
    assert (moved.language, moved.signing_key_path, moved.sign_with_ncalayer) == ("ru", "/keys/officer.p12", True)
    assert settings_file().parent == officer_config
    assert json.loads(settings_file().read_text(encoding="utf-8"))["language"] == "ru"
    assert store.read("SELECT count(*) FROM officer_handover") == [(0,)]
    save_officer(language="en")
    assert officer_settings(store).language == "en"  # nothing left in the store to move again


def test_the_officers_own_choices_are_kept_over_a_stores(store) -> None:
    save_officer(language="kk", signing_key_path="/keys/mine.p12")
    park(store, language="ru", signing_key_path="/keys/colleague.p12", sign_with_ncalayer="1")
    kept = officer_settings(store)
    assert (kept.language, kept.signing_key_path, kept.sign_with_ncalayer) == ("kk", "/keys/mine.p12", False)
    assert store.read("SELECT count(*) FROM officer_handover") == [(0,)]


def test_the_unit_settings_hold_no_officer_choice(store) -> None:
    details = load_settings(store)
    assert not {"language", "signing_key_path", "sign_with_ncalayer"} & set(vars(details))


def test_the_choice_follows_the_officer_from_store_to_store(tmp_path: Path) -> None:
    first, second = open_store(tmp_path / "a.sqlite3"), open_store(tmp_path / "b.sqlite3")
    try:
        submission.choose_ncalayer(first, True)
        assert submission.signs_with_ncalayer(second)
    finally:
        first.close()
        second.close()


def test_the_command_line_speaks_the_officers_language(store, capsys) -> None:
    save_officer(language="ru")
    missing = "00000000-0000-4000-8000-000000000000"
    assert main(["--db", str(store.path), "event", "history", missing]) == 2
    assert f"Мероприятие или отчёт с идентификатором {missing} не найдены." in capsys.readouterr().err


def test_a_store_from_before_the_move_upgrades_and_the_officer_keeps_its_choices(tmp_path: Path) -> None:
    """Migration 0014 drops the officer's columns from a store that still held choices (never opened by a
    Hattama that moved them): they are parked, then moved to the officer's file on the next opening."""
    path = tmp_path / "old.sqlite3"
    engine = create_sqlite_engine(path)
    upgrade(engine, "0013")
    engine.dispose()
    with sqlite3.connect(path) as connection:  # the settings row every store has since 0005
        connection.execute("UPDATE unit_settings SET language = 'ru', signing_key_path = '/keys/officer.p12', "
                           "sign_with_ncalayer = 1")
    store = open_store(path)
    try:
        parked = dict(store.read("SELECT name, value FROM officer_handover"))
        assert parked == {"language": "ru", "signing_key_path": "/keys/officer.p12", "sign_with_ncalayer": "1"}
        moved = officer_settings(store)
        assert (moved.language, moved.signing_key_path, moved.sign_with_ncalayer) == ("ru", "/keys/officer.p12", True)
        assert store.read("SELECT count(*) FROM officer_handover") == [(0,)]
    finally:
        store.close()
