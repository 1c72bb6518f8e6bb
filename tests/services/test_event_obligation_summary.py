"""Each event's obligations summed up in one row (issue 18.2, migration 0019), from which the Events page reads,
filters and sorts by the most urgent obligation: the state it gives each event must be the one the rules give
(p.46, p.48, p.49, p.50, tracking since), on any day, and it must follow every change in the same transaction."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import aliased

from hattama.db.models import Event, EventObligationSummary, ObligationStamp, StoredObligation
from hattama.db.store import create_sqlite_engine, open_store, upgrade
from hattama.rules.obligations import ObligationState
from hattama.services import obligations
from hattama.services.event_obligation_summary import OPEN, URGENCY, summarize_events, summary_urgency
from hattama.services.events import delete_event
from hattama.services.obligations import compute_obligations, event_urgency
from hattama.services.reports import request_report
from hattama.services.settings import update_settings
from tests.services.test_obligations_service import add_event
from tests.services.test_stored_obligations import TODAY, add_every_state, track_since
from tests.worst_states import listed_states, worst_states

TRACKING_SINCE = dt.date(2026, 6, 1)  # add_every_state's


@pytest.fixture(autouse=True)
def on_today(pinned_clock) -> None:
    pinned_clock.pin(dt.datetime.combine(TODAY, dt.time(10)))


def read_from_summary(store, today: dt.date) -> bool:
    """Whether the Events page's query on `today` reads the summary (else each event's stored rows)."""
    with store.session() as session:
        statement = select(Event.id, event_urgency(session, Event.id, today))
        return "event_obligation_summary" in str(statement.compile(dialect=sqlite.dialect()))


def summary_rows(store) -> set[tuple[object, ...]]:
    with store.session() as session:
        return {tuple(row) for row in session.execute(select(
            EventObligationSummary.event_id, EventObligationSummary.settled_rank,
            EventObligationSummary.tracked_due, EventObligationSummary.untracked))}


def made_afresh(store, since: dt.date) -> set[tuple[object, ...]]:
    """The summary made again from every stored obligation, as a whole-store recompute makes it."""
    with store.session(write=True) as session:
        summarize_events(session, since)
    return summary_rows(store)


def logged(store, event_id, created_at: dt.datetime) -> None:
    """The day the event was first stored (its obligations' `logged_on`), set rather than the machine's."""
    with store.session(write=True) as session:
        session.execute(update(Event).where(Event.id == event_id).values(created_at=created_at))


def with_state(found: dict) -> dict:
    return {event_id: state for event_id, state in found.items() if state is not None}


# A day before the tracking day reads each event's rows: the summary dates an open row due before it as
# "before tracking" whatever the day, which only holds from the tracking day on.
@pytest.mark.parametrize(("today", "summary"), [(TODAY, True), (dt.date(2026, 6, 2), True),
                                                (dt.date(2027, 2, 1), True), (dt.date(2026, 5, 20), False)])
def test_each_events_most_urgent_state_is_the_rules_one_on_any_day(store, today, summary) -> None:
    """p.46 reports due today, soon, later, overdue or awaiting the MFA's request; p.48 and p.49 before a trip;
    p.50 not applicable; before tracking; a 1998 event outside the calendar: the Events page's state of each
    event is the most urgent of its obligations' states as the rules' Dating gives them in Python."""
    add_every_state(store)
    update_settings(store, p49_notice_every_meeting=False)
    found = listed_states(store, today)
    assert read_from_summary(store, today) is summary
    expected = worst_states(store, today)
    assert with_state(found) == expected
    if today == TODAY:
        assert {ObligationState.OVERDUE, ObligationState.UPCOMING, ObligationState.NO_CALENDAR,
                ObligationState.NOT_APPLICABLE} <= set(expected.values())


# Rows of one event, by what decides its rank: a settled state, or an open row's due day (from the reading day)
# and whether it was due and logged before the tracking day.
SETTLED = ("done", "awaiting_request", "not_requested", "not_applicable", "no_calendar", "before_tracking")
OPEN_ROWS = [(offset, before) for offset in (-40, -1, 0, 1, 3, 30) for before in (False, True)]


# 2101: a day the working-day calendar does not cover (open rows are "no calendar").
@pytest.mark.parametrize("today", [TRACKING_SINCE, dt.date(2026, 6, 30), TODAY, dt.date(2101, 3, 2)])
def test_the_summary_ranks_every_mix_of_rows_as_the_rows_themselves_do(store, today) -> None:
    """Every event of one or two stored rows (each settled state; open rows overdue, due today, due soon and
    upcoming, counted or before tracking): its rank read from its summary is the lowest of its rows' ranks as
    the SQL dating gives them, itself held to the rules' Dating row by row (test_stored_obligations)."""
    track_since(store, TRACKING_SINCE)
    compute_obligations(store, today)  # stamped: the rows below are read as they are
    kinds = [("settled", state) for state in SETTLED] + [("open", row) for row in OPEN_ROWS]
    mixes = [(first,) for first in kinds] + [(first, second) for number, first in enumerate(kinds)
                                                for second in kinds[number:]]
    rows = []
    for mix in mixes:
        event_id = uuid.uuid4()
        for number, (kind, detail) in enumerate(mix):
            if kind == "settled":
                due, logged, state = today, today, detail
            else:
                offset, before = detail
                due = min(today + dt.timedelta(days=offset), TRACKING_SINCE - dt.timedelta(days=1)) if before \
                    else max(today + dt.timedelta(days=offset), TRACKING_SINCE)
                logged, state = (due if before else None), OPEN
            rows.append(dict(subject_kind="event", record_id=event_id, kind="post_event_report", item="p.46",
                             subject_id=f"{event_id}-{number}", nominal_due=due, planned_due=due, state=state,
                             late=False, logged_on=logged))
    with store.session(write=True) as session:
        session.execute(insert(StoredObligation), rows)
        summarize_events(session, TRACKING_SINCE)
        reading = obligations._reading(session, today, ())
        assert (reading.dating.soon_before is None) is (today.year > 2100)
        by_rows = dict(session.execute(select(StoredObligation.record_id, func.min(reading.urgency()))
                                       .where(StoredObligation.subject_kind == "event")
                                       .group_by(StoredObligation.record_id)).all())
        listed = aliased(EventObligationSummary)  # the events' ids, as the Events page's query gives them
        by_summary = dict(session.execute(select(listed.event_id, summary_urgency(
            listed.event_id, today, reading.dating.soon_before))).all())
    assert len(by_rows) == len(mixes) and by_summary == by_rows
    if today == TODAY:
        assert set(by_rows.values()) >= {URGENCY[ObligationState.OVERDUE], URGENCY[ObligationState.DUE_SOON],
                                         URGENCY[ObligationState.UPCOMING],
                                         URGENCY[ObligationState.BEFORE_TRACKING]}


def test_the_summary_follows_each_change_in_its_transaction_p46(store) -> None:
    add_every_state(store)
    compute_obligations(store, TODAY)
    since = TRACKING_SINCE
    assert summary_rows(store) == made_afresh(store, since) != set()
    late = add_event(store, ends=dt.datetime(2026, 10, 1, 17))
    assert summary_rows(store) == made_afresh(store, since)
    request_report(store, late, dt.date(2026, 10, 2))
    assert listed_states(store, TODAY)[late] is ObligationState.OVERDUE
    assert summary_rows(store) == made_afresh(store, since)
    with store.session(write=True) as session:  # p.50: exempt
        session.execute(update(Event).where(Event.id == late).values(exemption_area="criminal_proceedings"))
    assert listed_states(store, TODAY)[late] is worst_states(store, TODAY)[late]
    assert summary_rows(store) == made_afresh(store, since)
    with store.session(write=True) as session:  # the event moved: its report falls due later
        session.execute(update(Event).where(Event.id == late).values(
            starts_at=dt.datetime(2027, 3, 1, 9), ends_at=dt.datetime(2027, 3, 1, 17)))
    assert summary_rows(store) == made_afresh(store, since)
    delete_event(store, late)
    assert late not in {row[0] for row in summary_rows(store)}
    assert summary_rows(store) == made_afresh(store, since)
    assert with_state(listed_states(store, TODAY)) == worst_states(store, TODAY)


def test_a_new_tracking_day_makes_the_summary_again_before_the_next_reading(store) -> None:
    """Issue 19.1 (not a decree rule): moved later, the tracking day turns a p.46 report long overdue into one
    "before tracking"; the next reading makes the summary for the new day."""
    track_since(store, dt.date(2026, 1, 1))
    late = add_event(store, ends=dt.datetime(2026, 10, 1, 17))
    logged(store, late, dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC))
    request_report(store, late, dt.date(2026, 10, 2))
    assert listed_states(store, TODAY)[late] is ObligationState.OVERDUE
    day = dt.date(2026, 12, 1)
    track_since(store, TODAY + dt.timedelta(days=1))  # after the report was due and the event logged
    found = listed_states(store, day)
    assert read_from_summary(store, day)
    assert found[late] is ObligationState.BEFORE_TRACKING == worst_states(store, day)[late]
    with store.session() as session:
        assert session.scalar(select(ObligationStamp.summary_since)) == TODAY + dt.timedelta(days=1)


