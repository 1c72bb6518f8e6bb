"""The report editor: autosave, crash recovery, the unsaved mark, paste cleaning, readiness messages; the
Reports page: its list, read off the GUI thread, searched and sorted."""

from __future__ import annotations

import datetime as dt
import functools
import threading

import pytest
from PySide6.QtCore import QMimeData, Qt, QThreadPool
from PySide6.QtWidgets import QHeaderView

from hattama import i18n
from hattama.services.report_list import report_listing
from hattama.services.reports import STATUS_LABELS, ReportTexts, create_report, get_report, save_texts
from hattama.ui.column_widths import TITLE_MINIMUM
from hattama.ui.reports import page as page_module
from hattama.ui.reports.editor import AUTOSAVE_INTERVAL_MS, ReportEditor
from hattama.ui.reports.page import ReportsPage
from hattama.ui.reports.table_model import COLUMNS, SHORT_STATUS_LABELS
from tests.reports.helpers import event_ending, unit_with_event

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
    qtbot.waitUntil(lambda: not editor.dirty)  # stored at once, on the writing thread
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
    qtbot.waitUntil(lambda: bool(warnings))  # the text is stored, then the status refused, off the GUI thread
    assert "empty" in warnings[0]
    assert get_report(store, report_id).status == "draft"
    assert get_report(store, report_id).texts["kk"].issues == "Мәселелер"


def test_deadline_stands_at_the_top_p46(qtbot, store, report_id) -> None:
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load(report_id)
    assert "p.46" in editor.deadline.text()


# ------------------------------------------------------------------------------------------------ the page

@pytest.fixture
def new_page(store, widgets):
    def make() -> ReportsPage:
        widget = ReportsPage(store)
        widgets.append(widget)
        widget.resize(1000, 600)
        widget.show()
        return widget
    return make


def loaded(qtbot, page: ReportsPage) -> ReportsPage:
    qtbot.waitUntil(lambda: not page.is_loading())
    return page


def titles(page: ReportsPage) -> list[str]:
    column = COLUMNS.index("event")
    return [page.model.index(row, column).data() for row in range(page.model.rowCount())]


def current_id(page: ReportsPage):
    return page.model.row_at(page.table.currentIndex()).id


def searched(qtbot, page: ReportsPage, text: str) -> list[str]:
    page.search.setText(text)
    page.apply_search()  # at once, without the pause after a keystroke
    loaded(qtbot, page)
    return titles(page)


def test_reports_page_lists_and_opens_the_newest_report(qtbot, store, new_page) -> None:
    older = create_report(store, event_ending(store, dt.datetime(2025, 3, 4, 12), "Ерте кездесу"))
    newest = create_report(store, event_ending(store, dt.datetime(2025, 9, 1, 12), "Кеш кездесу"))
    save_texts(store, older, "ru", ReportTexts(issues="Вопросы"))
    page = loaded(qtbot, new_page())
    assert titles(page) == ["Кеш кездесу", "Ерте кездесу"]
    assert page.model.index(1, COLUMNS.index("languages")).data() == "RU"
    assert page.model.index(1, COLUMNS.index("status")).data() == "Draft"
    title_cell = page.model.index(1, COLUMNS.index("event"))
    assert title_cell.data(Qt.ItemDataRole.ToolTipRole) == "Ерте кездесу"  # the whole title, where it elides
    assert page.editor.report_id == newest and current_id(page) == newest
    page.select_report(older)
    assert page.editor.report_id == older and current_id(page) == older
    assert searched(qtbot, page, "ЕРТЕ") == ["Ерте кездесу"] and current_id(page) == older
    assert searched(qtbot, page, "кеш") == ["Кеш кездесу"]
    assert searched(qtbot, page, "кеш кез") == ["Кеш кездесу"]  # every word typed, each a prefix
    assert searched(qtbot, page, "кездесу ") == ["Кеш кездесу", "Ерте кездесу"]
    assert searched(qtbot, page, "no such title") == []
    assert len(searched(qtbot, page, "")) == 2


