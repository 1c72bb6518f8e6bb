"""Obligations computed over the store: events, reports, marks and the body's p.50 status together."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from db.models import Event, Report
from desktop import i18n
from desktop.rules.obligations import ObligationKind, ObligationState
from desktop.services.errors import ServiceError
from desktop.services.obligations import (
    STATES_BY_URGENCY,
    compute_obligations,
    mark_done,
    unmark_done,
    worst_state_by_event,
)
from desktop.services.settings import update_settings

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def on_today(pinned_clock) -> None:
    """Marks are refused for dates after the clock's today, so the clock shows TODAY too."""
    pinned_clock.pin(dt.datetime.combine(TODAY, dt.time(10)))


def add_event(store, *, country="KZ", ends=dt.datetime(2026, 11, 20, 17), exemption=None, mfa=False, series=None):
    event_id = uuid.uuid4()
    with store.session() as session:
        session.add(Event(id=event_id, title_kk="Келіссөздер", title_ru="Переговоры", kind="talks",
                          starts_at=ends - dt.timedelta(hours=6), ends_at=ends, country=country,
                          held_by_body=True, mfa_participated=mfa, exemption_area=exemption, series_id=series))
    return event_id


def by_kind(views, event_id):
    return {view.obligation.kind: view for view in views if view.event_id == event_id}


def test_p46_report_due_seven_working_days_after_the_event(store) -> None:
    event_id = add_event(store)
    report = by_kind(compute_obligations(store, TODAY), event_id)[ObligationKind.POST_EVENT_REPORT]
    assert report.obligation.item == "p.46"
    assert report.obligation.planned_due == dt.date(2026, 12, 1)  # Fri 20 Nov + 7 WD
    assert report.working_days_left == 3  # Fri 27, Mon 30 Nov, Tue 1 Dec
    assert report.state is ObligationState.UPCOMING  # the default due-soon window is 2 WD
    update_settings(store, due_soon_working_days=3)
    report = by_kind(compute_obligations(store, TODAY), event_id)[ObligationKind.POST_EVENT_REPORT]
    assert report.state is ObligationState.DUE_SOON
    assert report.event_title == "Келіссөздер"


def test_p46_report_done_when_the_report_is_marked_sent(store) -> None:
    event_id = add_event(store)
    with store.session() as session:
        session.add(Report(event_id=event_id, status="sent", sent_on=dt.date(2026, 11, 25)))
    report = by_kind(compute_obligations(store, TODAY), event_id)[ObligationKind.POST_EVENT_REPORT]
    assert report.state is ObligationState.DONE
    assert report.obligation.done_on == dt.date(2026, 11, 25)
    assert report.report_id is not None


def test_p50_exempt_area_makes_p46_not_applicable_with_the_reason(store) -> None:
    event_id = add_event(store, exemption="investment")
    report = by_kind(compute_obligations(store, TODAY), event_id)[ObligationKind.POST_EVENT_REPORT]
    assert report.state is ObligationState.NOT_APPLICABLE
    assert "p.50" in report.explanation() and "p.46" in report.explanation()


def test_p50_special_state_body_is_outside_p48_and_p49(store) -> None:
    update_settings(store, special_state_body=True)
    meeting = add_event(store)  # in Kazakhstan, without the MFA: p.49 notice
    trip = add_event(store, country="CN", ends=dt.datetime(2026, 12, 10, 12))  # abroad: p.48 consultation
    views = compute_obligations(store, TODAY)
    assert by_kind(views, meeting)[ObligationKind.MFA_NOTICE_AFTER_MEETING].state is ObligationState.NOT_APPLICABLE
    assert by_kind(views, trip)[ObligationKind.PRE_DEPARTURE_CONSULTATION].state is ObligationState.NOT_APPLICABLE


def test_p49_mfa_notice_due_five_working_days_after_the_meeting(store) -> None:
    meeting = add_event(store)
    notice = by_kind(compute_obligations(store, TODAY), meeting)[ObligationKind.MFA_NOTICE_AFTER_MEETING]
    assert notice.obligation.item == "p.49"
    assert notice.obligation.planned_due == dt.date(2026, 11, 27)


def test_deleted_events_have_no_obligations(store) -> None:
    event_id = add_event(store)
    with store.session() as session:
        session.get(Event, event_id).deleted_at = dt.datetime.now(dt.UTC)
    assert by_kind(compute_obligations(store, TODAY), event_id) == {}


def test_mark_done_and_undo_a_yearly_obligation_p46_plan(store) -> None:
    mark_done(store, ObligationKind.ANNUAL_PLAN_AND_REPORT, "2026", dt.date(2026, 11, 20), "A")
    plan = [v for v in compute_obligations(store, TODAY) if v.obligation.kind is ObligationKind.ANNUAL_PLAN_AND_REPORT
            and v.obligation.subject_id == "2026"][0]
    assert plan.state is ObligationState.DONE
    assert plan.obligation.planned_due == dt.date(2026, 12, 18)  # 20 December 2026 is a Sunday
    unmark_done(store, ObligationKind.ANNUAL_PLAN_AND_REPORT, "2026")
    plan = [v for v in compute_obligations(store, TODAY) if v.obligation.kind is ObligationKind.ANNUAL_PLAN_AND_REPORT
            and v.obligation.subject_id == "2026"][0]
    assert plan.state is not ObligationState.DONE


def test_report_obligation_cannot_be_marked_done_by_hand(store) -> None:
    with pytest.raises(ServiceError):
        mark_done(store, ObligationKind.POST_EVENT_REPORT, str(uuid.uuid4()), TODAY, "A")


def test_worst_state_per_event(store) -> None:
    late = add_event(store, ends=dt.datetime(2026, 10, 1, 12))
    coming = add_event(store, ends=dt.datetime(2026, 11, 25, 12))
    exempt = add_event(store, exemption="investment")  # p.50
    sent = add_event(store)
    with store.session() as session:
        session.add(Report(event_id=sent, status="sent", sent_on=dt.date(2026, 11, 25)))
    worst = worst_state_by_event(store, TODAY)
    assert worst[late] is ObligationState.OVERDUE  # p.46, seven working days long past
    # The same answer as the Dashboard's full views give, for every event.
    views = compute_obligations(store, TODAY)
    for event_id in (late, coming, exempt, sent):
        states = {view.state for view in views if view.event_id == event_id}
        assert worst[event_id] is min(states, key=STATES_BY_URGENCY.index)


def test_the_decree_item_is_written_as_each_language_writes_it(store) -> None:
    event_id = add_event(store)
    report = by_kind(compute_obligations(store, TODAY), event_id)[ObligationKind.POST_EVENT_REPORT]
    assert report.obligation.item == "p.46"  # the rules' own name, in data and exports
    labels = {}
    for language in ("kk", "ru", "en"):
        i18n.set_language(language)
        labels[language] = report.item_label()
    assert labels == {"kk": "46-т.", "ru": "п. 46", "en": "p.46"}
