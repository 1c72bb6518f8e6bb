"""The obligations engine: each obligation of the decree, each p.50 exemption, and the states."""

from __future__ import annotations

import gc
from datetime import date, datetime, timedelta

import pytest

from hattama.rules.calendar import WorkingCalendar
from hattama.rules.errors import RuleError
from hattama.rules.exemptions import EXEMPTION_AREA_LABELS, ExemptionArea
from hattama.rules.facts import BodyFacts, EventFacts, ImageProjectFacts, LetterFacts
from hattama.rules.obligations import (
    BriefingForm,
    DoneMark,
    Message,
    Obligation,
    ObligationKind,
    ObligationState,
    before_tracking,
    dating,
    obligations_for_events,
    obligations_for_image_projects,
    obligations_for_letters,
    yearly_obligations,
)

CALENDAR = WorkingCalendar()
BODY = BodyFacts()
SPECIAL_BODY = BodyFacts(special_state_body=True)
OUTSIDE_CHAPTER = BodyFacts(presidential_administration=True)
REQUESTING = BodyFacts(mfa_requests_all_reports=True)  # the MFA asked for a report on every event (p.46)
EVERY_MEETING = BodyFacts(p49_notice_every_meeting=True)  # p.49 ¶2 widened to every meeting without the MFA
EARLY = date(2024, 1, 1)  # nothing is due yet

Kind = ObligationKind
State = ObligationState


def event(id: str = "E1", starts_at: datetime = datetime(2025, 3, 12, 10), ends_at: datetime | None = None,
          country: str = "KZ", held_by_body: bool = True, mfa_participated: bool = False,
          exemption_area: str | None = None, series_id: str | None = None, departs_on: date | None = None,
          head_travels: bool = True, **more: object) -> EventFacts:
    return EventFacts(id, starts_at, ends_at or starts_at.replace(hour=18), country, held_by_body, mfa_participated,
                      exemption_area, series_id, departs_on, head_travels, **more)  # type: ignore[arg-type]


def compute(*events: EventFacts, body: BodyFacts = BODY, done: tuple[DoneMark, ...] = (),
            today: date = EARLY) -> dict[tuple[ObligationKind, str], Obligation]:
    obligations = obligations_for_events(events, body, done, CALENDAR, today)
    by_key = {obligation.key: obligation for obligation in obligations}
    assert len(by_key) == len(obligations), "one obligation per kind and subject"
    return by_key


def kinds(obligations: dict[tuple[ObligationKind, str], Obligation]) -> set[ObligationKind]:
    return {kind for kind, _ in obligations}


def test_p46_post_event_report_due_seven_working_days_after_the_end_date() -> None:
    """Ends Friday 14 March 2025; Nauryz closes 21-25 March, so the 7th WD after is Friday 28 March."""
    report = compute(event(starts_at=datetime(2025, 3, 10, 9), ends_at=datetime(2025, 3, 14, 17),
                           mfa_request_on=date(2025, 3, 17)))[Kind.POST_EVENT_REPORT, "E1"]
    assert (report.item, report.trigger_on) == ("p.46", date(2025, 3, 14))
    assert report.nominal_due == report.planned_due == date(2025, 3, 28)
    assert report.state is State.UPCOMING


def test_p46_diplomatic_service_participation_planned_for_the_last_working_day_before_the_start() -> None:
    """The event starts Wednesday 26 March 2025, after the Nauryz days off: plan for Thursday 20 March."""
    participation = compute(event(starts_at=datetime(2025, 3, 26, 10)))[Kind.DIPLOMATIC_SERVICE_PARTICIPATION, "E1"]
    assert participation.item == "p.46"
    assert participation.nominal_due == date(2025, 3, 26)
    assert participation.planned_due == date(2025, 3, 20)


def test_p46_obligations_only_for_events_the_body_holds() -> None:
    assert compute(event(held_by_body=False)) == {}


def test_p49_notice_to_mfa_within_five_working_days_after_a_meeting_without_mfa() -> None:
    """A meeting ending Thursday 8 May 2025: 9 May is Victory Day, so the 5th WD after is Friday 16 May."""
    notice = compute(event(starts_at=datetime(2025, 5, 8, 10), series_id="V"))[Kind.MFA_NOTICE_AFTER_MEETING, "E1"]
    assert (notice.item, notice.trigger_on, notice.planned_due) == ("p.49", date(2025, 5, 8), date(2025, 5, 16))


@pytest.mark.parametrize("facts", [
    {"mfa_participated": True}, {"country": "TR"}, {"held_by_body": False}])