def test_report_rows_load_off_the_gui_thread_and_show_with_a_busy_bar(qtbot, store, report_id, new_page,
                                                                      monkeypatch) -> None:
    threads: list[int] = []
    release = threading.Event()

    def slow_rows(*args, **kwargs):
        threads.append(threading.get_ident())
        release.wait(5)
        return report_listing(*args, **kwargs)

    monkeypatch.setattr(page_module, "report_listing", slow_rows)
    page = new_page()
    # The constructor returned while the worker still waits: the window is not blocked.
    assert page.is_loading() and page.loading.label.text() == "Loading reports…"
    qtbot.waitUntil(page.loading.bar.isVisible)  # a load that lasts shows its busy bar
    release.set()
    qtbot.waitUntil(lambda: not page.is_loading())
    assert threads and threads[0] != threading.get_ident()
    assert page.model.rowCount() == 1 and not page.loading.isVisible()
    assert page.editor.report_id == report_id


def test_a_report_asked_for_during_a_load_is_opened_when_the_list_arrives(qtbot, store, new_page) -> None:
    older = create_report(store, event_ending(store, dt.datetime(2025, 3, 4, 12), "Ерте"))
    create_report(store, event_ending(store, dt.datetime(2025, 9, 1, 12), "Кеш"))
    page = new_page()
    assert page.is_loading()
    page.select_report(older)  # as the Dashboard does, at once
    loaded(qtbot, page)
    assert page.editor.report_id == older and current_id(page) == older


def test_a_report_started_for_an_event_is_selected_after_the_reload(qtbot, store, report_id, new_page) -> None:
    page = loaded(qtbot, new_page())
    event_id = event_ending(store, dt.datetime(2024, 5, 6, 12), "Жаңа кездесу")
    page.open_for_event(event_id)
    qtbot.waitUntil(lambda: page.editor.report_id not in (None, report_id))  # started off the GUI thread
    loaded(qtbot, page)
    started = get_report(store, page.editor.report_id)
    assert started.event_id == event_id and current_id(page) == started.id
    assert page.model.rowCount() == 2


def test_a_newer_load_wins_over_an_older_one(qtbot, store, report_id, new_page, monkeypatch, request) -> None:
    page = loaded(qtbot, new_page())
    pool = QThreadPool.globalInstance()
    # The first load waits on one worker while the second runs on another.
    request.addfinalizer(functools.partial(pool.setMaxThreadCount, pool.maxThreadCount()))
    pool.setMaxThreadCount(max(2, pool.maxThreadCount()))
    first_read = threading.Event()
    release = threading.Event()
    counts: list[int] = []

    def stale_first(*args, **kwargs):
        listing = report_listing(*args, **kwargs)
        counts.append(listing.count)
        if len(counts) == 1:
            first_read.set()
            release.wait(5)  # hands its rows over only after the newer load has shown its own
        return listing

    monkeypatch.setattr(page_module, "report_listing", stale_first)
    page.reload()
    assert first_read.wait(5)
    create_report(store, event_ending(store, dt.datetime(2024, 5, 6, 12), "Екінші"))
    page.reload()
    loaded(qtbot, page)
    release.set()
    assert pool.waitForDone(5000)
    qtbot.wait(50)  # let the stale result, if it were taken, arrive
    assert counts == [1, 2] and page.model.rowCount() == 2


