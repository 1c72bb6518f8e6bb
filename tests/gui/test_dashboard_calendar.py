"""Dashboard and Calendar pages as an officer sees them."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QTreeView

from hattama import clock, i18n
from hattama.presentation import obligations as words
from hattama.presentation.obligations import SHORT_STATE_LABELS, STATE_LABELS
from hattama.rules.errors import Title
from hattama.rules.obligations import ITEM_BODY_DUTIES, Obligation, ObligationKind, ObligationState
from hattama.services.calendar import list_overrides
from hattama.services.obligations import GROUPS, ObligationView, dashboard_groups
from hattama.services.reports import get_report, report_for_event
from hattama.services.settings import update_settings
from hattama.ui.app import build_main_window
from hattama.ui.calendar.page import CalendarPage
from hattama.ui.dashboard import obligations_model
from hattama.ui.dashboard import page as page_module
from hattama.ui.dashboard.groups import group_titles
from hattama.ui.dashboard.obligations_model import VIEW_ROLE, ObligationTreeModel
from hattama.ui.dashboard.page import DashboardPage
from tests.services.test_obligations_service import add_event

pytestmark = pytest.mark.gui

ITEM, TITLE = 3, 4  # columns


def loaded_dashboard(qtbot, store) -> DashboardPage:
    """A Dashboard whose obligations, computed off the GUI thread, have arrived."""
    page = DashboardPage(store)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        pass
    return page


def group_rows(page: DashboardPage) -> list[QModelIndex]:
    return [page.model.index(row, 0) for row in range(page.model.rowCount())]


def group_texts(page: DashboardPage) -> list[str]:
    return [group.data() for group in group_rows(page)]


def obligation_rows(page: DashboardPage, group: QModelIndex) -> list[QModelIndex]:
    return [page.model.index(row, 0, group) for row in range(page.model.rowCount(group))]


def requesting(store) -> None:
    """The MFA asks for every p.46 report, and the unit wants the p.49 notice for every meeting: the obligations
    these tests look at are due without a recorded request or a series."""
    update_settings(store, mfa_requests_all_reports=True, p49_notice_every_meeting=True)


def test_dashboard_groups_colours_and_cites_the_item_p46(qtbot, store) -> None:
    requesting(store)
    add_event(store, ends=datetime_days_ago(40))
    page = loaded_dashboard(qtbot, store)
    groups = group_texts(page)
    assert groups[0].startswith("Overdue")
    overdue = group_rows(page)[0]
    # Overdue and this week open; later, awaiting the MFA's request and outside the calendar closed.
    assert [page.tree.isExpanded(group) for group in group_rows(page)] == [True, True, False, False, False]
    assert page.tree.isFirstColumnSpanned(0, QModelIndex())
    # The widths the column layout sets (issue 19: fitted to their content) survive the model's reset.
    widths = [page.tree.columnWidth(column) for column in range(page.model.columnCount())]
    assert page.tree.columnWidth(TITLE) != page.tree.header().defaultSectionSize()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()
    assert [page.tree.columnWidth(column) for column in range(page.model.columnCount())] == widths
    rows = obligation_rows(page, overdue)
    items = {row.siblingAtColumn(ITEM).data() for row in rows}
    assert "p.46" in items and "p.49" in items
    report_row = next(row for row in rows if row.data(VIEW_ROLE).obligation.kind is ObligationKind.POST_EVENT_REPORT)
    assert report_row.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#f4b6b6"
    assert page.banner.isVisible() or not page.isVisible()
    page.tree.setCurrentIndex(report_row)
    assert "7 working days" in page.details.text()


def test_dashboard_shows_exempt_obligations_with_the_reason_p50(qtbot, store) -> None:
    add_event(store, exemption="criminal_proceedings")
    page = loaded_dashboard(qtbot, store)
    assert not any(text.startswith("Not applicable") for text in group_texts(page))
    with qtbot.assertNotEmitted(page.loaded):  # the groups were computed with the rest; nothing is recomputed
        page.show_closed.setChecked(True)
    not_applicable = next(group for group in group_rows(page) if group.data().startswith("Not applicable"))
    assert not page.tree.isExpanded(not_applicable) and page.tree.isFirstColumnSpanned(not_applicable.row(), QModelIndex())
    rows = obligation_rows(page, not_applicable)
    assert len(rows) >= 2  # the report and the diplomatic-service participation (p.46)
    assert "p.50" in rows[0].siblingAtColumn(TITLE).data(Qt.ItemDataRole.ToolTipRole)
    page.show_closed.setChecked(False)
    assert not any(text.startswith("Not applicable") for text in group_texts(page))


def test_one_click_from_an_obligation_to_its_event(qtbot, store) -> None:
    requesting(store)
    event_id = add_event(store, ends=datetime_days_ago(40))
    page = loaded_dashboard(qtbot, store)
    notice = next(row for row in obligation_rows(page, group_rows(page)[0]) if row.siblingAtColumn(ITEM).data() == "p.49")
    page.tree.setCurrentIndex(notice)
    with qtbot.waitSignal(page.event_requested) as signal:
        page.open_button.click()
    assert signal.args == [event_id]
    with qtbot.waitSignal(page.event_requested) as signal:
        qtbot.keyClick(page.tree, Qt.Key.Key_Return)  # activating the row does the same
    assert signal.args == [event_id]


def test_language_switch_relabels_groups_cells_and_details(qtbot, store) -> None:
    add_event(store, ends=datetime_days_ago(40))
    page = loaded_dashboard(qtbot, store)
    overdue = group_rows(page)[0]
    row = obligation_rows(page, overdue)[0]
    page.tree.setCurrentIndex(row)
    english_title = row.siblingAtColumn(TITLE).data()
    with qtbot.waitSignal(page.model.headerDataChanged):
        i18n.set_language("ru")
        QApplication.sendEvent(page, QEvent(QEvent.Type.LanguageChange))
    assert overdue.data().startswith("Просрочено (")
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Срок"
    russian_title = row.siblingAtColumn(TITLE).data()
    # The tree shows the title short (issue 19), the details pane and the tooltip the whole of it.
    assert russian_title != english_title and russian_title == words.short_title(row.data(VIEW_ROLE), "ru")
    assert words.title(row.data(VIEW_ROLE), "ru") in page.details.text()
    assert words.title(row.data(VIEW_ROLE), "ru") in row.siblingAtColumn(TITLE).data(Qt.ItemDataRole.ToolTipRole)


# ------------------------------------------------------------------------------------- the obligations model

# Dates no other test formats, so the model's cache of formatted dates holds none of them yet.
UNFORMATTED_DATES_FROM = dt.date(2091, 1, 1)


class Listed:
    """Groups served from a list (as the store serves them: sizes, then windows of rows in due-date order)."""

    def __init__(self, views: list[ObligationView], group_of) -> None:
        self.members = {group: sorted((view for view in views if group_of(view) == group),
                                      key=lambda view: view.obligation.planned_due) for group in GROUPS}
        self.counts = {group: len(members) for group, members in self.members.items()}

    def rows(self, group: str, offset: int, limit: int) -> list[ObligationView]:
        return self.members[group][offset:offset + limit]


_GROUP_OF_STATE = {ObligationState.OVERDUE: "overdue", ObligationState.DUE_TODAY: "this_week",
                   ObligationState.DUE_SOON: "this_week", ObligationState.UPCOMING: "later",
                   ObligationState.AWAITING_REQUEST: "awaiting_request", ObligationState.NO_CALENDAR: "no_calendar",
                   ObligationState.DONE: "done", ObligationState.NOT_REQUESTED: "done",
                   ObligationState.NOT_APPLICABLE: "not_applicable",
                   ObligationState.BEFORE_TRACKING: "before_tracking"}


def listed(views: list[ObligationView]) -> Listed:
    return Listed(views, lambda view: _GROUP_OF_STATE[view.state])


def synthetic_view(number: int, state: ObligationState, due: dt.date) -> ObligationView:
    obligation = Obligation(ObligationKind.POST_EVENT_REPORT, ITEM_BODY_DUTIES, str(number), due, due, state,
                            trigger_on=due - dt.timedelta(days=9))
    return ObligationView(obligation, uuid.uuid4(), Title(f"Event {number}", ""), None, None)


def test_the_model_computes_only_the_cells_on_screen(qtbot, monkeypatch) -> None:
    views = [synthetic_view(number, ObligationState.OVERDUE, UNFORMATTED_DATES_FROM + dt.timedelta(days=number))
             for number in range(3000)]
    titled: list[str] = []
    explained: list[str] = []
    formatted: list[dt.date] = []
    real_title, real_format_date = words.short_title, obligations_model.format_date
    monkeypatch.setattr(words, "short_title", lambda view, language: titled.append(view.obligation.subject_id)
                        or real_title(view, language))  # the tree shows the title short (issue 19)
    monkeypatch.setattr(words, "explanation",
                        lambda view, language: explained.append(view.obligation.subject_id) or "")
    monkeypatch.setattr(obligations_model, "format_date",
                        lambda value, *args: formatted.append(value) or real_format_date(value, *args))
    model = ObligationTreeModel()
    model.set_groups(listed(views))
    tree = QTreeView()
    qtbot.addWidget(tree)
    tree.setUniformRowHeights(True)
    tree.setModel(model)
    tree.resize(700, 300)
    overdue = model.group_index("overdue")
    tree.expand(overdue)
    tree.show()

    def on_screen() -> set[str]:
        rows = [model.index(row, 0, overdue) for row in range(model.rowCount(overdue))]
        return {row.data(VIEW_ROLE).obligation.subject_id for row in rows
                if tree.visualRect(row).intersects(tree.viewport().rect())}

    tree.grab()  # paints now, as the screen would
    first_screen = on_screen()
    assert titled and set(titled) <= first_screen and len(first_screen) < 100
    assert formatted and {view.obligation.planned_due for view in views
                          if view.obligation.subject_id in first_screen} >= set(formatted)
    assert explained == []  # a tooltip is asked for on hover only
    titled.clear()
    tree.scrollToBottom()
    tree.grab()
    assert views[-1].obligation.subject_id in titled and set(titled) <= on_screen()


def test_the_obligation_model_keeps_qt_model_rules(qtmodeltester, qtlog) -> None:
    today = clock.today()
    states = list(ObligationState)
    views = [synthetic_view(number, states[number % len(states)], today + dt.timedelta(days=number % 30 - 10))
             for number in range(300)]
    model = ObligationTreeModel()
    # Qt's QAbstractItemModelTester rechecks the model on every signal it emits and warns "FAIL!" on a breach.
    qtmodeltester.check(model)
    model.set_groups(listed(views))
    model.show_closed(True)
    assert [model.rowCount(model.index(row, 0)) > 0 for row in range(model.rowCount())] == [True] * len(GROUPS)
    model.retranslate()
    model.show_closed(False)
    assert model.rowCount() == 5
    model.set_groups(listed(views[:7]))
    assert [record.message for record in qtlog.records if "FAIL" in record.message] == []


def test_dashboard_event_opens_the_editor_from_the_main_window(qtbot, qapp, store) -> None:
    event_id = add_event(store, ends=datetime_days_ago(40))
    window = build_main_window(qapp, store, "en")
    qtbot.addWidget(window)
    window.open_event(event_id)
    assert window.pages.currentWidget() is window.events_page
    assert window.events_page.editor.isVisible() or window.events_page.editor is not None
    assert window.events_page.editor.event_id == event_id


def test_start_up_reminder_leaves_the_officer_on_the_page_they_chose(qtbot, qapp, store) -> None:
    """Issue 22.4: the Dashboard's data arriving while the officer is on Events does not pull them back."""
    add_event(store, ends=datetime_days_ago(40))
    window = build_main_window(qapp, store, "en")
    qtbot.addWidget(window)
    window.show_page("events")
    qtbot.waitUntil(lambda: window.dashboard.groups is not None, timeout=10_000)
    message = window.remind_due_soon()
    assert message and "overdue" in message
    assert window.pages.currentWidget() is window.events_page


