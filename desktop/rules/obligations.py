"""What the decree requires of the body and by when: obligations computed from events, letters and the year.

Product decisions (rules.md leaves them open; where an officer needs to know, the explanation says so too):
- p.49 notice to the MFA: every event the body holds in Kazakhstan without the MFA counts as a meeting, in a
  series or not, so the MFA always hears of it; due 5 WD after the day the meeting ends.
- p.49 briefing of the next official: for each meeting the body holds in a series (same `series_id`, in
  Kazakhstan; ordered by start, then id) that has a next meeting. ORAL when the next meeting starts on or
  before the day this one ends, WRITTEN when it starts on a later day. Due before the next meeting starts:
  the due date is the next meeting's start date (even on a non-working day: the meeting sets it), and
  `due_before` is its start time.
- p.44 notice of an urgent direct letter: the decree only says "after"; we ask for it by the next WD after
  the letter was sent.
- p.46 diplomatic-service participation and p.48 consultations ("before the event" / "before departure"):
  `nominal_due` is the event's start / the departure date, planned for the last WD strictly before it.
- Fixed dates (10 January, 20 June, 20 December): `nominal_due` keeps the decree's date, `planned_due` is the
  last WD on or before it. `yearly_obligations(year)` gives those falling due in `year`: the p.2 treaty
  information of 10 January covers the year before.
- p.50: the Presidential Administration and the Prime Minister's Office are outside chapter 6 (p.42-p.50),
  so everything there is NOT_APPLICABLE for them; p.2 sits outside that chapter and still applies.

Subject ids (what a `DoneMark` names): the event id, the letter id, or the year for yearly obligations with
a suffix when one year has two of a kind: "2026" (p.46 plan), "2026-1" / "2026-2" (p.2(1) / p.2(2)),
"2026-H1" / "2026-H2" (p.45 letters).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from itertools import pairwise
from typing import Any

from desktop.rules.calendar import WorkingCalendar
from desktop.rules.errors import N_, RuleError
from desktop.rules.exemptions import exemption_area
from desktop.rules.facts import BodyFacts, EventFacts, LetterFacts

ITEM_TREATIES_IN_FORCE = "p.2(1)"
ITEM_TREATIES_NOT_IN_FORCE = "p.2(2)"
ITEM_CORRESPONDENCE = "p.44"
ITEM_MFA_COORDINATION = "p.45"
ITEM_BODY_DUTIES = "p.46"
ITEM_CONSULTATIONS = "p.48"
ITEM_MEETINGS = "p.49"
ITEM_EXEMPTIONS = "p.50"
# p.50 lifts chapter 6 (p.42-p.50) only; p.2 is in the general part.
_ITEMS_OUTSIDE_COORDINATION_CHAPTER = frozenset({ITEM_TREATIES_IN_FORCE, ITEM_TREATIES_NOT_IN_FORCE})
_ITEMS_NOT_FOR_SPECIAL_STATE_BODIES = frozenset({ITEM_CONSULTATIONS, ITEM_MEETINGS})

POST_EVENT_REPORT_WORKING_DAYS = 7
MFA_NOTICE_WORKING_DAYS = 5
DIRECT_LETTER_NOTICE_WORKING_DAYS = 1  # product decision: "after sending" made concrete
DEFAULT_DUE_SOON_WORKING_DAYS = 2


class ObligationKind(StrEnum):
    POST_EVENT_REPORT = "post_event_report"
    MFA_NOTICE_AFTER_MEETING = "mfa_notice_after_meeting"
    NEXT_OFFICIAL_BRIEFING = "next_official_briefing"
    PRE_DEPARTURE_CONSULTATION = "pre_departure_consultation"
    DIRECT_LETTER_NOTICE = "direct_letter_notice"
    ANNUAL_PLAN_AND_REPORT = "annual_plan_and_report"
    TREATY_INFORMATION = "treaty_information"
    MFA_POSITION_LETTER = "mfa_position_letter"  # received from the MFA, not sent
    DIPLOMATIC_SERVICE_PARTICIPATION = "diplomatic_service_participation"


class ObligationState(StrEnum):
    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"


class BriefingForm(StrEnum):
    ORAL = "oral"
    WRITTEN = "written"


@dataclass(frozen=True)
class Message:
    """A msgid marked with N_ and its named parameters (dates as `date`/`datetime`), translated by the UI."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class DoneMark:
    kind: ObligationKind
    subject_id: str
    done_on: date


