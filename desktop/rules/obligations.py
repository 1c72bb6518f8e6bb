"""What the decree requires of the body and by when: obligations computed from events, letters and the year.

Product decisions (rules.md leaves them open; where an officer needs to know, the explanation says so too):
- p.46 report, «СІМ-нің сұратуы бойынша» (at the MFA's request): an event the body held gets it in the state
  AWAITING_REQUEST, with the date it would fall due, never overdue. It falls due once the MFA's request is
  recorded, or for every event when the unit says the MFA asks for all reports: 7 WD after the event ends; a
  request recorded after that date gives 7 WD after the request. The officer may close it as NOT_REQUESTED
  with a reason. A report sent after its due date is DONE and `late`.
- p.46 diplomatic-service participation: not when the MFA or the diplomatic service took part. The decree sets
  no term ("before the event", Hattama's plan): `nominal_due` is the start, planned for the last WD before it.
- p.48 consultations: only where a delegation travels abroad (not a videoconference; a hybrid event counts as
  travelling). Planned for the last WD before departure; while the departure date is missing, for the last WD
  before the start, and the explanation says the date is missing.
- p.49 briefing of the next official, for each meeting the body holds in a series (same `series_id`, in
  Kazakhstan; ordered by start, then id) that has a next meeting: ORAL when the next meeting starts on the
  calendar day this one started («осы күні») or overlaps it, WRITTEN when it starts on a later day («келесі күні
  немесе кеш уақытта»). Due before the next meeting starts: the due date is the next meeting's start date (even
  on a non-working day: the meeting sets it), and `due_before` is its start time.
- p.49 ¶2 notice to the MFA, 5 WD after a meeting the MFA did not attend: for meetings of a series (¶1's
  context); a unit setting widens it to every meeting the body holds in Kazakhstan without the MFA.
- p.44 notice of an urgent direct letter: the decree only says "after"; we ask for it by the next WD after
  the letter was sent.
- Fixed dates (10 January, 20 June, 20 December): `nominal_due` keeps the decree's date, `planned_due` is the
  last WD on or before it. `yearly_obligations(year)` gives those falling due in `year`: the p.2 treaty
  information of 10 January covers the year before.
- p.50: the Presidential Administration and the Prime Minister's Office are outside chapter 6 (p.42-p.50),
  so everything there is NOT_APPLICABLE for them; p.2 sits outside that chapter and still applies.
- p.42/p.44: dealings with the Eurasian Economic Commission are outside the MFA's coordination: an event marked
  as one has no MFA-facing obligation (p.46 report and participation, p.48, p.49 notice); the p.49 briefing of
  the next official is between Kazakh officials and stays.
- p.46 plan (hattama.rules.plans): a planned or confirmed event has only the obligations due before it (p.46
  participation, p.48, p.49 briefing); the p.46 report and the p.49 notice come once it is held; a cancelled or
  postponed event has none.
- A date the working-day calendar does not cover (before 2000, after 2100) never breaks the computation: that
  obligation is NO_CALENDAR with the reason; `nominal_due` and `planned_due` are then the date it counts from.

Subject ids (what a `DoneMark` names): the event id, the letter id, or the year for yearly obligations with
a suffix when one year has two of a kind: "2026" (p.46 plan), "2026-1" / "2026-2" (p.2(1) / p.2(2)),
"2026-H1" / "2026-H2" (p.45 letters).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from itertools import pairwise
from typing import Any, NamedTuple, cast

from hattama.rules.calendar import WorkingCalendar
from hattama.rules.errors import N_, RuleError
from hattama.rules.exemptions import exemption_area
from hattama.rules.facts import BodyFacts, EventFacts, ImageProjectFacts, LetterFacts
from hattama.rules.plans import has_obligations, has_post_event_obligations

ITEM_TREATIES_IN_FORCE = "p.2(1)"
ITEM_COORDINATION = "p.42"
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
    IMAGE_PROJECT_AGREEMENT = "image_project_agreement"


class ObligationState(StrEnum):
    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    AWAITING_REQUEST = "awaiting_request"  # p.46 report: due only once the MFA asks for it
    NO_CALENDAR = "no_calendar"  # a date outside the working-day calendar's years
    DONE = "done"
    NOT_REQUESTED = "not_requested"  # p.46 report: closed by the officer, the MFA did not ask for it
    NOT_APPLICABLE = "not_applicable"
    BEFORE_TRACKING = "before_tracking"  # fell due before the unit began keeping its obligations in Hattama


# The states that close an obligation (nothing more to do, or nothing Hattama asks for).
CLOSED_STATES = frozenset({ObligationState.DONE, ObligationState.NOT_REQUESTED, ObligationState.NOT_APPLICABLE,
                           ObligationState.BEFORE_TRACKING})
# The states that depend on the day it is (and on the unit's tracking_since): an obligation stored without a day
# is kept as UPCOMING and dated when read (`Dating.state`).
DATED_STATES = frozenset({ObligationState.UPCOMING, ObligationState.DUE_SOON, ObligationState.DUE_TODAY,
                          ObligationState.OVERDUE, ObligationState.BEFORE_TRACKING})
# Bumped whenever a change to these rules (or to the facts they read) changes any computed obligation: a store
# whose stored obligations carry another version computes them all again when it is next read.
RULES_VERSION = "2026-12-04.1"


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


class Obligation(NamedTuple):
    """One obligation as computed (a plain immutable record: built by its own constructor, nothing else)."""

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
    late: bool = False  # done after the due date
    variant: str | None = None  # which explanation fits (see _TEXTS)
    # NO_CALENDAR: why the deadline cannot be computed; NOT_REQUESTED: the officer's reason.
    state_reason: Message | None = None
    requested_on: date | None = None  # p.46 report: the MFA's request
    logged_on: date | None = None  # the day its event, letter or project was first recorded (tracking_since)

    @property
    def key(self) -> tuple[ObligationKind, str]:
        """What a DoneMark for this obligation names."""
        return self.kind, self.subject_id

    @property
    def _text_key(self) -> tuple[ObligationKind, str, str | None]:
        return self.kind, self.item, self.form or self.variant

    @property
    def title(self) -> Message:
        return Message(_TEXTS[self._text_key][0])

    @property
    def explanation(self) -> Message:
        if self.state is ObligationState.NO_CALENDAR:
            return Message(_NO_CALENDAR_MSGID, {"item": self.item})
        params: dict[str, Any] = {"item": self.item, "due": self.planned_due, "nominal_due": self.nominal_due}
        if self.trigger_on is not None:
            params["trigger_on"] = self.trigger_on
        if self.due_before is not None:
            params["next_meeting_at"] = self.due_before
        if self.requested_on is not None:
            params["requested_on"] = self.requested_on
        return Message(_TEXTS[self._text_key][1], params)

    @property
    def planning_note(self) -> Message | None:
        """For a fixed-date deadline on a non-working day: which earlier day is planned."""
        if (self.kind not in _FIXED_DATE_KINDS or self.planned_due == self.nominal_due
                or self.state is ObligationState.NO_CALENDAR):
            return None
        return Message(N_("{nominal_due} is not a working day, so it is planned for {due}, the last working day "
                          "before it."), {"nominal_due": self.nominal_due, "due": self.planned_due})


_FIXED_DATE_KINDS = frozenset({ObligationKind.ANNUAL_PLAN_AND_REPORT, ObligationKind.TREATY_INFORMATION,
                               ObligationKind.MFA_POSITION_LETTER})

VARIANT_AWAITING_REQUEST = "awaiting_request"
VARIANT_REQUESTED_LATE = "requested_late"
VARIANT_EVERY_MEETING = "every_meeting"
VARIANT_DEPARTURE_MISSING = "departure_missing"
_REPORT_TITLE = N_("Report to the MFA on the event")
_NOTICE_TITLE = N_("Inform the MFA of a meeting it did not attend")
_CONSULTATION_TITLE = N_("Written consultations with the MFA before departure")
_NO_CALENDAR_MSGID = N_("{item}: Hattama cannot compute this deadline, because its working-day calendar does not "
                        "cover the date it counts from.")
_NOT_REQUESTED_MSGID = N_("Closed as not requested by the MFA: {reason}")
_BEFORE_TRACKING_MSGID = N_("It fell due before {tracking_since}, the day the unit began keeping its obligations in "
                            "Hattama, so it is not counted as overdue; mark it done if it was done.")

# (kind, item, briefing form or variant) -> (title, explanation). Explanation placeholders: {item}, {due}
# (planned), {nominal_due}, {trigger_on}, {next_meeting_at}, {requested_on}. The service drops a full stop after
# a date that already ends in one, as a language's abbreviated date may ("4 дек. 2026 г.").
_TEXTS: dict[tuple[ObligationKind, str, str | None], tuple[str, str]] = {
    (ObligationKind.POST_EVENT_REPORT, ITEM_BODY_DUTIES, None): (
        _REPORT_TITLE,
        N_("{item}: after an international event it held, the body sends the MFA, at the MFA's request, a report "
           "on who took part, the issues discussed and the agreements reached, including the body's position, "
           "with proposals for further work where needed. Not later than 7 working days after the event ended "
           "on {trigger_on}: by {due}."),
    ),
    (ObligationKind.POST_EVENT_REPORT, ITEM_BODY_DUTIES, VARIANT_AWAITING_REQUEST): (
        _REPORT_TITLE,
        N_("{item}: the body sends the MFA a report on an international event it held only at the MFA's request. "
           "No request is recorded yet. If the MFA asks, the report is due not later than 7 working days after "
           "the event ended on {trigger_on}, that is by {due}; record the request on the report, or close it as "
           "not requested."),
    ),
    (ObligationKind.POST_EVENT_REPORT, ITEM_BODY_DUTIES, VARIANT_REQUESTED_LATE): (
        _REPORT_TITLE,
        N_("{item}: the MFA asked for the report on {requested_on}, after the 7 working days following the end of "
           "the event on {trigger_on} had passed. The decree counts from the event's end; Hattama counts 7 working "
           "days from the request: by {due}."),
    ),
    (ObligationKind.DIPLOMATIC_SERVICE_PARTICIPATION, ITEM_BODY_DUTIES, None): (
        N_("Participation of the diplomatic service in the event"),
        N_("{item}: by agreement with the MFA, the body ensures that representatives of the diplomatic service "
           "take part in the international events it organises or holds, so before the event starts on "
           "{trigger_on}. The decree sets no term; Hattama plans it for the last working day before the start: "
           "{due}."),
    ),
    (ObligationKind.IMAGE_PROJECT_AGREEMENT, ITEM_BODY_DUTIES, None): (
        N_("Agree the image project with the MFA"),
        N_("{item}: the body agrees its international image projects with the MFA before they are launched. The "
           "project starts on {trigger_on}; Hattama plans the agreement for the last working day before: {due}. "
           "Record the MFA's agreement on the project."),
    ),
    (ObligationKind.MFA_NOTICE_AFTER_MEETING, ITEM_MEETINGS, None): (
        _NOTICE_TITLE,
        N_("{item}: the MFA did not take part in this meeting of the foreign representatives' series of meetings, "
           "which ended on {trigger_on}, so the body sends the MFA who took part and the agreements reached "
           "within 5 working days after it: by {due}."),
    ),
    (ObligationKind.MFA_NOTICE_AFTER_MEETING, ITEM_MEETINGS, VARIANT_EVERY_MEETING): (
        _NOTICE_TITLE,
        N_("{item}: the MFA did not take part in the meeting that ended on {trigger_on}, so the body sends the "
           "MFA who took part and the agreements reached within 5 working days after it: by {due}. The decree "
           "asks it for meetings of a series; the unit's settings ask it for every meeting the body holds in "
           "Kazakhstan without the MFA."),
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
        _CONSULTATION_TITLE,
        N_("{item}: before leaving Kazakhstan for an international event abroad, the head of the delegation "
           "holds written consultations with MFA officials on Kazakhstan's position on current foreign-policy "
           "issues (other forms by agreement with the MFA). Departure is on {trigger_on}; plan them by the last "
           "working day before it: {due}."),
    ),
    (ObligationKind.PRE_DEPARTURE_CONSULTATION, ITEM_CONSULTATIONS, VARIANT_DEPARTURE_MISSING): (
        _CONSULTATION_TITLE,
        N_("{item}: before leaving Kazakhstan for an international event abroad, the head of the delegation "
           "holds written consultations with MFA officials on Kazakhstan's position on current foreign-policy "
           "issues (other forms by agreement with the MFA). The departure date is missing: enter it on the event. "
           "Until then they are planned for the last working day before the event starts on {trigger_on}: {due}."),
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

_PRESIDENTIAL_ADMINISTRATION_MSGID = N_("{item} does not apply: the chapter on coordinating international activity "
                                        "does not apply to the Presidential Administration ({exemption_item}).")
_PRIME_MINISTERS_OFFICE_MSGID = N_("{item} does not apply: the chapter on coordinating international activity does "
                                   "not apply to the Prime Minister's Office ({exemption_item}).")
_SPECIAL_STATE_BODY_MSGID = N_("{item} does not apply to special state bodies ({exemption_item}).")
_COMMISSION_MSGID = N_("{item} does not apply: dealings with the Eurasian Economic Commission are outside the MFA's "
                       "coordination of international activity and its letters ({exemption_item}).")


def _not_applicable_reason(item: str, area: str | None, body: BodyFacts, commission: bool = False) -> Message | None:
    """Why p.50 (or p.42 for a dealing with the Commission) lifts `item` for this body and event, or None."""
    params = {"item": item, "exemption_item": ITEM_EXEMPTIONS}
    if item not in _ITEMS_OUTSIDE_COORDINATION_CHAPTER:
        if body.presidential_administration:
            return Message(_PRESIDENTIAL_ADMINISTRATION_MSGID, params)
        if body.prime_ministers_office:
            return Message(_PRIME_MINISTERS_OFFICE_MSGID, params)
    if body.special_state_body and item in _ITEMS_NOT_FOR_SPECIAL_STATE_BODIES:
        return Message(_SPECIAL_STATE_BODY_MSGID, params)
    if commission:
        return Message(_COMMISSION_MSGID, {"item": item, "exemption_item": ITEM_COORDINATION})
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


def before_tracking(planned_due: date, logged_on: date | None, tracking_since: date | None) -> bool:
    """Whether an obligation fell due before the unit began keeping its obligations in Hattama.

    Not a decree rule: the decree's deadlines stand whatever software a unit uses. But a unit that starts using
    Hattama on `tracking_since` kept its earlier obligations elsewhere (on paper, in its document system), so
    Hattama cannot know whether they were met; calling them overdue would bury what is really due under years
    of noise ("3 overdue, -225 working days" on the first day). Precisely: due (planned) before `tracking_since`,
    and its event, letter or project recorded before that day too (`logged_on`; a yearly obligation has none).
    An event logged on or after `tracking_since` keeps its obligations even when it was held earlier: the
    officer recorded it in Hattama, so Hattama follows it up."""
    return (tracking_since is not None and planned_due < tracking_since
            and (logged_on is None or logged_on < tracking_since))


@dataclass(frozen=True)
class Dating:
    """How an open obligation's state follows from the day it is: OVERDUE (or BEFORE_TRACKING, see
    `before_tracking`) / DUE_TODAY / DUE_SOON / UPCOMING. `soon_before`: the first day that is no longer due
    soon (at most `due_soon_working_days` WD left <=> the due date comes before the (n+1)th WD after today);
    `no_calendar`: why nothing can be dated when today itself is outside the calendar."""

    today: date
    soon_before: date | None
    tracking_since: date | None = None
    no_calendar: Message | None = None

    def state(self, planned_due: date, logged_on: date | None = None) -> ObligationState:
        today = self.today
        if self.soon_before is None:
            return ObligationState.NO_CALENDAR
        if planned_due < today:
            if before_tracking(planned_due, logged_on, self.tracking_since):
                return ObligationState.BEFORE_TRACKING
            return ObligationState.OVERDUE
        if planned_due == today:
            return ObligationState.DUE_TODAY
        if planned_due < self.soon_before:
            return ObligationState.DUE_SOON
        return ObligationState.UPCOMING

    def reason(self, state: ObligationState) -> Message | None:
        """Why a dated obligation is in `state`, where the state needs saying why."""
        if state is ObligationState.NO_CALENDAR:
            return self.no_calendar
        if state is ObligationState.BEFORE_TRACKING:
            return Message(_BEFORE_TRACKING_MSGID, {"tracking_since": self.tracking_since})
        return None


def dating(today: date, calendar: WorkingCalendar, due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
           tracking_since: date | None = None) -> Dating:
    if due_soon_working_days < 0:
        raise RuleError(N_("The number of working days cannot be negative: {count}."), count=due_soon_working_days)
    try:
        soon_before = calendar.add_working_days(today, due_soon_working_days + 1)
    except RuleError as error:
        return Dating(today, None, tracking_since, Message(error.msgid, error.params))
    return Dating(today, soon_before, tracking_since)


def _out_of_calendar(error: RuleError) -> Message:
    return Message(error.msgid, error.params)


def _guarded(compute: Callable[..., date]) -> Callable[..., date | Message]:
    """`compute`, memoised, answering with the reason instead of raising when a date is outside the calendar."""
    def answer(*args: Any) -> date | Message:
        try:
            return compute(*args)
        except RuleError as error:
            return _out_of_calendar(error)
    return cache(answer)


class _Engine:
    """One computation. Events cluster on few dates and few exemption areas, so the calendar, state and p.50
    answers are memoised per computation (functools.cache: a hit costs no Python frame). A date the calendar
    does not cover comes back as the reason (a Message), so that one obligation is NO_CALENDAR and the others
    are computed. `today` None: computed as of no particular day (what the store keeps): every open obligation
    is UPCOMING, dated when read (`Dating.state`)."""

    def __init__(self, body: BodyFacts, done_marks: Iterable[DoneMark], calendar: WorkingCalendar,
                 today: date | None, due_soon_working_days: int, tracking_since: date | None = None) -> None:
        if due_soon_working_days < 0:
            raise RuleError(N_("The number of working days cannot be negative: {count}."),
                            count=due_soon_working_days)
        self.body = body
        self.done_on: dict[tuple[ObligationKind, str], date] = {}
        for mark in done_marks:  # the first time it was done counts
            key = (mark.kind, mark.subject_id)
            if key not in self.done_on or mark.done_on < self.done_on[key]:
                self.done_on[key] = mark.done_on
        self.working_days_after = _guarded(calendar.add_working_days)
        self.last_working_day_on_or_before = _guarded(calendar.last_working_day_on_or_before)
        self.last_working_day_before = _guarded(
            lambda day: calendar.last_working_day_on_or_before(day - timedelta(days=1)))
        self.reason = cache(lambda item, area=None, commission=False: _not_applicable_reason(item, area, body,
                                                                                             commission))
        self.dating = None if today is None else dating(today, calendar, due_soon_working_days, tracking_since)

    def obligation(self, kind: ObligationKind, item: str, subject_id: str, nominal_due: date | Message,
                   planned_due: date | Message, reason: Message | None, trigger_on: date | None = None,
                   form: BriefingForm | None = None, due_before: datetime | None = None, variant: str | None = None,
                   awaiting: bool = False, closed_reason: Message | None = None,
                   requested_on: date | None = None, logged_on: date | None = None) -> Obligation:
        """`awaiting`: not due until something happens (p.46: the MFA's request); `closed_reason`: closed by
        the officer as not requested. A Message for a date: it is outside the calendar, and says why."""
        done_on = self.done_on.get((kind, subject_id))
        state_reason: Message | None = None
        late = False
        if isinstance(planned_due, Message) or isinstance(nominal_due, Message):
            state_reason = planned_due if isinstance(planned_due, Message) else cast(Message, nominal_due)
            nominal_due = planned_due = trigger_on or (nominal_due if isinstance(nominal_due, date) else date.min)
            computed = False
        else:
            computed = True
        if reason is not None:
            state = ObligationState.NOT_APPLICABLE
        elif done_on is not None:
            state = ObligationState.DONE
            late = computed and not awaiting and done_on > planned_due
        elif closed_reason is not None:
            state, state_reason = ObligationState.NOT_REQUESTED, closed_reason
        elif not computed:
            state = ObligationState.NO_CALENDAR
        elif awaiting:
            state = ObligationState.AWAITING_REQUEST
        elif self.dating is None:
            state = ObligationState.UPCOMING
        else:
            state = self.dating.state(planned_due, logged_on)
            state_reason = self.dating.reason(state)
        return Obligation(kind, item, subject_id, nominal_due, planned_due, state, trigger_on, done_on, reason, form,
                          due_before, late, variant, state_reason, requested_on, logged_on)

    def report(self, event: EventFacts, ended_on: date, reason: Message | None) -> Obligation:
        """p.46 «СІМ-нің сұратуы бойынша»: due only once the MFA asks (or asks for every report)."""
        report_due = self.working_days_after(ended_on, POST_EVENT_REPORT_WORKING_DAYS)
        requested_on = event.mfa_request_on
        variant = None
        if requested_on is not None and isinstance(report_due, date) and requested_on > report_due:
            report_due = self.working_days_after(requested_on, POST_EVENT_REPORT_WORKING_DAYS)
            variant = VARIANT_REQUESTED_LATE
        awaiting = requested_on is None and not self.body.mfa_requests_all_reports
        if awaiting:
            variant = VARIANT_AWAITING_REQUEST
        closed = (Message(_NOT_REQUESTED_MSGID, {"reason": event.report_not_requested})
                  if event.report_not_requested is not None else None)
        return self.obligation(ObligationKind.POST_EVENT_REPORT, ITEM_BODY_DUTIES, event.id, report_due,
                               report_due, reason, ended_on, variant=variant, awaiting=awaiting,
                               closed_reason=closed, requested_on=requested_on, logged_on=event.logged_on)

    def add_event_obligations(self, event: EventFacts, obligations: list[Obligation]) -> None:
        abroad = event.abroad
        commission = event.commission_party
        ended_on = event.ends_at.date()
        starts_on = event.starts_at.date()
        held = has_post_event_obligations(event.status)
        if event.held_by_body:
            reason = self.reason(ITEM_BODY_DUTIES, event.exemption_area, commission)
            if held:
                obligations.append(self.report(event, ended_on, reason))
            if not (event.mfa_participated or event.diplomatic_service_participated):
                obligations.append(self.obligation(
                    ObligationKind.DIPLOMATIC_SERVICE_PARTICIPATION, ITEM_BODY_DUTIES, event.id, starts_on,
                    self.last_working_day_before(starts_on), reason, starts_on, logged_on=event.logged_on))
            if (held and not abroad and not event.mfa_participated
                    and (event.series_id is not None or self.body.p49_notice_every_meeting)):
                notice_due = self.working_days_after(ended_on, MFA_NOTICE_WORKING_DAYS)
                obligations.append(self.obligation(
                    ObligationKind.MFA_NOTICE_AFTER_MEETING, ITEM_MEETINGS, event.id, notice_due, notice_due,
                    self.reason(ITEM_MEETINGS, None, commission), ended_on,
                    variant=None if event.series_id is not None else VARIANT_EVERY_MEETING, logged_on=event.logged_on))
        if abroad and event.head_travels and not event.remote:
            departs_on = event.departs_on
            variant = None
            if departs_on is None:
                departs_on, variant = starts_on, VARIANT_DEPARTURE_MISSING
            obligations.append(self.obligation(
                ObligationKind.PRE_DEPARTURE_CONSULTATION, ITEM_CONSULTATIONS, event.id, departs_on,
                self.last_working_day_before(departs_on), self.reason(ITEM_CONSULTATIONS, None, commission),
                departs_on, variant=variant, logged_on=event.logged_on))

    def briefing(self, meeting: EventFacts, next_meeting: EventFacts) -> Obligation:
        """p.49: orally if the next meeting is «осы күні» (the day this one is held, or overlapping it), in
        writing if «келесі күні немесе кеш уақытта» (the next day or later)."""
        next_starts_on = next_meeting.starts_at.date()
        same_day = next_starts_on == meeting.starts_at.date() or next_meeting.starts_at < meeting.ends_at
        form = BriefingForm.ORAL if same_day else BriefingForm.WRITTEN
        return self.obligation(ObligationKind.NEXT_OFFICIAL_BRIEFING, ITEM_MEETINGS, meeting.id, next_starts_on,
                               next_starts_on, self.reason(ITEM_MEETINGS), meeting.ends_at.date(), form,
                               next_meeting.starts_at, logged_on=meeting.logged_on)


def obligations_for_events(events: Iterable[EventFacts], body: BodyFacts, done_marks: Iterable[DoneMark],
                           calendar: WorkingCalendar, today: date | None,
                           due_soon_wd: int = DEFAULT_DUE_SOON_WORKING_DAYS,
                           tracking_since: date | None = None) -> list[Obligation]:
    """Every obligation the events give rise to, exempted ones included as NOT_APPLICABLE with the reason.
    `today` None: as of no particular day (open ones UPCOMING, see `_Engine`); `tracking_since`: see
    `before_tracking`.

    Cancelled and postponed events give none; planned and confirmed ones no p.46 report and no p.49 notice
    (hattama.rules.plans). Per event, in this order: p.46 report, p.46 diplomatic-service participation, p.49 notice (meetings in
    Kazakhstan without the MFA), p.48 consultations (abroad, a delegation travels); then the p.49 briefings,
    series by series in order of first appearance.
    """
    obligations: list[Obligation] = []
    series: dict[str, list[EventFacts]] = {}
    engine = _Engine(body, done_marks, calendar, today, due_soon_wd, tracking_since)
    for event in events:
        if not has_obligations(event.status):
            continue
        engine.add_event_obligations(event, obligations)
        if event.series_id is not None and not event.abroad:
            series.setdefault(event.series_id, []).append(event)
    for meetings in series.values():
        meetings.sort(key=lambda meeting: (meeting.starts_at, meeting.id))
        obligations.extend(engine.briefing(meeting, next_meeting)
                           for meeting, next_meeting in pairwise(meetings) if meeting.held_by_body)
    return obligations


def obligations_for_letters(letters: Iterable[LetterFacts], body: BodyFacts, done_marks: Iterable[DoneMark],
                            calendar: WorkingCalendar, today: date | None,
                            due_soon_wd: int = DEFAULT_DUE_SOON_WORKING_DAYS,
                            tracking_since: date | None = None) -> list[Obligation]:
    """p.44: a notice to the MFA for each letter sent directly to the foreign side."""
    engine = _Engine(body, done_marks, calendar, today, due_soon_wd, tracking_since)
    obligations = []
    for letter in letters:
        if letter.direct_urgent:
            due = engine.working_days_after(letter.sent_on, DIRECT_LETTER_NOTICE_WORKING_DAYS)
            obligations.append(engine.obligation(ObligationKind.DIRECT_LETTER_NOTICE, ITEM_CORRESPONDENCE,
                                                 letter.id, due, due, engine.reason(ITEM_CORRESPONDENCE),
                                                 letter.sent_on, logged_on=letter.logged_on))
    return obligations


def obligations_for_image_projects(projects: Iterable[ImageProjectFacts], body: BodyFacts,
                                   done_marks: Iterable[DoneMark], calendar: WorkingCalendar, today: date | None,
                                   due_soon_wd: int = DEFAULT_DUE_SOON_WORKING_DAYS,
                                   tracking_since: date | None = None) -> list[Obligation]:
    """p.46: each image project agreed with the MFA before its launch; a project launched without a recorded
    agreement is overdue (a problem the Dashboard shows)."""
    engine = _Engine(body, done_marks, calendar, today, due_soon_wd, tracking_since)
    return [engine.obligation(ObligationKind.IMAGE_PROJECT_AGREEMENT, ITEM_BODY_DUTIES, project.id, project.starts_on,
                              engine.last_working_day_before(project.starts_on), engine.reason(ITEM_BODY_DUTIES),
                              project.starts_on, logged_on=project.logged_on)
            for project in projects]


def yearly_obligations(year: int, body: BodyFacts, done_marks: Iterable[DoneMark], calendar: WorkingCalendar,
                       today: date | None, due_soon_wd: int = DEFAULT_DUE_SOON_WORKING_DAYS,
                       tracking_since: date | None = None) -> list[Obligation]:
    """The fixed-date obligations falling due in `year`, in date order (recorded nowhere: before tracking when
    due before `tracking_since`)."""
    engine = _Engine(body, done_marks, calendar, today, due_soon_wd, tracking_since)
    fixed_dates = (
        (ObligationKind.TREATY_INFORMATION, ITEM_TREATIES_IN_FORCE, f"{year}-1", date(year, 1, 10)),
        (ObligationKind.TREATY_INFORMATION, ITEM_TREATIES_NOT_IN_FORCE, f"{year}-2", date(year, 1, 10)),
        (ObligationKind.MFA_POSITION_LETTER, ITEM_MFA_COORDINATION, f"{year}-H1", date(year, 6, 20)),
        (ObligationKind.ANNUAL_PLAN_AND_REPORT, ITEM_BODY_DUTIES, f"{year}", date(year, 12, 20)),
        (ObligationKind.MFA_POSITION_LETTER, ITEM_MFA_COORDINATION, f"{year}-H2", date(year, 12, 20)),
    )
    return [engine.obligation(kind, item, subject_id, nominal_due, engine.last_working_day_on_or_before(nominal_due),
                              engine.reason(item))
            for kind, item, subject_id, nominal_due in fixed_dates]