def test_calendar_page_explains_a_day_and_enters_an_override(qtbot, store) -> None:
    page = CalendarPage(store)
    qtbot.addWidget(page)
    page.year.setValue(2025)
    assert "246" in page.count_label.text()
    page.view.select(dt.date(2025, 1, 3))
    assert "Government" in page.day_text.text()
    page.view.select(dt.date(2025, 12, 31))
    page.make_off.setChecked(True)
    page.reason.setText("New Year transfer")
    page.act.setText("Decree No. 1")
    page.add_button.click()
    qtbot.waitUntil(lambda: "245" in page.count_label.text())  # stored on the writing thread, then shown
    assert [stored.override.day for stored in list_overrides(store)] == [dt.date(2025, 12, 31)]
    assert "245" in page.count_label.text()
    assert "New Year transfer" in page.day_text.text()
    page.remove_button.click()
    qtbot.waitUntil(lambda: list_overrides(store) == [])


def test_calendar_click_on_a_cell_selects_that_day(qtbot, store) -> None:
    page = CalendarPage(store)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.year.setValue(2026)
    target = dt.date(2026, 3, 23)
    centre = page.view._cell_rect(target).center()
    with qtbot.waitSignal(page.view.day_selected) as signal:
        qtbot.mouseClick(page.view, Qt.MouseButton.LeftButton, pos=centre)
    assert signal.args == [target]