def test_p49_no_notice_when_the_mfa_took_part_abroad_or_not_held_by_the_body(facts: dict[str, object]) -> None:
    assert Kind.MFA_NOTICE_AFTER_MEETING not in kinds(compute(event(**facts)))  # type: ignore[arg-type]


def test_p49_briefing_oral_for_a_same_day_next_meeting_written_for_a_later_day() -> None:
    """Meetings of one visit, given out of order: the engine orders them by start."""
    first = event("M1", datetime(2025, 6, 2, 10), datetime(2025, 6, 2, 11), series_id="V")
    second = event("M2", datetime(2025, 6, 2, 15), datetime(2025, 6, 2, 16), series_id="V")
    third = event("M3", datetime(2025, 6, 4, 9), datetime(2025, 6, 4, 10), series_id="V")
    obligations = compute(third, first, second)
    oral, written = obligations[Kind.NEXT_OFFICIAL_BRIEFING, "M1"], obligations[Kind.NEXT_OFFICIAL_BRIEFING, "M2"]
    assert (oral.item, oral.form, oral.planned_due, oral.due_before) == (
        "p.49", BriefingForm.ORAL, date(2025, 6, 2), datetime(2025, 6, 2, 15))
    assert (written.form, written.planned_due, written.due_before) == (
        BriefingForm.WRITTEN, date(2025, 6, 4), datetime(2025, 6, 4, 9))
    assert (Kind.NEXT_OFFICIAL_BRIEFING, "M3") not in obligations  # the last meeting has no next one


def test_p49_briefing_only_for_meetings_the_body_held_and_only_in_kazakhstan() -> None:
    """The next meeting may be another body's; a meeting abroad is not part of the visit to Kazakhstan."""
    ours = event("M1", datetime(2025, 6, 2, 10), series_id="V")
    theirs = event("M2", datetime(2025, 6, 3, 10), series_id="V", held_by_body=False)
    abroad = event("M3", datetime(2025, 6, 4, 10), series_id="V", country="UZ")
    obligations = compute(ours, theirs, abroad)
    assert obligations[Kind.NEXT_OFFICIAL_BRIEFING, "M1"].due_before == datetime(2025, 6, 3, 10)
    assert [key for key in obligations if key[0] is Kind.NEXT_OFFICIAL_BRIEFING] == [
        (Kind.NEXT_OFFICIAL_BRIEFING, "M1")]


def test_p48_written_consultations_planned_for_the_last_working_day_before_departure() -> None:
    """Departure Monday 24 March 2025 (a Nauryz day off): plan for Thursday 20 March."""
    consultation = compute(event(country="CN", departs_on=date(2025, 3, 24), starts_at=datetime(2025, 3, 26, 9)))[
        Kind.PRE_DEPARTURE_CONSULTATION, "E1"]
    assert (consultation.item, consultation.nominal_due, consultation.planned_due) == (
        "p.48", date(2025, 3, 24), date(2025, 3, 20))


def test_p48_departure_defaults_to_the_start_date_and_applies_to_events_the_body_does_not_hold() -> None:
    consultation = compute(event(country="DE", held_by_body=False, starts_at=datetime(2025, 6, 9, 9)))[
        Kind.PRE_DEPARTURE_CONSULTATION, "E1"]
    assert (consultation.nominal_due, consultation.planned_due) == (date(2025, 6, 9), date(2025, 6, 5))


def test_p48_not_when_the_head_does_not_travel_or_the_event_is_in_kazakhstan() -> None:
    assert Kind.PRE_DEPARTURE_CONSULTATION not in kinds(compute(event(country="DE", head_travels=False)))
    assert Kind.PRE_DEPARTURE_CONSULTATION not in kinds(compute(event(country="KZ")))


def test_p44_direct_letter_notice_due_the_next_working_day() -> None:
    """Sent Monday 15 December 2025; 16 December is Independence Day, so the notice is due Wednesday 17th."""
    letters = [LetterFacts("L1", date(2025, 12, 15), direct_urgent=True), LetterFacts("L2", date(2025, 12, 15), False)]
    [notice] = obligations_for_letters(letters, BODY, (), CALENDAR, EARLY)
    assert (notice.kind, notice.item, notice.subject_id) == (Kind.DIRECT_LETTER_NOTICE, "p.44", "L1")
    assert (notice.trigger_on, notice.planned_due) == (date(2025, 12, 15), date(2025, 12, 17))
    assert "Hattama" in notice.explanation.msgid  # the explanation says the term is ours, not the decree's


