"""p.46 planned events: the one status machine, tentative periods, and which obligations a planned, cancelled or
held event gives rise to."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from hattama.rules.calendar import WorkingCalendar
from hattama.rules.errors import RuleError
from hattama.rules.facts import BodyFacts, EventFacts
from hattama.rules.obligations import ObligationKind, obligations_for_events
from hattama.rules.plans import EventStatus, check_transition, next_statuses, period_bounds
from hattama.services.event_json import event_data_from_json, event_data_to_json
from hattama.services.events import InvalidEvent, create_event, get_event, update_event
from hattama.services.obligations import compute_obligations
from tests.events.samples import sample_event

Kind = ObligationKind


def test_p46_status_machine_moves_planned_to_confirmed_to_held_and_held_is_final() -> None:
    assert EventStatus.CONFIRMED in next_statuses("planned")
    assert EventStatus.HELD in next_statuses("confirmed")
    assert next_statuses("held") == ()
    assert next_statuses(None) == (EventStatus.PLANNED, EventStatus.CONFIRMED, EventStatus.HELD)
    with pytest.raises(RuleError):
        check_transition("held", "planned")
    with pytest.raises(RuleError):
        check_transition("cancelled", "held")
    check_transition("planned", "confirmed")
    check_transition("held", "held")


def test_p46_cancelled_or_postponed_needs_a_reason() -> None:
    with pytest.raises(RuleError):
        check_transition("planned", "cancelled", "  ")
    with pytest.raises(RuleError):
        check_transition("confirmed", "postponed")
    check_transition("confirmed", "postponed", "The partner asked to move it to spring")


@pytest.mark.parametrize(("period", "first", "last"), [
    ("2027-02", dt.date(2027, 2, 1), dt.date(2027, 2, 28)),
    ("2028-02", dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
    ("2027-12", dt.date(2027, 12, 1), dt.date(2027, 12, 31)),
    ("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31)),
    ("2027-Q4", dt.date(2027, 10, 1), dt.date(2027, 12, 31)),
])
def test_p46_tentative_period_is_a_month_or_a_quarter(period: str, first: dt.date, last: dt.date) -> None:
    assert period_bounds(period) == (first, last)


@pytest.mark.parametrize("period", ["2027-13", "2027-Q5", "2027-3", "27-Q1", "2027-00", ""])
def test_p46_a_period_that_is_neither_month_nor_quarter_is_refused(period: str) -> None:
    with pytest.raises(RuleError):
        period_bounds(period)


def _facts(status: str, country: str = "DE") -> EventFacts:
    return EventFacts("E1", dt.datetime(2027, 5, 20, 9), dt.datetime(2027, 5, 21, 18), country, True, False,
                      departs_on=dt.date(2027, 5, 19), status=status)


def _kinds(status: str, country: str = "DE") -> set[ObligationKind]:
    obligations = obligations_for_events([_facts(status, country)], BodyFacts(mfa_requests_all_reports=True,
                                         p49_notice_every_meeting=True), (), WorkingCalendar(),
                                         dt.date(2027, 1, 4))
    return {obligation.kind for obligation in obligations}


def test_p46_a_planned_event_has_no_post_event_report_but_keeps_what_is_due_before_it() -> None:
    assert _kinds("held") == {Kind.POST_EVENT_REPORT, Kind.DIPLOMATIC_SERVICE_PARTICIPATION,
                              Kind.PRE_DEPARTURE_CONSULTATION}
    for status in ("planned", "confirmed"):
        assert _kinds(status) == {Kind.DIPLOMATIC_SERVICE_PARTICIPATION, Kind.PRE_DEPARTURE_CONSULTATION}
    # p.49 notice after a meeting in Kazakhstan: post-event too.
    assert Kind.MFA_NOTICE_AFTER_MEETING in _kinds("held", "KZ")
    assert Kind.MFA_NOTICE_AFTER_MEETING not in _kinds("planned", "KZ")


@pytest.mark.parametrize("status", ["cancelled", "postponed"])
def test_p46_a_cancelled_or_postponed_event_has_no_obligation(status: str) -> None:
    assert _kinds(status) == set()
    assert _kinds(status, "KZ") == set()


def test_p46_plan_fields_are_saved_and_travel_in_the_json_form(store) -> None:
    data = sample_event(status="planned", tentative_period="2025-Q1", participation_level="Vice-minister",
                        initiator="Foreign side", funding_source="Republican budget", programme="Trade 2030",
                        foreign_economic=True, diplomatic_agreement_on=dt.date(2025, 2, 1),
                        diplomatic_agreement_ref="MFA 12-3/45", diplomatic_participants="Embassy counsellor")
    event_id = create_event(store, data)
    assert get_event(store, event_id).data == data
    assert event_data_from_json(event_data_to_json(data)) == data


def test_p46_the_service_refuses_a_transition_the_machine_forbids(store) -> None:
    event_id = create_event(store, sample_event())  # held, as every event before the plan
    with pytest.raises(InvalidEvent) as refused:
        update_event(store, event_id, sample_event(status="planned"))
    assert refused.value.problems[0].field == "status"
    with pytest.raises(InvalidEvent):
        create_event(store, sample_event(status="cancelled", status_reason="x"))


def test_p46_tentative_period_must_hold_the_dates_and_a_held_event_has_none(store) -> None:
    with pytest.raises(InvalidEvent) as refused:
        create_event(store, sample_event(status="planned", tentative_period="2025-Q2"))  # the dates are in March
    assert [problem.field for problem in refused.value.problems] == ["tentative_period"]
    with pytest.raises(InvalidEvent):
        create_event(store, sample_event(tentative_period="2025-Q1"))  # held


def test_p46_store_obligations_skip_the_report_of_a_planned_event(store) -> None:
    planned = create_event(store, sample_event(status="planned"))
    held = create_event(store, dataclasses.replace(sample_event(), title_kk="Өткен кездесу"))
    reports = {view.event_id for view in compute_obligations(store, today=dt.date(2025, 4, 1), years=())
               if view.obligation.kind is Kind.POST_EVENT_REPORT}
    assert reports == {held}
    assert planned not in reports
