"""What is due and by when, for the whole store: events, reports and marks in, plain obligation views out."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from hattama import clock
from hattama.db.models import Event, Letter, LetterLink, ObligationMark, Report, UnitSettings
from hattama.db.store import Store
from hattama.i18n import N_, _, current_language
from hattama.i18n import render as render_message
from hattama.rules.calendar import WorkingCalendar
from hattama.rules.facts import BodyFacts, EventFacts, ImageProjectFacts, LetterFacts
from hattama.rules.letters import CHANNEL_DIRECT_URGENT, PURPOSE_CLOSES
from hattama.rules.obligations import (
    CLOSED_STATES,
    DoneMark,
    Message,
    Obligation,
    ObligationKind,
    ObligationState,
    obligations_for_events,
    obligations_for_image_projects,
    obligations_for_letters,
    yearly_obligations,
)
from hattama.services.calendar import working_calendar
from hattama.services.errors import ServiceError
from hattama.services.events import display_title
from hattama.services.image_projects import list_projects
from hattama.services.settings import UnitDetails, load_settings

STATE_LABELS: dict[ObligationState, str] = {
    ObligationState.UPCOMING: N_("Upcoming"),
    ObligationState.DUE_SOON: N_("Due soon"),
    ObligationState.DUE_TODAY: N_("Due today"),
    ObligationState.OVERDUE: N_("Overdue"),
    ObligationState.AWAITING_REQUEST: N_("Awaiting the MFA's request"),
    ObligationState.NO_CALENDAR: N_("Outside the calendar"),
    ObligationState.DONE: N_("Done"),
    ObligationState.NOT_REQUESTED: N_("Not requested"),
    ObligationState.NOT_APPLICABLE: N_("Not applicable"),
}
LATE_MARK = N_("late")
# The report's own status says when p.46's report went to the MFA; no separate mark is kept for it.
REPORT_SENT_STATUSES = ("sent", "acknowledged")


@dataclass(frozen=True)
class ObligationView:
    obligation: Obligation
    event_id: uuid.UUID | None
    event_title: str
    report_id: uuid.UUID | None
    working_days_left: int | None
    mfa_request_ref: str = ""  # p.46 report: the reference of the MFA's request

    def reason(self) -> str | None:
        """Why it has no computed deadline (outside the calendar) or was closed as not requested."""
        reason = self.obligation.state_reason
        return None if reason is None else render(reason)

    @property
    def state(self) -> ObligationState:
        return self.obligation.state

    def title(self) -> str:
        return render(self.obligation.title)

    def explanation(self) -> str:
        """Starts with the item as the language writes it ("46-т.", "п. 46", "p.46"): never the raw "p.46:" in kk, ru."""
        obligation = self.obligation
        parts = [render(obligation.explanation)]
        note = obligation.planning_note
        if note is not None:
            parts.append(render(note))
        for reason in (obligation.not_applicable_reason, obligation.state_reason):
            if reason is not None:
                parts.append(render(reason))
        if obligation.late and obligation.done_on is not None:
            parts.append(render(Message(N_("Done on {done_on}, after the due date {due}."),
                                        {"done_on": obligation.done_on, "due": obligation.planned_due})))
        return " ".join(parts)

    def state_label(self) -> str:
        """The state's name, with the late mark when done after the due date."""
        label = _(STATE_LABELS[self.state])
        return f"{label} ({_(LATE_MARK)})" if self.obligation.late else label

    def item_label(self) -> str:
        """The decree item as the UI language writes it ("46-т.", "п. 46"); `obligation.item` stays "p.46"."""
        return item_label(self.obligation.item)


def item_label(item: str) -> str:
    """"p.46" as the UI language writes it: "46-т." (kk), "п. 46" (ru), "p.46" (en); "p.2(1)" keeps its part."""
    return _("p.{number}").format(number=item.removeprefix("p."))


_ITEM_PARAMS = ("item", "exemption_item")


def render(message: Message) -> str:
    """A rules Message in the UI language: items as the language writes them ("46-т." rather than "p.46"),
    dates through Babel (i18n.render, which also keeps a full stop from doubling after an abbreviated date)."""
    params = {name: item_label(value) if name in _ITEM_PARAMS else value for name, value in message.params.items()}
    return render_message(message.msgid, params)


