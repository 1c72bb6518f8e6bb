"""The Events page: its windowed model over the store's listing, searching and sorting by SQL, loading off the
GUI thread, shortcuts, the bin and undo, the status column and remembered column widths."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from PySide6.QtCore import QEvent, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

from hattama import i18n
from hattama.i18n import format_datetime
from hattama.rules.obligations import ObligationState
from hattama.services.errors import ServiceError
from hattama.services.event_list import EventQuery, open_listing
from hattama.services.events import (
    EventData,
    Participant,
    Party,
    create_event,
    delete_event,
    get_event,
)
from hattama.services.listed_events import all_listed_events
from hattama.services.listing import SqlListing
from hattama.services.officer import load_officer
from hattama.ui.events import page as page_module
from hattama.ui.events.page import EventsPage
from hattama.ui.events.table_model import COLUMNS, ROW_ROLE, EventTableModel
from hattama.ui.row_table_model import collation_key
from hattama.ui.workers import JobCancelled, run_with_progress
from tests.worst_states import worst_states

pytestmark = pytest.mark.gui


def event(title_kk: str = "", title_ru: str = "", *, starts: dt.datetime = dt.datetime(2025, 3, 4, 10, 0),
          **fields) -> EventData:
    values = {"kind": "talks", "country": "KZ", "city": "Astana", **fields}
    return EventData(title_kk or "", title_ru or ("" if title_kk else "Переговоры"),
                     starts_at=starts, ends_at=starts + dt.timedelta(hours=2), **values)


@pytest.fixture
def model() -> EventTableModel:
    return EventTableModel()


def listed(model: EventTableModel, store, **query) -> EventTableModel:
    listing = open_listing(store, EventQuery(**query))
    model.set_listing(listing, listing.rows(0, model.WINDOW))
    return model


def column(name: str) -> int:
    return COLUMNS.index(name)


def shown(model, name: str = "title") -> list[str]:
    return [model.index(row, column(name)).data() for row in range(model.rowCount())]


@pytest.fixture
def new_page(qtbot, store, widgets):
    def make() -> EventsPage:
        widget = EventsPage(store)
        widgets.append(widget)
        widget.resize(1000, 600)
        widget.show()
        return widget
    return make


@pytest.fixture
def page(qtbot, new_page):
    widget = new_page()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: not widget.is_loading())
    return widget


def reload(qtbot, page: EventsPage) -> None:
    page.reload()
    qtbot.waitUntil(lambda: not page.is_loading())


def settle(qtbot, page: EventsPage) -> None:
    """Applies the filters now (no pause) and waits for the listing."""
    page.apply_filters()
    qtbot.waitUntil(lambda: not page.is_loading())


# ------------------------------------------------------------------------------------------------ the model

def test_model_shows_rows_in_columns_with_babel_dates_and_names(store, model) -> None:
    starts = dt.datetime(2025, 3, 4, 10, 0)
    create_event(store, event("Қытаймен келіссөздер", "Переговоры с Китаем", starts=starts, country="CN",
                              city="Beijing", held_by_body=False, status="confirmed"))
    listed(model, store)
    assert (model.rowCount(), model.columnCount()) == (1, len(COLUMNS))
    cells = {name: model.index(0, column(name)).data() for name in COLUMNS}
    assert cells["starts"] == format_datetime(starts, "short")
    assert cells["title"] == "Қытаймен келіссөздер"
    assert cells["kind"] == "Talks"
    assert cells["place"] == "Beijing, China"
    assert cells["abroad"] == "✈"
    assert cells["role"] == "Attended"
    assert cells["status"] == "Confirmed"  # issue 15: planned, confirmed, held, cancelled, postponed
    # Both titles, and the kind (its column is the first to give way at 1024 px, issue 19.4).
    assert model.index(0, column("title")).data(Qt.ItemDataRole.ToolTipRole) == (
        "Қытаймен келіссөздер\nПереговоры с Китаем\nTalks")
    assert model.index(0, 0).data(ROW_ROLE).country == "CN"
    assert model.headerData(column("starts"), Qt.Orientation.Horizontal) == "Starts"
    assert model.headerData(column("status"), Qt.Orientation.Horizontal) == "Status"


def test_obligation_state_is_shown_and_coloured_as_stored(store, model) -> None:
    event_id = create_event(store, event("Кездесу"))  # held in March 2025: its p.46 report is overdue
    assert worst_states(store)[event_id] is ObligationState.OVERDUE
    listed(model, store)
    cell = model.index(0, column("obligations"))
    assert cell.data() == "Overdue"
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None


def test_dates_sort_as_dates_not_as_text(store, model) -> None:
    # As text, "05.01.25" < "10.01.25" < "31.12.24" in Kazakh's short format; as dates 31 Dec 2024 comes first.
    for day in (dt.datetime(2025, 1, 5, 9), dt.datetime(2024, 12, 31, 9), dt.datetime(2025, 1, 10, 9)):
        create_event(store, event(f"Event {day.date()}", starts=day))
    assert shown(listed(model, store, sort="starts", descending=False)) == [
        "Event 2024-12-31", "Event 2025-01-05", "Event 2025-01-10"]
    assert shown(listed(model, store, sort="ends", descending=True)) == [
        "Event 2025-01-10", "Event 2025-01-05", "Event 2024-12-31"]


def test_titles_sort_in_the_kazakh_alphabet(store, model) -> None:
    for title in ("Яқын", "Әуе", "бас", "Ақпан", "Ұлт", "Урал"):
        create_event(store, event(title))
    # Code-point order would put Ә and Ұ after Я.
    assert shown(listed(model, store, sort="title", descending=False)) == ["Ақпан", "Әуе", "бас", "Урал", "Ұлт",
                                                                           "Яқын"]
    assert collation_key("Ё") < collation_key("Ж") < collation_key("Қ") < collation_key("Л")


def test_a_header_click_asks_for_a_sorted_listing(qtbot, model) -> None:
    with qtbot.waitSignal(model.sort_requested):
        model.sort(column("title"), Qt.SortOrder.AscendingOrder)
    assert model.sort_name() == "title" and not model.descending()


class CountingListing:
    """A listing of `count` numbered rows that counts the windows read."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.reads: list[tuple[int, int]] = []

    def rows(self, offset: int, limit: int):
        self.reads.append((offset, limit))
        return [f"row {number}" for number in range(offset, min(offset + limit, self.count))]

    def position(self, row_id):
        return None