@pytest.mark.parametrize(("year", "planned"), [
    (2025, {"2025-1": date(2025, 1, 10), "2025-2": date(2025, 1, 10), "2025-H1": date(2025, 6, 20),
            "2025": date(2025, 12, 19), "2025-H2": date(2025, 12, 19)}),
    (2026, {"2026-1": date(2026, 1, 9), "2026-2": date(2026, 1, 9), "2026-H1": date(2026, 6, 19),
            "2026": date(2026, 12, 18), "2026-H2": date(2026, 12, 18)}),
])
def test_p2_p45_p46_fixed_dates_keep_the_nominal_date_and_plan_the_last_working_day_on_or_before(
        year: int, planned: dict[str, date]) -> None:
    """p.2(1)/(2) by 10 January, p.45 by 20 June and 20 December, p.46 plan by 20 December."""
    obligations = yearly_obligations(year, BODY, (), CALENDAR, EARLY)
    assert [(o.kind, o.item, o.nominal_due) for o in obligations] == [
        (Kind.TREATY_INFORMATION, "p.2(1)", date(year, 1, 10)),
        (Kind.TREATY_INFORMATION, "p.2(2)", date(year, 1, 10)),
        (Kind.MFA_POSITION_LETTER, "p.45", date(year, 6, 20)),
        (Kind.ANNUAL_PLAN_AND_REPORT, "p.46", date(year, 12, 20)),
        (Kind.MFA_POSITION_LETTER, "p.45", date(year, 12, 20)),
    ]
    assert {o.subject_id: o.planned_due for o in obligations} == planned
    for obligation in obligations:
        note = obligation.planning_note
        assert (note is None) == (obligation.planned_due == obligation.nominal_due)


def test_p45_mfa_position_letter_is_done_when_marked_received() -> None:
    received = DoneMark(Kind.MFA_POSITION_LETTER, "2025-H1", date(2025, 6, 18))
    states = {o.subject_id: o.state for o in yearly_obligations(2025, BODY, [received], CALENDAR, date(2025, 7, 1))}
    assert states["2025-H1"] is State.DONE
    assert states["2025-1"] is State.OVERDUE and states["2025-H2"] is State.UPCOMING


def test_p50_outside_chapter_every_event_obligation_not_applicable_with_the_reason() -> None:
    obligations = compute(event("M1", series_id="V"), event("M2", datetime(2025, 3, 13, 9), series_id="V"),
                          event("A1", country="RU"), body=OUTSIDE_CHAPTER)
    assert kinds(obligations) == {Kind.POST_EVENT_REPORT, Kind.DIPLOMATIC_SERVICE_PARTICIPATION,
                                  Kind.MFA_NOTICE_AFTER_MEETING, Kind.NEXT_OFFICIAL_BRIEFING,
                                  Kind.PRE_DEPARTURE_CONSULTATION}
    for obligation in obligations.values():
        assert obligation.state is State.NOT_APPLICABLE
        assert obligation.not_applicable_reason is not None
        assert obligation.not_applicable_reason.params == {"item": obligation.item, "exemption_item": "p.50"}
        assert "Presidential Administration" in obligation.not_applicable_reason.msgid
    [letter] = obligations_for_letters([LetterFacts("L1", date(2025, 1, 6), True)], OUTSIDE_CHAPTER, (), CALENDAR,
                                       EARLY)
    assert letter.state is State.NOT_APPLICABLE


def test_p50_outside_chapter_lifts_p45_and_p46_yearly_but_not_p2_which_is_outside_chapter_6() -> None:
    states = {o.item: o.state for o in yearly_obligations(2025, OUTSIDE_CHAPTER, (), CALENDAR, EARLY)}
    assert states == {"p.2(1)": State.UPCOMING, "p.2(2)": State.UPCOMING, "p.45": State.NOT_APPLICABLE,
                      "p.46": State.NOT_APPLICABLE}


@pytest.mark.parametrize("area", list(ExemptionArea))
def test_p50_exemption_area_lifts_p46_only(area: ExemptionArea) -> None:
    obligations = compute(event(exemption_area=area.value), event("A1", country="KG", exemption_area=area.value),
                          body=EVERY_MEETING)
    for key in [(Kind.POST_EVENT_REPORT, "E1"), (Kind.DIPLOMATIC_SERVICE_PARTICIPATION, "E1")]:
        reason = obligations[key].not_applicable_reason
        assert obligations[key].state is State.NOT_APPLICABLE and reason is not None
        assert reason.msgid == area.not_applicable_msgid
        assert reason.params == {"item": "p.46", "exemption_item": "p.50"}
    assert obligations[Kind.MFA_NOTICE_AFTER_MEETING, "E1"].state is State.UPCOMING  # p.49
    assert obligations[Kind.PRE_DEPARTURE_CONSULTATION, "A1"].state is State.UPCOMING  # p.48
    assert area in EXEMPTION_AREA_LABELS


