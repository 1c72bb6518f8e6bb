"""The generated holiday table (rules/kz_holiday_table.py) is `holidays.KZ` exactly, and the calendar reads it
without importing the package (issue 18.1: the package's first import was most of the Dashboard's first second).

A failure here after upgrading `holidays` means: run `packaging/generate_holiday_table.py`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta

import holidays
import pytest

from hattama.rules import calendar as calendar_module
from hattama.rules import kz_holiday_table
from hattama.rules.calendar import FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, WorkingCalendar


def _package_calendar_day(package: holidays.HolidayBase, day: date) -> tuple[str | None, bool]:
    return package.get(day), package.is_working_day(day)


def test_the_table_covers_the_supported_years_and_names_the_installed_package() -> None:
    assert (kz_holiday_table.FIRST_YEAR, kz_holiday_table.LAST_YEAR) == (FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR)
    assert kz_holiday_table.PACKAGE_VERSION == holidays.__version__
    assert calendar_module.BASE_DATA_VERSION == holidays.__version__


def test_every_day_of_the_supported_years_is_as_the_package_gives_it() -> None:
    """Texts (holiday names, observed, estimated, substituted days off) and working days, day by day, against the
    package loaded the way the calendar loaded it before the table (a year with its neighbours)."""
    package = holidays.country_holidays("KZ", language="en_US", years=())
    calendar = WorkingCalendar()
    differences = []
    for year in range(FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR + 1):
        for neighbour in (year - 1, year, year + 1):
            package.get(date(neighbour, 1, 1))
        day = date(year, 1, 1)
        while day.year == year:
            info = calendar.day_info(day)
            text = package.get(day)
            expected_names = calendar_module.holiday_names(text) if text is not None else ()
            if (info.holidays, info.is_working, calendar.is_working_day(day)) != (
                    expected_names, package.is_working_day(day), package.is_working_day(day)):
                differences.append(day)
            day += timedelta(1)
    assert differences == []
    table_workdays = {date.fromisoformat(text) for text in kz_holiday_table.WEEKEND_WORKDAYS.split()}
    in_range = {day for day in package.weekend_workdays if FIRST_SUPPORTED_YEAR <= day.year <= LAST_SUPPORTED_YEAR}
    assert table_workdays == in_range
    assert len(table_workdays) > 40  # transfers by Government decision since 2000 (e.g. 4 May 2024)


def test_a_year_missing_from_the_table_is_read_from_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    reference = WorkingCalendar()
    expected = [(info.day, info.kind, info.holidays) for info in reference.non_working_days(2024)]
    monkeypatch.setattr(kz_holiday_table, "HOLIDAYS", {year: text for year, text in kz_holiday_table.HOLIDAYS.items()
                                                       if year != 2024})
    fallback = WorkingCalendar()
    assert [(info.day, info.kind, info.holidays) for info in fallback.non_working_days(2024)] == expected
    assert fallback.add_working_days(date(2024, 5, 3), 1) == date(2024, 5, 4)  # Saturday 4 May 2024 was worked


def test_working_day_arithmetic_does_not_import_the_package() -> None:
    code = ("import json, sys\n"
            "from datetime import date\n"
            "from hattama.rules.calendar import WorkingCalendar\n"
            "calendar = WorkingCalendar()\n"
            "due = calendar.add_working_days(date(2025, 1, 2), 7)\n"
            "names = [info.day.isoformat() for info in calendar.non_working_days(2024)][:3]\n"
            "print(json.dumps([due.isoformat(), names, sorted(m for m in sys.modules if m.startswith('holidays'))]))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    due, names, loaded = json.loads(result.stdout)
    assert due == "2025-01-14"
    assert names[:2] == ["2024-01-01", "2024-01-02"]
    assert loaded == []
