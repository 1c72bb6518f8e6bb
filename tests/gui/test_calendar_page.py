"""Calendar page (issue 19.7): the overrides in force listed and openable, and the working-day calculator, both
from the calendar service (the unit's overrides count)."""

from __future__ import annotations

import datetime as dt

import pytest

from hattama.i18n import format_date
from hattama.services.calendar import add_override, list_overrides, remove_override
from hattama.ui.calendar.page import CalendarPage

pytestmark = pytest.mark.gui

FRIDAY = dt.date(2026, 12, 4)  # the pinned day
MONDAY, TUESDAY = dt.date(2026, 12, 7), dt.date(2026, 12, 8)


@pytest.fixture
def page(qtbot, store, widgets):
    made = CalendarPage(store)
    widgets.append(made)
    made.show()
    return made


def test_overrides_in_force_are_listed_and_open_their_day(qtbot, page, store) -> None:
    add_override(store, dt.date(2027, 1, 4), False, "Bridge day", "Decree No. 7", "officer")
    add_override(store, MONDAY, True, "Removed later", "", "officer")
    remove_override(store, next(s.id for s in list_overrides(store) if s.override.day == MONDAY), "officer")
    page.reload()
    assert page.overrides.rowCount() == 1  # the removed one is no longer in force
    assert page.overrides.item(0, 0).text() == format_date(dt.date(2027, 1, 4), "short")
    assert page.overrides.item(0, 2).text() == "Bridge day (Decree No. 7)"
    page.overrides.cellClicked.emit(0, 0)
    assert page.year.value() == 2027
    assert page.day_title.text() == format_date(dt.date(2027, 1, 4), "full")
    assert page.side.currentWidget() is page.day_box
    assert page.remove_button.isEnabled()


def test_a_date_plus_working_days_skips_the_weekend_and_the_units_days_off(page, store) -> None:
    page.after_start.set_value(FRIDAY)
    page.after_count.setValue(1)
    assert format_date(MONDAY, "full") in page.after_result.text()
    add_override(store, MONDAY, False, "Transfer", "", "officer")
    page.reload()
    assert format_date(TUESDAY, "full") in page.after_result.text()


def test_working_days_between_two_dates(page, store) -> None:
    page.between_start.set_value(FRIDAY)
    page.between_end.set_value(dt.date(2026, 12, 11))
    assert page.between_result.text().startswith("5 working days")
    page.between_end.set_value(MONDAY)
    assert page.between_result.text().startswith("1 working day ")
    page.between_start.set_value(dt.date(2026, 12, 11))
    assert page.between_result.text().startswith("-4 working days")


def test_a_date_outside_the_calendar_is_named_not_computed(page) -> None:
    page.between_end.set_value(dt.date(2300, 1, 1))
    assert page.between_end.value() == dt.date(2100, 12, 31)  # the picker stays within the calendar's years
    page.after_start.set_value(dt.date(2100, 12, 20))
    page.after_count.setValue(30)
    assert "2101" in page.after_result.text() and "Working day" not in page.after_result.text()