def test_p50_special_state_body_lifts_p48_and_p49_but_not_p46() -> None:
    obligations = compute(event("M1", series_id="V"), event("M2", datetime(2025, 3, 13, 9), series_id="V"),
                          event("A1", country="RU"), body=SPECIAL_BODY)
    for (kind, _), obligation in obligations.items():
        lifted = obligation.item in ("p.48", "p.49")
        assert (obligation.state is State.NOT_APPLICABLE) is lifted, kind
        if lifted:
            assert obligation.not_applicable_reason is not None
            assert "special state bodies" in obligation.not_applicable_reason.msgid
    assert {o.item for o in obligations.values()} == {"p.46", "p.48", "p.49"}


def test_p50_unknown_exemption_area_is_refused_naming_it() -> None:
    with pytest.raises(RuleError) as raised:
        event(exemption_area="tax_matters")
    assert raised.value.params == {"code": "tax_matters"}


def test_event_facts_are_checked() -> None:
    with pytest.raises(RuleError):
        event(starts_at=datetime(2025, 3, 12, 10), ends_at=datetime(2025, 3, 11, 10))
    with pytest.raises(RuleError):
        event(country="Kazakhstan")


@pytest.mark.parametrize(("today", "state"), [
    (date(2025, 3, 20), State.UPCOMING),  # 3 WD left: 26, 27, 28 March
    (date(2025, 3, 25), State.UPCOMING),  # still 3: the Nauryz days off do not count
    (date(2025, 3, 26), State.DUE_SOON),  # 2 WD left
    (date(2025, 3, 27), State.DUE_SOON),
    (date(2025, 3, 28), State.DUE_TODAY),
    (date(2025, 3, 29), State.OVERDUE),
])
def test_states_relative_to_today(today: date, state: ObligationState) -> None:
    """The p.46 report due Friday 28 March 2025; DUE_SOON means at most 2 working days left."""
    obligations = compute(event(starts_at=datetime(2025, 3, 14, 9)), today=today, body=REQUESTING)
    assert obligations[Kind.POST_EVENT_REPORT, "E1"].state is state


def test_due_soon_window_is_configurable() -> None:
    obligations = obligations_for_events([event(starts_at=datetime(2025, 3, 14, 9))], REQUESTING, (), CALENDAR,
                                         date(2025, 3, 20), due_soon_wd=3)
    assert obligations[0].state is State.DUE_SOON
    with pytest.raises(RuleError):
        obligations_for_events([], BODY, (), CALENDAR, EARLY, due_soon_wd=-1)


def test_done_mark_keeps_the_first_done_date_and_beats_overdue() -> None:
    marks = (DoneMark(Kind.POST_EVENT_REPORT, "E1", date(2025, 4, 2)),
             DoneMark(Kind.POST_EVENT_REPORT, "E1", date(2025, 3, 25)))
    report = compute(event(starts_at=datetime(2025, 3, 14, 9)), done=marks, today=date(2025, 5, 1))[
        Kind.POST_EVENT_REPORT, "E1"]
    assert (report.state, report.done_on) == (State.DONE, date(2025, 3, 25))


def test_not_applicable_wins_over_a_done_mark_which_is_still_reported() -> None:
    mark = DoneMark(Kind.POST_EVENT_REPORT, "E1", date(2025, 3, 20))
    report = compute(event(exemption_area="investment"), done=(mark,))[Kind.POST_EVENT_REPORT, "E1"]
    assert (report.state, report.done_on) == (State.NOT_APPLICABLE, date(2025, 3, 20))


def test_every_obligation_has_a_title_and_an_explanation_citing_its_item_whose_placeholders_are_filled() -> None:
    events = [event("M1", series_id="V"), event("M2", datetime(2025, 3, 12, 15), series_id="V"),
              event("M3", datetime(2025, 3, 14, 9), series_id="V"), event("A1", country="US")]
    obligations = [*obligations_for_events(events, BODY, (), CALENDAR, EARLY),
                   *obligations_for_letters([LetterFacts("L1", date(2025, 3, 3), True)], BODY, (), CALENDAR, EARLY),
                   *yearly_obligations(2026, BODY, (), CALENDAR, EARLY),
                   *obligations_for_image_projects([ImageProjectFacts("P1", date(2025, 3, 3))], BODY, (), CALENDAR,
                                                   EARLY)]
    assert {o.kind for o in obligations} == set(ObligationKind)
    assert {o.form for o in obligations} == {None, BriefingForm.ORAL, BriefingForm.WRITTEN}
    for obligation in obligations:
        explanation = obligation.explanation
        assert explanation.msgid.startswith("{item}") and explanation.params["item"] == obligation.item
        explanation.msgid.format(**explanation.params)  # KeyError if a placeholder has no parameter
        assert obligation.title.msgid and not obligation.title.params


