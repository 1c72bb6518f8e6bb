"""Start-up (issues 18.1, 22.2): what a command loads, what opening a store reads, and when the full check runs.

Work done, never time: the modules a fresh process has loaded, the SQL statements opening makes, whether Alembic
and the integrity check ran.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from hattama.cli import main
from hattama.db import store as store_module
from hattama.db.errors import StoreDamaged
from hattama.db.store import alembic_config, head_revision, known_revisions, open_store

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "reportlab", "pyhanko", "cryptography", "PySide6", "openpyxl", "holidays")
# Runs the command line in this process and prints the modules it loaded (the heavy ones and Hattama's).
_LOADED = (
    "import json, sys\n"
    "from hattama.cli import main\n"
    "try:\n"
    "    code = main(sys.argv[1:])\n"
    "except SystemExit as leaving:\n"
    "    code = leaving.code\n"
    "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}))\n"
)


def loaded_by(*arguments: str, data: Path) -> tuple[int, set[str], str]:
    environment = {**os.environ, "HATTAMA_DATA_DIR": str(data), "HATTAMA_LANG": "en"}
    result = subprocess.run([sys.executable, "-c", _LOADED, *arguments], capture_output=True, text=True,
                            env=environment, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    output = result.stdout.strip().splitlines()
    report = json.loads(output[-1])
    return report["code"], set(report["modules"]), "\n".join(output[:-1])


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(name for name in HEAVY if name in modules)


def test_version_loads_nothing_heavy_and_none_of_the_subcommands(tmp_path: Path) -> None:
    code, modules, output = loaded_by("--version", data=tmp_path)
    assert (code, output.startswith("hattama ")) == (0, True)
    assert heavy_in(modules) == []
    assert not {"hattama.i18n", "hattama.db.store", "babel"} & modules
    assert not [name for name in modules if name.startswith("hattama.cli.")]


def test_a_calendar_command_opens_the_store_without_sqlalchemy_or_alembic(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    open_store(store).close()
    code, modules, output = loaded_by("--db", str(store), "calendar", "add-workdays", "2025-01-02", "7", data=tmp_path)
    assert (code, output) == (0, "2025-01-14")
    assert heavy_in(modules) == []  # the Kazakh calendar reads its generated holiday table, not `holidays`
    assert sorted(name for name in modules if name.startswith("hattama.cli.")) == ["hattama.cli.calendar_cmd",
                                                                                  "hattama.cli.context"]


def test_a_subcommand_imports_its_own_module_only(tmp_path: Path) -> None:
    code, modules, _output = loaded_by("--db", str(tmp_path / "s.sqlite3"), "settings", "show", data=tmp_path)
    assert code == 0
    assert "hattama.cli.settings_cmd" in modules
    assert not {"hattama.cli.bundle_cmd", "hattama.cli.events_cmd", "hattama.cli.letter_cmd"} & modules
    assert not {"reportlab", "pyhanko", "cryptography", "PySide6"} & modules


def test_help_still_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    from hattama.cli import COMMANDS

    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    listed = capsys.readouterr().out
    for name in [*COMMANDS, "db"]:
        assert f"\n    {name} " in listed, name


def test_the_revisions_read_from_the_scripts_are_alembics() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == scripts.get_current_head()
    assert known_revisions() == {script.revision for script in scripts.walk_revisions()}


def _statements_while_opening(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    statements: list[str] = []
    upgrades: list[str] = []
    real_read_only = store_module._read_only

    def traced(target: Path) -> sqlite3.Connection:
        connection = real_read_only(target)
        connection.set_trace_callback(statements.append)
        return connection

    monkeypatch.setattr(store_module, "_read_only", traced)
    monkeypatch.setattr(store_module, "upgrade", lambda engine, revision="head": upgrades.append(revision))
    open_store(path).close()
    return statements, upgrades


def test_an_up_to_date_store_is_opened_with_one_read_and_no_alembic(store_path: Path, monkeypatch) -> None:
    open_store(store_path).close()
    statements, upgrades = _statements_while_opening(store_path, monkeypatch)
    assert statements == ["SELECT version_num FROM alembic_version"]  # no quick_check, no scan of the file
    assert upgrades == []


def test_an_older_store_is_upgraded(store_path: Path, monkeypatch) -> None:
    open_store(store_path).close()
    connection = sqlite3.connect(store_path)
    connection.execute("UPDATE alembic_version SET version_num = '0011'")
    connection.commit()
    connection.close()
    _statements, upgrades = _statements_while_opening(store_path, monkeypatch)
    assert upgrades == ["head"]


# ------------------------------------------------------------------------------- unclean shutdown, full check

def damaged_deep_inside(path: Path) -> Path:
    """A store whose header, schema and revision read fine, with one page of a table's data overwritten: only
    SQLite's full check finds it."""
    open_store(path).close()
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE filler (payload BLOB)")
    connection.executemany("INSERT INTO filler VALUES (randomblob(1500))", [()] * 200)
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.close()
    with path.open("r+b") as handle:
        handle.seek(page_size * (pages - 40))
        handle.write(b"\xa5" * page_size)
    return path


