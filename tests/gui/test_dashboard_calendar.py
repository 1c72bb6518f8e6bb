"""Dashboard and Calendar pages as an officer sees them."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.rules.obligations import ObligationKind
from desktop.services.calendar import list_overrides
from desktop.ui.app import build_main_window
from desktop.ui.calendar.page import CalendarPage
from desktop.ui.dashboard.page import DashboardPage
from tests.services.test_obligations_service import add_event

pytestmark = pytest.mark.gui


def loaded_dashboard(qtbot, store) -> DashboardPage:
    """A Dashboard whose obligations, computed off the GUI thread, have arrived."""
    page = DashboardPage(store)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        pass
    return page


def group_texts(page: DashboardPage) -> list[str]:
    return [page.tree.topLevelItem(index).text(0) for index in range(page.tree.topLevelItemCount())]


def test_dashboard_groups_colours_and_cites_the_item_p46(qtbot, store) -> None:
    today = dt.date.today()
    overdue_end = dt.datetime.combine(today - dt.timedelta(days=40), dt.time(12))
    add_event(store, ends=overdue_end)
    page = loaded_dashboard(qtbot, store)
    groups = group_texts(page)
    assert groups[0].startswith("Overdue")
    overdue = page.tree.topLevelItem(0)
    items = {overdue.child(row).text(3) for row in range(overdue.childCount())}
    assert "p.46" in items and "p.49" in items
    report_row = next(overdue.child(row) for row in range(overdue.childCount())
                      if overdue.child(row).data(0, Qt.ItemDataRole.UserRole).obligation.kind is ObligationKind.POST_EVENT_REPORT)
    assert report_row.background(0).color().name() == "#f4b6b6"
    assert page.banner.isVisible() or not page.isVisible()
    page.tree.setCurrentItem(report_row)
    assert "7 working days" in page.details.text()


def test_dashboard_shows_exempt_obligations_with_the_reason_p50(qtbot, store) -> None:
    add_event(store, exemption="criminal_proceedings")
    page = loaded_dashboard(qtbot, store)
    assert not any(text.startswith("Not applicable") for text in group_texts(page))
    page.show_closed.setChecked(True)
    not_applicable = next(page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())
                          if page.tree.topLevelItem(i).text(0).startswith("Not applicable"))
    assert not_applicable.childCount() >= 2  # the report and the diplomatic-service participation (p.46)
    assert "p.50" in not_applicable.child(0).toolTip(4)


def test_one_click_from_an_obligation_to_its_event(qtbot, store) -> None:
    event_id = add_event(store, ends=dt.datetime.combine(dt.date.today() - dt.timedelta(days=40), dt.time(12)))
    page = loaded_dashboard(qtbot, store)
    overdue = page.tree.topLevelItem(0)
    notice = next(overdue.child(row) for row in range(overdue.childCount()) if overdue.child(row).text(3) == "p.49")
    page.tree.setCurrentItem(notice)
    with qtbot.waitSignal(page.event_requested) as signal:
        page.open_button.click()
    assert signal.args == [event_id]


def test_dashboard_event_opens_the_editor_from_the_main_window(qtbot, qapp, store) -> None:
    event_id = add_event(store, ends=dt.datetime.combine(dt.date.today() - dt.timedelta(days=40), dt.time(12)))
    window = build_main_window(qapp, store, "en")
    qtbot.addWidget(window)
    window.open_event(event_id)
    assert window.pages.currentWidget() is window.events_page
    assert window.events_page.editor.isVisible() or window.events_page.editor is not None
    assert window.events_page.editor.event_id == event_id


def test_start_up_reminder_opens_the_dashboard(qtbot, qapp, store) -> None:
    add_event(store, ends=dt.datetime.combine(dt.date.today() - dt.timedelta(days=40), dt.time(12)))
    window = build_main_window(qapp, store, "en")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(window.dashboard.views), timeout=10_000)
    window.show_page("settings")
    message = window.remind_due_soon()
    assert message and "overdue" in message
    assert window.pages.currentWidget() is window.dashboard


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
    assert [stored.override.day for stored in list_overrides(store)] == [dt.date(2025, 12, 31)]
    assert "245" in page.count_label.text()
    assert "New Year transfer" in page.day_text.text()
    page.remove_button.click()
    assert list_overrides(store) == []


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
