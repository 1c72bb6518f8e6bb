"""`hattama bundle export --forms YEAR --plan YEAR --activity …` (issues 14, 15) with the covering letter's number
(16.4), and `bundle verify` listing what the bundle holds."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from hattama.cli import main
from hattama.db.store import open_store
from hattama.services.bundle import format as bundle_format
from hattama.services.forms import forms_sent
from hattama.services.plans import documents_sent
from tests.pki import PASSWORD, default_pki
from tests.submission.helpers import ready_report, write_key, write_root


@pytest.fixture
def setup(store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    store = open_store(store_path)
    ready_report(store, tmp_path, attachment=False)
    store.close()
    pki = default_pki()
    monkeypatch.setenv("HATTAMA_TEST_KEY_PASSWORD", PASSWORD)
    return {"key": write_key(tmp_path, pki.signing, pki), "root": write_root(tmp_path, pki)}


def _run(store_path: Path, *arguments: object) -> int:
    return main(["--db", str(store_path), "--lang", "en", *map(str, arguments)])


def _export(store_path: Path, setup: dict[str, Path], out: Path, *choice: object) -> int:
    return _run(store_path, "bundle", "export", "--key", setup["key"], "--password-env", "HATTAMA_TEST_KEY_PASSWORD",
                "--out", out, *choice)


def test_forms_plan_and_activity_go_out_under_the_esedo_number(store_path: Path, setup, tmp_path, capsys) -> None:
    out = tmp_path / "december.zip"
    assert _export(store_path, setup, out, "--forms", 2025, "--form", 1, "--form", 2, "--form", 3, "--plan", 2027,
                   "--activity", "--from", "2026-01-01", "--to", "2026-11-30", "--doc-lang", "ru",
                   "--number", "01-12/345") == 0
    printed = capsys.readouterr().out
    assert "0 reports, signed by ТЕСТОВА ӘСЕЛЬ" in printed
    assert "Treaty forms (p.2)" in printed and "Plan of events (p.46)" in printed
    assert "Covering letter: No. 01-12/345 of" in printed
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
    assert {bundle_format.document_member("forms-2025", "ru", "xlsx"),
            bundle_format.document_member("plan-2027", "ru", "pdf"),
            bundle_format.document_member("activity-2026-01-01-2026-11-30", "ru", "pdf")} <= names
    assert not any(name.endswith(".kk.pdf") for name in names)
    store = open_store(store_path)
    try:
        assert [(form.form, form.reference) for form in forms_sent(store, 2025)] == [
            (1, "01-12/345"), (2, "01-12/345"), (3, "01-12/345")]
        assert sorted(sent.document for sent in documents_sent(store, 2026)) == ["activity", "plan"]
    finally:
        store.close()

    assert _run(store_path, "bundle", "verify", out, "--trust", setup["root"]) == 0
    listed = capsys.readouterr().out
    assert "  Activity report (p.46): documents/activity-2026-01-01-2026-11-30.ru.xlsx" in listed
    assert "  Covering letter: documents/letter-" in listed


@pytest.mark.parametrize(("choice", "message"), [
    ((), "Choose what goes into the bundle"),
    (("--forms", 2025, "--from", "2026-01-01"), "add --activity"),
    (("--plan", 2027, "--form", 4), "add --forms YEAR"),
], ids=["nothing", "period without activity", "form without forms"])
def test_a_choice_that_means_nothing_is_refused(store_path: Path, setup, tmp_path, capsys, choice, message) -> None:
    assert _export(store_path, setup, tmp_path / "b.zip", *choice) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "b.zip").exists()


def test_the_activity_period_defaults_to_this_year_up_to_today(store_path: Path, setup, tmp_path, capsys) -> None:
    out = tmp_path / "activity.zip"
    assert _export(store_path, setup, out, "--activity", "--doc-lang", "kk") == 0
    with zipfile.ZipFile(out) as archive:
        # The tests' clock is pinned to 4 December 2026 (tests/conftest.py).
        assert bundle_format.document_member("activity-2026-01-01-2026-12-04", "kk", "pdf") in archive.namelist()
