"""What is due and by when, for the whole store: events, reports and marks in, plain obligation views out."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import delete, select

from db.models import Event, ObligationMark, Report
from db.store import Store
from desktop import clock
from desktop.i18n import N_, _, current_language
from desktop.i18n import render as render_message
from desktop.rules.calendar import WorkingCalendar
from desktop.rules.facts import BodyFacts, EventFacts
from desktop.rules.obligations import (
    DoneMark,
    Message,
    Obligation,
    ObligationKind,
    ObligationState,
    obligations_for_events,
    yearly_obligations,
)
from desktop.services.calendar import working_calendar
from desktop.services.errors import ServiceError
from desktop.services.events import display_title
from desktop.services.settings import load_settings

STATE_LABELS: dict[ObligationState, str] = {
    ObligationState.UPCOMING: N_("Upcoming"),
    ObligationState.DUE_SOON: N_("Due soon"),
    ObligationState.DUE_TODAY: N_("Due today"),
    ObligationState.OVERDUE: N_("Overdue"),
    ObligationState.DONE: N_("Done"),
    ObligationState.NOT_APPLICABLE: N_("Not applicable"),
}
# The report's own status says when p.46's report went to the MFA; no separate mark is kept for it.
REPORT_SENT_STATUSES = ("sent", "acknowledged")


@dataclass(frozen=True)
class ObligationView:
    obligation: Obligation
    event_id: uuid.UUID | None
    event_title: str
    report_id: uuid.UUID | None
    working_days_left: int | None

    @property
    def state(self) -> ObligationState:
        return self.obligation.state

    def title(self) -> str:
        return render(self.obligation.title)

    def explanation(self) -> str:
        parts = [render(self.obligation.explanation)]
        note = self.obligation.planning_note
        if note is not None:
            parts.append(render(note))
        if self.obligation.not_applicable_reason is not None:
            parts.append(render(self.obligation.not_applicable_reason))
        return " ".join(parts)

    def state_label(self) -> str:
        return _(STATE_LABELS[self.state])

    def item_label(self) -> str:
        """The decree item as the UI language writes it ("46-т.", "п. 46"); `obligation.item` stays "p.46"."""
        return _("p.{number}").format(number=self.obligation.item.removeprefix("p."))


def render(message: Message) -> str:
    """A rules Message in the UI language (dates through Babel)."""
    return render_message(message.msgid, message.params)


class _EventLabel(NamedTuple):
    """What an obligation's view shows of its event; the id is kept to spare parsing it again per obligation."""

    id: uuid.UUID
    title_kk: str
    title_ru: str


def _event_facts(store: Store) -> tuple[list[EventFacts], dict[str, _EventLabel]]:
    columns = (Event.id, Event.starts_at, Event.ends_at, Event.country, Event.held_by_body, Event.mfa_participated,
               Event.exemption_area, Event.series_id, Event.departs_on, Event.title_kk, Event.title_ru)
    facts, titles = [], {}
    with store.session() as session:
        for row in session.execute(select(*columns).where(Event.deleted_at.is_(None))):
            event_id = str(row.id)
            facts.append(EventFacts(event_id, row.starts_at, row.ends_at, row.country, row.held_by_body,
                                    row.mfa_participated, row.exemption_area,
                                    str(row.series_id) if row.series_id else None, row.departs_on))
            titles[event_id] = _EventLabel(row.id, row.title_kk, row.title_ru)
    return facts, titles


def _done_marks(store: Store) -> tuple[list[DoneMark], dict[str, uuid.UUID]]:
    return _done_marks_for(store, None)


