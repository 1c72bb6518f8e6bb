"""Secrets kept (issue 10.11): the key's password after `hattama bundle export --remember`.

Class of hostile input: a place the password could leak to. With a home folder of its own (the store, its logs
and settings in it) and an in-memory keyring standing for the system's, the eleven checks are: the password is not
in (1) the store file nor (2) its WAL, (3) the logs, (4) the settings, (5) any file under the home folder (the
bundle's members included); (6) it is never in a command line, (7) never echoed on stdout or stderr; (8) the
keyring holds it, under the key file's path; (9) it is read only from the variable --password-env names;
(10) a wrong remembered password is said clearly and forgotten; (11) forgetting it removes it from the keyring.
"""

from __future__ import annotations

import dataclasses
import getpass
import io
import json
import logging
import subprocess
import zipfile
from pathlib import Path

import pytest

from hattama.cli import build_parser, main
from hattama.db.store import open_store
from hattama.paths import default_store_path, log_dir
from hattama.services import submission
from hattama.services.settings import load_settings
from tests.pki import default_pki
from tests.submission.helpers import ready_report

SECRET = "Құпия-Сөз-7f3a!"
VARIABLE = "HATTAMA_TEST_SECRET"
ACCOUNT_SERVICE = "Hattama"


class Stdin(io.StringIO):
    def __init__(self, text: str = "", terminal: bool = False) -> None:
        super().__init__(text)
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def leaks(data: bytes) -> bool:
    return any(form in data for form in (SECRET.encode("utf-8"), SECRET.encode("utf-16-le"),
                                         SECRET.encode("utf-16-be")))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of its own holding the default store, the logs and the key file; also the working folder."""
    home = tmp_path / "home"
    home.mkdir()
    for variable in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "APPDATA",
                     "LOCALAPPDATA"):
        monkeypatch.setenv(variable, str(home))
    monkeypatch.setenv("HATTAMA_DATA_DIR", str(home / ".local" / "share" / "Hattama"))
    monkeypatch.chdir(home)
    monkeypatch.setattr("sys.stdin", Stdin())
    return home


@pytest.fixture
def logged_to_file(home: Path):
    """The window's logging (a file in the data folder), at DEBUG for every library, during the test."""
    from hattama.ui.app import configure_logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    configure_logging()
    root.setLevel(logging.DEBUG)
    yield log_dir() / "hattama.log"
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
            root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def unit(home: Path) -> dict[str, str]:
    """The default store with a ready report, and the officer's key file protected by SECRET."""
    default_store_path().parent.mkdir(parents=True)
    store = open_store(default_store_path())
    try:
        report_id = ready_report(store, home)
    finally:
        store.close()
    pki = default_pki()
    key = home / "keys" / "RSA256_officer.p12"
    key.parent.mkdir()
    key.write_bytes(pki.signing.pkcs12(pki.chain, SECRET))
    return {"report": str(report_id), "key": str(key), "out": str(home / "Documents" / "submission.zip")}


def export(unit: dict[str, str], *extra: str, out: str | None = None) -> int:
    return main(["--lang", "en", "bundle", "export", "--report", unit["report"][:8], "--key", unit["key"],
                 "--out", out or unit["out"], *extra])


@dataclasses.dataclass
class Remembered:
    """What an export with --remember left behind, with the store still held open so its WAL stays."""

    code: int
    stdout: str
    stderr: str
    log_records: str
    log_file: Path
    spawned: list[list[str]]
    wal: Path


@pytest.fixture
def remembered(unit, logged_to_file, monkeypatch, capsys, caplog) -> Remembered:
    (Path(unit["out"]).parent).mkdir()
    spawned: list[list[str]] = []
    real_popen = subprocess.Popen

    class RecordingPopen(real_popen):  # type: ignore[misc, valid-type]
        def __init__(self, args, *rest, **options) -> None:
            spawned.append([str(arg) for arg in ([args] if isinstance(args, str | Path) else args)])
            super().__init__(args, *rest, **options)

    monkeypatch.setattr(subprocess, "Popen", RecordingPopen)
    monkeypatch.setenv(VARIABLE, SECRET)
    caplog.set_level(logging.DEBUG)
    holder = open_store(default_store_path())
    reader = holder.engine.connect()  # a second connection: the export's close leaves the WAL in place
    reader.exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchall()
    try:
        code = export(unit, "--password-env", VARIABLE, "--remember")
        captured = capsys.readouterr()
        wal = default_store_path().with_name(default_store_path().name + "-wal")
        yield Remembered(code, captured.out, captured.err, caplog.text, logged_to_file, spawned, wal)
    finally:
        reader.close()
        holder.close()


def test_the_export_worked_and_is_checked_with_the_store_open(remembered: Remembered) -> None:
    assert remembered.code == 0, remembered.stderr
    assert remembered.wal.is_file() and remembered.wal.stat().st_size > 0