class _EventLabel(NamedTuple):
    """What an obligation's view shows of its event; the id is kept to spare parsing it again per obligation."""

    id: uuid.UUID
    title_kk: str
    title_ru: str
    mfa_request_ref: str


_FACT_COLUMNS = (Event.id, Event.starts_at, Event.ends_at, Event.country, Event.held_by_body, Event.mfa_participated,
                 Event.exemption_area, Event.series_id, Event.departs_on, Event.attendance, Event.kind,
                 Report.mfa_request_date, Report.not_requested_on, Report.not_requested_reason,
                 Event.diplomatic_service_participated, Event.commission_party, Event.title_kk, Event.title_ru,
                 Report.mfa_request_ref, Event.status)


def _event_facts(store: Store, event_id: uuid.UUID | None = None) -> tuple[list[EventFacts], dict[str, _EventLabel]]:
    """The events not in the bin (or the one event) with what their report says of the MFA's request (p.46)."""
    query = select(*_FACT_COLUMNS).outerjoin(Report, Report.event_id == Event.id).where(Event.deleted_at.is_(None))
    if event_id is not None:
        query = query.where(Event.id == event_id)
    facts, titles = [], {}
    with store.session() as session:
        for row in session.execute(query):
            key = str(row.id)
            not_requested = row.not_requested_reason if row.not_requested_on is not None else None
            facts.append(EventFacts(key, row.starts_at, row.ends_at, row.country, row.held_by_body,
                                    row.mfa_participated, row.exemption_area,
                                    str(row.series_id) if row.series_id else None, row.departs_on, True,
                                    row.attendance, row.kind, row.mfa_request_date, not_requested,
                                    row.diplomatic_service_participated, row.commission_party, row.status))
            titles[key] = _EventLabel(row.id, row.title_kk, row.title_ru, row.mfa_request_ref or "")
    return facts, titles


def _done_marks(store: Store) -> tuple[list[DoneMark], dict[str, uuid.UUID]]:
    return _done_marks_for(store, None)


def _done_marks_for(store: Store, event_id: uuid.UUID | None) -> tuple[list[DoneMark], dict[str, uuid.UUID]]:
    """Marks the officer set, plus p.46 reports recorded as sent and p.48 consultations recorded on the event;
    limited to one event when `event_id` is given."""
    marks, reports = [], {}
    whole_store = event_id is None
    # Columns, not ORM objects: a store has a mark for most past obligations, 100,000s of them.
    mark_query = select(ObligationMark.kind, ObligationMark.subject_id, ObligationMark.done_on)
    report_query = select(Report.id, Report.event_id, Report.status, Report.sent_on, Report.updated_at)
    consulted_query = select(Event.id, Event.consultation_on).where(Event.consultation_on.is_not(None))
    # p.46: the diplomatic service's participation agreed with the MFA, recorded on the event.
    agreed_query = select(Event.id, Event.diplomatic_agreement_on).where(Event.diplomatic_agreement_on.is_not(None))
    if event_id is not None:
        mark_query = mark_query.where(ObligationMark.subject_id == str(event_id))
        report_query = report_query.where(Report.event_id == event_id)
        consulted_query = consulted_query.where(Event.id == event_id)
        agreed_query = agreed_query.where(Event.id == event_id)
    with store.session() as session:
        for kind, subject_id, done_on in session.execute(mark_query):
            marks.append(DoneMark(ObligationKind(kind), subject_id, done_on))
        for consulted_id, consulted_on in session.execute(consulted_query):
            marks.append(DoneMark(ObligationKind.PRE_DEPARTURE_CONSULTATION, str(consulted_id), consulted_on))
        for agreed_id, agreed_on in session.execute(agreed_query):
            marks.append(DoneMark(ObligationKind.DIPLOMATIC_SERVICE_PARTICIPATION, str(agreed_id), agreed_on))
        for report_id, event_id, status, sent_on, updated_at in session.execute(report_query):
            reports[str(event_id)] = report_id
            if status in REPORT_SENT_STATUSES:
                marks.append(DoneMark(ObligationKind.POST_EVENT_REPORT, str(event_id), sent_on or updated_at.date()))
        marks.extend(_purpose_marks(session, event_id))
        if whole_store:
            marks.extend(_letter_marks(session))
    return marks, reports