def test_obligations_equal_the_frozen_dataclass_built_by_its_own_init() -> None:
    """Issue 20.4: the engine builds each obligation with its own constructor (a plain immutable record); every
    field lands where it belongs. The p.46 report: 3 June 2025 + 7 WD, skipping Kurban Ait (Friday 6 June), is 13 June."""
    mark = DoneMark(Kind.NEXT_OFFICIAL_BRIEFING, "M1", date(2025, 6, 1))
    obligations = obligations_for_events(
        [event("M1", datetime(2025, 6, 2, 10), series_id="V"), event("M2", datetime(2025, 6, 3, 9), series_id="V",
                                                                     exemption_area="investment")],
        BODY, [mark], CALENDAR, EARLY)
    expected = {
        (Kind.NEXT_OFFICIAL_BRIEFING, "M1"): Obligation(
            kind=Kind.NEXT_OFFICIAL_BRIEFING, item="p.49", subject_id="M1", nominal_due=date(2025, 6, 3),
            planned_due=date(2025, 6, 3), state=State.DONE, trigger_on=date(2025, 6, 2), done_on=date(2025, 6, 1),
            not_applicable_reason=None, form=BriefingForm.WRITTEN, due_before=datetime(2025, 6, 3, 9)),
        (Kind.POST_EVENT_REPORT, "M2"): Obligation(
            kind=Kind.POST_EVENT_REPORT, item="p.46", subject_id="M2", nominal_due=date(2025, 6, 13),
            planned_due=date(2025, 6, 13), state=State.NOT_APPLICABLE, trigger_on=date(2025, 6, 3),
            not_applicable_reason=Message(ExemptionArea.INVESTMENT.not_applicable_msgid,
                                          {"item": "p.46", "exemption_item": "p.50"}),
            variant="awaiting_request"),
    }
    built = {obligation.key: obligation for obligation in obligations}
    for key, obligation in expected.items():
        assert built[key] == obligation and hash(built[key]) == hash(obligation) and repr(built[key]) == repr(obligation)
    with pytest.raises(AttributeError):
        built[Kind.POST_EVENT_REPORT, "M2"].state = State.DONE  # type: ignore[misc]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_rules_leave_the_garbage_collector_alone(enabled: bool) -> None:
    """Issue 20.4: no switching of the collector from a worker thread; tuning, if any, is the entry point's."""
    was_enabled = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        obligations_for_events([event()], BODY, (), CALENDAR, EARLY)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was_enabled else gc.disable)()


# ------------------------------------------------------------------------------------------- issue 11

def test_p46_report_awaits_the_mfa_request_and_is_never_overdue() -> None:
    """p.46 «СІМ-нің сұратуы бойынша» (at the MFA's request): without a recorded request the report is shown
    with the date it would fall due, never overdue, however late it is."""
    report = compute(event(starts_at=datetime(2025, 3, 14, 9)), today=date(2025, 6, 1))[Kind.POST_EVENT_REPORT, "E1"]
    assert report.state is State.AWAITING_REQUEST
    assert report.planned_due == date(2025, 3, 28)  # when it would fall due: 7 WD after 14 March
    assert "request" in report.explanation.msgid


def test_p46_report_due_seven_working_days_after_the_end_once_the_mfa_asked_in_time() -> None:
    """p.46: «жеті жұмыс күнінен кешіктірмей»; the request on 20 March (before the due date) leaves it there."""
    report = compute(event(starts_at=datetime(2025, 3, 14, 9), mfa_request_on=date(2025, 3, 20)),
                     today=date(2025, 3, 31))[Kind.POST_EVENT_REPORT, "E1"]
    assert (report.state, report.planned_due, report.requested_on) == (
        State.OVERDUE, date(2025, 3, 28), date(2025, 3, 20))


def test_p46_a_request_after_the_due_date_gives_seven_working_days_after_the_request() -> None:
    """p.46: the MFA asks on Tuesday 1 April 2025, after 28 March: due 7 WD later, Thursday 10 April; the
    explanation says the term counts from the request (Hattama's reading)."""
    report = compute(event(starts_at=datetime(2025, 3, 14, 9), mfa_request_on=date(2025, 4, 1)),
                     today=date(2025, 4, 2))[Kind.POST_EVENT_REPORT, "E1"]
    assert (report.state, report.planned_due) == (State.UPCOMING, date(2025, 4, 10))
    assert report.explanation.params["requested_on"] == date(2025, 4, 1)
    assert "from the request" in report.explanation.msgid


