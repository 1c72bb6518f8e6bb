"""Obligations computed over the store: events, reports, marks and the body's p.50 status together."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from hattama.db.models import Event, Report
from hattama.presentation import obligations as words
from hattama.rules.obligations import ObligationKind, ObligationState
from hattama.services.errors import ServiceError
from hattama.services.obligations import (
    STATES_BY_URGENCY,
    compute_obligations,
    mark_done,
    unmark_done,
)
from hattama.services.reports import request_report
from hattama.services.settings import update_settings
from tests.worst_states import listed_states

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
    update_settings(store, mfa_requests_all_reports=True)  # «СІМ-нің сұратуы бойынша»: the MFA asks for every report
    event_id = add_event(store)
    report = by_kind(compute_obligations(store, TODAY), event_id)[ObligationKind.POST_EVENT_REPORT]
    assert report.obligation.item == "p.46"
    assert report.obligation.planned_due == dt.date(2026, 12, 1)  # Fri 20 Nov + 7 WD
    assert report.working_days_left == 3  # Fri 27, Mon 30 Nov, Tue 1 Dec
    assert report.state is ObligationState.UPCOMING  # the default due-soon window is 2 WD
    update_settings(store, due_soon_working_days=3)
    report = by_kind(compute_obligations(store, TODAY), event_id)[ObligationKind.POST_EVENT_REPORT]
    assert report.state is ObligationState.DUE_SOON
    assert report.event_title.in_language("kk") == "Келіссөздер"


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
    assert "p.50" in words.explanation(report, "en") and "p.46" in words.explanation(report, "en")


def test_p50_special_state_body_is_outside_p48_and_p49(store) -> None:
    update_settings(store, special_state_body=True)
    meeting = add_event(store, series=uuid.uuid4())  # a meeting of a series in Kazakhstan without the MFA: p.49
    trip = add_event(store, country="CN", ends=dt.datetime(2026, 12, 10, 12))  # abroad: p.48 consultation
    views = compute_obligations(store, TODAY)
    assert by_kind(views, meeting)[ObligationKind.MFA_NOTICE_AFTER_MEETING].state is ObligationState.NOT_APPLICABLE
    assert by_kind(views, trip)[ObligationKind.PRE_DEPARTURE_CONSULTATION].state is ObligationState.NOT_APPLICABLE


def test_p49_mfa_notice_due_five_working_days_after_the_meeting(store) -> None:
    meeting = add_event(store, series=uuid.uuid4())
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
    worst = listed_states(store, TODAY)  # the Events page's column, read by SQL
    assert worst[late] is ObligationState.OVERDUE  # p.46, seven working days long past
    # The same answer as the Dashboard's full views give (dated by the rules in Python), for every event.
    views = compute_obligations(store, TODAY)
    for event_id in (late, coming, exempt, sent):
        states = {view.state for view in views if view.event_id == event_id}
        assert worst[event_id] is min(states, key=STATES_BY_URGENCY.index)


def test_the_decree_item_is_written_as_each_language_writes_it(store) -> None:
    event_id = add_event(store)
    report = by_kind(compute_obligations(store, TODAY), event_id)[ObligationKind.POST_EVENT_REPORT]
    assert report.obligation.item == "p.46"  # the rules' own name, in data and exports
    labels = {language: words.item_label(report.obligation.item, language) for language in ("kk", "ru", "en")}
    assert labels == {"kk": "46-т.", "ru": "п. 46", "en": "p.46"}


# ------------------------------------------------------------------------------------------- issue 11

def test_p46_report_awaits_the_request_until_it_is_recorded_on_the_report(store) -> None:
    """p.46 «СІМ-нің сұратуы бойынша»: shown with the date it would fall due, never overdue; the request
    recorded on the report (created if needed) makes it due."""
    event_id = add_event(store, ends=dt.datetime(2026, 11, 2, 17))
    report = by_kind(compute_obligations(store, TODAY), event_id)[ObligationKind.POST_EVENT_REPORT]
    assert (report.state, report.working_days_left) == (ObligationState.AWAITING_REQUEST, None)
    request_report(store, event_id, dt.date(2026, 11, 5), "01-2/77", today=TODAY)
    report = by_kind(compute_obligations(store, TODAY), event_id)[ObligationKind.POST_EVENT_REPORT]
    assert report.state is ObligationState.OVERDUE  # Mon 2 Nov + 7 WD = Wed 11 Nov
    assert (report.obligation.requested_on, report.mfa_request_ref) == (dt.date(2026, 11, 5), "01-2/77")
    assert report.report_id is not None


def test_p46_report_sent_late_is_done_with_a_late_mark(store) -> None:
    update_settings(store, mfa_requests_all_reports=True)
    event_id = add_event(store)  # due Tue 1 Dec 2026
    with store.session() as session:
        session.add(Report(event_id=event_id, status="sent", sent_on=dt.date(2026, 12, 3)))
    report = by_kind(compute_obligations(store, dt.date(2026, 12, 4)), event_id)[ObligationKind.POST_EVENT_REPORT]
    assert (report.state, report.obligation.late) == (ObligationState.DONE, True)
    assert "(late)" in words.state_label(report, "en")


def test_p48_consultation_recorded_on_the_event_is_done(store) -> None:
    """p.48: the consultations held (date, form, MFA official, reference) close the obligation."""
    trip = add_event(store, country="CN", ends=dt.datetime(2026, 12, 10, 12))
    with store.session() as session:
        event = session.get(Event, trip)
        event.consultation_on, event.consultation_form = dt.date(2026, 11, 25), "written"
    consultation = by_kind(compute_obligations(store, TODAY), trip)[ObligationKind.PRE_DEPARTURE_CONSULTATION]
    assert (consultation.state, consultation.obligation.done_on) == (ObligationState.DONE, dt.date(2026, 11, 25))


def test_past_years_yearly_obligations_stay_listed_until_done(store) -> None:
    """p.46 plan «20 желтоқсаннан кешіктірмей»: unsent on 20 December 2026, still listed, overdue, on
    5 January 2027; gone from the list once done."""
    today = dt.date(2027, 1, 5)

    def plan_2026():
        return [v for v in compute_obligations(store, today)
                if v.obligation.kind is ObligationKind.ANNUAL_PLAN_AND_REPORT and v.obligation.subject_id == "2026"]

    [plan] = plan_2026()
    assert plan.state is ObligationState.OVERDUE
    mark_done(store, ObligationKind.ANNUAL_PLAN_AND_REPORT, "2026", dt.date(2026, 11, 20), "A")
    assert plan_2026() == []


def test_an_event_outside_the_calendar_is_no_calendar_and_the_rest_is_computed(store) -> None:
    """Issue 11 point 8: a 1998 event used to make the whole list fail."""
    old = add_event(store, ends=dt.datetime(1998, 5, 10, 17))
    recent = add_event(store)
    views = compute_obligations(store, TODAY)
    report = by_kind(views, old)[ObligationKind.POST_EVENT_REPORT]
    assert report.state is ObligationState.NO_CALENDAR and report.working_days_left is None
    assert "1998" in (words.reason(report, "en") or "")
    assert by_kind(views, recent)[ObligationKind.POST_EVENT_REPORT].state is ObligationState.AWAITING_REQUEST
    assert listed_states(store, TODAY)[old] is ObligationState.NO_CALENDAR


@pytest.mark.parametrize(("language", "start"), [("kk", "46-т.: "), ("ru", "п. 46: "), ("en", "p.46: ")])
def test_explanations_start_with_the_item_as_the_language_writes_it(store, language: str, start: str) -> None:
    """Issue 11 point 9: never a raw "p.46:" in Kazakh or Russian."""
    event_id = add_event(store)
    report = by_kind(compute_obligations(store, TODAY), event_id)[ObligationKind.POST_EVENT_REPORT]
    assert words.explanation(report, language).startswith(start)


def test_no_doubled_full_stop_after_an_abbreviated_date(store) -> None:
    """Russian abbreviated dates end in "г."; a sentence ending on one gets no second full stop."""
    update_settings(store, mfa_requests_all_reports=True)
    event_id = add_event(store)
    for view in compute_obligations(store, TODAY):
        assert ".." not in words.explanation(view, "ru"), words.explanation(view, "ru")
    report = by_kind(compute_obligations(store, TODAY), event_id)[ObligationKind.POST_EVENT_REPORT]
    assert words.explanation(report, "ru").endswith("г.")


def test_overdue_on_the_nominal_day_of_a_fixed_date_deadline_on_a_weekend(store) -> None:
    """p.46 plan by 20 December 2026, a Sunday, planned for Friday 18th: on Sunday 20th it is overdue, and
    never "0 working days left"."""
    [plan] = [v for v in compute_obligations(store, dt.date(2026, 12, 20))
              if v.obligation.kind is ObligationKind.ANNUAL_PLAN_AND_REPORT and v.obligation.subject_id == "2026"]
    assert plan.state is ObligationState.OVERDUE
    assert plan.working_days_left is not None and plan.working_days_left < 0


def test_the_two_p50_bodies_are_separate_settings(store) -> None:
    """p.50 «Президент Әкімшілігі мен Премьер-Министр Кеңсесі»: each its own setting, named in the reason."""
    update_settings(store, prime_ministers_office=True)
    event_id = add_event(store)
    report = by_kind(compute_obligations(store, TODAY), event_id)[ObligationKind.POST_EVENT_REPORT]
    assert report.state is ObligationState.NOT_APPLICABLE and "Prime Minister's Office" in words.explanation(report, "en")
    with pytest.raises(ServiceError):
        update_settings(store, presidential_administration=True)
