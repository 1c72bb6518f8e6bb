"""The official Kazakh working-day calendar (five-day week) with the unit's overrides.

Base data: `holidays.KZ` (public holidays, holidays moved off a weekend, days off transferred by Government
decision and the weekend days made working in exchange), read from the table generated from it
(`kz_holiday_table.py`, packaging/generate_holiday_table.py) so that starting does not import the package; a year
the table lacks is read from the package itself. Overrides entered or imported by the unit win over
the base, so an announced change can be applied before the package catches up.

Supported years: `FIRST_SUPPORTED_YEAR`..`LAST_SUPPORTED_YEAR` (2000-2100). The package carries transferred
days from 2000 and computes holidays up to 2100; dates outside that range raise `RuleError`. Years after
the last Government decision the package knows are its own estimate (Islamic holidays marked "estimated",
no transfers yet): the unit corrects them with overrides.

Deadline arithmetic (rules.md, "Deadline conventions"):
- `add_working_days(x, n)` is "within n WD after x": it counts WD strictly after x, the first WD after x is
  day 1; n = 0 returns x unchanged.
- `working_days_between(a, b)` is its inverse: the number of WD in (a, b], negative when b is before a.
- `last_working_day_on_or_before(d)` is where a fixed-date deadline on a non-working day is planned.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from hattama.rules import kz_holiday_table
from hattama.rules.errors import N_, RuleError

FIRST_SUPPORTED_YEAR = 2000
LAST_SUPPORTED_YEAR = 2100
# The version of `holidays` the base data comes from (the obligations' stamp names it).
BASE_DATA_VERSION = kz_holiday_table.PACKAGE_VERSION

# Every base English name `holidays.KZ` gives for 2000-2100 (tests enumerate them), mapped to our msgid so the
# UI can translate; the package itself has no Russian names.
HOLIDAY_NAME_KEYS: dict[str, str] = {
    "New Year's Day": N_("New Year"),
    "Orthodox Christmas": N_("Orthodox Christmas"),
    "International Women's Day": N_("International Women's Day"),
    "Nowruz Holiday": N_("Nauryz"),
    "Kazakhstan's People Solidarity Holiday": N_("Day of Unity of the People of Kazakhstan"),
    "Defender of the Fatherland Day": N_("Defender of the Fatherland Day"),
    "Victory Day": N_("Victory Day"),
    "Capital Day": N_("Capital Day"),
    "Eid al-Adha": N_("Kurban Ait"),
    "Constitution Day": N_("Constitution Day"),
    "Republic Day": N_("Republic Day"),
    "First President Day": N_("Day of the First President"),
    "Independence Day": N_("Independence Day"),
}
TRANSFERRED_DAY_OFF_KEY = N_("Transferred day off")

_SUBSTITUTED = re.compile(r"^Day off \(substituted from (\d{2})/(\d{2})/(\d{4})\)$")
_QUALIFIERS = re.compile(r"^(?P<name>.*?) \((?P<qualifiers>observed|estimated|observed, estimated)\)$")


class DayKind(Enum):
    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # a public holiday, or the day off it moved to from a weekend
    TRANSFERRED_DAY_OFF = "transferred_day_off"  # a working day made a day off by Government decision
    WORKING_WEEKEND = "working_weekend"  # the weekend day worked in exchange
    OVERRIDE_OFF = "override_off"
    OVERRIDE_WORKING = "override_working"


class HolidayNameKind(Enum):
    HOLIDAY = "holiday"  # the holiday's own date
    OBSERVED = "observed"  # the day off moved to the next working day because the holiday fell on a weekend
    SUBSTITUTED = "substituted"  # a day off transferred by decision, in exchange for `substituted_from`


@dataclass(frozen=True)
class HolidayName:
    """`key` is a msgid from HOLIDAY_NAME_KEYS (or the package's own text for a name we do not know yet)."""

    key: str
    kind: HolidayNameKind
    estimated: bool = False
    substituted_from: date | None = None


@dataclass(frozen=True)
class Override:
    day: date
    working: bool
    reason: str
    act: str
    entered_by: str
    entered_at: datetime


@dataclass(frozen=True)
class DayInfo:
    day: date
    kind: DayKind
    holidays: tuple[HolidayName, ...] = ()
    override: Override | None = None

    @property
    def is_working(self) -> bool:
        return self.kind in _WORKING_KINDS


_WORKING_KINDS = frozenset({DayKind.WORKING, DayKind.WORKING_WEEKEND, DayKind.OVERRIDE_WORKING})


def holiday_names(package_text: str) -> tuple[HolidayName, ...]:
    """Reads the package's English text for one date ("A; B" when two holidays coincide)."""
    return tuple(_holiday_name(part) for part in package_text.split("; "))


def _holiday_name(text: str) -> HolidayName:
    substituted = _SUBSTITUTED.match(text)
    if substituted:
        month, day, year = (int(group) for group in substituted.groups())
        return HolidayName(TRANSFERRED_DAY_OFF_KEY, HolidayNameKind.SUBSTITUTED,
                           substituted_from=date(year, month, day))
    qualified = _QUALIFIERS.match(text)
    name, qualifiers = (qualified["name"], qualified["qualifiers"]) if qualified else (text, "")
    kind = HolidayNameKind.OBSERVED if "observed" in qualifiers else HolidayNameKind.HOLIDAY
    return HolidayName(HOLIDAY_NAME_KEYS.get(name, name), kind, estimated="estimated" in qualifiers)


_WEEKEND = frozenset({5, 6})  # Saturday and Sunday (`holidays.KZ`'s weekend)


class _BaseData:
    """`holidays.KZ`'s English text per date and its worked weekend days, loaded a year at a time: from the
    generated table when it has the year, else from the package (imported then)."""

    def __init__(self) -> None:
        self._names: dict[date, str] = {}
        self._weekend_workdays: set[date] = set()
        self._years: set[int] = set()
        self._package: object | None = None

    def load(self, year: int) -> None:
        if year in self._years:
            return
        table = kz_holiday_table.HOLIDAYS.get(year)
        if table is not None:
            for line in table.splitlines():
                self._names[date(year, int(line[:2]), int(line[2:4]))] = line[5:]
            self._weekend_workdays.update(day for day in _table_weekend_workdays() if day.year == year)
        else:
            self._load_from_package(year)
        self._years.add(year)

    def _load_from_package(self, year: int) -> None:
        import holidays  # only for a year the generated table does not cover

        if self._package is None:
            self._package = holidays.country_holidays("KZ", language="en_US", years=())
        package: holidays.HolidayBase = self._package  # type: ignore[assignment]
        # A transfer can cross the new year (28 December 2013 was worked for 3 January 2014): load the
        # neighbouring years of the package too.
        for neighbour in (year - 1, year, year + 1):
            package.get(date(neighbour, 1, 1))
        self._names.update((day, text) for day, text in package.items() if day.year == year)
        self._weekend_workdays.update(day for day in package.weekend_workdays if day.year == year)

    def name(self, day: date) -> str | None:
        return self._names.get(day)

    def is_weekend_workday(self, day: date) -> bool:
        return day in self._weekend_workdays

    def is_working_day(self, day: date) -> bool:
        """As `holidays.HolidayBase.is_working_day`: a weekend day works only when worked in exchange."""
        if day.weekday() in _WEEKEND:
            return day in self._weekend_workdays
        return day not in self._names


_TABLE_WEEKEND_WORKDAYS: tuple[date, ...] | None = None


def _table_weekend_workdays() -> tuple[date, ...]:
    global _TABLE_WEEKEND_WORKDAYS
    if _TABLE_WEEKEND_WORKDAYS is None:
        _TABLE_WEEKEND_WORKDAYS = tuple(date.fromisoformat(text) for text in kz_holiday_table.WEEKEND_WORKDAYS.split())
    return _TABLE_WEEKEND_WORKDAYS


@dataclass(frozen=True)
class _YearTable:
    first_ordinal: int
    working_flags: bytes  # one byte per day of the year
    working_ordinals: tuple[int, ...]  # sorted, for bisect


class WorkingCalendar:
    """Working days of the five-day week: `holidays.KZ` plus the unit's overrides (overrides win).

    Year tables are built on first use and cached (a few milliseconds each).
    When several overrides name the same day, the one entered last (`entered_at`) is in force.
    """

    def __init__(self, overrides: Iterable[Override] = (), first_year: int = FIRST_SUPPORTED_YEAR,
                 last_year: int = LAST_SUPPORTED_YEAR) -> None:
        if not FIRST_SUPPORTED_YEAR <= first_year <= last_year <= LAST_SUPPORTED_YEAR:
            raise RuleError(
                N_("The calendar can cover the years {first_supported} to {last_supported}; "
                   "{first_year} to {last_year} is not within them."),
                first_supported=FIRST_SUPPORTED_YEAR, last_supported=LAST_SUPPORTED_YEAR,
                first_year=first_year, last_year=last_year)
        self.first_year = first_year
        self.last_year = last_year
        self._overrides: dict[date, Override] = {}
        for override in overrides:
            self._check_year(override.day.year)
            current = self._overrides.get(override.day)
            if current is None or override.entered_at >= current.entered_at:
                self._overrides[override.day] = override
        self._base = _BaseData()
        self._tables: dict[int, _YearTable] = {}
        self._lock = threading.Lock()

    @property
    def overrides(self) -> tuple[Override, ...]:
        return tuple(sorted(self._overrides.values(), key=lambda override: override.day))

    def is_working_day(self, day: date) -> bool:
        table = self._table(day.year)
        return table.working_flags[day.toordinal() - table.first_ordinal] == 1

    def day_info(self, day: date) -> DayInfo:
        self._table(day.year)  # checks the year and loads the base data around it
        text = self._base.name(day)
        names = holiday_names(text) if text is not None else ()
        override = self._overrides.get(day)
        if override is not None:
            kind = DayKind.OVERRIDE_WORKING if override.working else DayKind.OVERRIDE_OFF
        elif self._base.is_weekend_workday(day):
            kind = DayKind.WORKING_WEEKEND
        elif any(name.kind is HolidayNameKind.SUBSTITUTED for name in names):
            kind = DayKind.TRANSFERRED_DAY_OFF
        elif names:
            kind = DayKind.HOLIDAY
        elif day.weekday() in _WEEKEND:
            kind = DayKind.WEEKEND
        else:
            kind = DayKind.WORKING
        return DayInfo(day, kind, names, override)

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day strictly after `start` ("within `count` WD after `start`")."""
        if count < 0:
            raise RuleError(N_("The number of working days cannot be negative: {count}."), count=count)
        if count == 0:
            return start
        year = start.year
        ordinals = self._table(year).working_ordinals
        index = bisect_right(ordinals, start.toordinal()) + count - 1
        while index >= len(ordinals):
            index -= len(ordinals)
            year += 1
            ordinals = self._table(year).working_ordinals
        return date.fromordinal(ordinals[index])

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative, -(working days in (end, start]), when end is earlier."""
        if end < start:
            return -self.working_days_between(end, start)
        start_ordinals = self._table(start.year).working_ordinals
        end_ordinals = self._table(end.year).working_ordinals
        count = bisect_right(end_ordinals, end.toordinal()) - bisect_right(start_ordinals, start.toordinal())
        for year in range(start.year, end.year):
            count += len(self._table(year).working_ordinals)
        return count

    def working_days_until(self, today: date, due: date) -> int:
        """Working days left before `due` for "N working days left": 0 on the due date itself, 1 when the
        next working day is the due date, negative once it has passed (-1 one working day late)."""
        return self.working_days_between(today, due)

    def count_working_days(self, year: int) -> int:
        return len(self._table(year).working_ordinals)

    def last_working_day_on_or_before(self, day: date) -> date:
        """Where a fixed-date deadline is planned: `day` itself if it is working, else the last WD before it."""
        year = day.year
        ordinals = self._table(year).working_ordinals
        index = bisect_right(ordinals, day.toordinal())
        while index == 0:
            year -= 1
            ordinals = self._table(year).working_ordinals
            index = len(ordinals)
        return date.fromordinal(ordinals[index - 1])

    def non_working_days(self, year: int) -> list[DayInfo]:
        table = self._table(year)
        return [self.day_info(date.fromordinal(table.first_ordinal + offset))
                for offset, working in enumerate(table.working_flags) if not working]

    def _check_year(self, year: int) -> None:
        if not self.first_year <= year <= self.last_year:
            raise RuleError(N_("The year {year} is outside the working-day calendar ({first_year} to {last_year})."),
                            year=year, first_year=self.first_year, last_year=self.last_year)

    def _table(self, year: int) -> _YearTable:
        table = self._tables.get(year)
        if table is None:
            self._check_year(year)
            with self._lock:
                table = self._tables.get(year) or self._build_table(year)
                self._tables[year] = table
        return table

    def _build_table(self, year: int) -> _YearTable:
        self._base.load(year)
        first = date(year, 1, 1)
        days = [first + timedelta(offset) for offset in range(date(year + 1, 1, 1).toordinal() - first.toordinal())]
        flags = bytes(self._is_working_in_force(day) for day in days)
        ordinals = tuple(day.toordinal() for day, working in zip(days, flags, strict=True) if working)
        return _YearTable(first.toordinal(), flags, ordinals)

    def _is_working_in_force(self, day: date) -> bool:
        override = self._overrides.get(day)
        return override.working if override is not None else self._base.is_working_day(day)