def test_a_store_whose_summary_is_not_made_yet_has_it_made_at_its_first_reading(store) -> None:
    """What an upgrade from 0018 leaves: the obligations stored, the summary empty and its tracking day unset."""
    add_every_state(store)
    compute_obligations(store, TODAY)
    with store.session(write=True) as session:
        session.execute(EventObligationSummary.__table__.delete())
        session.execute(update(ObligationStamp).values(summary_since=None))
    assert with_state(listed_states(store, TODAY)) == worst_states(store, TODAY)
    assert read_from_summary(store, TODAY)
    assert summary_rows(store) == made_afresh(store, TRACKING_SINCE) != set()


def test_migration_0019_upgrades_a_0018_store_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_sqlite_engine(path)
    upgrade(engine, "0018")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO obligation_stamp (version, first_year, last_year) VALUES ('v', 2025, 2027)")
    engine = create_sqlite_engine(path)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version, first_year, last_year, summary_since FROM obligation_stamp"
                                  ).fetchall() == [("v", 2025, 2027, None)]
        assert connection.execute("SELECT count(*) FROM event_obligation_summary").fetchone() == (0,)
    upgraded = open_store(path)
    try:
        event_id = add_event(upgraded, ends=dt.datetime(2026, 10, 1, 17))
        found = listed_states(upgraded, TODAY)
        assert found[event_id] is not None and with_state(found) == worst_states(upgraded, TODAY)
    finally:
        upgraded.close()
