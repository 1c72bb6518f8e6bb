"""The calendar against facts the Government and the press published for the five-day week."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from hattama.rules.calendar import DayKind, HolidayNameKind, Override, WorkingCalendar

CALENDAR = WorkingCalendar()


def month_working_days(calendar: WorkingCalendar, year: int, month: int) -> int:
    """Working days in (last day of the month before, last day of this month]."""
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return calendar.working_days_between(first - timedelta(days=1), following - timedelta(days=1))


def test_2025_has_246_working_days() -> None:
    """rules.md: the official figure for 2025 on the five-day week."""
    assert CALENDAR.count_working_days(2025) == 246


def test_2025_friday_3_january_is_a_day_off_transferred_from_sunday_5_january() -> None:
    friday, sunday = CALENDAR.day_info(date(2025, 1, 3)), CALENDAR.day_info(date(2025, 1, 5))
    assert not friday.is_working and friday.kind is DayKind.TRANSFERRED_DAY_OFF
    assert friday.holidays[0].kind is HolidayNameKind.SUBSTITUTED
    assert friday.holidays[0].substituted_from == date(2025, 1, 5)
    assert sunday.is_working and sunday.kind is DayKind.WORKING_WEEKEND
    assert CALENDAR.is_working_day(date(2025, 1, 5)) and not CALENDAR.is_working_day(date(2025, 1, 3))


@pytest.mark.parametrize("day", [date(2025, 3, 10), date(2025, 3, 24), date(2025, 3, 25), date(2025, 7, 7),
                                 date(2025, 9, 1), date(2025, 10, 27)])
def test_2025_holidays_on_a_weekend_move_to_the_next_working_day(day: date) -> None:
    """8 March, Nauryz 22-23 March, 6 July, 30 August and 25 October 2025 fell on weekends (Labour Code art. 85)."""
    info = CALENDAR.day_info(day)
    assert info.kind is DayKind.HOLIDAY and not info.is_working
    assert info.holidays[0].kind is HolidayNameKind.OBSERVED


def test_2025_december_has_22_working_days() -> None:
    """Published for December 2025: 22 working days, 16 December (Tuesday) off, 31 December working."""
    assert month_working_days(CALENDAR, 2025, 12) == 22
    assert not CALENDAR.is_working_day(date(2025, 12, 16)) and CALENDAR.is_working_day(date(2025, 12, 31))


def test_2024_saturday_4_may_worked_for_wednesday_8_may() -> None:
    """Order of the Minister of Labour of 17 April 2024 "On transferring a day off in 2024"."""
    assert CALENDAR.day_info(date(2024, 5, 4)).kind is DayKind.WORKING_WEEKEND
    assert CALENDAR.day_info(date(2024, 5, 8)).kind is DayKind.TRANSFERRED_DAY_OFF
    assert [CALENDAR.is_working_day(date(2024, 5, day)) for day in range(6, 11)] == [True, False, False, False, True]


@pytest.mark.parametrize(("off", "working_after"), [
    (date(2024, 3, 25), date(2024, 3, 26)),  # Nauryz 23 March 2024 was a Saturday
    (date(2024, 7, 8), date(2024, 7, 9)),  # Capital Day 6 July 2024 was a Saturday
])
def test_2024_weekend_holidays_move_to_monday(off: date, working_after: date) -> None:
    assert CALENDAR.day_info(off).kind is DayKind.HOLIDAY
    assert CALENDAR.is_working_day(working_after)


@pytest.mark.parametrize("monday", [date(2024, 1, 8), date(2024, 6, 17)])
def test_2024_religious_holidays_on_sunday_are_not_moved(monday: date) -> None:
    """Orthodox Christmas (7 January) and Kurban Ait (16 June) fell on Sundays in 2024; religious holidays are
    not moved, so the Mondays were worked (Ministry of Labour to Tengrinews, June 2024)."""
    assert CALENDAR.is_working_day(monday)


def test_2024_has_249_working_days_and_248_with_the_ministrys_early_kurban_ait_date() -> None:
    """The Ministry of Labour's 2024 balance of working time said 248 days, counting Monday 17 June off for
    Kurban Ait; in June 2024 the Muftiate set it on Sunday 16 June, so 17 June was worked: 249. Entering the
    Ministry's original day as an override reproduces its figure (overrides win)."""
    assert CALENDAR.count_working_days(2024) == 249
    early_date = Override(date(2024, 6, 17), False, "Kurban Ait as first announced", "Balance of working time 2024",
                          "test", datetime(2023, 12, 1))
    with_override = WorkingCalendar([early_date])
    assert with_override.count_working_days(2024) == 248
    assert month_working_days(with_override, 2024, 6) == 19
    assert with_override.day_info(date(2024, 6, 17)).kind is DayKind.OVERRIDE_OFF