def test_a_reload_shows_it_is_computing_and_the_newest_answer_wins(qtbot, store, monkeypatch) -> None:
    page = loaded_dashboard(qtbot, store)
    page.show()
    release = threading.Event()
    calls: list[int] = []

    def slow_first(*args, **kwargs):
        calls.append(1)
        groups = dashboard_groups(*args, **kwargs)
        if len(calls) == 1:
            release.wait(5)  # the older reload, with one event, answers last
        return groups

    monkeypatch.setattr(page_module, "dashboard_groups", slow_first)
    requesting(store)
    add_event(store, ends=datetime_days_ago(40))
    page.reload()
    assert page.is_loading()
    qtbot.waitUntil(page.loading.isVisible)  # a load that lasts shows its bar (after hattama.ui.loading's pause)
    assert page.loading.label.text() == "Computing obligations…"
    qtbot.waitUntil(lambda: len(calls) == 1)
    qtbot.wait(300)  # the older reload has read the store by now
    add_event(store, ends=datetime_days_ago(50))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()  # replaces the one still running
    release.set()
    QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)  # deliver the older answer, which must be dropped
    assert not page.is_loading() and not page.loading.isVisible()
    overdue = group_rows(page)[0]
    reports = [row for row in obligation_rows(page, overdue)
               if row.data(VIEW_ROLE).obligation.kind is ObligationKind.POST_EVENT_REPORT]
    assert len(reports) == 2  # both events' p.46 reports: the newer reload's answer


