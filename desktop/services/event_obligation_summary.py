"""Each event's obligations summed up in one narrow row (`event_obligation_summary`, issue 18.2), so the Events
page filters and sorts 100,000 events by their most urgent obligation without reading every event's obligations.

An event's most urgent state on a day follows from three facts of its stored rows, none of which depends on the
day (only on the tracking day, p.50's "before tracking"): the most urgent settled state (done, awaiting request,
exempt...), the earliest due date among its open rows counted from the tracking day, and whether an open row
predates it. Open rows counted are ranked by their due date alone (overdue, due today, due soon, upcoming: the
earlier, the more urgent), and one that predates tracking is "before tracking" on every day from the tracking
day on. hattama.services.stored_obligations keeps the rows in step with the obligations, in their transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, and_, case, delete, func, insert, literal, or_, select
from sqlalchemy.orm import Session

from hattama.db.models import EventObligationSummary, StoredObligation
from hattama.db.models.obligations import SUBJECT_EVENT
from hattama.rules.obligations import ObligationState
from hattama.services.event_storage import chunked

# Most urgent first: how the Events page ranks an event by its obligations, and sorts them.
STATES_BY_URGENCY = (ObligationState.OVERDUE, ObligationState.DUE_TODAY, ObligationState.DUE_SOON,
                     ObligationState.NO_CALENDAR, ObligationState.UPCOMING, ObligationState.AWAITING_REQUEST,
                     ObligationState.DONE, ObligationState.NOT_REQUESTED, ObligationState.BEFORE_TRACKING,
                     ObligationState.NOT_APPLICABLE)
URGENCY = {state: rank for rank, state in enumerate(STATES_BY_URGENCY)}
OPEN = ObligationState.UPCOMING.value  # how the store keeps every obligation a day will date

_O = StoredObligation
_S = EventObligationSummary


def stored_rank() -> ColumnElement[int]:
    """A settled row's state as its rank in STATES_BY_URGENCY."""
    return case({state.value: rank for state, rank in URGENCY.items()}, value=_O.state, else_=len(URGENCY))


def predates_tracking(since: dt.date) -> ColumnElement[bool]:
    """An open row due, and logged, before the tracking day: "before tracking" once its due day has passed
    (hattama.rules.obligations.before_tracking)."""
    return and_(_O.planned_due < since, or_(_O.logged_on.is_(None), _O.logged_on < since))


def _counted_from(since: dt.date) -> ColumnElement[bool]:
    """NOT predates_tracking, written out so a NULL `logged_on` reads as false, not as unknown."""
    return or_(_O.planned_due >= since, and_(_O.logged_on.is_not(None), _O.logged_on >= since))


def summarize_events(session: Session, since: dt.date, event_ids: Iterable[uuid.UUID] | None = None) -> None:
    """Makes again the summaries of `event_ids` (None: every event's) from their stored obligations."""
    open_row = _O.state == OPEN
    summary = (select(_O.record_id,
                      func.min(case((_O.state != OPEN, stored_rank()))),
                      func.min(case((and_(open_row, _counted_from(since)), _O.planned_due))),
                      func.max(case((and_(open_row, predates_tracking(since)), literal(1)), else_=literal(0))))
               .where(_O.subject_kind == SUBJECT_EVENT)
               .group_by(_O.record_id))
    columns = [_S.event_id, _S.settled_rank, _S.tracked_due, _S.untracked]
    if event_ids is None:
        session.execute(delete(_S))
        session.execute(insert(_S).from_select(columns, summary))
        return
    for part in chunked(list(event_ids)):
        session.execute(delete(_S).where(_S.event_id.in_(part)))
        session.execute(insert(_S).from_select(columns, summary.where(_O.record_id.in_(part))))


def summary_urgency(event_id: ColumnElement[Any], today: dt.date,
                    soon_before: dt.date | None) -> ScalarSelect[Any]:
    """The rank of the event's most urgent obligation on `today` (from the tracking day its summary was made
    for, not later than `today`), read from its summary: NULL for an event without obligations. `soon_before`:
    the first day no longer "due soon" (None: the calendar does not cover the day, open rows have no date)."""
    def at_most(rank: int) -> ColumnElement[int]:  # the lower of the settled rank (if any) and `rank`
        return case((_S.settled_rank < rank, _S.settled_rank), else_=rank)

    if soon_before is None:
        open_row = or_(_S.tracked_due.is_not(None), _S.untracked.is_(True))
        lower: ColumnElement[int] = case((open_row, at_most(URGENCY[ObligationState.NO_CALENDAR])),
                                         else_=_S.settled_rank)
    else:
        # Overdue ranks first of all: no settled state can be more urgent.
        lower = case((_S.tracked_due < today, URGENCY[ObligationState.OVERDUE]),
                     (_S.tracked_due == today, at_most(URGENCY[ObligationState.DUE_TODAY])),
                     (_S.tracked_due < soon_before, at_most(URGENCY[ObligationState.DUE_SOON])),
                     (_S.tracked_due.is_not(None), at_most(URGENCY[ObligationState.UPCOMING])),
                     (_S.untracked.is_(True), at_most(URGENCY[ObligationState.BEFORE_TRACKING])),
                     else_=_S.settled_rank)
    return select(lower).where(_S.event_id == event_id).scalar_subquery()
