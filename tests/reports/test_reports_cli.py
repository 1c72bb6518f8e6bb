"""`hattama report list|pdf` as scripts use them."""

from __future__ import annotations

import json
from pathlib import Path

from hattama.cli import main
from hattama.db.store import open_store
from hattama.services.reports import create_report, save_texts
from tests.reports.helpers import unit_with_event
from tests.reports.test_reports_service import KK_TEXTS


def test_report_list_json_and_pdf(store_path: Path, tmp_path: Path, capsys) -> None:
    store = open_store(store_path)
    report_id = create_report(store, unit_with_event(store))
    save_texts(store, report_id, "kk", KK_TEXTS)
    store.close()
    assert main(["--db", str(store_path), "report", "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["id"] == str(report_id)
    assert listed[0]["languages"] == ["kk"]
    assert listed[0]["status"] == "draft"
    assert set(listed[0]) >= {"id", "event_id", "status", "languages"}
    out = tmp_path / "report.pdf"
    assert main(["--db", str(store_path), "report", "pdf", str(report_id)[:8], "--lang", "kk", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_report_pdf_for_unknown_id_is_one_line(store_path: Path, tmp_path: Path, capsys) -> None:
    assert main(["--db", str(store_path), "report", "pdf", "deadbeef", "--lang", "ru", "--out", str(tmp_path / "x.pdf")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert not (tmp_path / "x.pdf").exists()