def datetime_days_ago(days: int) -> dt.datetime:
    return dt.datetime.combine(clock.today() - dt.timedelta(days=days), dt.time(12))


def test_a_very_long_urgent_group_opens_only_on_a_click(qtbot, store, monkeypatch) -> None:
    # Three overdue events give more overdue obligations than a limit of 2 allows; "this week" stays under it.
    monkeypatch.setattr(page_module, "EXPAND_AT_MOST", 2)
    for days in (40, 50, 60):
        add_event(store, ends=datetime_days_ago(days))
    page = loaded_dashboard(qtbot, store)
    overdue = group_rows(page)[0]
    assert page.model.rowCount(overdue) > 2
    assert group_texts(page)[0] == f"Overdue ({page.model.rowCount(overdue)})"  # the count shows all the same
    assert not page.tree.isExpanded(overdue)
    assert page.tree.isExpanded(group_rows(page)[1])


# ------------------------------------------------------------------------------------------- issue 11

@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_p46_report_awaiting_the_request_has_its_own_group_in_each_language(qtbot, store, language: str) -> None:
    """p.46 «СІМ-нің сұратуы бойынша»: never among the overdue; in its own group, labelled in the language."""
    event_id = add_event(store, ends=datetime_days_ago(40))
    i18n.set_language(language)
    page = loaded_dashboard(qtbot, store)
    awaiting = page.model.group_index("awaiting_request")
    [row] = obligation_rows(page, awaiting)
    view = row.data(VIEW_ROLE)
    assert (view.event_id, view.state) == (event_id, ObligationState.AWAITING_REQUEST)
    assert awaiting.data() == f"{group_titles()['awaiting_request']} (1)"
    assert row.siblingAtColumn(1).data() == i18n._(SHORT_STATE_LABELS[ObligationState.AWAITING_REQUEST])
    assert row.siblingAtColumn(1).data(Qt.ItemDataRole.ToolTipRole) == i18n._(
        STATE_LABELS[ObligationState.AWAITING_REQUEST])
    assert words.explanation(view, language).startswith(words.item_label(view.obligation.item, language))
    assert not [r for r in obligation_rows(page, page.model.group_index("overdue"))
                if r.data(VIEW_ROLE).obligation.kind is ObligationKind.POST_EVENT_REPORT]


