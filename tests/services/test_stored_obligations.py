"""Obligations kept in the store (issue 18.3): changed in the transaction that changes their facts, computed
again when the rules change, read without running the rules; and `tracking_since` (issue 19.1)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid

import pytest
from sqlalchemy import select, update

from hattama.db.models import Event, ObligationDirty, StoredObligation, UnitSettings
from hattama.db.obligation_triggers import TRIGGER_NAMES
from hattama.presentation import obligations as words
from hattama.rules.obligations import ObligationKind, ObligationState
from hattama.services import obligations, stored_obligations
from hattama.services.calendar import add_override
from hattama.services.letters import LetterData, add_letter
from hattama.services.obligations import (
    GROUPS,
    compute_obligations,
    dashboard_groups,
    iter_obligations,
    mark_done,
    state_of_urgency,
)
from hattama.services.reports import request_report
from hattama.services.settings import load_settings, update_settings
from tests.services.test_obligations_service import add_event
from tests.worst_states import listed_states

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def on_today(pinned_clock) -> None:
    pinned_clock.pin(dt.datetime.combine(TODAY, dt.time(10)))


def track_since(store, day: dt.date) -> None:
    """The unit's tracking_since (hattama settings set tracking_since), written directly."""
    load_settings(store)  # the settings row exists
    with store.session() as session:
        session.execute(update(UnitSettings).values(tracking_since=day))


def stored(store, record_id: uuid.UUID | None = None) -> dict[tuple[str, str], tuple[str, dt.date]]:
    """The stored rows as they are, without reading through the service (nothing is computed)."""
    query = select(StoredObligation.kind, StoredObligation.subject_id, StoredObligation.state,
                   StoredObligation.planned_due)
    if record_id is not None:
        query = query.where(StoredObligation.record_id == record_id)
    with store.session() as session:
        return {(kind, subject): (state, due) for kind, subject, state, due in session.execute(query)}


@pytest.fixture
def tracked(store):
    """A store whose obligations have been read once (stamped), tracking since 2026."""
    track_since(store, dt.date(2026, 1, 1))
    compute_obligations(store, TODAY)
    return store


def test_an_event_saved_has_its_obligations_stored_in_the_same_commit(tracked) -> None:
    event_id = add_event(tracked)
    rows = stored(tracked, event_id)
    assert (ObligationKind.POST_EVENT_REPORT.value, str(event_id)) in rows
    with tracked.session() as session:
        assert session.scalars(select(ObligationDirty)).all() == []  # nothing left for a reader to do


def test_a_report_request_updates_the_stored_report_obligation_p46(tracked) -> None:
    event_id = add_event(tracked)
    key = (ObligationKind.POST_EVENT_REPORT.value, str(event_id))
    assert stored(tracked, event_id)[key][0] == ObligationState.AWAITING_REQUEST.value
    request_report(tracked, event_id, dt.date(2026, 11, 23), "№ 1", today=TODAY)
    assert stored(tracked, event_id)[key][0] == ObligationState.UPCOMING.value  # open: dated when read


def test_a_done_mark_and_a_letter_update_the_stored_rows_p44_p49(tracked) -> None:
    meeting = add_event(tracked, series=uuid.uuid4())
    notice = (ObligationKind.MFA_NOTICE_AFTER_MEETING.value, str(meeting))
    mark_done(tracked, ObligationKind.MFA_NOTICE_AFTER_MEETING, str(meeting), TODAY, "officer")
    assert stored(tracked, meeting)[notice][0] == ObligationState.DONE.value
    letter = add_letter(tracked, LetterData(direction="outgoing", correspondent_kind="diplomatic_mission",
                                            dated_on=dt.date(2026, 11, 25), correspondent="Embassy", subject="Visit",
                                            channel="direct_urgent", urgency_reason="arrives on 30 November"),
                        today=TODAY)
    assert stored(tracked, letter) == {(ObligationKind.DIRECT_LETTER_NOTICE.value, str(letter)):
                                       (ObligationState.UPCOMING.value, dt.date(2026, 11, 26))}


