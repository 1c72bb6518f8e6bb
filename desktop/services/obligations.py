"""What is due and by when, for the whole store, read from the stored obligations (issue 18.3): plain obligation
views out, dated on the day asked for.

The rows are kept by hattama.services.stored_obligations in the transaction that changes their facts; a reader
first makes sure they are current (a store upgraded or changed by an older Hattama computes them again once),
then reads with an index: the Dashboard a group at a time (`dashboard_groups`), `obligations list` as a stream
in due-date order (`iter_obligations`), the Events page each event's most urgent state as a column of its own
query (`event_urgency`: filtered and sorted by SQL too).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, and_, case, delete, false, func, not_, or_, select
from sqlalchemy.orm import Session

from hattama import clock
from hattama.db.models import (
    Event,
    ImageProject,
    ObligationMark,
    ObligationStamp,
    Report,
    StoredObligation,
    UnitSettings,
)
from hattama.db.models.obligations import SUBJECT_EVENT, SUBJECT_IMAGE_PROJECT
from hattama.db.models.settings import tracking_since_of
from hattama.db.store import Store
from hattama.rules.calendar import WorkingCalendar
from hattama.rules.errors import N_, Title
from hattama.rules.obligations import (
    Dating,
    Message,
    Obligation,
    ObligationKind,
    ObligationState,
    dating,
)
from hattama.services.errors import ServiceError
from hattama.services.event_obligation_summary import (
    OPEN,
    STATES_BY_URGENCY,
    URGENCY,
    predates_tracking,
    stored_rank,
    summary_urgency,
)
from hattama.services.stored_obligations import (
    REPORT_SENT_STATUSES,
    basis,
    is_current,
    refresh_obligations,
    stored_obligation,
    years_needed,
)

__all__ = ["REPORT_SENT_STATUSES", "STATES_BY_URGENCY"]

@dataclass(frozen=True)
class ObligationView:
    """An obligation as data, dated on the day read: hattama.presentation.obligations words it."""

    obligation: Obligation
    event_id: uuid.UUID | None
    event_title: Title  # the event's or image project's titles (empty for a yearly obligation)
    report_id: uuid.UUID | None
    working_days_left: int | None
    mfa_request_ref: str = ""  # p.46 report: the reference of the MFA's request

    @property
    def state(self) -> ObligationState:
        return self.obligation.state


# The states with a deadline running (the others have none to count to, or none the calendar covers).
_COUNTED_STATES = frozenset({ObligationState.UPCOMING, ObligationState.DUE_SOON, ObligationState.DUE_TODAY,
                             ObligationState.OVERDUE})

_O = StoredObligation
_COLUMNS = (_O.id, _O.subject_kind, _O.kind, _O.item, _O.subject_id, _O.nominal_due, _O.planned_due, _O.state,
            _O.trigger_on, _O.done_on, _O.late, _O.form, _O.due_before, _O.variant, _O.requested_on, _O.logged_on,
            _O.not_applicable_reason, _O.state_reason)
_EVENT_TITLE_KK = Event.title_kk.label("event_title_kk")
_EVENT_TITLE_RU = Event.title_ru.label("event_title_ru")
_PROJECT_TITLE_KK = ImageProject.title_kk.label("project_title_kk")
_PROJECT_TITLE_RU = ImageProject.title_ru.label("project_title_ru")


# ------------------------------------------------------------------------------------------------- reading

@dataclass(frozen=True)
class Reading:
    """One day's reading of the stored obligations: how open ones are dated, and which years show."""

    today: dt.date
    dating: Dating
    calendar: WorkingCalendar
    tracking_since: dt.date
    years: tuple[int, ...] | None  # None: the default years (past ones while open, this one and the next)
    first_year: int

    def state_of(self, row: Any) -> tuple[ObligationState, Message | None]:
        if row.state != OPEN:
            return ObligationState(row.state), None
        state = self.dating.state(row.planned_due, row.logged_on)
        return state, self.dating.reason(state)

    # ------------------------------------------------------------------------- the same dating, in SQL

    def _before_tracking(self) -> ColumnElement[bool]:
        """hattama.rules.obligations.before_tracking, for an open row dated `today` (a test checks they agree)."""
        return and_(_O.planned_due < self.today, predates_tracking(self.tracking_since))

    def _dated(self) -> bool:
        return self.dating.soon_before is not None

    def overdue(self) -> ColumnElement[bool]:
        if not self._dated():
            return false()
        return and_(_O.state == OPEN, _O.planned_due < self.today, not_(self._before_tracking()))

    def before_tracking(self) -> ColumnElement[bool]:
        if not self._dated():
            return false()
        return and_(_O.state == OPEN, self._before_tracking())

    def due_between(self, first: dt.date, last: dt.date | None) -> ColumnElement[bool]:
        """Open and due from `first` (today or later) to `last` (None: no end)."""
        if not self._dated():
            return false()
        condition = and_(_O.state == OPEN, _O.planned_due >= first)
        return condition if last is None else and_(condition, _O.planned_due <= last)

    def urgent(self) -> ColumnElement[bool]:
        """Overdue, due today or due soon: one range of the index (before tracking is only ever overdue)."""
        if not self._dated():
            return false()
        return and_(_O.state == OPEN, _O.planned_due < self.dating.soon_before, not_(self._before_tracking()))

    def in_state(self, *states: ObligationState) -> ColumnElement[bool]:
        settled = [state.value for state in states]
        if ObligationState.NO_CALENDAR in states and not self._dated():
            settled.append(OPEN)
        return _O.state.in_(settled)

    def shown(self) -> ColumnElement[bool]:
        """Every obligation of a record; of the years, those shown (the past ones only while open)."""
        if self.years is not None:
            return or_(_O.year.is_(None), _O.year.in_(self.years)) if self.years else _O.year.is_(None)
        still_open = or_(_O.state.in_([ObligationState.AWAITING_REQUEST.value, ObligationState.NO_CALENDAR.value]),
                         and_(_O.state == OPEN, not_(self._before_tracking())) if self._dated()
                         else _O.state == OPEN)
        this_year = self.today.year
        return or_(_O.year.is_(None), and_(_O.year >= self.first_year, _O.year <= this_year + 1,
                                           or_(_O.year >= this_year, still_open)))

    def urgency(self) -> ColumnElement[int]:
        """A stored row's state on `today` as its rank in STATES_BY_URGENCY: `state_of` in SQL (a test checks
        they agree for every state)."""
        stored = stored_rank()
        if not self._dated():
            return case((_O.state == OPEN, URGENCY[ObligationState.NO_CALENDAR]), else_=stored)
        today, soon_before = self.today, self.dating.soon_before
        return case(
            (_O.state != OPEN, stored),
            (self._before_tracking(), URGENCY[ObligationState.BEFORE_TRACKING]),
            (_O.planned_due < today, URGENCY[ObligationState.OVERDUE]),
            (_O.planned_due == today, URGENCY[ObligationState.DUE_TODAY]),
            (_O.planned_due < soon_before, URGENCY[ObligationState.DUE_SOON]),
            else_=URGENCY[ObligationState.UPCOMING])

    # ------------------------------------------------------------------------------------------- views

    def view(self, row: Any) -> ObligationView:
        state, reason = self.state_of(row)
        obligation = stored_obligation(row, state, reason)
        left = None
        if state in _COUNTED_STATES:
            left = self.calendar.working_days_until(self.today, obligation.planned_due)
            if state is ObligationState.OVERDUE:
                # On the nominal day of a fixed-date deadline planned for the Friday before, no working day has
                # passed since the planned day, but the deadline has: overdue is never "0 working days left".
                left = min(left, -1)
        report = obligation.kind is ObligationKind.POST_EVENT_REPORT
        if row.subject_kind == SUBJECT_IMAGE_PROJECT:
            titles = (row.project_title_kk or "", row.project_title_ru or "")
        else:
            titles = (row.event_title_kk or "", row.event_title_ru or "")
        return ObligationView(obligation, row.event_id, Title(*titles),
                              row.report_id if report else None, left,
                              (row.mfa_request_ref or "") if report and row.event_id is not None else "")


