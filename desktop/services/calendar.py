"""The unit's working-day calendar: the base data plus the overrides kept (and audited) in the store.

The calendar in force is read with one plain query, and SQLAlchemy is loaded only by the functions that list or
change overrides: a calendar command starts in a few tenths of a second (issue 18.1).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hattama.db.store import Store
from hattama.language import N_
from hattama.rules.calendar import DayInfo, Override, WorkingCalendar
from hattama.rules.calendar_csv import parse_overrides_csv
from hattama.services.errors import ServiceError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from hattama.db.models import CalendarOverride

MAX_CSV_BYTES = 5_000_000
# The overrides in force, as `working_calendar` reads them (the driver's values: ISO text, 0/1).
_IN_FORCE = ("SELECT day, working, reason, act, entered_by, created_at FROM calendar_override "
             "WHERE removed_at IS NULL")

@dataclass(frozen=True)
class StoredOverride:
    id: uuid.UUID
    override: Override
    removed_at: dt.datetime | None
    removed_by: str | None


def _to_rule(row: CalendarOverride) -> Override:
    return Override(row.day, row.working, row.reason, row.act, row.entered_by, row.created_at)


def working_calendar(store: Store) -> WorkingCalendar:
    """The calendar in force: base data plus every override that has not been removed."""
    return WorkingCalendar(
        Override(dt.date.fromisoformat(day), bool(working), reason, act, entered_by,
                 dt.datetime.fromisoformat(created_at).replace(tzinfo=dt.UTC))
        for day, working, reason, act, entered_by, created_at in store.read(_IN_FORCE))


def working_day_after(store: Store, start: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `start` in the calendar in force ("within N working days after"; 0 is
    `start` itself). RuleError for a negative count or a day outside the calendar's years."""
    return working_calendar(store).add_working_days(start, count)


def working_days_between(store: Store, start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` in the calendar in force; negative when `end` is
    earlier."""
    return working_calendar(store).working_days_between(start, end)


def calendar_year(store: Store, year: int) -> list[DayInfo]:
    """Every day of the year with its kind and reasons, for the year-at-a-glance view."""
    calendar = working_calendar(store)
    first = dt.date(year, 1, 1)
    return [calendar.day_info(first + dt.timedelta(days=offset))
            for offset in range((dt.date(year + 1, 1, 1) - first).days)]


def list_overrides(store: Store, *, include_removed: bool = False) -> list[StoredOverride]:
    from sqlalchemy import select

    from hattama.db.models import CalendarOverride

    query = select(CalendarOverride).order_by(CalendarOverride.day, CalendarOverride.created_at)
    if not include_removed:
        query = query.where(CalendarOverride.removed_at.is_(None))
    with store.session() as session:
        return [StoredOverride(row.id, _to_rule(row), row.removed_at, row.removed_by) for row in session.scalars(query)]


def _check_in_range(day: dt.date) -> None:
    WorkingCalendar().day_info(day)  # raises RuleError naming the year when the calendar does not cover it


def _retire_active(session: Session, day: dt.date, by: str, when: dt.datetime) -> None:
    """A new override for a day replaces the one in force; the old one stays on record as removed."""
    from sqlalchemy import select

    from hattama.db.models import CalendarOverride

    for row in session.scalars(
        select(CalendarOverride).where(CalendarOverride.day == day, CalendarOverride.removed_at.is_(None))
    ):
        row.removed_at = when
        row.removed_by = by


def add_override(store: Store, day: dt.date, working: bool, reason: str, act: str, entered_by: str) -> uuid.UUID:
    from hattama.db.models import CalendarOverride
    from hattama.db.types import utc_now

    reason, act = reason.strip(), act.strip()
    if not reason:
        raise ServiceError(N_("Say why the day changes: the reason is empty."))
    _check_in_range(day)
    now = utc_now()
    with store.session() as session:
        _retire_active(session, day, entered_by, now)
        row = CalendarOverride(day=day, working=working, reason=reason, act=act, entered_by=entered_by,
                               created_at=now, updated_at=now)
        session.add(row)
        session.flush()
        return row.id


def remove_override(store: Store, override_id: uuid.UUID, removed_by: str) -> None:
    from hattama.db.models import CalendarOverride
    from hattama.db.types import utc_now

    with store.session() as session:
        row = session.get(CalendarOverride, override_id)
        if row is None or row.removed_at is not None:
            raise ServiceError(N_("That calendar override no longer exists."))
        row.removed_at = utc_now()
        row.removed_by = removed_by


def import_overrides_csv(store: Store, path: Path, entered_by: str) -> int:
    """All or nothing: the file is parsed completely before anything is written."""
    from hattama.db.models import CalendarOverride
    from hattama.db.types import utc_now

    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise ServiceError(N_("The file {path} is too large for a calendar import."), path=str(path))
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ServiceError(N_("The file {path} is not UTF-8 text."), path=str(path)) from error
    except OSError as error:
        raise ServiceError(N_("The file {path} cannot be read: {reason}."), path=str(path),
                           reason=error.strerror or str(error)) from error
    now = utc_now()
    overrides = parse_overrides_csv(text, entered_by, now)
    with store.session() as session:
        for override in overrides:
            _retire_active(session, override.day, entered_by, now)
            session.add(CalendarOverride(day=override.day, working=override.working, reason=override.reason,
                                         act=override.act, entered_by=entered_by, created_at=now, updated_at=now))
    return len(overrides)