def killed_while_open(path: Path, markers: Path) -> None:
    """Another process opens the store and dies without closing it (as a crash or a power cut would)."""
    script = ("import os, sys\nfrom pathlib import Path\nfrom hattama.db.store import open_store\n"
              "open_store(Path(sys.argv[1]), markers=Path(sys.argv[2]))\nos._exit(0)\n")
    subprocess.run([sys.executable, "-c", script, str(path), str(markers)], check=True, cwd=ROOT, timeout=120)


def test_an_unclean_shutdown_makes_the_next_opening_run_the_full_check(store_path, tmp_path, monkeypatch) -> None:
    markers = tmp_path / "markers"
    checks: list[Path] = []
    real_check = store_module.Store.check_integrity
    monkeypatch.setattr(store_module.Store, "check_integrity", lambda store: checks.append(store.path) or
                        real_check(store))
    open_store(store_path, markers=markers).close()
    open_store(store_path, markers=markers).close()
    assert checks == []  # clean closes: the cheap check only
    killed_while_open(store_path, markers)
    assert len(list(markers.iterdir())) == 1  # the dead process's marker stays
    open_store(store_path, markers=markers).close()
    assert checks == [store_path]
    assert list(markers.iterdir()) == []  # the check passed: the shutdown is dealt with
    open_store(store_path, markers=markers).close()
    assert checks == [store_path]


def test_a_store_open_elsewhere_is_not_taken_for_a_crash(store_path, tmp_path, monkeypatch) -> None:
    markers = tmp_path / "markers"
    checks: list[Path] = []
    monkeypatch.setattr(store_module.Store, "check_integrity", lambda store: checks.append(store.path))
    first = open_store(store_path, markers=markers)
    try:
        second = open_store(store_path, markers=markers)
        assert not second.left_open
        second.close()
    finally:
        first.close()
    assert checks == [] and list(markers.iterdir()) == []


def test_after_an_unclean_shutdown_a_damaged_store_is_refused_and_left_byte_for_byte(tmp_path: Path) -> None:
    path = damaged_deep_inside(tmp_path / "store.sqlite3")
    open_store(path).close()  # the cheap check cannot see it
    markers = tmp_path / "markers"
    killed_while_open(path, markers)
    before = path.read_bytes()
    with pytest.raises(StoreDamaged) as raised:
        open_store(path, markers=markers)
    assert str(path) in str(raised.value)
    assert path.read_bytes() == before
    assert len(list(markers.iterdir())) == 1  # still due: the next start checks again


def test_the_window_is_told_to_check_in_the_background_instead(store_path: Path, tmp_path: Path) -> None:
    markers = tmp_path / "markers"
    open_store(store_path).close()
    killed_while_open(store_path, markers)
    store = open_store(store_path, markers=markers, check_if_left_open=False)
    try:
        assert store.left_open
        store.check_integrity()
        assert not store.left_open
    finally:
        store.close()