def _done_marks_for(store: Store, event_id: uuid.UUID | None) -> tuple[list[DoneMark], dict[str, uuid.UUID]]:
    """Marks the officer set, plus p.46 reports recorded as sent; limited to one event when `event_id` is given."""
    marks, reports = [], {}
    # Columns, not ORM objects: a store has a mark for most past obligations, 100,000s of them.
    mark_query = select(ObligationMark.kind, ObligationMark.subject_id, ObligationMark.done_on)
    report_query = select(Report.id, Report.event_id, Report.status, Report.sent_on, Report.updated_at)
    if event_id is not None:
        mark_query = mark_query.where(ObligationMark.subject_id == str(event_id))
        report_query = report_query.where(Report.event_id == event_id)
    with store.session() as session:
        for kind, subject_id, done_on in session.execute(mark_query):
            marks.append(DoneMark(ObligationKind(kind), subject_id, done_on))
        for report_id, event_id, status, sent_on, updated_at in session.execute(report_query):
            reports[str(event_id)] = report_id
            if status in REPORT_SENT_STATUSES:
                marks.append(DoneMark(ObligationKind.POST_EVENT_REPORT, str(event_id), sent_on or updated_at.date()))
    return marks, reports


# Most urgent first: how the Events page ranks an event by its obligations, and sorts them.
STATES_BY_URGENCY = (ObligationState.OVERDUE, ObligationState.DUE_TODAY, ObligationState.DUE_SOON,
                     ObligationState.UPCOMING, ObligationState.DONE, ObligationState.NOT_APPLICABLE)
_URGENCY = {state: rank for rank, state in enumerate(STATES_BY_URGENCY)}


class _StoreObligations(NamedTuple):
    obligations: list[Obligation]
    calendar: WorkingCalendar
    events: dict[str, _EventLabel]
    reports: dict[str, uuid.UUID]


def _store_obligations(store: Store, today: dt.date, years: tuple[int, ...]) -> _StoreObligations:
    settings = load_settings(store)
    body = BodyFacts(settings.special_state_body, settings.outside_chapter)
    calendar = working_calendar(store)
    facts, events = _event_facts(store)
    marks, reports = _done_marks(store)
    due_soon = settings.due_soon_working_days
    obligations = obligations_for_events(facts, body, marks, calendar, today, due_soon)
    for year in years:
        obligations.extend(yearly_obligations(year, body, marks, calendar, today, due_soon))
    return _StoreObligations(obligations, calendar, events, reports)


def compute_obligations(store: Store, today: dt.date | None = None, years: tuple[int, ...] | None = None) -> list[ObligationView]:
    """Every obligation of every event in the store plus the yearly ones, exempted ones included."""
    today = today or clock.today()
    computed = _store_obligations(store, today, years or (today.year, today.year + 1))
    language = current_language()
    return [_view(obligation, computed.calendar, today, computed.events, computed.reports, language)
            for obligation in computed.obligations]


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


def _view(obligation: Obligation, calendar, today: dt.date, titles: dict[str, _EventLabel],
          reports: dict[str, uuid.UUID], language: str) -> ObligationView:
    event = titles.get(obligation.subject_id)
    left = (calendar.working_days_until(today, obligation.planned_due)
            if obligation.state not in (ObligationState.DONE, ObligationState.NOT_APPLICABLE) else None)
    return ObligationView(
        obligation,
        event.id if event else None,
        display_title(event.title_kk, event.title_ru, language) if event else "",
        reports.get(obligation.subject_id) if obligation.kind is ObligationKind.POST_EVENT_REPORT else None,
        left,
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
    with store.session() as session:
        event = session.get(Event, event_id)
        if event is None:
            return None
        facts = EventFacts(str(event.id), event.starts_at, event.ends_at, event.country, event.held_by_body,
                           event.mfa_participated, event.exemption_area,
                           str(event.series_id) if event.series_id else None, event.departs_on)
        label = _EventLabel(event.id, event.title_kk, event.title_ru)
    marks, reports = _done_marks_for(store, event_id)
    calendar = working_calendar(store)
    body = BodyFacts(settings.special_state_body, settings.outside_chapter)
    for obligation in obligations_for_events([facts], body, marks, calendar, today, settings.due_soon_working_days):
        if obligation.kind is ObligationKind.POST_EVENT_REPORT:
            return _view(obligation, calendar, today, {str(event_id): label}, reports, current_language())
    return None
