"""The report editor: autosave, crash recovery, the unsaved mark, paste cleaning, readiness messages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData

from desktop.services.reports import create_report, get_report
from desktop.ui.reports.editor import AUTOSAVE_INTERVAL_MS, ReportEditor
from desktop.ui.reports.page import ReportsPage
from tests.reports.helpers import unit_with_event

pytestmark = pytest.mark.gui


@pytest.fixture
def report_id(store):
    return create_report(store, unit_with_event(store))


def test_autosave_keeps_typing_when_the_app_is_killed(qtbot, store, report_id) -> None:
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load(report_id)
    editor.language_tabs["kk"].edits["issues"].setPlainText("Сауда мәселелері талқыланды")
    assert editor.dirty and "Unsaved" in editor.saved_mark.text()
    # No close, no explicit save: only the timer runs, as before a crash.
    qtbot.waitUntil(lambda: not editor.dirty, timeout=AUTOSAVE_INTERVAL_MS + 2000)
    assert get_report(store, report_id).texts["kk"].issues == "Сауда мәселелері талқыланды"
    assert "saved" in editor.saved_mark.text()


def test_hiding_the_editor_saves_at_once(qtbot, store, report_id) -> None:
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.show()
    editor.load(report_id)
    editor.language_tabs["ru"].edits["agreements"].setPlainText("Стороны договорились")
    editor.hide()
    assert get_report(store, report_id).texts["ru"].agreements == "Стороны договорились"


def test_pasting_from_word_is_cleaned(qtbot, store, report_id) -> None:
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load(report_id)
    edit = editor.language_tabs["kk"].edits["issues"]
    mime = QMimeData()
    mime.setText("Қаржы\tмәсе\u00adлелері\x07 «Астана»")
    edit.insertFromMimeData(mime)
    text = edit.toPlainText()
    assert "\t" not in text and "\u00ad" not in text and "\x07" not in text
    assert "мәселелері" in text and "«Астана»" in text


def test_mark_ready_with_an_empty_section_warns_and_keeps_the_text(qtbot, store, report_id, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load(report_id)
    editor.language_tabs["kk"].edits["issues"].setPlainText("Мәселелер")
    editor.ready_button.click()
    assert warnings and "empty" in warnings[0]
    assert get_report(store, report_id).status == "draft"
    assert get_report(store, report_id).texts["kk"].issues == "Мәселелер"


def test_deadline_stands_at_the_top_p46(qtbot, store, report_id) -> None:
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load(report_id)
    assert "p.46" in editor.deadline.text()


def test_reports_page_lists_and_opens_a_report(qtbot, store, report_id) -> None:
    page = ReportsPage(store)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 1
    page.select_report(report_id)
    assert page.editor.report_id == report_id
    page.search.setText("no such title")
    assert page.proxy.rowCount() == 0