def _select() -> Select[Any]:
    """The stored rows with what their views show: the event's or project's titles, the report and its request."""
    return (select(*_COLUMNS, Event.id.label("event_id"), _EVENT_TITLE_KK, _EVENT_TITLE_RU,
                   Report.id.label("report_id"), Report.mfa_request_ref, _PROJECT_TITLE_KK, _PROJECT_TITLE_RU)
            .select_from(_O)
            .outerjoin(Event, and_(_O.subject_kind == SUBJECT_EVENT, Event.id == _O.record_id))
            .outerjoin(Report, and_(_O.kind == ObligationKind.POST_EVENT_REPORT.value, Report.event_id == _O.record_id))
            .outerjoin(ImageProject, and_(_O.subject_kind == SUBJECT_IMAGE_PROJECT, ImageProject.id == _O.record_id)))


def _reading(session: Session, today: dt.date, years: tuple[int, ...] | None) -> Reading:
    settings = session.scalars(select(UnitSettings).limit(1)).first()
    due_soon = settings.due_soon_working_days if settings is not None else 2
    tracking_since = tracking_since_of(settings, today)
    calendar = basis(session).calendar
    return Reading(today, dating(today, calendar, due_soon, tracking_since), calendar, tracking_since, years,
                   years_needed(tracking_since, today)[0])