class NumberedModel(EventTableModel):
    def cell(self, row, column_number, role):
        return row if role == Qt.ItemDataRole.DisplayRole else None


def test_the_model_reads_only_the_windows_shown(qtbot, widgets) -> None:
    from PySide6.QtWidgets import QTableView
    model = NumberedModel()
    listing = CountingListing(100_000)
    model.set_listing(listing, listing.rows(0, model.WINDOW))
    listing.reads.clear()
    view = QTableView()
    widgets.append(view)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    assert model.rowCount() == 100_000 and listing.reads == []  # the first window came with the listing
    view.scrollToBottom()
    qtbot.wait(20)
    assert model.index(99_999, 0).data() == "row 99999"
    # Only the window at the bottom was read, once, however the view painted it.
    assert listing.reads == [(99_999 // model.WINDOW * model.WINDOW, model.WINDOW)]
    for position in range(0, 100_000, 5_000):
        model.row(position)
    assert len(model._windows) <= model.KEPT_WINDOWS  # the memory held stays a few windows


def test_the_model_keeps_qt_model_rules_through_listings(store, model, qtmodeltester, qtlog) -> None:
    # Qt's QAbstractItemModelTester rechecks the model on every signal it emits and warns "FAIL!" on a breach.
    for title in ("В", "А", "Б"):
        create_event(store, event(title))
    qtmodeltester.check(listed(model, store))
    listed(model, store, search="а")
    listed(model, store, sort="title", descending=False)
    model.retranslate()
    assert model.rowCount() == 3
    assert [record.message for record in qtlog.records if "FAIL" in record.message] == []


# ------------------------------------------------------------------------------------- loading and the page

def test_rows_load_off_the_gui_thread_and_show_with_a_busy_bar(qtbot, store, new_page, monkeypatch) -> None:
    create_event(store, event("Кездесу"))
    threads: list[int] = []
    release = threading.Event()

    def slow_listing(*args, **kwargs):
        threads.append(threading.get_ident())
        release.wait(5)
        return open_listing(*args, **kwargs)

    monkeypatch.setattr(page_module, "open_listing", slow_listing)
    widget = new_page()
    # The constructor returned while the worker still waits: the window is not blocked, and a load that lasts
    # shows its busy bar (a quick one shows none: it would only flash).
    assert widget.loading.is_loading()
    qtbot.waitUntil(widget.loading.bar.isVisible)
    release.set()
    qtbot.waitUntil(lambda: not widget.is_loading())
    assert threads and threads[0] != threading.get_ident()
    assert widget.model.rowCount() == 1 and not widget.loading.isVisible()
    assert widget.count_label.text() == "Shown: 1 of 1"


def test_a_newer_load_wins_over_an_older_one(qtbot, page, store) -> None:
    create_event(store, event("Бірінші"))
    page.reload()
    create_event(store, event("Екінші"))
    page.reload()
    qtbot.waitUntil(lambda: not page.is_loading())
    qtbot.wait(50)  # let a stale result, if any, arrive
    assert page.model.rowCount() == 2


def test_background_job_reports_failure_and_cancellation(qtbot, widgets) -> None:
    parent = QWidget()
    widgets.append(parent)
    failures: list[str] = []

    def failing(_report):
        raise ServiceError("The file {path} cannot be read: {reason}.", path="a.pdf", reason="gone")

    run_with_progress(parent, failing, label="…", on_success=lambda _r: None, on_failure=failures.append)
    qtbot.waitUntil(lambda: failures == ["The file a.pdf cannot be read: gone."])

    outcomes: list[str] = []
    started = threading.Event()

    def endless(report):
        started.set()
        while True:
            report(0, 0)

    job = run_with_progress(parent, endless, label="…", on_success=lambda _r: outcomes.append("ok"),
                            on_failure=outcomes.append)
    started.wait(5)
    job.cancel()
    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)  # deliver whatever the job emitted
    assert outcomes == [] and job.is_cancelled()
    with pytest.raises(JobCancelled):
        job.report(1, 1)


@pytest.fixture
def filled(qtbot, page, store):
    ids = {
        "china": create_event(store, event("Қытай делегациясымен келіссөздер", "Переговоры с делегацией Китая",
                                           parties=(Party("country", "CN"),))),
        "forum": create_event(store, event("", "Форум ШОС", kind="conference_forum", country="UZ", city="Tashkent",
                                           starts=dt.datetime(2024, 9, 1, 9), parties=(Party("organisation", "SCO"),),
                                           participants=(Participant("ours", "Ә. Қасымова"),))),
        "visit": create_event(store, event("Germany visit", kind="official_visit", country="DE", city="Berlin",
                                           status="planned")),
    }
    reload(qtbot, page)
    return ids


def search(qtbot, page: EventsPage, text: str) -> list[str]:
    page.search.setText(text)
    settle(qtbot, page)
    return shown(page.model)


def test_search_is_case_insensitive_over_titles_parties_and_participants(qtbot, page, filled) -> None:
    assert search(qtbot, page, "ҚЫТАЙ") == ["Қытай делегациясымен келіссөздер"]
    assert search(qtbot, page, "китай") == ["Қытай делегациясымен келіссөздер"]  # the party CN, in Russian
    assert search(qtbot, page, "shanghai") == ["Форум ШОС"]  # the SCO, named in English
    assert search(qtbot, page, "қасымова") == ["Форум ШОС"]  # a participant
    assert len(search(qtbot, page, "  ")) == 3


def test_filters_by_year_kind_country_status_and_obligation_state(qtbot, page, store, filled) -> None:
    def choose(combo, data) -> list[str]:
        combo.setCurrentIndex(combo.findData(data))
        qtbot.waitUntil(lambda: not page.is_loading())
        result = shown(page.model)
        combo.setCurrentIndex(0)
        qtbot.waitUntil(lambda: not page.is_loading())
        return result

    assert choose(page.year, 2024) == ["Форум ШОС"]
    assert choose(page.kind, "official_visit") == ["Germany visit"]
    assert choose(page.status, "planned") == ["Germany visit"]
    page.country.set_code("CN")  # the country is where the event is held, or a foreign party
    settle(qtbot, page)
    assert shown(page.model) == ["Қытай делегациясымен келіссөздер"]
    page.country.set_code("UZ")
    settle(qtbot, page)
    assert shown(page.model) == ["Форум ШОС"]
    page.country.setEditText("")
    settle(qtbot, page)
    stored = worst_states(store)
    overdue = {event_id for event_id, state in stored.items() if state is ObligationState.OVERDUE}
    assert filled["china"] in overdue
    page.state.setCurrentIndex(page.state.findData(ObligationState.OVERDUE.value))
    qtbot.waitUntil(lambda: not page.is_loading())
    assert {row.id for row in page.model.rows} == overdue
    page.state.setCurrentIndex(0)
    qtbot.waitUntil(lambda: not page.is_loading())
    page.year.setCurrentIndex(page.year.findData(2025))
    assert search(qtbot, page, "форум") == []


def test_the_filter_holds_through_reload_sorting_removal_and_undo(qtbot, page, store) -> None:
    for title in ("Қытай А", "Түркия", "Қытай Б", "Германия"):
        create_event(store, event(title))
    search(qtbot, page, "қытай")
    reload(qtbot, page)  # a reload under an active filter
    assert sorted(shown(page.model)) == ["Қытай А", "Қытай Б"]
    page.table.horizontalHeader().setSortIndicator(column("title"), Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not page.is_loading())
    assert shown(page.model) == ["Қытай Б", "Қытай А"]
    page.select_event(next(row.id for row in page.model.rows if row.title_kk == "Қытай Б"))
    page.delete_selected()
    qtbot.waitUntil(lambda: page.undo_bar.isVisible() and not page.is_loading())
    assert shown(page.model) == ["Қытай А"]
    page.undo_delete()
    qtbot.waitUntil(lambda: not page.undo_bar.isVisible() and page.model.rowCount() == 2 and not page.is_loading())
    assert shown(page.model) == ["Қытай Б", "Қытай А"]
    assert search(qtbot, page, "") == ["Түркия", "Қытай Б", "Қытай А", "Германия"]


def test_typing_on_narrows_and_stepping_back_restores(qtbot, page, filled) -> None:
    for typed in ("ф", "фо", "фор", "форум"):
        assert search(qtbot, page, typed) == ["Форум ШОС"]
    assert search(qtbot, page, "форумы") == []  # one letter too many
    assert search(qtbot, page, "форум") == ["Форум ШОС"]  # backspace
    # A new word: every row is searched again (the Kazakh and the Russian title of the talks).
    assert search(qtbot, page, "де") == ["Қытай делегациясымен келіссөздер"]
    assert sorted(search(qtbot, page, "g")) == ["Germany visit"]


def test_sorting_and_filtering_keep_the_selected_event_selected(qtbot, page, filled) -> None:
    assert page.select_event(filled["forum"])
    page.table.horizontalHeader().setSortIndicator(column("title"), Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not page.is_loading())
    assert shown(page.model) == ["Germany visit", "Қытай делегациясымен келіссөздер", "Форум ШОС"]
    assert [row.id for row in page.selected_rows()] == [filled["forum"]]
    assert page.table.currentIndex().row() == 2
    search(qtbot, page, "шос")
    assert [row.id for row in page.selected_rows()] == [filled["forum"]]
    search(qtbot, page, "germany")  # filtered out: nothing left to point at
    assert page.selected_rows() == []


def test_headers_stay_when_nothing_matches(qtbot, page, filled) -> None:
    assert search(qtbot, page, "nothing like this") == []
    assert page.model.headerData(column("title"), Qt.Orientation.Horizontal) == "Title"


def test_search_as_you_type_is_debounced(qtbot, page, store) -> None:
    create_event(store, event("Қытай"))
    create_event(store, event("Түркия"))
    reload(qtbot, page)
    page.search.setText("қыт")
    assert page.model.rowCount() == 2  # not yet: the search runs from the event loop, after the keys queued
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.count_label.text() == "Shown: 1 of 2"


def meetings_and_another(qtbot, page: EventsPage, store, meetings: int) -> None:
    """`meetings` events titled "Кездесу …" (a search for "кез" finds them) and one it does not, listed."""
    for number in range(meetings):
        create_event(store, event(f"Кездесу {number}", starts=dt.datetime(2025, 3, 1 + number, 10)))
    create_event(store, event("Басқа"))
    reload(qtbot, page)


def test_a_search_shows_its_first_window_then_its_count(qtbot, page, store, monkeypatch) -> None:
    # Issue 18.2: a keystroke's rows are painted before they are counted; the count follows on a worker and
    # the rows past the first window are listed then.
    meetings_and_another(qtbot, page, store, 7)
    monkeypatch.setattr(page.model, "WINDOW", 3)
    counts: list[int] = []
    page.model.rowsInserted.connect(lambda _parent, first, last: counts.append(last + 1))
    page.search.setText("кез")
    settle(qtbot, page)
    qtbot.waitUntil(lambda: not page.is_counting())
    assert counts == [7] and page.model.rowCount() == 7 and page.model.listing.counted
    assert page.count_label.text() == "Shown: 7 of 8"
    assert len(shown(page.model)) == 7


def test_a_search_is_counted_only_once_the_typing_pauses(qtbot, page, store, monkeypatch) -> None:
    # Issue 22.4: counting every keystroke's matches (a first letter matches most events) would take the
    # processor from the next keystroke's rows; only the listing shown when the officer pauses is counted.
    meetings_and_another(qtbot, page, store, 5)
    monkeypatch.setattr(page.model, "WINDOW", 2)
    counted: list[str] = []
    real_count = SqlListing.exact_count
    monkeypatch.setattr(SqlListing, "exact_count", lambda listing: counted.append("count") or real_count(listing))
    page._count_timer.setInterval(60_000)  # an officer still typing
    for typed in ("к", "ке", "кез"):
        page.search.setText(typed)
        settle(qtbot, page)
        assert page.is_counting() and page.count_label.text() == "Shown: 2+ of 6"
    assert counted == []
    page._count_timer.setInterval(0)  # the officer pauses after the next letter
    page.search.setText("кезд")
    settle(qtbot, page)
    qtbot.waitUntil(lambda: not page.is_counting())
    assert counted == ["count"] and page.count_label.text() == "Shown: 5 of 6"


def test_filter_widgets_drive_the_list(qtbot, page, store) -> None:
    create_event(store, event("Kazakh", starts=dt.datetime(2024, 5, 1, 9)))
    create_event(store, event("German", country="DE", city="Berlin"))
    reload(qtbot, page)
    assert [page.year.itemData(i) for i in range(page.year.count())] == [None, 2025, 2024]
    page.year.setCurrentIndex(page.year.findData(2024))
    qtbot.waitUntil(lambda: not page.is_loading())
    assert shown(page.model) == ["Kazakh"]
    page.year.setCurrentIndex(0)
    page.country.set_code("DE")
    settle(qtbot, page)
    assert shown(page.model) == ["German"]
    page.country.setEditText("Ger")  # half-typed: no country filter yet
    settle(qtbot, page)
    assert page.model.rowCount() == 2


def test_ctrl_f_focuses_the_search(qtbot, page) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()


def test_ctrl_n_opens_a_new_event_editor(qtbot, page) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.editor is not None and page.editor.isVisible()
    assert page.editor.event_id is None and page.editor.windowTitle() == "New event"
    page.editor.reject()


def test_double_click_opens_the_event(qtbot, page, store) -> None:
    event_id = create_event(store, event("Кездесу"))
    reload(qtbot, page)
    rect = page.table.visualRect(page.model.index(0, column("title")))
    # A view takes a double click only on the item it saw pressed, as with a real mouse.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.editor is not None and page.editor.event_id == event_id
    assert page.editor.title_kk.text() == "Кездесу"
    page.editor.reject()


def test_delete_moves_to_the_bin_and_undo_brings_it_back(qtbot, page, store) -> None:
    keep = create_event(store, event("Қалады"))
    gone = create_event(store, event("Кетеді", starts=dt.datetime(2025, 3, 5, 10)))
    reload(qtbot, page)
    page.select_event(gone)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.undo_bar.isVisible() and not page.is_loading())  # on the writing thread
    assert [row.id for row in all_listed_events(store, deleted=True)] == [gone]
    assert [row.id for row in page.model.rows] == [keep]
    assert page.undo_bar.isVisible() and page.undo_label.text() == "1 event moved to the bin."
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not page.undo_bar.isVisible() and page.model.rowCount() == 2 and not page.is_loading())
    assert all_listed_events(store, deleted=True) == []
    assert {row.id for row in page.model.rows} == {keep, gone}
    assert [row.id for row in page.selected_rows()] == [gone]


