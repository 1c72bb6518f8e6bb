"""The Events page: its table model and filter proxy, loading off the GUI thread, shortcuts, the bin and undo."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from PySide6.QtCore import QEvent, QPersistentModelIndex, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

from hattama import i18n
from hattama.i18n import format_datetime
from hattama.rules.obligations import ObligationState
from hattama.services.errors import ServiceError
from hattama.services.events import (
    EventData,
    Participant,
    Party,
    create_event,
    delete_event,
    get_event,
    list_event_rows,
)
from hattama.ui.events import page as page_module
from hattama.ui.events.page import EventsPage
from hattama.ui.events.table_model import (
    COLUMNS,
    ROW_ROLE,
    EventFilterProxy,
    EventFilters,
    EventTableModel,
)
from hattama.ui.row_table_model import collation_key
from hattama.ui.workers import JobCancelled, run_with_progress

pytestmark = pytest.mark.gui


def event(title_kk: str = "", title_ru: str = "", *, starts: dt.datetime = dt.datetime(2025, 3, 4, 10, 0),
          **fields) -> EventData:
    values = {"kind": "talks", "country": "KZ", "city": "Astana", **fields}
    return EventData(title_kk or "", title_ru or ("" if title_kk else "Переговоры"),
                     starts_at=starts, ends_at=starts + dt.timedelta(hours=2), **values)


@pytest.fixture
def model() -> EventTableModel:
    return EventTableModel()


@pytest.fixture
def proxy(model) -> EventFilterProxy:
    return EventFilterProxy(model)


def column(name: str) -> int:
    return COLUMNS.index(name)


def shown(proxy: EventFilterProxy, name: str = "title") -> list[str]:
    return [proxy.index(row, column(name)).data() for row in range(proxy.rowCount())]


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


# ------------------------------------------------------------------------------------------------ the model

def test_model_shows_rows_in_columns_with_babel_dates_and_names(store, model) -> None:
    starts = dt.datetime(2025, 3, 4, 10, 0)
    create_event(store, event("Қытаймен келіссөздер", "Переговоры с Китаем", starts=starts, country="CN",
                              city="Beijing", held_by_body=False))
    model.set_rows(list_event_rows(store), {})
    assert (model.rowCount(), model.columnCount()) == (1, len(COLUMNS))
    cells = {name: model.index(0, column(name)).data() for name in COLUMNS}
    assert cells["starts"] == format_datetime(starts, "short")
    assert cells["title"] == "Қытаймен келіссөздер"
    assert cells["kind"] == "Talks"
    assert cells["place"] == "Beijing, China"
    assert cells["abroad"] == "✈"
    assert cells["role"] == "Attended"
    assert model.index(0, column("title")).data(Qt.ItemDataRole.ToolTipRole) == (
        "Қытаймен келіссөздер\nПереговоры с Китаем")
    assert model.index(0, 0).data(ROW_ROLE).country == "CN"
    assert model.headerData(column("starts"), Qt.Orientation.Horizontal) == "Starts"


def test_obligation_state_is_shown_and_coloured(store, model) -> None:
    event_id = create_event(store, event("Кездесу"))
    model.set_rows(list_event_rows(store), {event_id: ObligationState.OVERDUE})
    cell = model.index(0, column("obligations"))
    assert cell.data() == "Overdue"
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None


def test_dates_sort_as_dates_not_as_text(store, model, proxy) -> None:
    # As text, "05.01.25" < "10.01.25" < "31.12.24" in Kazakh's short format; as dates 31 Dec 2024 comes first.
    for day in (dt.datetime(2025, 1, 5, 9), dt.datetime(2024, 12, 31, 9), dt.datetime(2025, 1, 10, 9)):
        create_event(store, event(f"Event {day.date()}", starts=day))
    model.set_rows(list_event_rows(store), {})
    proxy.sort(column("starts"), Qt.SortOrder.AscendingOrder)
    assert shown(proxy) == ["Event 2024-12-31", "Event 2025-01-05", "Event 2025-01-10"]
    proxy.sort(column("ends"), Qt.SortOrder.DescendingOrder)
    assert shown(proxy) == ["Event 2025-01-10", "Event 2025-01-05", "Event 2024-12-31"]


def test_titles_sort_in_the_kazakh_alphabet(store, model, proxy) -> None:
    for title in ("Яқын", "Әуе", "бас", "Ақпан", "Ұлт", "Урал"):
        create_event(store, event(title))
    model.set_rows(list_event_rows(store), {})
    proxy.sort(column("title"), Qt.SortOrder.AscendingOrder)
    # Code-point order would put Ә and Ұ after Я.
    assert shown(proxy) == ["Ақпан", "Әуе", "бас", "Урал", "Ұлт", "Яқын"]
    assert collation_key("Ё") < collation_key("Ж") < collation_key("Қ") < collation_key("Л")


def test_sorting_keeps_the_selected_event_selected(store, model, proxy) -> None:
    for title in ("В", "А", "Б"):
        create_event(store, event(title))
    model.set_rows(list_event_rows(store), {})
    persistent = [proxy.index(row, 0) for row in range(3)]
    target = next(index for index in persistent if proxy.row_at(index).title_kk == "Б")
    kept = QPersistentModelIndex(target)
    proxy.sort(column("title"), Qt.SortOrder.AscendingOrder)
    assert kept.row() == 1 and proxy.row_at(proxy.index(kept.row(), 0)).title_kk == "Б"


# ------------------------------------------------------------------------------------------------- the proxy

@pytest.fixture
def filled(store, model):
    ids = {
        "china": create_event(store, event("Қытай делегациясымен келіссөздер", "Переговоры с делегацией Китая",
                                           parties=(Party("country", "CN"),))),
        "forum": create_event(store, event("", "Форум ШОС", kind="conference_forum", country="UZ", city="Tashkent",
                                           starts=dt.datetime(2024, 9, 1, 9), parties=(Party("organisation", "SCO"),),
                                           participants=(Participant("ours", "Ә. Қасымова"),))),
        "visit": create_event(store, event("Germany visit", kind="official_visit", country="DE", city="Berlin")),
    }
    states = {ids["china"]: ObligationState.OVERDUE, ids["forum"]: ObligationState.DONE}
    model.set_rows(list_event_rows(store), states)
    return ids


def test_search_is_case_insensitive_over_titles_parties_and_participants(filled, proxy) -> None:
    proxy.set_filters(EventFilters(search="ҚЫТАЙ"))
    assert shown(proxy) == ["Қытай делегациясымен келіссөздер"]
    proxy.set_filters(EventFilters(search="китай"))  # the party CN, named in Russian
    assert shown(proxy) == ["Қытай делегациясымен келіссөздер"]
    proxy.set_filters(EventFilters(search="shanghai"))  # the SCO, named in English
    assert shown(proxy) == ["Форум ШОС"]
    proxy.set_filters(EventFilters(search="қасымова"))  # a participant
    assert shown(proxy) == ["Форум ШОС"]
    proxy.set_filters(EventFilters(search="  "))
    assert proxy.rowCount() == 3


def test_filters_by_year_kind_country_and_obligation_state(filled, proxy) -> None:
    proxy.set_filters(EventFilters(year=2024))
    assert shown(proxy) == ["Форум ШОС"]
    proxy.set_filters(EventFilters(kind="official_visit"))
    assert shown(proxy) == ["Germany visit"]
    # The country is where the event is held, or a foreign party.
    proxy.set_filters(EventFilters(country="CN"))
    assert shown(proxy) == ["Қытай делегациясымен келіссөздер"]
    proxy.set_filters(EventFilters(country="UZ"))
    assert shown(proxy) == ["Форум ШОС"]
    proxy.set_filters(EventFilters(state=ObligationState.OVERDUE))
    assert shown(proxy) == ["Қытай делегациясымен келіссөздер"]
    proxy.set_filters(EventFilters(search="форум", year=2025))
    assert proxy.rowCount() == 0


def test_the_filter_holds_through_reload_sorting_removal_and_undo(store, model, proxy) -> None:
    for title in ("Қытай А", "Түркия", "Қытай Б", "Германия"):
        create_event(store, event(title))
    proxy.set_filters(EventFilters(search="қытай"))
    model.set_rows(list_event_rows(store), {})  # a reload under an active filter
    assert sorted(shown(proxy)) == ["Қытай А", "Қытай Б"]
    proxy.sort(column("title"), Qt.SortOrder.DescendingOrder)
    assert shown(proxy) == ["Қытай Б", "Қытай А"]
    removed = model.remove_ids({row.id for row in model.rows if row.title_kk in ("Түркия", "Қытай Б")})
    assert shown(proxy) == ["Қытай А"]
    model.add_rows(removed)
    assert shown(proxy) == ["Қытай Б", "Қытай А"]
    proxy.set_filters(EventFilters())
    assert shown(proxy) == ["Түркия", "Қытай Б", "Қытай А", "Германия"]


def test_filtering_never_goes_through_index_or_data(filled, model, proxy, monkeypatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(model, "data", lambda *args: calls.append("data"))
    monkeypatch.setattr(model, "index", lambda *args: calls.append("index"))
    proxy.set_filters(EventFilters(search="форум", country="UZ"))
    assert proxy.rowCount() == 1
    assert calls == []


def test_typing_on_narrows_and_stepping_back_restores(filled, proxy) -> None:
    for typed in ("ф", "фо", "фор", "форум"):
        proxy.set_filters(EventFilters(search=typed))
        assert shown(proxy) == ["Форум ШОС"]
    proxy.set_filters(EventFilters(search="форумы"))  # one letter too many
    assert shown(proxy) == []
    proxy.set_filters(EventFilters(search="форум"))  # backspace
    assert shown(proxy) == ["Форум ШОС"]
    proxy.set_filters(EventFilters(search="е"))  # a new word: every row is searched again
    assert sorted(shown(proxy)) == ["Germany visit", "Форум ШОС", "Қытай делегациясымен келіссөздер"]


def test_a_filter_change_keeps_the_selected_event_selected(filled, model, proxy) -> None:
    forum = next(proxy.index(row, 0) for row in range(proxy.rowCount()) if proxy.row_at(proxy.index(row, 0))
                 .id == filled["forum"])
    kept = QPersistentModelIndex(forum)
    proxy.set_filters(EventFilters(search="шос"))
    assert kept.isValid() and kept.row() == 0 and proxy.row_at(proxy.index(kept.row(), 0)).id == filled["forum"]
    proxy.set_filters(EventFilters(search="germany"))  # filtered out: nothing left to point at
    assert not kept.isValid()


def test_headers_stay_when_nothing_matches(filled, proxy) -> None:
    proxy.set_filters(EventFilters(search="nothing like this"))
    assert proxy.rowCount() == 0
    assert proxy.headerData(column("title"), Qt.Orientation.Horizontal) == "Title"


def test_the_proxy_keeps_qt_model_rules_through_filtering_sorting_and_the_bin(store, filled, model, proxy,
                                                                             qtmodeltester, qtlog) -> None:
    # Qt's QAbstractItemModelTester rechecks the proxy on every signal it emits and warns "FAIL!" on a breach.
    qtmodeltester.check(proxy)
    proxy.set_filters(EventFilters(search="қытай"))
    proxy.set_filters(EventFilters(year=2025))
    proxy.sort(column("title"), Qt.SortOrder.AscendingOrder)
    removed = model.remove_ids({filled["china"]})
    model.add_rows(removed)
    model.set_rows(list_event_rows(store), {})
    proxy.set_filters(EventFilters())
    assert proxy.rowCount() == 3
    assert [record.message for record in qtlog.records if "FAIL" in record.message] == []


# ------------------------------------------------------------------------------------- loading and the page

def test_rows_load_off_the_gui_thread_and_show_with_a_busy_bar(qtbot, store, new_page, monkeypatch) -> None:
    create_event(store, event("Кездесу"))
    threads: list[int] = []
    release = threading.Event()

    def slow_rows(*args, **kwargs):
        threads.append(threading.get_ident())
        release.wait(5)
        return list_event_rows(*args, **kwargs)

    monkeypatch.setattr(page_module, "list_event_rows", slow_rows)
    widget = new_page()
    # The constructor returned while the worker still waits: the window is not blocked.
    assert widget.is_loading() and widget.loading.bar.isVisible()
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


def test_search_as_you_type_is_debounced(qtbot, page, store) -> None:
    create_event(store, event("Қытай"))
    create_event(store, event("Түркия"))
    reload(qtbot, page)
    page.search.setText("қыт")
    assert page.proxy.rowCount() == 2  # not yet: the timer waits for a pause in typing
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1, timeout=2000)
    assert page.count_label.text() == "Shown: 1 of 2"


def test_filter_widgets_drive_the_proxy(qtbot, page, store) -> None:
    create_event(store, event("Kazakh", starts=dt.datetime(2024, 5, 1, 9)))
    create_event(store, event("German", country="DE", city="Berlin"))
    reload(qtbot, page)
    assert [page.year.itemData(i) for i in range(page.year.count())] == [None, 2025, 2024]
    page.year.setCurrentIndex(page.year.findData(2024))
    assert shown(page.proxy) == ["Kazakh"]
    page.year.setCurrentIndex(0)
    page.country.set_code("DE")
    page.apply_filters()
    assert shown(page.proxy) == ["German"]
    page.country.setEditText("Ger")  # half-typed: no country filter yet
    page.apply_filters()
    assert page.proxy.rowCount() == 2


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
    rect = page.table.visualRect(page.proxy.index(0, column("title")))
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
    qtbot.waitUntil(page.undo_bar.isVisible)  # written on the writing thread
    assert [row.id for row in list_event_rows(store, deleted=True)] == [gone]
    assert [row.id for row in page.model.rows] == [keep]
    assert page.undo_bar.isVisible() and page.undo_label.text() == "1 event moved to the bin."
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not page.undo_bar.isVisible())
    assert list_event_rows(store, deleted=True) == []
    assert {row.id for row in page.model.rows} == {keep, gone}
    assert not page.undo_bar.isVisible()
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
    assert page.model.rowCount() == 3 and list_event_rows(store, deleted=True) == []
    # Restored rows go back to their sorted places (newest first).
    assert shown(page.proxy) == ["Day 5", "Day 4", "Day 3"]


def test_the_bin_lists_deleted_events_and_restores_them(qtbot, page, store) -> None:
    event_id = create_event(store, event("Жойылған"))
    create_event(store, event("Тірі"))
    delete_event(store, event_id)
    page.bin_button.click()
    qtbot.waitUntil(lambda: not page.is_loading())
    assert shown(page.proxy) == ["Жойылған"]
    assert page.restore_button.isVisible() and not page.new_button.isEnabled()
    page.select_event(event_id)
    page.restore_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert get_event(store, event_id).deleted_at is None
    page.bin_button.click()
    qtbot.waitUntil(lambda: not page.is_loading())
    assert sorted(shown(page.proxy)) == ["Жойылған", "Тірі"]


def test_saving_in_the_editor_reloads_and_selects_the_event(qtbot, page, store) -> None:
    editor = page.open_event(None)
    editor.title_kk.setText("Жаңа кездесу")
    editor.save()
    qtbot.waitUntil(lambda: not page.is_loading() and page.model.rowCount() == 1)
    assert [row.title_kk for row in page.selected_rows()] == ["Жаңа кездесу"]


def test_language_switch_relabels_headers_and_cells(qtbot, page, store) -> None:
    create_event(store, event("Кездесу", country="CN", city=""))
    reload(qtbot, page)
    place = page.proxy.index(0, column("place"))
    assert place.data() == "China"
    with qtbot.waitSignal(page.model.headerDataChanged):
        i18n.set_language("ru")
        QApplication.sendEvent(page, QEvent(QEvent.Type.LanguageChange))
    assert place.data() == "Китай"
    assert page.country.findData("CN") >= 0 and page.country.itemText(page.country.findData("CN")) == "Китай"


def test_ids_are_event_ids(store, model) -> None:
    event_id = create_event(store, event("Бір"))
    model.set_rows(list_event_rows(store), {})
    assert model.row_of(event_id) == 0 and model.row_of(uuid.uuid4()) is None