def _stored_years(years: tuple[int, ...] | None) -> tuple[int, int] | None:
    return (min(years), max(years)) if years else None


def bring_up_to_date(store: Store, today: dt.date, years: tuple[int, ...] | None = None) -> None:
    """Makes the stored obligations current for a reading on `today` (usually nothing to do: one read)."""
    wanted = _stored_years(years)
    with store.session() as session:
        if is_current(session, today, wanted):
            return
    with store.session(write=True) as session:
        refresh_obligations(session, today=today, years=wanted)


@contextmanager
def _open_reading(store: Store, today: dt.date | None, years: tuple[int, ...] | None = None) -> Iterator[
        tuple[Session, Reading]]:
    today = today or clock.today()
    bring_up_to_date(store, today, years)
    with store.session() as session:
        yield session, _reading(session, today, years)


def compute_obligations(store: Store, today: dt.date | None = None, years: tuple[int, ...] | None = None) -> list[ObligationView]:
    """Every obligation of every event, letter and image project in the store plus the yearly ones (this year's
    and next year's, and those of past years not yet done; or those of `years`), exempted ones included."""
    return list(iter_obligations(store, today, years, order="stored"))


def iter_obligations(store: Store, today: dt.date | None = None, years: tuple[int, ...] | None = None,
                     states: Iterable[ObligationState] = (), order: str = "due") -> Iterator[ObligationView]:
    """The obligations one at a time, as the store yields them (`obligations list` writes each as it comes):
    in planned-due order ("due") or as stored ("stored"); only those in `states` when given."""
    wanted = frozenset(states)
    with _open_reading(store, today, years) as (session, reading):
        query = _select().where(reading.shown())
        query = query.order_by(_O.planned_due, _O.id) if order == "due" else query.order_by(_O.id)
        for row in session.execute(query.execution_options(yield_per=1_000)):
            view = reading.view(row)
            if not wanted or view.state in wanted:
                yield view


# ---------------------------------------------------------------------------------------------- Dashboard

# The Dashboard's groups, in the order shown: the open ones, then the closed ones (hidden until asked for).
OPEN_GROUPS = ("overdue", "this_week", "later", "awaiting_request", "no_calendar")
CLOSED_GROUPS = ("done", "not_applicable", "before_tracking")
GROUPS = OPEN_GROUPS + CLOSED_GROUPS
FIRST_URGENT = 10  # the urgent obligations read with the groups (a reminder names the first few)


def _group_conditions(reading: Reading) -> dict[str, ColumnElement[bool]]:
    today = reading.today
    week_end = today + dt.timedelta(days=6 - today.weekday())
    return {
        "overdue": reading.overdue(),
        "this_week": reading.due_between(today, week_end),
        "later": reading.due_between(week_end + dt.timedelta(days=1), None),
        "awaiting_request": reading.in_state(ObligationState.AWAITING_REQUEST),
        "no_calendar": reading.in_state(ObligationState.NO_CALENDAR),
        "done": reading.in_state(ObligationState.DONE, ObligationState.NOT_REQUESTED),
        "not_applicable": reading.in_state(ObligationState.NOT_APPLICABLE),
        "before_tracking": reading.before_tracking(),
    }


class ObligationGroups:
    """The Dashboard's groups on one day, served by the store: how many each holds, then a window of rows at a
    time, in planned-due order (an indexed range each). `rows` of the first windows asked for in the worker
    (`preload`) are kept, so the first screen needs no query on the GUI thread."""

    def __init__(self, store: Store, reading: Reading, counts: dict[str, int], urgent: int,
                 first_urgent: list[ObligationView]) -> None:
        self.store = store
        self.reading = reading
        self.counts = counts
        self.urgent = urgent  # overdue, due today or due soon
        self.first_urgent = first_urgent  # the earliest of them, at most FIRST_URGENT
        self._conditions = _group_conditions(reading)
        self._kept: dict[tuple[str, int, int], list[ObligationView]] = {}

    def rows(self, group: str, offset: int, limit: int) -> list[ObligationView]:
        kept = self._kept.pop((group, offset, limit), None)
        if kept is not None:
            return kept
        query = (_select().where(self._conditions[group], self.reading.shown())
                 .order_by(_O.planned_due, _O.id).offset(offset).limit(limit))
        with self.store.session() as session:
            return [self.reading.view(row) for row in session.execute(query)]

    def preload(self, group: str, offset: int, limit: int) -> None:
        self._kept[group, offset, limit] = self.rows(group, offset, limit)