def test_p46_not_requested_from_the_dashboard_with_the_reason(qtbot, store, monkeypatch) -> None:
    event_id = add_event(store, ends=datetime_days_ago(40))
    page = loaded_dashboard(qtbot, store)
    [row] = obligation_rows(page, page.model.group_index("awaiting_request"))
    page.tree.setCurrentIndex(row)
    assert page.not_requested_button.isEnabled()
    monkeypatch.setattr(page_module.QInputDialog, "getText", lambda *_args, **_kwargs: ("No request came", True))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.not_requested_button.click()
    record = get_report(store, report_for_event(store, event_id))
    assert record.not_requested_reason == "No request came"
    assert obligation_rows(page, page.model.group_index("awaiting_request")) == []


def test_an_event_outside_the_calendar_never_breaks_the_dashboard(qtbot, store) -> None:
    """Issue 11 point 8: a 1998 event used to make the whole Dashboard fail; now its obligations stand apart,
    with the reason, and the others are shown as usual."""
    requesting(store)
    old = add_event(store, ends=dt.datetime(1998, 5, 10, 17))
    add_event(store, ends=datetime_days_ago(40))
    page = loaded_dashboard(qtbot, store)
    outside = obligation_rows(page, page.model.group_index("no_calendar"))
    assert outside and {row.data(VIEW_ROLE).event_id for row in outside} == {old}
    page.tree.setCurrentIndex(outside[0])
    assert "1998" in page.details.text()
    assert obligation_rows(page, page.model.group_index("overdue"))


# ------------------------------------------------------------------------------------------- issue 19.7

def test_open_goes_to_what_closes_the_obligation_p44_p46(qtbot, qapp, store) -> None:
    """The p.44 notice of a direct letter opens that letter; the p.46 plan of 20 December opens the plan of the
    next year (and the start-up reminder did not pull the officer anywhere meanwhile)."""
    from hattama.services.letters import LetterData, add_letter

    letter_id = add_letter(store, LetterData(direction="outgoing", correspondent_kind="diplomatic_mission",
                                             dated_on=dt.date(2026, 12, 3), correspondent="Embassy", subject="Visit",
                                             channel="direct_urgent", urgency_reason="arrives on 7 December"))
    window = build_main_window(qapp, store, "en")
    qtbot.addWidget(window)
    page = window.dashboard
    qtbot.waitUntil(lambda: page.groups is not None, timeout=10_000)

    def row_of(group: str, kind: ObligationKind) -> QModelIndex:
        parent = page.model.group_index(group)
        return next(row for row in obligation_rows(page, parent) if row.data(VIEW_ROLE).obligation.kind is kind)

    page.tree.setCurrentIndex(row_of("this_week", ObligationKind.DIRECT_LETTER_NOTICE))  # due the next WD: today
    assert page.open_button.isEnabled() and page.open_button.text() == "Open letters"
    with qtbot.waitSignal(page.letter_requested) as signal:
        page.open_button.click()
    assert signal.args == [letter_id]
    assert window.pages.currentWidget() is window.letters_page
    window.show_page("dashboard")
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=10_000)
    page.tree.setCurrentIndex(row_of("later", ObligationKind.ANNUAL_PLAN_AND_REPORT))
    assert page.open_button.text() == "Open plan"
    page.open_button.click()
    assert window.pages.currentWidget() is window.plan_page
    assert window.plan_page.year.value() == 2027  # the plan for next year goes with 20 December 2026


def test_the_dashboard_reads_a_window_of_rows_when_a_long_group_scrolls_into_view(qtbot, store) -> None:
    """Issue 18.3: the rows of a group are read a window at a time, not all at once."""
    requesting(store)
    for days in range(40, 40 + 130):  # 130 events, each with overdue obligations: more than one window
        add_event(store, ends=datetime_days_ago(days))
    page = loaded_dashboard(qtbot, store)
    page.resize(900, 600)
    page.show()
    overdue = page.model.group_index("overdue")
    assert page.model.rowCount(overdue) > page.model.WINDOW
    page.tree.expand(overdue)
    page.tree.grab()
    read = page.model.windows_read
    assert read <= 1  # the first window came with the groups (read on the worker)
    page.tree.scrollToBottom()
    page.tree.grab()
    assert page.model.windows_read == read + 1  # the last rows: one more window