def test_p46_the_unit_setting_makes_every_report_due_without_a_request() -> None:
    """p.46: a unit the MFA asked for every report (`mfa_requests_all_reports`)."""
    report = compute(event(starts_at=datetime(2025, 3, 14, 9)), body=REQUESTING, today=date(2025, 3, 31))[
        Kind.POST_EVENT_REPORT, "E1"]
    assert report.state is State.OVERDUE


def test_p46_report_closed_as_not_requested_with_the_reason() -> None:
    report = compute(event(report_not_requested="МИД не запрашивал"), today=date(2025, 6, 1))[
        Kind.POST_EVENT_REPORT, "E1"]
    assert report.state is State.NOT_REQUESTED
    assert report.state_reason is not None and report.state_reason.params == {"reason": "МИД не запрашивал"}


def test_p46_report_sent_after_its_due_date_is_done_and_late() -> None:
    """p.46: due 28 March 2025; sent 31 March: done, late. Sent 27 March: done, on time."""
    late = compute(event(starts_at=datetime(2025, 3, 14, 9)), body=REQUESTING,
                   done=(DoneMark(Kind.POST_EVENT_REPORT, "E1", date(2025, 3, 31)),))[Kind.POST_EVENT_REPORT, "E1"]
    assert (late.state, late.late) == (State.DONE, True)
    on_time = compute(event(starts_at=datetime(2025, 3, 14, 9)), body=REQUESTING,
                      done=(DoneMark(Kind.POST_EVENT_REPORT, "E1", date(2025, 3, 27)),))[Kind.POST_EVENT_REPORT, "E1"]
    assert (on_time.state, on_time.late) == (State.DONE, False)


def test_p46_diplomatic_service_participation_not_created_when_it_took_part() -> None:
    """p.46: ensure the diplomatic service takes part; nothing to ensure when the MFA or the diplomatic service
    took part. The planned date is Hattama's, the decree sets no term."""
    assert Kind.DIPLOMATIC_SERVICE_PARTICIPATION not in kinds(compute(event(diplomatic_service_participated=True)))
    assert Kind.DIPLOMATIC_SERVICE_PARTICIPATION not in kinds(compute(event(mfa_participated=True)))
    participation = compute(event())[Kind.DIPLOMATIC_SERVICE_PARTICIPATION, "E1"]
    assert "Hattama plans" in participation.explanation.msgid and "no term" in participation.explanation.msgid


@pytest.mark.parametrize("remote", [{"attendance": "videoconference"}, {"kind": "videoconference"}])
def test_p48_no_consultation_for_a_videoconference(remote: dict[str, str]) -> None:
    """p.48: consultations «кеткенге дейін» (before departure): no delegation travels to a videoconference,
    whether the kind or the attendance mode says so."""
    assert Kind.PRE_DEPARTURE_CONSULTATION not in kinds(compute(event(country="CN", **remote)))


def test_p48_hybrid_attendance_still_travels() -> None:
    assert Kind.PRE_DEPARTURE_CONSULTATION in kinds(compute(event(country="CN", attendance="hybrid")))


def test_p48_missing_departure_date_planned_for_the_last_working_day_before_the_start_and_said() -> None:
    """p.48: the event starts Wednesday 26 March 2025, no departure date: planned Thursday 20 March (Nauryz)."""
    consultation = compute(event(country="CN", starts_at=datetime(2025, 3, 26, 9)))[
        Kind.PRE_DEPARTURE_CONSULTATION, "E1"]
    assert (consultation.nominal_due, consultation.planned_due) == (date(2025, 3, 26), date(2025, 3, 20))
    assert "departure date is missing" in consultation.explanation.msgid


def test_p48_unknown_attendance_mode_is_refused() -> None:
    with pytest.raises(RuleError):
        event(attendance="teleport")


def test_p49_dinner_past_midnight_then_a_morning_meeting_is_written() -> None:
    """p.49: oral if the next meeting is «осы күні» (the same day), written if «келесі күні немесе кеш уақытта»
    (the next day or later): a dinner 20:00-00:30 followed by a meeting at 09:00 the next day is written."""
    dinner = event("M1", datetime(2025, 6, 2, 20), datetime(2025, 6, 3, 0, 30), series_id="V")
    morning = event("M2", datetime(2025, 6, 3, 9), datetime(2025, 6, 3, 10), series_id="V")
    briefing = compute(dinner, morning)[Kind.NEXT_OFFICIAL_BRIEFING, "M1"]
    assert (briefing.form, briefing.due_before) == (BriefingForm.WRITTEN, datetime(2025, 6, 3, 9))