@dataclass(frozen=True, slots=True)
class Obligation:
    kind: ObligationKind
    item: str
    subject_id: str
    nominal_due: date
    planned_due: date
    state: ObligationState
    trigger_on: date | None = None  # the event end, departure, letter or meeting the deadline counts from
    done_on: date | None = None
    not_applicable_reason: Message | None = None
    form: BriefingForm | None = None
    due_before: datetime | None = None  # p.49 briefing: the next meeting's start

    @property
    def key(self) -> tuple[ObligationKind, str]:
        """What a DoneMark for this obligation names."""
        return self.kind, self.subject_id

    @property
    def title(self) -> Message:
        return Message(_TEXTS[self.kind, self.item, self.form][0])

    @property
    def explanation(self) -> Message:
        params: dict[str, Any] = {"item": self.item, "due": self.planned_due, "nominal_due": self.nominal_due}
        if self.trigger_on is not None:
            params["trigger_on"] = self.trigger_on
        if self.due_before is not None:
            params["next_meeting_at"] = self.due_before
        return Message(_TEXTS[self.kind, self.item, self.form][1], params)

    @property
    def planning_note(self) -> Message | None:
        """For a fixed-date deadline on a non-working day: which earlier day is planned."""
        if self.kind not in _FIXED_DATE_KINDS or self.planned_due == self.nominal_due:
            return None
        return Message(N_("{nominal_due} is not a working day, so it is planned for {due}, the last working day "
                          "before it."), {"nominal_due": self.nominal_due, "due": self.planned_due})


_FIXED_DATE_KINDS = frozenset({ObligationKind.ANNUAL_PLAN_AND_REPORT, ObligationKind.TREATY_INFORMATION,
                               ObligationKind.MFA_POSITION_LETTER})

# (kind, item, briefing form) -> (title, explanation). Explanation placeholders: {item}, {due} (planned),
# {nominal_due}, {trigger_on}, {next_meeting_at}.
_TEXTS: dict[tuple[ObligationKind, str, BriefingForm | None], tuple[str, str]] = {
    (ObligationKind.POST_EVENT_REPORT, ITEM_BODY_DUTIES, None): (
        N_("Report to the MFA on the event"),
        N_("{item}: after an international event it held, the body sends the MFA, at the MFA's request, a report "
           "on who took part, the issues discussed and the agreements reached, including the body's position, "
           "with proposals for further work where needed. Not later than 7 working days after the event ended "
           "on {trigger_on}: by {due}."),
    ),
    (ObligationKind.DIPLOMATIC_SERVICE_PARTICIPATION, ITEM_BODY_DUTIES, None): (
        N_("Participation of the diplomatic service in the event"),
        N_("{item}: by agreement with the MFA, the body ensures that representatives of the diplomatic service "
           "take part in the international events it organises or holds. The event starts on {trigger_on}; "
           "agree it with the MFA by the last working day before: {due}."),
    ),
    (ObligationKind.MFA_NOTICE_AFTER_MEETING, ITEM_MEETINGS, None): (
        N_("Inform the MFA of a meeting it did not attend"),
        N_("{item}: the MFA did not take part in the meeting that ended on {trigger_on}, so the body sends the "
           "MFA who took part and the agreements reached within 5 working days after it: by {due}. Hattama "
           "asks this for every meeting the body holds in Kazakhstan without the MFA."),
    ),
    (ObligationKind.NEXT_OFFICIAL_BRIEFING, ITEM_MEETINGS, BriefingForm.ORAL): (
        N_("Brief the next receiving official orally"),
        N_("{item}: the foreign representatives' next meeting is on the same day ({next_meeting_at}), so the "
           "body informs the official(s) receiving them next, orally, of the content of the talks and the "
           "agreements reached, before that meeting."),
    ),
    (ObligationKind.NEXT_OFFICIAL_BRIEFING, ITEM_MEETINGS, BriefingForm.WRITTEN): (
        N_("Brief the next receiving official in writing"),
        N_("{item}: the foreign representatives' next meeting is on a later day ({next_meeting_at}), so the "
           "body informs the official(s) receiving them next, in writing, of the content of the talks and the "
           "agreements reached, before that meeting starts."),
    ),
    (ObligationKind.PRE_DEPARTURE_CONSULTATION, ITEM_CONSULTATIONS, None): (
        N_("Written consultations with the MFA before departure"),
        N_("{item}: before leaving Kazakhstan for an international event abroad, the head of the delegation "
           "holds written consultations with MFA officials on Kazakhstan's position on current foreign-policy "
           "issues (other forms by agreement with the MFA). Departure is on {trigger_on}; plan them by the last "
           "working day before it: {due}."),
    ),
    (ObligationKind.DIRECT_LETTER_NOTICE, ITEM_CORRESPONDENCE, None): (
        N_("Inform the MFA of a letter sent directly"),
        N_("{item}: the letter of {trigger_on} went directly to the foreign side because the issue had to be "
           "worked out within five days; the body then informs the MFA of the letter and its content. The "
           "decree sets no term: Hattama asks for it by the next working day, {due}."),
    ),
    (ObligationKind.ANNUAL_PLAN_AND_REPORT, ITEM_BODY_DUTIES, None): (
        N_("Plan of international events for next year and report on international activity"),
        N_("{item}: once a year, not later than {nominal_due}, the body sends the MFA its plan of international "
           "events for the next year and information on its international activity for the past period, "
           "including foreign-economic events."),
    ),
    (ObligationKind.TREATY_INFORMATION, ITEM_TREATIES_IN_FORCE, None): (
        N_("Information on the implementation of treaties in force"),
        N_("{item}: not later than {nominal_due}, the body sends the MFA information on how the international "
           "treaties in force were implemented during the past year, in the forms of annexes 1, 2 and 3."),
    ),
    (ObligationKind.TREATY_INFORMATION, ITEM_TREATIES_NOT_IN_FORCE, None): (
        N_("Information on domestic procedures for treaties not yet in force"),
        N_("{item}: not later than {nominal_due}, the body sends the MFA information on the domestic procedures "
           "for international treaties signed but not in force, including why they are not completed, in the "
           "forms of annexes 4 and 5."),
    ),
    (ObligationKind.MFA_POSITION_LETTER, ITEM_MFA_COORDINATION, None): (
        N_("The MFA's position on current foreign-policy issues"),
        N_("{item}: twice a year, not later than the 20th of the last month of the half-year, the MFA sends the "
           "body Kazakhstan's official position on current foreign-policy issues. Expected by {nominal_due}; "
           "mark it received when it arrives."),
    ),
}

