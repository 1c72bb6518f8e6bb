"""The options every command shares: where the store is (`--db`, `--new-store`) and which language speaks
(`--lang`, `HATTAMA_LANG`, then the store's own setting) — issue 21's edges, on the command line and at the
window's start."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from hattama.cli import main
from hattama.db.store import open_store
from hattama.services.officer import save_officer
from hattama.ui import app as app_module

SCHEMA_LINE = {"en": "The store ", "ru": "Схема хранилища", "kk": "қоймасының схемасы"}


@pytest.fixture
def russian_store(store_path: Path) -> Path:
    """A store whose officer chose Russian (their own setting, issue 17.4)."""
    open_store(store_path).close()
    save_officer(language="ru")
    return store_path


def schema_language(output: str) -> str:
    return next(language for language, text in SCHEMA_LINE.items() if text in output)


# ------------------------------------------------------------------------------------------ the store's folder

def test_a_store_in_a_missing_folder_is_refused_and_nothing_is_made(tmp_path: Path, capsys) -> None:
    path = tmp_path / "tpyo" / "deeper" / "store.sqlite3"
    assert main(["--db", str(path), "--lang", "en", "event", "list"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Traceback" not in error
    assert f"There is no folder {path.parent}" in error and "--new-store" in error
    assert not (tmp_path / "tpyo").exists()


def test_new_store_makes_the_folder_and_the_store(tmp_path: Path, capsys) -> None:
    path = tmp_path / "new" / "folder" / "store.sqlite3"
    assert main(["--db", str(path), "--new-store", "--lang", "en", "db", "upgrade"]) == 0
    assert path.is_file() and "is at schema" in capsys.readouterr().out


def test_a_new_file_in_an_existing_folder_and_the_default_store_need_no_flag(tmp_path: Path, monkeypatch) -> None:
    assert main(["--db", str(tmp_path / "fresh.sqlite3"), "db", "upgrade"]) == 0
    monkeypatch.setenv("HATTAMA_DATA_DIR", str(tmp_path / "first" / "run"))
    assert main(["db", "upgrade"]) == 0  # the per-user data folder is made on the first run
    assert (tmp_path / "first" / "run" / "hattama.sqlite3").is_file()


def test_the_window_asks_before_a_new_folder(tmp_path: Path, monkeypatch) -> None:
    started: list[tuple] = []
    monkeypatch.setattr(app_module, "run_gui", lambda path, language, **options: started.append(
        (path, language, options)) or 0)
    path = tmp_path / "missing" / "store.sqlite3"
    assert main(["--db", str(path)]) == 0
    assert main(["--db", str(path), "--new-store"]) == 0
    assert main([]) == 0
    assert [options["ask_before_new_folder"] for _path, _language, options in started] == [True, False, False]


@pytest.mark.gui
@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_the_question_and_its_answer(qapp, qtbot, tmp_path: Path, monkeypatch, answer) -> None:
    shown: list[str] = []
    real_build = app_module.build_main_window

    def built(*args):
        window = real_build(*args)
        qtbot.addWidget(window)  # closed at the test's end
        return window

    def answered(box: QMessageBox) -> QMessageBox.StandardButton:
        shown.append(box.text())
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        return answer

    monkeypatch.setattr(QMessageBox, "exec", answered)
    monkeypatch.setattr(app_module, "configure_logging", lambda: None)
    monkeypatch.setattr(app_module.QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(app_module, "install_exception_hook", lambda: None)
    monkeypatch.setattr(app_module, "build_main_window", built)
    path = tmp_path / "missing" / "store.sqlite3"
    code = app_module.run_gui(path, "en", ask_before_new_folder=True)
    assert shown and str(path.parent) in shown[0]
    if answer is QMessageBox.StandardButton.No:
        assert code == 1 and not path.parent.exists()
    else:
        assert code == 0 and path.is_file()


# --------------------------------------------------------------------------------------------- the language

def test_without_a_choice_the_store_language_speaks(russian_store: Path, capsys) -> None:
    assert main(["--db", str(russian_store), "db", "upgrade"]) == 0
    assert schema_language(capsys.readouterr().out) == "ru"


def test_hattama_lang_wins_over_the_store(russian_store: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("HATTAMA_LANG", "en")
    assert main(["--db", str(russian_store), "db", "upgrade"]) == 0
    assert schema_language(capsys.readouterr().out) == "en"
    monkeypatch.setenv("HATTAMA_LANG", "kk_KZ.UTF-8")  # a locale-style value names the language too
    assert main(["--db", str(russian_store), "db", "upgrade"]) == 0
    assert schema_language(capsys.readouterr().out) == "kk"


def test_lang_wins_over_hattama_lang_and_the_store(russian_store: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("HATTAMA_LANG", "en")
    assert main(["--db", str(russian_store), "--lang", "kk", "db", "upgrade"]) == 0
    assert schema_language(capsys.readouterr().out) == "kk"


def test_an_unknown_hattama_lang_is_said_and_ignored(russian_store: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("HATTAMA_LANG", "de")
    assert main(["--db", str(russian_store), "db", "upgrade"]) == 0
    captured = capsys.readouterr()
    assert schema_language(captured.out) == "ru"
    assert captured.err.count("\n") == 1 and "HATTAMA_LANG=de" in captured.err and "Traceback" not in captured.err


def test_the_window_gets_the_chosen_language(russian_store: Path, monkeypatch) -> None:
    started: list[str | None] = []
    monkeypatch.setattr(app_module, "run_gui", lambda path, language, **options: started.append(language) or 0)
    monkeypatch.setenv("HATTAMA_LANG", "en")
    main(["--db", str(russian_store)])
    main(["--db", str(russian_store), "--lang", "kk"])
    monkeypatch.delenv("HATTAMA_LANG")
    main(["--db", str(russian_store)])
    assert started == ["en", "kk", None]


@pytest.mark.gui
def test_the_window_speaks_the_chosen_language_not_the_stored_one(qapp, qtbot, russian_store: Path) -> None:
    from hattama import i18n

    store = open_store(russian_store)
    try:
        window = app_module.build_main_window(qapp, store, "en")
        qtbot.addWidget(window)
        assert i18n.current_language() == "en"
        other = app_module.build_main_window(qapp, store, None)
        qtbot.addWidget(other)
        assert i18n.current_language() == "ru"
    finally:
        store.close()