def test_undo_button_restores_several_deleted_events(qtbot, page, store) -> None:
    for day in (3, 4, 5):
        create_event(store, event(f"Day {day}", starts=dt.datetime(2025, 3, day, 10)))
    reload(qtbot, page)
    page.table.selectAll()
    page.delete_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.undo_label.text() == "3 events moved to the bin."
    page.undo_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert page.model.rowCount() == 3 and all_listed_events(store, deleted=True) == []
    # Restored rows go back to their sorted places (newest first).
    assert shown(page.model) == ["Day 5", "Day 4", "Day 3"]


def test_the_bin_lists_deleted_events_and_restores_them(qtbot, page, store) -> None:
    event_id = create_event(store, event("Жойылған"))
    create_event(store, event("Тірі"))
    delete_event(store, event_id)
    page.bin_button.click()
    qtbot.waitUntil(lambda: not page.is_loading())
    assert shown(page.model) == ["Жойылған"]
    assert page.restore_button.isVisible() and not page.new_button.isEnabled()
    page.select_event(event_id)
    page.restore_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert get_event(store, event_id).deleted_at is None
    page.bin_button.click()
    qtbot.waitUntil(lambda: not page.is_loading())
    assert sorted(shown(page.model)) == ["Жойылған", "Тірі"]


