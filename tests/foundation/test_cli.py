"""The `hattama` command line: version, store maintenance, settings, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hattama import __version__
from hattama.cli import main
from hattama.db.store import head_revision


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hattama.cli", *args], capture_output=True, text=True, timeout=120)


def test_version_is_printed() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"hattama {__version__}"


def test_db_upgrade_creates_and_reports_the_schema(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(store_path), "--lang", "en", "db", "upgrade"]) == 0
    assert f"is at schema {head_revision()}" in capsys.readouterr().out
    assert store_path.exists()


def test_settings_set_then_show_as_json(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(store_path), "settings", "set", "officer_name", "Ә. Қасымова"]) == 0
    assert main(["--db", str(store_path), "settings", "set", "special_state_body", "иә"]) == 0
    capsys.readouterr()
    assert main(["--db", str(store_path), "settings", "show", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["officer_name"] == "Ә. Қасымова"
    assert shown["special_state_body"] is True


def test_settings_show_in_russian(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(store_path), "--lang", "ru", "settings", "show"]) == 0
    output = capsys.readouterr().out
    assert "Специальный государственный орган" in output


def test_bad_boolean_is_one_line_and_exit_2(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(store_path), "settings", "set", "prime_ministers_office", "maybe"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "maybe" in error


def test_corrupt_store_is_one_translated_line_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"not a database at all")
    result = run_cli("--db", str(path), "--lang", "ru", "settings", "show")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert "не является хранилищем Hattama" in result.stderr
    assert path.read_bytes() == b"not a database at all"


def test_kazakh_output_survives_a_redirect_into_a_code_page_without_its_letters(tmp_path: Path) -> None:
    # As on Windows, where a redirected stream gets the ANSI code page (cp1251 has no ә, ғ, қ, ң, ө, ұ, ү, һ, і).
    environment = {**os.environ, "PYTHONIOENCODING": "cp1251"}
    result = subprocess.run([sys.executable, "-m", "hattama.cli", "--db", str(tmp_path / "s.sqlite3"), "--new-store",
                             "--lang", "kk", "calendar", "show", "2025"],
                            capture_output=True, env=environment, timeout=120)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "Жаңа жыл" in result.stdout.decode("utf-8")
