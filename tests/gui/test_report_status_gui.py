"""The report editor asks the one status machine (hattama.rules.report_status, issue 20.2) which moves to offer;
marking ready without the unit's details is refused and points to the setup (19.3); a status changed elsewhere
(a bundle export) shows in the open editor once the list reads again (19.5)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import update

from hattama.db.models import Report
from hattama.rules.report_status import ReportStatus, allowed
from hattama.services.reports import (
    ReportTexts,
    create_report,
    get_report,
    record_export,
    save_texts,
    set_status,
)
from hattama.services.settings import load_settings, save_settings
from hattama.ui.reports.editor import ReportEditor
from hattama.ui.reports.page import ReportsPage
from tests.reports.helpers import unit_with_event

pytestmark = pytest.mark.gui

COMPLETE = ReportTexts(participants="- Ә. Қасымова", issues="Сауда мәселелері", agreements="Келісімге қол жеткізілді")
SETUP_BUTTON = "Open the setup assistant…"


@pytest.fixture
def report_id(store):
    report_id = create_report(store, unit_with_event(store))
    save_texts(store, report_id, "kk", COMPLETE)
    return report_id


def put_status(store, report_id, status: str) -> None:
    """The stored status, whatever led there (the machine's paths are the service tests')."""
    with store.session() as session:
        session.execute(update(Report).where(Report.id == report_id).values(status=status))


def answered_by(monkeypatch, button_text: str | None) -> list[str]:
    """Message boxes answered with the button of that text (None: closed); their texts are collected."""
    shown: list[str] = []

    def execute(box: QMessageBox) -> int:
        shown.append(box.text())
        chosen = next((button for button in box.buttons() if button.text() == button_text), None)
        monkeypatch.setattr(box, "clickedButton", lambda: chosen)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", execute)
    return shown


@pytest.mark.parametrize("status", [status.value for status in ReportStatus])
def test_the_buttons_are_the_moves_the_machine_allows(qtbot, store, report_id, status: str) -> None:
    put_status(store, report_id, status)
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load(report_id)
    enabled = {name for name, button in (("ready", editor.ready_button), ("draft", editor.draft_button),
                                         ("sent", editor.sent_button), ("acknowledged", editor.ack_button))
               if button.isEnabled()}
    assert enabled == {move.value for move in allowed(status)} - {"exported"}
    # What went to the MFA is kept as sent: its text can no longer be typed into.
    sent = status in ("sent", "acknowledged")
    assert editor.language_tabs["kk"].edits["issues"].isReadOnly() is sent
    assert editor.copy_button.isEnabled() is not sent


def test_an_acknowledged_report_offers_no_way_back_to_draft(qtbot, store, report_id) -> None:
    set_status(store, report_id, "ready")
    set_status(store, report_id, "sent", dt.date(2026, 11, 25))
    set_status(store, report_id, "acknowledged", dt.date(2026, 11, 27))
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load(report_id)
    assert not any(button.isEnabled() for button in (editor.ready_button, editor.draft_button, editor.sent_button,
                                                     editor.ack_button))


def test_ready_without_the_units_details_is_refused_and_points_to_the_setup(qtbot, store, report_id,
                                                                             monkeypatch) -> None:
    save_settings(store, dataclasses.replace(load_settings(store), body_name_kk="", officer_position_kk=""))
    shown = answered_by(monkeypatch, SETUP_BUTTON)
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load(report_id)
    with qtbot.waitSignal(editor.setup_requested):  # refused off the GUI thread, then the officer chose the setup
        editor.ready_button.click()
    assert "Body name (Kazakh) is empty." in shown[0] and "Officer's position (Kazakh) is empty." in shown[0]
    assert "Officer's name" not in shown[0]
    assert get_report(store, report_id).status == "draft"


def test_a_pdf_without_the_units_details_warns_first(qtbot, store, report_id, monkeypatch) -> None:
    save_settings(store, dataclasses.replace(load_settings(store), officer_name=""))
    shown = answered_by(monkeypatch, None)  # the officer closes the warning: no PDF
    rendered: list[str] = []
    monkeypatch.setattr("hattama.ui.reports.editor.report_pdf", lambda *args: rendered.append("pdf") or b"%PDF")
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load(report_id)
    assert editor._render() is None
    assert "Officer's name is empty." in shown[0] and rendered == []
    answered_by(monkeypatch, "Show it anyway")
    assert editor._render() == b"%PDF"


def test_after_an_export_the_open_editor_shows_the_new_status(qtbot, store, report_id) -> None:
    set_status(store, report_id, "ready")
    page = ReportsPage(store)
    qtbot.addWidget(page)
    page.select_report(report_id)
    qtbot.waitUntil(lambda: page.editor.record is not None and page.editor.record.id == report_id)
    assert page.editor.status_label.text() == "Status: Ready"
    record_export(store, [report_id], "ab" * 32)  # what the export dialog's bundle export does
    page.reload()  # the dialog's `exported` (and the window's records_changed) make the page read again
    qtbot.waitUntil(lambda: page.editor.status_label.text() == "Status: Exported")
    assert not page.editor.ready_button.isEnabled() and page.editor.sent_button.isEnabled()