def test_p49_an_overlapping_next_meeting_is_briefed_orally() -> None:
    """p.49 «осы күні»: a next meeting starting while this one (a two-day forum) still runs is oral."""
    forum = event("M1", datetime(2025, 6, 2, 10), datetime(2025, 6, 3, 18), series_id="V")
    side = event("M2", datetime(2025, 6, 3, 11), datetime(2025, 6, 3, 12), series_id="V")
    assert compute(forum, side)[Kind.NEXT_OFFICIAL_BRIEFING, "M1"].form is BriefingForm.ORAL


def test_p49_notice_to_the_mfa_only_for_meetings_of_a_series_unless_widened() -> None:
    """p.49 ¶2 (the MFA did not take part) reads in ¶1's context, several meetings of foreign representatives:
    a lone meeting gets no notice; the unit's setting widens it to every meeting in Kazakhstan without the MFA."""
    assert Kind.MFA_NOTICE_AFTER_MEETING not in kinds(compute(event()))
    widened = compute(event(), body=EVERY_MEETING)[Kind.MFA_NOTICE_AFTER_MEETING, "E1"]
    assert "settings" in widened.explanation.msgid
    in_series = compute(event(series_id="V"))[Kind.MFA_NOTICE_AFTER_MEETING, "E1"]
    assert "series" in in_series.explanation.msgid


@pytest.mark.parametrize(("body", "named"), [
    (BodyFacts(presidential_administration=True), "Presidential Administration"),
    (BodyFacts(prime_ministers_office=True), "Prime Minister's Office"),
])
def test_p50_the_two_bodies_are_two_settings_each_named_in_the_reason(body: BodyFacts, named: str) -> None:
    obligations = compute(event(series_id="V"), event("A1", country="RU"), body=body)
    for obligation in obligations.values():
        assert obligation.state is State.NOT_APPLICABLE
        assert obligation.not_applicable_reason is not None and named in obligation.not_applicable_reason.msgid


def test_p42_p44_a_dealing_with_the_commission_lifts_what_the_body_owes_the_mfa() -> None:
    """p.42 «Комиссиямен өзара іс-қимыл мәселелерін қоспағанда»: the MFA does not coordinate dealings with the
    Commission, so an event marked as one has no p.46, p.48 or p.49 notice; the p.49 briefing of the next
    official (between Kazakh officials) stays."""
    obligations = compute(event("M1", series_id="V", commission_party=True),
                          event("M2", datetime(2025, 3, 13, 9), series_id="V"),
                          event("A1", country="RU", commission_party=True))
    lifted = {key: o for key, o in obligations.items() if key[1] in ("M1", "A1")
              and key[0] is not Kind.NEXT_OFFICIAL_BRIEFING}
    assert {kind for kind, _ in lifted} == {Kind.POST_EVENT_REPORT, Kind.DIPLOMATIC_SERVICE_PARTICIPATION,
                                            Kind.MFA_NOTICE_AFTER_MEETING, Kind.PRE_DEPARTURE_CONSULTATION}
    for obligation in lifted.values():
        reason = obligation.not_applicable_reason
        assert obligation.state is State.NOT_APPLICABLE and reason is not None
        assert "Eurasian Economic Commission" in reason.msgid and reason.params["exemption_item"] == "p.42"
    assert obligations[Kind.NEXT_OFFICIAL_BRIEFING, "M1"].state is not State.NOT_APPLICABLE


@pytest.mark.parametrize("dates", [
    (datetime(1995, 5, 10, 10), datetime(1995, 5, 10, 12)),
    (datetime(2100, 12, 31, 10), datetime(2100, 12, 31, 12)),
])
def test_an_event_outside_the_calendar_gets_no_calendar_and_the_others_are_computed(
        dates: tuple[datetime, datetime]) -> None:
    """Issue 11 point 8: one event outside the calendar's years (2000-2100) never breaks the list."""
    outside = event("OLD", *dates, series_id="V", country="KZ")
    normal = event("NEW", datetime(2025, 3, 14, 9))
    obligations = compute(outside, normal, body=REQUESTING, today=date(2025, 3, 31))
    report = obligations[Kind.POST_EVENT_REPORT, "OLD"]
    assert report.state is State.NO_CALENDAR
    assert report.state_reason is not None and "calendar" in report.state_reason.msgid
    assert report.planned_due == dates[1].date()  # the date it counts from
    assert obligations[Kind.POST_EVENT_REPORT, "NEW"].state is State.OVERDUE


