"""Per-officer settings leave the unit store (issue 17.4): the language and the key or NCALayer choice live in
the officer's config folder; an older store's values move there once."""

from __future__ import annotations

import json
from pathlib import Path

from hattama.cli import main
from hattama.db.store import open_store
from hattama.services import bundles
from hattama.services.officer import officer_settings, save_officer, settings_file
from hattama.services.settings import load_settings, update_settings


def test_an_older_stores_choices_move_to_the_officers_file_once(store, officer_config: Path) -> None:
    update_settings(store, language="ru", signing_key_path="/keys/officer.p12", sign_with_ncalayer=True)
    moved = officer_settings(store)
    assert (moved.language, moved.signing_key_path, moved.sign_with_ncalayer) == ("ru", "/keys/officer.p12", True)
    assert settings_file().parent == officer_config
    assert json.loads(settings_file().read_text(encoding="utf-8"))["language"] == "ru"
    left = load_settings(store)
    assert (left.language, left.signing_key_path, left.sign_with_ncalayer) == ("kk", "", False)
    save_officer(language="en")
    assert officer_settings(store).language == "en"  # nothing left in the store to move again


def test_the_choice_follows_the_officer_from_store_to_store(tmp_path: Path) -> None:
    first, second = open_store(tmp_path / "a.sqlite3"), open_store(tmp_path / "b.sqlite3")
    try:
        bundles.choose_ncalayer(first, True)
        assert bundles.signs_with_ncalayer(second)
        assert not load_settings(first).sign_with_ncalayer
    finally:
        first.close()
        second.close()


def test_the_command_line_speaks_the_officers_language(store, capsys) -> None:
    save_officer(language="ru")
    missing = "00000000-0000-4000-8000-000000000000"
    assert main(["--db", str(store.path), "event", "history", missing]) == 2
    assert f"Мероприятие или отчёт с идентификатором {missing} не найдены." in capsys.readouterr().err