def test_a_calendar_override_moves_the_stored_deadlines(tracked) -> None:
    """p.46: 7 WD after Friday 20 November 2026 is 1 December; a day off on 30 November makes it 2 December."""
    update_settings(tracked, mfa_requests_all_reports=True)
    event_id = add_event(tracked)
    key = (ObligationKind.POST_EVENT_REPORT.value, str(event_id))
    assert stored(tracked, event_id)[key][1] == dt.date(2026, 12, 1)
    add_override(tracked, dt.date(2026, 11, 30), False, "Day off moved", "Decree No. 5", "officer")
    assert stored(tracked, event_id)[key][1] == dt.date(2026, 12, 2)


def test_a_change_rolled_back_leaves_the_stored_rows_as_they_were(tracked) -> None:
    update_settings(tracked, mfa_requests_all_reports=True)
    event_id = add_event(tracked)
    before = stored(tracked, event_id)
    with pytest.raises(RuntimeError), tracked.session() as session:
        session.execute(update(Event).where(Event.id == event_id).values(ends_at=dt.datetime(2026, 11, 24, 17),
                                                                          starts_at=dt.datetime(2026, 11, 24, 9)))
        assert stored_obligations.refresh_obligations(session, today=TODAY) >= 1
        inside = session.execute(select(StoredObligation.planned_due).where(
            StoredObligation.record_id == event_id,
            StoredObligation.kind == ObligationKind.POST_EVENT_REPORT.value)).scalar_one()
        assert inside == dt.date(2026, 12, 3)  # changed inside the transaction
        raise RuntimeError("the officer's save fails")
    assert stored(tracked, event_id) == before


def test_a_write_by_another_program_is_computed_before_the_next_reading(tracked, store_path) -> None:
    update_settings(tracked, mfa_requests_all_reports=True)
    event_id = add_event(tracked)
    with sqlite3.connect(store_path) as raw:  # no listener here: the triggers queue it
        raw.execute("UPDATE event SET held_by_body = 0 WHERE id = ?", (event_id.hex,))
    assert (ObligationKind.POST_EVENT_REPORT.value, str(event_id)) in stored(tracked, event_id)
    views = [view for view in compute_obligations(tracked, TODAY) if view.event_id == event_id]
    assert ObligationKind.POST_EVENT_REPORT not in {view.obligation.kind for view in views}
    assert stored(tracked, event_id) == {}


def test_a_new_rules_version_computes_every_obligation_again(tracked, monkeypatch) -> None:
    update_settings(tracked, mfa_requests_all_reports=True)
    event_id = add_event(tracked)
    with tracked.session() as session:  # a row the rules would not give
        session.execute(update(StoredObligation).where(StoredObligation.record_id == event_id)
                        .values(planned_due=dt.date(2030, 1, 1)))
    report = ObligationKind.POST_EVENT_REPORT

    def report_due() -> dt.date:
        return next(view.obligation.planned_due for view in compute_obligations(tracked, TODAY)
                    if view.event_id == event_id and view.obligation.kind is report)

    assert report_due() == dt.date(2030, 1, 1)  # read as stored: nothing recomputed
    monkeypatch.setattr(stored_obligations, "RULES_VERSION", "a later version")
    assert report_due() == dt.date(2026, 12, 1)


def test_a_changed_body_setting_recomputes_in_the_same_commit_p50(tracked) -> None:
    event_id = add_event(tracked)
    update_settings(tracked, presidential_administration=True)
    assert {state for state, _due in stored(tracked, event_id).values()} == {ObligationState.NOT_APPLICABLE.value}


