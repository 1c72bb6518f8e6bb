"""`hattama bundle export|verify|import|trust` as scripts and officers use them: output, exit codes, passwords."""

from __future__ import annotations

import getpass
import io
import uuid
import zipfile
from pathlib import Path

import pytest

from hattama.cli import main
from hattama.db.store import open_store
from hattama.services.bundle import format as bundle_format
from hattama.services.bundle import verifier
from hattama.services.reports import get_report
from hattama.services.signing import secrets
from tests.bundle.crafting import rebuild
from tests.pki import PASSWORD, default_pki
from tests.submission.helpers import ready_report, row_counts, write_key, write_root


class _Terminal(io.StringIO):
    def __init__(self, is_terminal: bool) -> None:
        super().__init__()
        self._is_terminal = is_terminal

    def isatty(self) -> bool:
        return self._is_terminal


@pytest.fixture
def setup(store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A store with one ready report, a key file, the test root, and a password in the environment."""
    store = open_store(store_path)
    report_id = ready_report(store, tmp_path)
    store.close()
    pki = default_pki()
    monkeypatch.setenv("HATTAMA_TEST_KEY_PASSWORD", PASSWORD)
    monkeypatch.setattr("sys.stdin", _Terminal(False))
    return {"report": str(report_id), "key": write_key(tmp_path, pki.signing, pki), "root": write_root(tmp_path, pki)}


def _run(store_path: Path, *arguments: object) -> int:
    return main(["--db", str(store_path), "--lang", "en", *map(str, arguments)])


def _export(store_path: Path, setup, out: Path, *extra: object) -> int:
    return _run(store_path, "bundle", "export", "--report", setup["report"][:8], "--key", setup["key"],
                "--out", out, *extra)


def test_export_with_a_password_from_the_environment(store_path: Path, setup, tmp_path: Path, capsys) -> None:
    out = tmp_path / "submission.zip"
    assert _export(store_path, setup, out, "--password-env", "HATTAMA_TEST_KEY_PASSWORD") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == str(out)
    assert lines[1].startswith("SHA-256: ") and len(lines[1].split()[-1]) == 64
    assert lines[2] == "1 report, signed by ТЕСТОВА ӘСЕЛЬ"
    with zipfile.ZipFile(out) as archive:
        assert bundle_format.pdf_member(setup["report"], "kk") in archive.namelist()
    store = open_store(store_path)
    try:
        assert get_report(store, uuid.UUID(setup["report"])).status == "exported"
    finally:
        store.close()


def test_verify_exits_0_only_when_every_check_passes(store_path: Path, setup, tmp_path: Path, capsys) -> None:
    out = tmp_path / "submission.zip"
    _export(store_path, setup, out, "--password-env", "HATTAMA_TEST_KEY_PASSWORD")
    capsys.readouterr()

    assert _run(store_path, "bundle", "verify", out) == 1
    untrusted = capsys.readouterr().out
    assert "✗ The signer's certificate chains to a trusted root — No trusted root certificate" in untrusted
    assert untrusted.rstrip().endswith("The bundle did not pass verification.")

    assert _run(store_path, "bundle", "verify", out, "--trust", setup["root"]) == 0
    trusted = capsys.readouterr().out.splitlines()
    checks = len(verifier.ALL_CHECKS)
    assert trusted[:checks] == [line for line in trusted[:checks] if line.startswith("✓ ")]
    assert "Signer: ТЕСТОВА ӘСЕЛЬ" in trusted and trusted[-1] == "The bundle passed every check."

    tampered = rebuild(out, tmp_path / "tampered.zip",
                       replace={bundle_format.pdf_member(setup["report"], "ru"): b"%PDF-1.7\n%%EOF\n"})
    assert _run(store_path, "bundle", "verify", tampered, "--trust", setup["root"]) == 1
    output = capsys.readouterr().out
    assert "✗ Every listed file is present and intact — The file pdf/" in output


def test_import_merges_a_verified_bundle_and_refuses_a_tampered_one(
    store_path: Path, setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)  # "../../x" extracted from here would land in tmp_path
    out = tmp_path / "submission.zip"
    _export(store_path, setup, out, "--password-env", "HATTAMA_TEST_KEY_PASSWORD")
    receiving = tmp_path / "receiving.sqlite3"
    tampered = rebuild(out, tmp_path / "tampered.zip", add=[("../../x", b"owned")])
    capsys.readouterr()

    assert _run(receiving, "bundle", "import", tampered, "--trust", setup["root"]) == 1
    refused = capsys.readouterr()
    assert "✗ Member names are safe — The member name ../../x is unsafe" in refused.out
    assert refused.err.strip() == "hattama: The bundle did not pass verification, so nothing was imported."
    store = open_store(receiving)
    empty = row_counts(store)
    store.close()
    assert sum(empty.values()) == 0
    assert not list(tmp_path.rglob("x"))

    assert _run(receiving, "bundle", "import", out, "--trust", setup["root"]) == 0
    assert capsys.readouterr().out.strip() == "Imported: 2 new, 0 updated, 0 unchanged."


def test_without_a_password_or_a_terminal_export_says_how_to_give_one(
    store_path: Path, setup, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "submission.zip"
    assert _export(store_path, setup, out) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "--password-env VAR" in error
    assert not out.exists()


def test_an_unset_variable_or_a_wrong_password_is_one_line_and_writes_nothing(
    store_path: Path, setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    out = tmp_path / "submission.zip"
    assert _export(store_path, setup, out, "--password-env", "NO_SUCH_VARIABLE") == 2
    assert capsys.readouterr().err == "hattama: The environment variable NO_SUCH_VARIABLE is not set.\n"
    monkeypatch.setenv("HATTAMA_TEST_KEY_PASSWORD", "wrong")
    assert _export(store_path, setup, out, "--password-env", "HATTAMA_TEST_KEY_PASSWORD") == 2
    assert capsys.readouterr().err == "hattama: The password for this key file is wrong.\n"
    assert not out.exists()


def test_in_a_terminal_the_password_is_asked_and_can_be_remembered(
    store_path: Path, setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    prompts: list[str] = []
    monkeypatch.setattr("sys.stdin", _Terminal(True))
    monkeypatch.setattr(getpass, "getpass", lambda prompt: prompts.append(prompt) or PASSWORD)
    assert _export(store_path, setup, tmp_path / "first.zip", "--remember") == 0
    assert prompts == [f"Password for the key {setup['key']}: "]
    assert secrets.get_password(setup["key"]) == PASSWORD

    # Next time the keyring answers, even without a terminal.
    monkeypatch.setattr("sys.stdin", _Terminal(False))
    assert _export(store_path, setup, tmp_path / "second.zip") == 0
    assert len(prompts) == 1
    assert PASSWORD not in capsys.readouterr().out


def test_trusted_roots_are_imported_listed_and_removed(store_path: Path, setup, capsys) -> None:
    assert _run(store_path, "bundle", "trust", "import", setup["root"]) == 0
    assert capsys.readouterr().out == "Trusted: Hattama Test Root CA\n"
    assert _run(store_path, "bundle", "trust", "import", setup["root"]) == 0
    assert capsys.readouterr().out == "Every certificate in the file was already trusted.\n"
    assert _run(store_path, "bundle", "trust", "list") == 0
    [line] = capsys.readouterr().out.splitlines()
    assert "Hattama Test Root CA" in line and "valid until" in line
    assert _run(store_path, "bundle", "trust", "remove", line.split()[0]) == 0
    assert _run(store_path, "bundle", "trust", "list") == 0
    assert capsys.readouterr().out == ""