def test_sorting_by_title_follows_the_kazakh_alphabet_and_keeps_the_selection(qtbot, store, new_page) -> None:
    ends = dt.datetime(2025, 3, 4, 12)
    for days, title in enumerate(("Бейжің", "Әлем", "Астана")):
        create_report(store, event_ending(store, ends + dt.timedelta(days=days), title))
    page = loaded(qtbot, new_page())
    assert titles(page) == ["Астана", "Әлем", "Бейжің"]  # latest-ending first
    page.select_report(page.model.row_at(page.model.index(1, 0)).id)
    chosen = page.editor.report_id
    header = page.table.horizontalHeader()

    def sorted_by(name: str, order: Qt.SortOrder) -> list[str]:
        header.setSortIndicator(COLUMNS.index(name), order)  # as a click on the header
        loaded(qtbot, page)
        return titles(page)

    assert sorted_by("event", Qt.SortOrder.AscendingOrder) == ["Астана", "Әлем", "Бейжің"]
    assert sorted_by("event", Qt.SortOrder.DescendingOrder) == ["Бейжің", "Әлем", "Астана"]
    assert sorted_by("ends", Qt.SortOrder.AscendingOrder) == ["Бейжің", "Әлем", "Астана"]
    assert current_id(page) == chosen == page.editor.report_id


# ------------------------------------------------------------------------------------------- issue 11

def test_p46_mfa_request_and_not_requested_recorded_in_the_editor(qtbot, store, report_id, pinned_clock) -> None:
    """p.46 «СІМ-нің сұратуы бойынша»: the editor shows the report awaiting the request, closes it as not
    requested with the typed reason, and a recorded request takes that back."""
    pinned_clock.pin(dt.datetime(2026, 12, 4, 10))
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load(report_id)
    assert "Awaiting the MFA's request" in editor.deadline.text()
    assert editor.close_button.isEnabled() and not editor.reopen_button.isEnabled()
    editor.not_requested_reason.setText("Сұрау түспеді")
    editor.close_button.click()
    qtbot.waitUntil(lambda: "Not requested" in editor.deadline.text(), timeout=5000)
    record = get_report(store, report_id)
    assert (record.not_requested_on, record.not_requested_reason) == (dt.date(2026, 12, 4), "Сұрау түспеді")
    assert editor.reopen_button.isEnabled() and not editor.close_button.isEnabled()
    editor.request_received.setChecked(True)
    editor.request_date.setDate(dt.date(2026, 11, 24))
    editor.request_ref.setText("12-1/345")
    editor.save_if_dirty()
    # The event ended 19 November 2026: due 30 November, so overdue once the request is stored.
    qtbot.waitUntil(lambda: "overdue" in editor.deadline.text(), timeout=5000)
    record = get_report(store, report_id)
    assert (record.mfa_request_date, record.mfa_request_ref, record.not_requested_on) == (
        dt.date(2026, 11, 24), "12-1/345", None)


# ------------------------------------------------------------------------------------------- issue 19.4

def test_at_1024_by_700_in_russian_the_status_is_whole_and_the_title_stretches(qtbot, store, new_page) -> None:
    create_report(store, event_ending(store, dt.datetime(2025, 3, 4, 12), "Өте ұзын атауы бар кездесу " * 4))
    i18n.set_language("ru")
    page = loaded(qtbot, new_page())
    page.resize(1024 - 170, 700)  # the window at 1024 × 700, less the navigation list (166 px in Russian)
    qtbot.wait(20)
    header = page.table.horizontalHeader()
    status = COLUMNS.index("status")
    # The list shows a status short ("Получен МИД" for "Получение подтверждено МИД", issue 19), whole.
    widest = max(page.table.fontMetrics().horizontalAdvance(i18n.translate_in("ru", label))
                 for label in SHORT_STATUS_LABELS.values())
    assert header.sectionSize(status) > widest  # not cut: the longest status fits, with room to spare
    assert page.model.index(0, status).data(Qt.ItemDataRole.ToolTipRole) == i18n.translate_in(
        "ru", STATUS_LABELS["draft"])  # the whole status on hover
    # Issue 19: beside the report editor (at its least width) the titles keep their minimum too.
    assert header.sectionSize(COLUMNS.index("event")) >= TITLE_MINIMUM - 20
    assert header.sectionResizeMode(COLUMNS.index("event")) == QHeaderView.ResizeMode.Stretch
    assert page.table.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert page.model.index(0, COLUMNS.index("event")).data(Qt.ItemDataRole.ToolTipRole).startswith("Өте ұзын")
