"""Holiday names become stable msgids the UI translates, with observed and transferred days told apart."""

from __future__ import annotations

import re
from datetime import date

import holidays

from hattama.rules.calendar import (
    FIRST_SUPPORTED_YEAR,
    HOLIDAY_NAME_KEYS,
    LAST_SUPPORTED_YEAR,
    TRANSFERRED_DAY_OFF_KEY,
    DayKind,
    HolidayName,
    HolidayNameKind,
    WorkingCalendar,
    holiday_names,
)

CALENDAR = WorkingCalendar()


def test_every_name_the_package_gives_for_the_supported_years_has_a_key() -> None:
    """Enumerated from the package itself, so a new holiday in a package update fails here, not in the UI."""
    package = holidays.KZ(years=range(FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR + 1), language="en_US")
    read = [name for text in package.values() for name in holiday_names(text)]
    known = set(HOLIDAY_NAME_KEYS.values()) | {TRANSFERRED_DAY_OFF_KEY}
    assert {name.key for name in read} <= known
    assert {name.kind for name in read} == set(HolidayNameKind)
    base_names = {re.sub(r" \((observed|estimated|observed, estimated)\)$", "", part)
                  for text in package.values() for part in text.split("; ") if not part.startswith("Day off")}
    assert base_names == set(HOLIDAY_NAME_KEYS)


def test_observed_estimated_and_substituted_names_are_read() -> None:
    assert holiday_names("Victory Day (observed)") == (HolidayName("Victory Day", HolidayNameKind.OBSERVED),)
    assert holiday_names("Eid al-Adha (estimated)") == (
        HolidayName("Kurban Ait", HolidayNameKind.HOLIDAY, estimated=True),)
    assert holiday_names("Day off (substituted from 01/05/2025)") == (
        HolidayName(TRANSFERRED_DAY_OFF_KEY, HolidayNameKind.SUBSTITUTED, substituted_from=date(2025, 1, 5)),)


def test_two_holidays_on_one_day_give_two_names() -> None:
    """The package joins coinciding holidays with "; " (e.g. Kurban Ait and Nauryz, 22 March 2032)."""
    assert [name.key for name in CALENDAR.day_info(date(2032, 3, 22)).holidays] == ["Kurban Ait", "Nauryz"]


def test_an_unknown_future_name_falls_back_to_the_package_text() -> None:
    assert holiday_names("Some New Day (observed)") == (HolidayName("Some New Day", HolidayNameKind.OBSERVED),)


def test_day_info_carries_the_name_key_of_a_holiday() -> None:
    info = CALENDAR.day_info(date(2025, 3, 21))
    assert info.kind is DayKind.HOLIDAY
    assert info.holidays == (HolidayName("Nauryz", HolidayNameKind.HOLIDAY),)
    assert CALENDAR.day_info(date(2025, 3, 26)).holidays == ()