def dashboard_groups(store: Store, today: dt.date | None = None) -> ObligationGroups:
    """The Dashboard's groups on `today` (default: the officer's), their sizes counted by the index."""
    with _open_reading(store, today) as (session, reading):
        shown = reading.shown()
        conditions = _group_conditions(reading)
        # Each a range of the index (state, planned due): a few milliseconds for 100,000s of rows.
        counts = {group: session.scalar(select(func.count()).select_from(_O).where(condition, shown)) or 0
                  for group, condition in conditions.items()}
        urgent = session.scalar(select(func.count()).select_from(_O).where(reading.urgent(), shown)) or 0
        first = [reading.view(row) for row in session.execute(
            _select().where(reading.urgent(), shown).order_by(_O.planned_due, _O.id).limit(FIRST_URGENT))]
        return ObligationGroups(store, reading, counts, urgent, first)


# ------------------------------------------------------------------------------------------- Events page

def event_urgency(session: Session, event_id: ColumnElement[Any], today: dt.date) -> ScalarSelect[Any]:
    """The rank in STATES_BY_URGENCY of the most urgent obligation of the event `event_id` (a column of the
    query) on `today`, NULL for an event without any: a correlated subquery, so the Events page reads, filters
    and sorts its rows by obligation state in its own query. The session's store must be current
    (`bring_up_to_date`), as after any write in this Hattama: then each event's summary row answers
    (hattama.services.event_obligation_summary)."""
    reading = _reading(session, today, ())
    summary_since = session.scalars(select(ObligationStamp.summary_since).limit(1)).first()
    if summary_since == reading.tracking_since <= today:
        return summary_urgency(event_id, today, reading.dating.soon_before)
    # A reading of a day before the tracking day (a summary dates an open row before it as "before tracking"
    # whatever its due day): the event's stored rows, through their record index.
    return (select(func.min(reading.urgency())).where(_O.subject_kind == SUBJECT_EVENT, _O.record_id == event_id)
            .scalar_subquery())


def state_of_urgency(rank: int | None) -> ObligationState | None:
    """The state an `event_urgency` rank stands for (None: no obligation)."""
    return None if rank is None or rank >= len(STATES_BY_URGENCY) else STATES_BY_URGENCY[rank]


def urgency_of_state(state: ObligationState) -> int:
    return URGENCY[state]


def report_deadline(store: Store, event_id: uuid.UUID, today: dt.date | None = None) -> ObligationView | None:
    """The p.46 report obligation of one event (for the top of the report editor)."""
    with _open_reading(store, today, ()) as (session, reading):
        query = _select().where(_O.subject_kind == SUBJECT_EVENT, _O.record_id == event_id,
                                _O.kind == ObligationKind.POST_EVENT_REPORT.value)
        row = session.execute(query).first()
        return None if row is None else reading.view(row)


# ------------------------------------------------------------------------------------------------ marks

def mark_done(store: Store, kind: ObligationKind, subject_id: str, done_on: dt.date, marked_by: str,
              note: str = "") -> None:
    if kind is ObligationKind.POST_EVENT_REPORT:
        raise ServiceError(N_("The report is done when it is marked as sent to the MFA on the Reports page."))
    if done_on > clock.today():
        raise ServiceError(N_("The date done cannot be in the future: {date}."), date=done_on)
    with store.session() as session:
        existing = session.scalars(select(ObligationMark).where(
            ObligationMark.kind == kind.value, ObligationMark.subject_id == subject_id)).first()
        if existing is None:
            session.add(ObligationMark(kind=kind.value, subject_id=subject_id, done_on=done_on, note=note,
                                       marked_by=marked_by))
        else:
            existing.done_on, existing.note, existing.marked_by = done_on, note, marked_by


def unmark_done(store: Store, kind: ObligationKind, subject_id: str) -> None:
    with store.session() as session:
        session.execute(delete(ObligationMark).where(
            ObligationMark.kind == kind.value, ObligationMark.subject_id == subject_id))