def test_1_not_in_the_store_file(remembered: Remembered) -> None:
    assert not leaks(default_store_path().read_bytes())


def test_2_not_in_the_write_ahead_log(remembered: Remembered) -> None:
    assert remembered.wal.is_file()
    for journal in default_store_path().parent.glob(default_store_path().name + "-*"):
        assert not leaks(journal.read_bytes()), journal


def test_3_not_in_the_logs(remembered: Remembered) -> None:
    assert remembered.log_file.is_file()
    assert not leaks(remembered.log_file.read_bytes())
    assert SECRET not in remembered.log_records


def test_4_not_in_the_settings(remembered: Remembered, capsys) -> None:
    store = open_store(default_store_path())
    try:
        settings = dataclasses.asdict(load_settings(store))
    finally:
        store.close()
    assert SECRET not in json.dumps(settings, ensure_ascii=False, default=str)
    assert main(["--lang", "en", "settings", "show", "--format", "json"]) == 0
    assert SECRET not in capsys.readouterr().out


def test_5_not_in_any_file_under_home(remembered: Remembered, home: Path) -> None:
    files = [path for path in home.rglob("*") if path.is_file()]
    assert Path(remembered.stdout.splitlines()[0]) in files  # the bundle itself is searched too
    assert [str(path) for path in files if leaks(path.read_bytes())] == []
    with zipfile.ZipFile(remembered.stdout.splitlines()[0]) as bundle:
        assert [name for name in bundle.namelist() if leaks(bundle.read(name))] == []


def test_6_never_in_a_command_line(remembered: Remembered) -> None:
    assert all(SECRET not in " ".join(arguments) for arguments in remembered.spawned)
    export_parser = build_parser()._subparsers._group_actions[0].choices["bundle"]  # noqa: SLF001
    export_options = export_parser._subparsers._group_actions[0].choices["export"]._option_string_actions  # noqa: SLF001
    takes_a_value = {option for option, action in export_options.items() if action.nargs != 0}
    assert {option for option in takes_a_value if "pass" in option} == {"--password-env"}


def test_7_never_echoed(remembered: Remembered, unit, monkeypatch, capsys) -> None:
    assert SECRET not in remembered.stdout and SECRET not in remembered.stderr
    # Not in a terminal and nothing remembered: a password piped in is neither read nor repeated.
    monkeypatch.delenv(VARIABLE)
    submission.forget_password(unit["key"])
    piped = Stdin(SECRET + "\n")
    monkeypatch.setattr("sys.stdin", piped)
    assert export(unit, out=unit["out"] + ".2") == 2
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err and piped.tell() == 0
    # In a terminal it is asked for through getpass, which does not echo what is typed.
    asked: list[str] = []
    monkeypatch.setattr("sys.stdin", Stdin(terminal=True))
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or SECRET)
    assert export(unit, out=unit["out"] + ".3") == 0
    captured = capsys.readouterr()
    assert len(asked) == 1 and SECRET not in asked[0] + captured.out + captured.err


def test_8_the_keyring_holds_it(remembered: Remembered, unit, memory_keyring) -> None:
    assert memory_keyring.secrets == {(ACCOUNT_SERVICE, str(Path(unit["key"]).resolve())): SECRET}


def test_9_read_only_from_the_variable_named(remembered: Remembered, unit, memory_keyring, monkeypatch,
                                            capsys) -> None:
    memory_keyring.secrets.clear()
    for guessable in ("PASSWORD", "HATTAMA_PASSWORD", "HATTAMA_KEY_PASSWORD", "P12_PASSWORD"):
        monkeypatch.setenv(guessable, SECRET)
    assert export(unit, out=unit["out"] + ".2") == 2
    error = capsys.readouterr().err
    assert "--password-env VAR" in error and error.count("\n") == 1
    monkeypatch.setenv("ANOTHER_NAME", SECRET)
    assert export(unit, "--password-env", "ANOTHER_NAME", out=unit["out"] + ".3") == 0
    assert memory_keyring.secrets == {}  # without --remember nothing is kept


def test_10_a_wrong_remembered_password_is_said_and_forgotten(remembered: Remembered, unit, memory_keyring,
                                                             capsys) -> None:
    account = (ACCOUNT_SERVICE, str(Path(unit["key"]).resolve()))
    memory_keyring.secrets[account] = "not-the-password"
    out = unit["out"] + ".2"
    assert export(unit, out=out) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Traceback" not in error
    assert "The remembered password no longer opens this key and has been forgotten" in error
    assert "not-the-password" not in error
    assert account not in memory_keyring.secrets and not Path(out).exists()


def test_11_forgetting_it_removes_it(remembered: Remembered, unit, memory_keyring, capsys) -> None:
    submission.forget_password(unit["key"])
    assert memory_keyring.secrets == {}
    assert submission.remembered_password_available(unit["key"]) is False
    assert export(unit, out=unit["out"] + ".2") == 2
    assert "No password is remembered for this key" in capsys.readouterr().err