def _purpose_marks(session: Session, event_id: uuid.UUID | None) -> list[DoneMark]:
    """p.48, p.49: a drafted request, briefing or notice logged as sent closes the obligation of its event."""
    query = (select(Letter.purpose, LetterLink.subject_id, Letter.dated_on)
             .join(LetterLink, LetterLink.letter_id == Letter.id)
             .where(Letter.direction == "outgoing", Letter.purpose.in_(PURPOSE_CLOSES), LetterLink.subject_kind == "event"))
    if event_id is not None:
        query = query.where(LetterLink.subject_id == event_id)
    return [DoneMark(PURPOSE_CLOSES[purpose], str(subject_id), on) for purpose, subject_id, on in session.execute(query)]


def _letter_marks(session) -> list[DoneMark]:
    """p.44: a notice letter logged closes its direct letter's notice; p.45: a position letter logged closes
    its half-year."""
    notices = session.execute(select(Letter.notice_for_id, Letter.dated_on).where(Letter.notice_for_id.is_not(None)))
    positions = session.execute(select(Letter.position_half, Letter.dated_on).where(Letter.position_half != ""))
    return ([DoneMark(ObligationKind.DIRECT_LETTER_NOTICE, str(letter_id), on) for letter_id, on in notices]
            + [DoneMark(ObligationKind.MFA_POSITION_LETTER, half, on) for half, on in positions])


def _letter_facts(store: Store) -> list[LetterFacts]:
    """The outgoing letters sent directly to the foreign side as urgent (p.44)."""
    query = select(Letter.id, Letter.dated_on).where(Letter.channel == CHANNEL_DIRECT_URGENT)
    with store.session() as session:
        return [LetterFacts(str(letter_id), dated_on, True) for letter_id, dated_on in session.execute(query)]


# Most urgent first: how the Events page ranks an event by its obligations, and sorts them.
STATES_BY_URGENCY = (ObligationState.OVERDUE, ObligationState.DUE_TODAY, ObligationState.DUE_SOON,
                     ObligationState.NO_CALENDAR, ObligationState.UPCOMING, ObligationState.AWAITING_REQUEST,
                     ObligationState.DONE, ObligationState.NOT_REQUESTED, ObligationState.NOT_APPLICABLE)
_URGENCY = {state: rank for rank, state in enumerate(STATES_BY_URGENCY)}


class _StoreObligations(NamedTuple):
    obligations: list[Obligation]
    calendar: WorkingCalendar
    events: dict[str, _EventLabel]
    reports: dict[str, uuid.UUID]
    projects: dict[str, tuple[str, str]]  # p.46 image projects' titles (kk, ru) by id


def _image_projects(store: Store) -> tuple[list[ImageProjectFacts], list[DoneMark], dict[str, tuple[str, str]]]:
    """p.46: the image projects needing the MFA's agreement, the agreements recorded, their titles."""
    facts, marks, titles = [], [], {}
    for record in list_projects(store):
        key, data = str(record.id), record.data
        if not data.needs_agreement:
            continue
        facts.append(ImageProjectFacts(key, data.starts_on))
        titles[key] = (data.title_kk, data.title_ru)
        if data.agreed and data.mfa_agreement_on is not None:
            marks.append(DoneMark(ObligationKind.IMAGE_PROJECT_AGREEMENT, key, data.mfa_agreement_on))
    return facts, marks, titles


def body_facts(settings: UnitDetails) -> BodyFacts:
    return BodyFacts(settings.special_state_body, settings.presidential_administration,
                     settings.prime_ministers_office, settings.mfa_requests_all_reports,
                     settings.p49_notice_every_meeting)


def _store_obligations(store: Store, today: dt.date, years: tuple[int, ...],
                       past_years: tuple[int, ...] = ()) -> _StoreObligations:
    """`past_years`: years whose yearly obligations are listed only while open (nothing overdue disappears)."""
    settings = load_settings(store)
    body = body_facts(settings)
    calendar = working_calendar(store)
    facts, events = _event_facts(store)
    marks, reports = _done_marks(store)
    due_soon = settings.due_soon_working_days
    obligations = obligations_for_events(facts, body, marks, calendar, today, due_soon)
    projects, project_marks, project_titles = _image_projects(store)
    obligations.extend(obligations_for_image_projects(projects, body, [*marks, *project_marks], calendar, today,
                                                      due_soon))
    obligations.extend(obligations_for_letters(_letter_facts(store), body, marks, calendar, today, due_soon))
    for year in past_years:
        obligations.extend(obligation for obligation in yearly_obligations(year, body, marks, calendar, today, due_soon)
                           if obligation.state not in CLOSED_STATES)
    for year in years:
        obligations.extend(yearly_obligations(year, body, marks, calendar, today, due_soon))
    return _StoreObligations(obligations, calendar, events, reports, project_titles)