def test_2024_months_match_the_ministry_of_labour_balance_except_june() -> None:
    balance = {1: 21, 2: 21, 3: 17, 4: 22, 5: 20, 7: 22, 8: 21, 9: 21, 10: 22, 11: 21, 12: 21}
    assert {month: month_working_days(CALENDAR, 2024, month) for month in balance} == balance
    assert month_working_days(CALENDAR, 2024, 6) == 20


def test_2026_january_1_to_4_off_5_and_6_worked_7_off_19_working_days() -> None:
    """Published for January 2026 (baq.kz, inform.kz): 12 days off and 19 working days on the five-day week."""
    assert [CALENDAR.is_working_day(date(2026, 1, day)) for day in range(1, 9)] == \
        [False, False, False, False, True, True, False, True]
    assert month_working_days(CALENDAR, 2026, 1) == 19


@pytest.mark.parametrize(("holiday", "day_off"), [
    (date(2026, 3, 8), date(2026, 3, 9)),
    (date(2026, 3, 21), date(2026, 3, 24)),
    (date(2026, 3, 22), date(2026, 3, 25)),
    (date(2026, 5, 9), date(2026, 5, 11)),  # Victory Day on a Saturday: Monday 11 May off
    (date(2026, 10, 25), date(2026, 10, 26)),
])
def test_2026_weekend_holidays_and_their_days_off(holiday: date, day_off: date) -> None:
    assert holiday.weekday() >= 5
    info = CALENDAR.day_info(day_off)
    assert info.kind is DayKind.HOLIDAY and info.holidays[0].kind is HolidayNameKind.OBSERVED
    assert info.holidays[0].key == CALENDAR.day_info(holiday).holidays[0].key


def test_2026_count_as_the_holidays_package_gives_it() -> None:
    """247: the package's 2026 (no transfer decree yet; no 30 August Constitution Day after the amendment of the
    holidays law it cites). A unit that learns otherwise enters overrides."""
    assert CALENDAR.count_working_days(2026) == 247


@pytest.mark.parametrize(("saturday", "day_off"), [
    (date(2018, 3, 3), date(2018, 3, 9)),
    (date(2018, 4, 28), date(2018, 4, 30)),
    (date(2018, 5, 5), date(2018, 5, 8)),
    (date(2018, 8, 25), date(2018, 8, 31)),
    (date(2018, 12, 29), date(2018, 12, 31)),
])
def test_2018_government_transfers(saturday: date, day_off: date) -> None:
    """Government decree on transferring days off in 2018 (primeminister.kz)."""
    assert CALENDAR.day_info(saturday).kind is DayKind.WORKING_WEEKEND
    info = CALENDAR.day_info(day_off)
    assert info.kind is DayKind.TRANSFERRED_DAY_OFF and info.holidays[0].substituted_from == saturday


def test_2021_saturday_3_july_worked_for_monday_5_july() -> None:
    assert CALENDAR.is_working_day(date(2021, 7, 3)) and not CALENDAR.is_working_day(date(2021, 7, 5))


def test_2023_new_year_on_sunday_gives_tuesday_3_january_off() -> None:
    assert [CALENDAR.is_working_day(date(2023, 1, day)) for day in range(1, 5)] == [False, False, False, True]


def test_a_transfer_across_the_new_year_saturday_28_december_2013_for_friday_3_january_2014() -> None:
    """Government decree for 2014: the first year asked for must already know the next year's transfer."""
    calendar = WorkingCalendar()
    assert calendar.day_info(date(2013, 12, 28)).kind is DayKind.WORKING_WEEKEND
    day_off = calendar.day_info(date(2014, 1, 3))
    assert day_off.kind is DayKind.TRANSFERRED_DAY_OFF and day_off.holidays[0].substituted_from == date(2013, 12, 28)