def test_yearly_obligations_of_a_year_outside_the_calendar_are_no_calendar() -> None:
    states = {o.state for o in yearly_obligations(1999, BODY, (), CALENDAR, EARLY)}
    assert states == {State.NO_CALENDAR}


def test_p44_five_plain_days_not_working_days() -> None:
    """p.44 «Таяу арадағы бес күн ішінде» (within the next five days): plain days, so the explanation never speaks
    of five working days; only the notice's own term, which the decree leaves open, is in working days."""
    [notice] = obligations_for_letters([LetterFacts("L1", date(2025, 12, 12), True)], BODY, (), CALENDAR, EARLY)
    msgid = notice.explanation.msgid
    assert "within five days" in msgid and "five working days" not in msgid
    assert notice.planned_due == date(2025, 12, 15)  # Friday 12th: the next working day is Monday 15th


# ------------------------------------------------------------------------------------------- issue 19.1

def test_before_tracking_is_due_before_the_day_and_recorded_before_it() -> None:
    """Not a decree rule (issue 19.1): what fell due before the unit began keeping its obligations in Hattama, of a
    record logged before that day too, is not counted as overdue; a record logged later keeps its deadlines."""
    since = date(2026, 6, 1)
    assert before_tracking(date(2026, 5, 29), None, since)  # a yearly obligation: recorded nowhere
    assert before_tracking(date(2026, 5, 29), date(2026, 5, 1), since)
    assert not before_tracking(date(2026, 5, 29), date(2026, 6, 1), since)  # logged on the day it began
    assert not before_tracking(date(2026, 6, 1), None, since)  # due on the day tracking began
    assert not before_tracking(date(2026, 5, 29), None, None)


def test_p46_report_of_an_event_logged_before_tracking_is_before_tracking_and_one_logged_later_overdue() -> None:
    """p.46: the report due 28 March 2025 (the MFA asks for every report) on 1 June 2026, the unit tracking since
    1 January 2026: overdue for an event logged in 2026, before tracking for one logged in 2025."""
    held = datetime(2025, 3, 14, 9)
    events = [event("OLD", starts_at=held, logged_on=date(2025, 3, 20)),
              event("NEW", starts_at=held, logged_on=date(2026, 2, 1))]
    states = {obligation.subject_id: obligation for obligation in obligations_for_events(
        events, REQUESTING, (), CALENDAR, date(2026, 6, 1), tracking_since=date(2026, 1, 1))
        if obligation.kind is Kind.POST_EVENT_REPORT}
    assert states["NEW"].state is State.OVERDUE
    assert states["OLD"].state is State.BEFORE_TRACKING
    assert states["OLD"].state_reason is not None and states["OLD"].state_reason.params == {
        "tracking_since": date(2026, 1, 1)}


def test_p46_yearly_plan_before_tracking_is_not_overdue() -> None:
    """p.46 plan due 20 December 2025 (planned Friday 19 December), read on 1 June 2026."""
    plan = {o.kind: o for o in yearly_obligations(2025, BODY, (), CALENDAR, date(2026, 6, 1),
                                                 tracking_since=date(2026, 1, 1))}[Kind.ANNUAL_PLAN_AND_REPORT]
    assert plan.state is State.BEFORE_TRACKING
    plan = {o.kind: o for o in yearly_obligations(2025, BODY, (), CALENDAR, date(2026, 6, 1),
                                                 tracking_since=date(2025, 1, 1))}[Kind.ANNUAL_PLAN_AND_REPORT]
    assert plan.state is State.OVERDUE


@pytest.mark.parametrize("today", [date(2025, 3, 24) + timedelta(days=n) for n in range(12)])
def test_dating_an_undated_obligation_agrees_with_computing_it_on_the_day(today: date) -> None:
    """The store keeps obligations computed as of no day (open ones UPCOMING) and dates them when read: the same
    state as computing them on that day (p.46 report due Friday 28 March 2025, 2 WD window)."""
    facts = [event(starts_at=datetime(2025, 3, 14, 9))]
    undated = obligations_for_events(facts, REQUESTING, (), CALENDAR, None)
    on_the_day = obligations_for_events(facts, REQUESTING, (), CALENDAR, today)
    assert {obligation.state for obligation in undated} == {State.UPCOMING}
    assert [dating(today, CALENDAR).state(o.planned_due, o.logged_on) for o in undated] == [
        o.state for o in on_the_day]