def test_the_dashboard_reads_the_table_without_running_the_rules(tracked, monkeypatch) -> None:
    update_settings(tracked, mfa_requests_all_reports=True)
    add_event(tracked, ends=dt.datetime(2026, 10, 1, 17))
    add_event(tracked, ends=dt.datetime(2026, 11, 25, 17))

    def refuse(*_args, **_kwargs):
        raise AssertionError("the rules ran")

    monkeypatch.setattr(stored_obligations, "obligations_for_events", refuse)
    monkeypatch.setattr(stored_obligations, "yearly_obligations", refuse)
    groups = dashboard_groups(tracked, TODAY)
    assert groups.counts["overdue"] >= 2 and groups.urgent >= groups.counts["overdue"]
    rows = groups.rows("overdue", 0, 100)
    assert len(rows) == groups.counts["overdue"]
    assert all(view.state is ObligationState.OVERDUE for view in rows)


def test_the_groups_agree_with_each_obligation_state_and_tracking_since(store) -> None:
    """The SQL that groups the Dashboard dates rows as the rules' Dating does (overdue, before tracking, due
    this week or later, closed), for records logged before and after tracking_since and the yearly ones."""
    track_since(store, dt.date(2026, 6, 1))
    update_settings(store, mfa_requests_all_reports=True, p49_notice_every_meeting=True)
    for ends in (dt.datetime(2025, 3, 3, 17), dt.datetime(2026, 10, 1, 17), dt.datetime(2026, 11, 25, 17),
                 dt.datetime(2026, 12, 30, 17)):
        add_event(store, ends=ends)
    add_event(store, ends=dt.datetime(2026, 6, 1, 17), exemption="criminal_proceedings")
    groups = dashboard_groups(store, TODAY)
    by_group = {group: {(view.obligation.kind, view.obligation.subject_id, view.state)
                        for view in groups.rows(group, 0, 1000)} for group in GROUPS}
    assert {group: len(members) for group, members in by_group.items()} == groups.counts
    views = compute_obligations(store, TODAY)
    expected_group = {ObligationState.OVERDUE: "overdue", ObligationState.AWAITING_REQUEST: "awaiting_request",
                      ObligationState.DONE: "done", ObligationState.NOT_APPLICABLE: "not_applicable",
                      ObligationState.BEFORE_TRACKING: "before_tracking"}
    for view in views:
        key = (view.obligation.kind, view.obligation.subject_id, view.state)
        group = expected_group.get(view.state) or (
            "this_week" if view.obligation.planned_due <= dt.date(2026, 11, 29) else "later")
        assert key in by_group[group], (key, group)
    assert sum(groups.counts.values()) == len(views)
    assert [view.obligation.planned_due for view in iter_obligations(store, TODAY)] == sorted(
        view.obligation.planned_due for view in views)


def add_every_state(store) -> None:
    """Events whose obligations are, on TODAY, in every state a stored row can be read in (tracking since
    1 June 2026): p.46 reports due today, due soon, later and overdue; p.48 and p.49 before a trip; awaiting the
    MFA's request; p.50 not applicable; before tracking; a 1998 event outside the calendar."""
    track_since(store, dt.date(2026, 6, 1))
    update_settings(store, mfa_requests_all_reports=False, p49_notice_every_meeting=True)
    # 26 November 2026 is a Thursday: an event ending on the 17th owes its report today, the 18th's tomorrow.
    for ends in (dt.datetime(2025, 3, 3, 17), dt.datetime(2026, 10, 1, 17), dt.datetime(2026, 11, 17, 17),
                 dt.datetime(2026, 11, 18, 17)):
        request_report(store, add_event(store, ends=ends), dt.date(2026, 11, 19))
    for ends in (dt.datetime(2026, 11, 25, 17), dt.datetime(2026, 12, 30, 17), dt.datetime(1998, 5, 10, 17)):
        add_event(store, ends=ends)  # their reports await the MFA's request
    add_event(store, country="TR", ends=dt.datetime(2027, 2, 1, 17))
    add_event(store, ends=dt.datetime(2026, 6, 1, 17), exemption="criminal_proceedings")