_OUTSIDE_CHAPTER_MSGID = N_("{item} does not apply: the chapter on coordinating international activity does not "
                            "apply to the Presidential Administration and the Prime Minister's Office "
                            "({exemption_item}).")
_SPECIAL_STATE_BODY_MSGID = N_("{item} does not apply to special state bodies ({exemption_item}).")


def _not_applicable_reason(item: str, area: str | None, body: BodyFacts) -> Message | None:
    """Why p.50 lifts `item` for this body and exemption area, or None."""
    params = {"item": item, "exemption_item": ITEM_EXEMPTIONS}
    if body.outside_chapter and item not in _ITEMS_OUTSIDE_COORDINATION_CHAPTER:
        return Message(_OUTSIDE_CHAPTER_MSGID, params)
    if body.special_state_body and item in _ITEMS_NOT_FOR_SPECIAL_STATE_BODIES:
        return Message(_SPECIAL_STATE_BODY_MSGID, params)
    if area is not None and item == ITEM_BODY_DUTIES:
        return Message(exemption_area(area).not_applicable_msgid, params)
    return None


def obligation_state(planned_due: date, done_on: date | None, today: date, calendar: WorkingCalendar,
                     due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS) -> ObligationState:
    """DONE if marked done; else OVERDUE / DUE_TODAY / DUE_SOON (at most `due_soon_working_days` WD left) /
    UPCOMING, relative to `today`."""
    if done_on is not None:
        return ObligationState.DONE
    if today > planned_due:
        return ObligationState.OVERDUE
    if today == planned_due:
        return ObligationState.DUE_TODAY
    if calendar.working_days_until(today, planned_due) <= due_soon_working_days:
        return ObligationState.DUE_SOON
    return ObligationState.UPCOMING