def _past_years(store: Store, today: dt.date) -> tuple[int, ...]:
    """The years before today's whose yearly obligations (p.2 on 10 January, p.45 letters, p.46 plan on
    20 December) may still be open: from the year the unit began keeping its store, and at least last year."""
    with store.session() as session:
        began = session.scalar(select(func.min(UnitSettings.created_at)))
    first = min(began.year if began is not None else today.year, today.year - 1)
    return tuple(range(first, today.year))


def compute_obligations(store: Store, today: dt.date | None = None, years: tuple[int, ...] | None = None) -> list[ObligationView]:
    """Every obligation of every event in the store plus the yearly ones (this year's and next year's, and those
    of past years not yet done), exempted ones included."""
    today = today or clock.today()
    if years is None:
        computed = _store_obligations(store, today, (today.year, today.year + 1), _past_years(store, today))
    else:
        computed = _store_obligations(store, today, years)
    language = current_language()
    return [_view(obligation, computed.calendar, today, computed.events, computed.reports, language,
                  computed.projects) for obligation in computed.obligations]


def worst_state_by_event(store: Store, today: dt.date | None = None) -> dict[uuid.UUID, ObligationState]:
    """The most urgent state among each event's obligations, for the Events page: the rules alone, without the
    view (title, working days left) the Dashboard needs of every obligation."""
    computed = _store_obligations(store, today or clock.today(), years=())
    worst: dict[uuid.UUID, ObligationState] = {}
    for obligation in computed.obligations:
        event = computed.events.get(obligation.subject_id)
        if event is None:
            continue
        current = worst.get(event.id)
        if current is None or _URGENCY[obligation.state] < _URGENCY[current]:
            worst[event.id] = obligation.state
    return worst


# The states with a deadline running (the others have none to count to, or none the calendar covers).
_COUNTED_STATES = frozenset({ObligationState.UPCOMING, ObligationState.DUE_SOON, ObligationState.DUE_TODAY,
                             ObligationState.OVERDUE})


def _view(obligation: Obligation, calendar, today: dt.date, titles: dict[str, _EventLabel],
          reports: dict[str, uuid.UUID], language: str,
          projects: dict[str, tuple[str, str]] | None = None) -> ObligationView:
    event = titles.get(obligation.subject_id)
    project = (projects or {}).get(obligation.subject_id)
    state = obligation.state
    left = None
    if state in _COUNTED_STATES:
        left = calendar.working_days_until(today, obligation.planned_due)
        if state is ObligationState.OVERDUE:
            # On the nominal day of a fixed-date deadline planned for the Friday before, no working day has
            # passed since the planned day, but the deadline has: overdue is never "0 working days left".
            left = min(left, -1)
    report = obligation.kind is ObligationKind.POST_EVENT_REPORT
    return ObligationView(
        obligation,
        event.id if event else None,
        display_title(*(event[1:3] if event else project or ("", "")), language),
        reports.get(obligation.subject_id) if report else None,
        left,
        event.mfa_request_ref if report and event else "",
    )


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


def report_deadline(store: Store, event_id: uuid.UUID, today: dt.date | None = None) -> ObligationView | None:
    """The p.46 report obligation of one event (for the top of the report editor), without computing the rest."""
    today = today or clock.today()
    settings = load_settings(store)
    facts, labels = _event_facts(store, event_id)
    if not facts:
        return None
    marks, reports = _done_marks_for(store, event_id)
    calendar = working_calendar(store)
    for obligation in obligations_for_events(facts, body_facts(settings), marks, calendar, today,
                                             settings.due_soon_working_days):
        if obligation.kind is ObligationKind.POST_EVENT_REPORT:
            return _view(obligation, calendar, today, labels, reports, current_language())
    return None