@pytest.mark.parametrize("today", [TODAY, dt.date(2026, 6, 2), dt.date(2027, 2, 1)])
def test_the_events_pages_sql_dates_each_stored_row_as_the_rules_do(store, today) -> None:
    """The Events page reads, filters and sorts by an SQL rank of each stored row's state (`Reading.urgency`):
    it gives every row the state the rules' Dating gives it in Python (p.46 report due today, due soon, later and
    overdue; p.48 and p.49 before a trip; awaiting the MFA's request; p.50 not applicable; before tracking; a 1998
    event outside the calendar)."""
    add_every_state(store)
    compute_obligations(store, today)  # brings the stored rows up to date
    with store.session() as session:
        reading = obligations._reading(session, today, ())
        rows = session.execute(select(StoredObligation.state, StoredObligation.planned_due,
                                      StoredObligation.logged_on, reading.urgency().label("urgency"))).all()
    seen = set()
    for row in rows:
        expected, _reason = reading.state_of(row)
        assert state_of_urgency(row.urgency) is expected, (row, expected)
        seen.add(expected)
    if today == TODAY:
        assert {ObligationState.OVERDUE, ObligationState.DUE_TODAY, ObligationState.DUE_SOON, ObligationState.UPCOMING,
                ObligationState.NO_CALENDAR, ObligationState.NOT_APPLICABLE, ObligationState.AWAITING_REQUEST,
                ObligationState.BEFORE_TRACKING} <= seen, seen


def test_tracking_since_not_overdue_before_it_but_an_event_logged_later_keeps_its_own(store) -> None:
    """Issue 19.1 (not a decree rule): the p.46 plan of 20 December 2025 fell due before the unit began on
    1 June 2026 and is not overdue; an event held in 2025 but logged now still owes its p.46 report."""
    track_since(store, dt.date(2026, 6, 1))
    update_settings(store, mfa_requests_all_reports=True)
    old_event = add_event(store, ends=dt.datetime(2025, 3, 3, 17))  # logged today, after tracking began
    views = compute_obligations(store, TODAY, years=(2025,))
    plan = next(view for view in views if view.obligation.kind is ObligationKind.ANNUAL_PLAN_AND_REPORT)
    assert plan.state is ObligationState.BEFORE_TRACKING and plan.working_days_left is None
    assert "2026" in words.explanation(plan, "en") and "not counted as overdue" in words.explanation(plan, "en")
    report = next(view for view in views if view.event_id == old_event
                  and view.obligation.kind is ObligationKind.POST_EVENT_REPORT)
    assert report.state is ObligationState.OVERDUE
    assert listed_states(store, TODAY)[old_event] is ObligationState.OVERDUE
    # By default (no years asked), a past year's plan that is before tracking is closed, so not listed.
    assert not [view for view in compute_obligations(store, TODAY)
                if view.obligation.kind is ObligationKind.ANNUAL_PLAN_AND_REPORT and view.obligation.subject_id == "2025"]


def test_the_events_list_gives_each_event_its_most_urgent_stored_state(tracked) -> None:
    update_settings(tracked, mfa_requests_all_reports=True)
    late = add_event(tracked, ends=dt.datetime(2026, 10, 1, 17))
    abroad = add_event(tracked, country="TR", ends=dt.datetime(2027, 2, 1, 17))
    found = listed_states(tracked, TODAY)
    assert found[late] is ObligationState.OVERDUE  # p.46: the report, seven working days long past
    # p.46 participation and p.48 consultations, both planned for the last working day before the start.
    assert found[abroad] is ObligationState.UPCOMING
    assert min(view.obligation.planned_due for view in compute_obligations(tracked, TODAY)
               if view.event_id == abroad) == dt.date(2027, 1, 29)


def test_every_trigger_exists_at_the_newest_revision(store_path, store) -> None:
    compute_obligations(store, TODAY)
    with sqlite3.connect(store_path) as raw:
        names = {name for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert set(TRIGGER_NAMES) <= names