_new_object = object.__new__
# The slot descriptors of Obligation's fields, in field order: they store a value without the frozen __setattr__.
(_set_kind, _set_item, _set_subject_id, _set_nominal_due, _set_planned_due, _set_state, _set_trigger_on,
 _set_done_on, _set_not_applicable_reason, _set_form, _set_due_before) = (
    getattr(Obligation, field.name).__set__ for field in fields(Obligation))


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Building 100,000s of objects that outlive the call makes CPython's cyclic collector rescan the whole heap
    several times (0.4 s of the 1 s budget for 100,000 events). Nothing built here forms a reference cycle, so
    the collector is paused meanwhile, and re-enabled only if it was enabled."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Engine:
    """One computation. Events cluster on few dates and few exemption areas, so the calendar, state and p.50
    answers are memoised per computation (functools.cache: a hit costs no Python frame)."""

    def __init__(self, body: BodyFacts, done_marks: Iterable[DoneMark], calendar: WorkingCalendar, today: date,
                 due_soon_working_days: int) -> None:
        if due_soon_working_days < 0:
            raise RuleError(N_("The number of working days cannot be negative: {count}."),
                            count=due_soon_working_days)
        self.done_on: dict[tuple[ObligationKind, str], date] = {}
        for mark in done_marks:  # the first time it was done counts
            key = (mark.kind, mark.subject_id)
            if key not in self.done_on or mark.done_on < self.done_on[key]:
                self.done_on[key] = mark.done_on
        self.working_days_after = cache(calendar.add_working_days)
        self.last_working_day_before = cache(
            lambda day: calendar.last_working_day_on_or_before(day - timedelta(days=1)))
        self.reason = cache(lambda item, area=None: _not_applicable_reason(item, area, body))
        self.open_state = cache(
            lambda planned_due: obligation_state(planned_due, None, today, calendar, due_soon_working_days))

    def obligation(self, kind: ObligationKind, item: str, subject_id: str, nominal_due: date, planned_due: date,
                   reason: Message | None, trigger_on: date | None = None, form: BriefingForm | None = None,
                   due_before: datetime | None = None) -> Obligation:
        done_on = self.done_on.get((kind, subject_id))
        if reason is not None:
            state = ObligationState.NOT_APPLICABLE
        elif done_on is not None:
            state = ObligationState.DONE
        else:
            state = self.open_state(planned_due)
        # The same frozen Obligation its __init__ would build (a test checks it), in a third of the time: the
        # generated frozen __init__ goes through object.__setattr__ for each field, 0.65 s of the 1 s budget
        # for 100,000 events on the 2-core test machine; filling the slots directly takes 0.23 s.
        obligation = _new_object(Obligation)
        _set_kind(obligation, kind)
        _set_item(obligation, item)
        _set_subject_id(obligation, subject_id)
        _set_nominal_due(obligation, nominal_due)
        _set_planned_due(obligation, planned_due)
        _set_state(obligation, state)
        _set_trigger_on(obligation, trigger_on)
        _set_done_on(obligation, done_on)
        _set_not_applicable_reason(obligation, reason)
        _set_form(obligation, form)
        _set_due_before(obligation, due_before)
        return obligation

    def add_event_obligations(self, event: EventFacts, obligations: list[Obligation]) -> None:
        abroad = event.abroad
        if event.held_by_body:
            ended_on = event.ends_at.date()
            starts_on = event.starts_at.date()
            reason = self.reason(ITEM_BODY_DUTIES, event.exemption_area)
            report_due = self.working_days_after(ended_on, POST_EVENT_REPORT_WORKING_DAYS)
            obligations.append(self.obligation(ObligationKind.POST_EVENT_REPORT, ITEM_BODY_DUTIES, event.id,
                                               report_due, report_due, reason, ended_on))
            obligations.append(self.obligation(
                ObligationKind.DIPLOMATIC_SERVICE_PARTICIPATION, ITEM_BODY_DUTIES, event.id, starts_on,
                self.last_working_day_before(starts_on), reason, starts_on))
            if not abroad and not event.mfa_participated:
                notice_due = self.working_days_after(ended_on, MFA_NOTICE_WORKING_DAYS)
                obligations.append(self.obligation(ObligationKind.MFA_NOTICE_AFTER_MEETING, ITEM_MEETINGS,
                                                   event.id, notice_due, notice_due, self.reason(ITEM_MEETINGS),
                                                   ended_on))
        if abroad and event.head_travels:
            departs_on = event.departure_date
            obligations.append(self.obligation(
                ObligationKind.PRE_DEPARTURE_CONSULTATION, ITEM_CONSULTATIONS, event.id, departs_on,
                self.last_working_day_before(departs_on), self.reason(ITEM_CONSULTATIONS), departs_on))

    def briefing(self, meeting: EventFacts, next_meeting: EventFacts) -> Obligation:
        ended_on = meeting.ends_at.date()
        next_starts_on = next_meeting.starts_at.date()
        form = BriefingForm.ORAL if next_starts_on <= ended_on else BriefingForm.WRITTEN
        return self.obligation(ObligationKind.NEXT_OFFICIAL_BRIEFING, ITEM_MEETINGS, meeting.id, next_starts_on,
                               next_starts_on, self.reason(ITEM_MEETINGS), ended_on, form, next_meeting.starts_at)