def test_saving_in_the_editor_reloads_and_selects_the_event(qtbot, page, store) -> None:
    editor = page.open_event(None)
    editor.title_kk.setText("Жаңа кездесу")
    editor.save()
    qtbot.waitUntil(lambda: not page.is_loading() and page.model.rowCount() == 1)
    qtbot.waitUntil(lambda: bool(page.selected_rows()))
    assert [row.title_kk for row in page.selected_rows()] == ["Жаңа кездесу"]


def test_language_switch_relabels_headers_and_cells(qtbot, page, store) -> None:
    create_event(store, event("Кездесу", country="CN", city=""))
    reload(qtbot, page)
    assert page.model.index(0, column("place")).data() == "China"
    with qtbot.waitSignal(page.model.headerDataChanged):
        i18n.set_language("ru")
        QApplication.sendEvent(page, QEvent(QEvent.Type.LanguageChange))
    qtbot.waitUntil(lambda: not page.is_loading())
    assert page.model.index(0, column("place")).data() == "Китай"
    assert page.country.findData("CN") >= 0 and page.country.itemText(page.country.findData("CN")) == "Китай"


def test_ids_are_event_ids(store) -> None:
    event_id = create_event(store, event("Бір"))
    listing = open_listing(store, EventQuery())
    assert listing.position(event_id) == 0 and listing.position(uuid.uuid4()) is None


# ------------------------------------------------------------------------------------------ columns (19.4)

def test_the_title_stretches_text_elides_in_the_middle_and_widths_and_sort_are_remembered(
        qtbot, page, new_page, store) -> None:
    header = page.table.horizontalHeader()
    assert page.table.textElideMode() == Qt.TextElideMode.ElideMiddle
    page.resize(1024, 700)
    qtbot.wait(20)
    assert header.sectionSize(column("title")) >= 200  # never collapses, even at 1024 px
    header.resizeSection(column("place"), 222)
    header.setSortIndicator(column("title"), Qt.SortOrder.AscendingOrder)
    page.layout_keeper.save()
    remembered = load_officer().table_layouts["events"]
    assert remembered["widths"]["place"] == 222 and remembered["sort"] == ["title", False]
    again = new_page()  # the officer opens the window again
    qtbot.waitUntil(lambda: not again.is_loading())
    assert again.table.horizontalHeader().sectionSize(column("place")) == 222
    assert (again.model.sort_name(), again.model.descending()) == ("title", False)
    assert again.table.horizontalHeader().sortIndicatorSection() == column("title")
