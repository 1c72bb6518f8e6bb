"""Working-day arithmetic: examples of the deadline conventions, then properties checked by hypothesis."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hattama.rules.calendar import (
    FIRST_SUPPORTED_YEAR,
    LAST_SUPPORTED_YEAR,
    DayKind,
    Override,
    WorkingCalendar,
)
from hattama.rules.errors import RuleError

CALENDAR = WorkingCalendar()
ENTERED_AT = datetime(2025, 1, 1, 9, 0)

# Inside the supported range with a margin: 1 January 2000 is a holiday whose last working day before lies in
# 1999, and a year of working days from the end of 2098 must not leave the range.
days = st.dates(min_value=date(FIRST_SUPPORTED_YEAR, 2, 1), max_value=date(2098, 12, 31))
counts = st.integers(min_value=0, max_value=300)


def override(day: date, working: bool, entered_at: datetime = ENTERED_AT) -> Override:
    return Override(day, working, "test", "test act", "tester", entered_at)


def naive_add(calendar: WorkingCalendar, start: date, count: int) -> date:
    """The definition itself: step one day at a time, counting working days strictly after `start`."""
    day = start
    while count:
        day += timedelta(days=1)
        count -= calendar.is_working_day(day)
    return day


def test_within_n_working_days_counts_strictly_after_the_day() -> None:
    """rules.md: the first WD after X is day 1. Thursday 26 Dec 2024 + 1 WD = Friday 27; + 3 WD crosses the
    weekend and the New Year holidays (1-3 January 2025) to Monday 6 January."""
    assert CALENDAR.add_working_days(date(2024, 12, 26), 1) == date(2024, 12, 27)
    assert CALENDAR.add_working_days(date(2024, 12, 26), 3) == date(2024, 12, 31)
    assert CALENDAR.add_working_days(date(2024, 12, 26), 4) == date(2025, 1, 5)  # the working Sunday
    assert CALENDAR.add_working_days(date(2024, 12, 26), 5) == date(2025, 1, 6)


def test_counting_from_a_day_off_starts_at_the_next_working_day() -> None:
    assert CALENDAR.add_working_days(date(2025, 3, 22), 1) == date(2025, 3, 26)  # Nauryz days off until 25 March


def test_zero_working_days_returns_the_day_itself() -> None:
    assert CALENDAR.add_working_days(date(2025, 3, 22), 0) == date(2025, 3, 22)


def test_negative_count_is_refused_naming_the_value() -> None:
    with pytest.raises(RuleError) as raised:
        CALENDAR.add_working_days(date(2025, 1, 1), -3)
    assert raised.value.params == {"count": -3}


@pytest.mark.parametrize("day", [date(1999, 12, 31), date(2101, 1, 1)])
def test_years_outside_the_supported_range_are_refused_naming_the_year(day: date) -> None:
    with pytest.raises(RuleError) as raised:
        CALENDAR.is_working_day(day)
    assert raised.value.params["year"] == day.year
    with pytest.raises(RuleError):
        CALENDAR.day_info(day)


def test_counting_past_the_last_supported_year_is_refused() -> None:
    with pytest.raises(RuleError) as raised:
        CALENDAR.add_working_days(date(LAST_SUPPORTED_YEAR, 12, 25), 10)
    assert raised.value.params["year"] == LAST_SUPPORTED_YEAR + 1


def test_a_narrower_calendar_refuses_years_outside_it_and_cannot_be_wider_than_the_base_data() -> None:
    narrow = WorkingCalendar(first_year=2024, last_year=2026)
    with pytest.raises(RuleError):
        narrow.count_working_days(2027)
    with pytest.raises(RuleError):
        WorkingCalendar(first_year=1990)
    with pytest.raises(RuleError):
        WorkingCalendar([override(date(2030, 1, 1), True)], first_year=2024, last_year=2026)


def test_fixed_date_on_a_non_working_day_is_planned_for_the_last_working_day_before() -> None:
    """rules.md: 20 December 2025 is a Saturday, so the plan is Friday 19 December; a working day stays put."""
    assert CALENDAR.last_working_day_on_or_before(date(2025, 12, 20)) == date(2025, 12, 19)
    assert CALENDAR.last_working_day_on_or_before(date(2025, 12, 19)) == date(2025, 12, 19)
    assert CALENDAR.last_working_day_on_or_before(date(2025, 1, 4)) == date(2024, 12, 31)  # across the year


def test_working_days_until_for_working_days_left() -> None:
    today = date(2025, 12, 15)  # Monday; 16 December is Independence Day
    assert CALENDAR.working_days_until(today, today) == 0
    assert CALENDAR.working_days_until(today, date(2025, 12, 17)) == 1
    assert CALENDAR.working_days_until(today, date(2025, 12, 19)) == 3
    assert CALENDAR.working_days_until(date(2025, 12, 22), date(2025, 12, 19)) == -1  # one working day late


def test_latest_override_for_a_day_wins() -> None:
    day = date(2025, 6, 2)
    older, newer = override(day, False, datetime(2025, 1, 1)), override(day, True, datetime(2025, 2, 1))
    for overrides in ([older, newer], [newer, older]):
        calendar = WorkingCalendar(overrides)
        assert calendar.day_info(day).override == newer
        assert calendar.overrides == (newer,)


def test_override_kinds_and_base_kinds() -> None:
    calendar = WorkingCalendar([override(date(2025, 6, 2), False), override(date(2025, 6, 7), True)])
    assert calendar.day_info(date(2025, 6, 2)).kind is DayKind.OVERRIDE_OFF
    assert calendar.day_info(date(2025, 6, 7)).kind is DayKind.OVERRIDE_WORKING
    assert calendar.day_info(date(2025, 6, 3)).kind is DayKind.WORKING
    assert calendar.day_info(date(2025, 6, 8)).kind is DayKind.WEEKEND
    assert calendar.day_info(date(2025, 6, 6)).kind is DayKind.HOLIDAY  # Kurban Ait 2025


def test_non_working_days_lists_every_day_off_once() -> None:
    listed = CALENDAR.non_working_days(2025)
    assert len(listed) == 365 - 246
    assert [info.day for info in listed] == sorted({info.day for info in listed})
    assert all(not info.is_working and info.day.year == 2025 for info in listed)


def test_count_of_working_days_matches_day_by_day_for_every_supported_year() -> None:
    for year in range(FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR + 1):
        first = date(year, 1, 1)
        day_count = (date(year + 1, 1, 1) - first).days
        assert CALENDAR.count_working_days(year) == sum(
            CALENDAR.is_working_day(first + timedelta(offset)) for offset in range(day_count)), year


@given(days, counts)
def test_add_working_days_agrees_with_counting_day_by_day(start: date, count: int) -> None:
    assert CALENDAR.add_working_days(start, count) == naive_add(CALENDAR, start, count)


@given(days, st.integers(min_value=1, max_value=300))
def test_add_working_days_lands_only_on_working_days(start: date, count: int) -> None:
    assert CALENDAR.is_working_day(CALENDAR.add_working_days(start, count))


@given(days, counts, counts)
def test_add_working_days_is_strictly_increasing_in_n(start: date, first: int, second: int) -> None:
    low, high = sorted((first, second))
    if low < high:
        assert CALENDAR.add_working_days(start, low) < CALENDAR.add_working_days(start, high)


@given(days, days, st.integers(min_value=1, max_value=300))
def test_add_working_days_is_monotonic_in_the_start(first: date, second: date, count: int) -> None:
    early, late = sorted((first, second))
    assert CALENDAR.add_working_days(early, count) <= CALENDAR.add_working_days(late, count)


@given(st.dates(min_value=date(2000, 12, 1), max_value=date(2098, 12, 31)).map(lambda day: day.replace(month=12)),
       st.integers(min_value=25, max_value=300))
def test_counting_from_december_crosses_into_the_next_year(start: date, count: int) -> None:
    due = CALENDAR.add_working_days(start, count)
    assert due.year > start.year
    assert CALENDAR.working_days_between(start, due) == count


@given(days, counts)
def test_working_days_between_inverts_add_working_days(start: date, count: int) -> None:
    assert CALENDAR.working_days_between(start, CALENDAR.add_working_days(start, count)) == count


@given(days, days)
def test_add_working_days_inverts_working_days_between_on_working_days(start: date, end: date) -> None:
    if end > start and CALENDAR.is_working_day(end):
        assert CALENDAR.add_working_days(start, CALENDAR.working_days_between(start, end)) == end


@given(days, days)
def test_working_days_between_is_antisymmetric(first: date, second: date) -> None:
    assert CALENDAR.working_days_between(first, second) == -CALENDAR.working_days_between(second, first)


@given(days)
def test_last_working_day_on_or_before_is_the_latest_working_day_not_after(day: date) -> None:
    planned = CALENDAR.last_working_day_on_or_before(day)
    assert planned <= day and CALENDAR.is_working_day(planned)
    assert CALENDAR.working_days_between(planned, day) == 0


@settings(max_examples=50)
@given(st.dictionaries(st.dates(min_value=date(2025, 11, 1), max_value=date(2026, 2, 28)), st.booleans(),
                       min_size=1, max_size=40),
       st.dates(min_value=date(2025, 10, 1), max_value=date(2026, 1, 31)), st.integers(min_value=0, max_value=60))
def test_overrides_win_over_the_base(wanted: dict[date, bool], start: date, count: int) -> None:
    calendar = WorkingCalendar([override(day, working) for day, working in wanted.items()])
    for day, working in wanted.items():
        assert calendar.is_working_day(day) is working
    for offset in range(-10, 130):
        day = date(2025, 11, 1) + timedelta(offset)
        if day not in wanted:
            assert calendar.is_working_day(day) == CALENDAR.is_working_day(day)
    assert calendar.add_working_days(start, count) == naive_add(calendar, start, count)