def obligations_for_events(events: Iterable[EventFacts], body: BodyFacts, done_marks: Iterable[DoneMark],
                           calendar: WorkingCalendar, today: date,
                           due_soon_wd: int = DEFAULT_DUE_SOON_WORKING_DAYS) -> list[Obligation]:
    """Every obligation the events give rise to, exempted ones included as NOT_APPLICABLE with the reason.

    Per event, in this order: p.46 report, p.46 diplomatic-service participation, p.49 notice (meetings in
    Kazakhstan without the MFA), p.48 consultations (abroad, head travels); then the p.49 briefings, series by
    series in order of first appearance.
    """
    obligations: list[Obligation] = []
    series: dict[str, list[EventFacts]] = {}
    with _cyclic_gc_paused():
        engine = _Engine(body, done_marks, calendar, today, due_soon_wd)
        for event in events:
            engine.add_event_obligations(event, obligations)
            if event.series_id is not None and not event.abroad:
                series.setdefault(event.series_id, []).append(event)
        for meetings in series.values():
            meetings.sort(key=lambda meeting: (meeting.starts_at, meeting.id))
            obligations.extend(engine.briefing(meeting, next_meeting)
                               for meeting, next_meeting in pairwise(meetings) if meeting.held_by_body)
    return obligations


def obligations_for_letters(letters: Iterable[LetterFacts], body: BodyFacts, done_marks: Iterable[DoneMark],
                            calendar: WorkingCalendar, today: date,
                            due_soon_wd: int = DEFAULT_DUE_SOON_WORKING_DAYS) -> list[Obligation]:
    """p.44: a notice to the MFA for each letter sent directly to the foreign side."""
    engine = _Engine(body, done_marks, calendar, today, due_soon_wd)
    obligations = []
    for letter in letters:
        if letter.direct_urgent:
            due = engine.working_days_after(letter.sent_on, DIRECT_LETTER_NOTICE_WORKING_DAYS)
            obligations.append(engine.obligation(ObligationKind.DIRECT_LETTER_NOTICE, ITEM_CORRESPONDENCE,
                                                 letter.id, due, due, engine.reason(ITEM_CORRESPONDENCE),
                                                 letter.sent_on))
    return obligations


def yearly_obligations(year: int, body: BodyFacts, done_marks: Iterable[DoneMark], calendar: WorkingCalendar,
                       today: date, due_soon_wd: int = DEFAULT_DUE_SOON_WORKING_DAYS) -> list[Obligation]:
    """The fixed-date obligations falling due in `year`, in date order."""
    engine = _Engine(body, done_marks, calendar, today, due_soon_wd)
    fixed_dates = (
        (ObligationKind.TREATY_INFORMATION, ITEM_TREATIES_IN_FORCE, f"{year}-1", date(year, 1, 10)),
        (ObligationKind.TREATY_INFORMATION, ITEM_TREATIES_NOT_IN_FORCE, f"{year}-2", date(year, 1, 10)),
        (ObligationKind.MFA_POSITION_LETTER, ITEM_MFA_COORDINATION, f"{year}-H1", date(year, 6, 20)),
        (ObligationKind.ANNUAL_PLAN_AND_REPORT, ITEM_BODY_DUTIES, f"{year}", date(year, 12, 20)),
        (ObligationKind.MFA_POSITION_LETTER, ITEM_MFA_COORDINATION, f"{year}-H2", date(year, 12, 20)),
    )
    return [engine.obligation(kind, item, subject_id, nominal_due,
                              calendar.last_working_day_on_or_before(nominal_due), engine.reason(item))
            for kind, item, subject_id, nominal_due in fixed_dates]