def test_db_check_says_whether_the_store_is_sound(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sound = tmp_path / "sound.sqlite3"
    assert main(["--db", str(sound), "--lang", "en", "db", "check"]) == 0
    assert "passed SQLite's integrity check" in capsys.readouterr().out
    damaged = damaged_deep_inside(tmp_path / "damaged.sqlite3")
    before = damaged.read_bytes()
    assert main(["--db", str(damaged), "--lang", "en", "db", "check"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "found damage in the store" in error and str(damaged) in error
    assert damaged.read_bytes() == before


# ------------------------------------------------------------------------------------------------------ the log

def test_a_command_writes_what_it_did_to_the_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = tmp_path / "store.sqlite3"
    loaded_by("--db", str(store), "calendar", "add-workdays", "2025-01-02", "7", data=data)
    loaded_by("--db", str(store), "calendar", "add-workdays", "2025-01-02", "x", data=data)
    log = (data / "logs" / "hattama.log").read_text(encoding="utf-8")
    assert f"store {store} created at schema {head_revision()}" in log
    assert log.count("command: calendar add-workdays") == 2
    assert f"store {store} opened at schema {head_revision()}" in log
    assert "WARNING hattama.cli: calendar: “x” is not a whole number (N)." in log


def test_a_full_log_is_rotated_at_the_next_start_keeping_five(tmp_path: Path) -> None:
    from hattama import logs

    data = tmp_path / "data"
    folder = data / "logs"
    folder.mkdir(parents=True)
    for number in range(1, logs.BACKUPS + 1):
        (folder / f"hattama.log.{number}").write_text(f"backup {number}\n", encoding="utf-8")
    (folder / "hattama.log").write_bytes(b"x" * (logs.MAX_BYTES - 100))
    store = tmp_path / "store.sqlite3"
    command = ("--db", str(store), "calendar", "add-workdays", "2025-01-02", "7")
    loaded_by(*command, data=data)
    assert (folder / "hattama.log.1").read_text(encoding="utf-8") == "backup 1\n"  # not full at this start
    loaded_by(*command, data=data)  # the lines of the first start filled it
    assert (folder / "hattama.log.1").read_bytes().startswith(b"x" * 100)
    assert [(folder / f"hattama.log.{number}").read_text(encoding="utf-8") for number in range(2, 6)] == [
        f"backup {number}\n" for number in range(1, 5)]  # each older one a place further, the oldest dropped
    assert not (folder / "hattama.log.6").exists()
    assert (folder / "hattama.log").read_text(encoding="utf-8").count("command: calendar add-workdays") == 1


def test_a_password_given_through_the_environment_never_reaches_the_log(tmp_path: Path, monkeypatch) -> None:
    from tests.pki import default_pki
    from tests.submission.helpers import ready_report

    secret = "Құпия-7f3a-not-logged"
    monkeypatch.setenv("HATTAMA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HATTAMA_TEST_SECRET", secret)
    store_path = tmp_path / "store.sqlite3"
    store = open_store(store_path)
    try:
        report = ready_report(store, tmp_path)
    finally:
        store.close()
    pki = default_pki()
    key = tmp_path / "officer.p12"
    key.write_bytes(pki.signing.pkcs12(pki.chain, "another password"))
    arguments = ["--db", str(store_path), "--lang", "en", "bundle", "export", "--report", str(report)[:8],
                 "--key", str(key), "--out", str(tmp_path / "out.zip"), "--password-env", "HATTAMA_TEST_SECRET"]
    assert main(arguments) == 2  # the wrong password for this key
    key.write_bytes(pki.signing.pkcs12(pki.chain, secret))
    assert main(arguments) == 0
    log = (tmp_path / "data" / "logs" / "hattama.log").read_bytes()
    assert b"command: bundle export" in log and b"out.zip" in log
    assert secret.encode("utf-8") not in log


def test_an_import_and_a_verification_leave_their_outcome_in_the_log(tmp_path: Path, monkeypatch) -> None:
    from tests.hostile.store_hazards import events_document

    monkeypatch.setenv("HATTAMA_DATA_DIR", str(tmp_path / "data"))
    document = events_document(tmp_path, 12)
    store = tmp_path / "store.sqlite3"
    assert main(["--db", str(store), "--lang", "en", "import", str(document)]) == 0
    not_a_bundle = tmp_path / "not-a-bundle.zip"
    not_a_bundle.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    assert main(["--db", str(store), "--lang", "en", "bundle", "verify", str(not_a_bundle)]) == 1
    log = (tmp_path / "data" / "logs" / "hattama.log").read_text(encoding="utf-8")
    assert f"import into {store}: events/reports " in log and " 0 updated" in log
    assert f"bundle {not_a_bundle} verified: refused" in log


def test_the_compiled_catalog_is_kept_so_a_kazakh_command_skips_babel(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    command = ("--db", str(store), "--new-store", "--lang", "kk", "calendar", "add-workdays", "2025-01-02", "7")
    _code, first, _output = loaded_by(*command, data=tmp_path)
    assert "babel.messages.pofile" in first  # compiled from the .po once
    assert [path.name.split("-")[0] for path in (tmp_path / "catalogs").iterdir()] == ["kk"]
    _code, again, output = loaded_by(*command, data=tmp_path)
    assert output == "2025-01-14"
    assert not [name for name in again if name.startswith("babel")]  # no parsing, and no locale data needed
