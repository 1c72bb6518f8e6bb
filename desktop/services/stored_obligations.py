"""Obligations kept in the store (issue 18.3): computed when what they depend on changes, in the same
transaction, and read with an index (hattama.services.obligations).

- What changed is queued by triggers in `obligation_dirty` (hattama.db.obligation_triggers): every write path is
  seen, the importer's executemany and the sqlite3 shell included. `refresh_obligations(session)` computes the
  queued subjects again and empties the queue; a Session `before_commit` listener
  (hattama.services.obligation_listener, installed with this module) calls it for every session that wrote, so the obligations change in the transaction that changed their
  facts and a rollback leaves both as they were. A bulk path writing on a raw connection calls it itself.
- The stamp (`obligation_stamp`) names the rules' version, the holidays data, the body's facts (p.50 settings,
  p.46/p.49 unit choices) and the calendar overrides in force that computed the rows, and the years whose yearly
  obligations (p.2, p.45, p.46 plan) are stored. Another stamp — new rules, a changed setting or override, an
  upgraded store whose table is still empty — computes every obligation again; readers check it first.
- Rows are computed as of no particular day: an open obligation is stored "upcoming" and the reader dates it
  (`hattama.rules.obligations.Dating`), so nothing is recomputed when the day changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from importlib import metadata
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from hattama import clock
from hattama.db.models import (
    CalendarOverride,
    Event,
    ImageProject,
    Letter,
    LetterLink,
    ObligationDirty,
    ObligationMark,
    ObligationStamp,
    Report,
    StoredObligation,
    UnitSettings,
)
from hattama.db.models.obligations import SUBJECT_EVENT, SUBJECT_IMAGE_PROJECT, SUBJECT_LETTER, SUBJECT_YEAR
from hattama.rules.calendar import Override, WorkingCalendar
from hattama.rules.facts import BodyFacts, EventFacts, ImageProjectFacts, LetterFacts
from hattama.rules.letters import CHANNEL_DIRECT_URGENT, PURPOSE_CLOSES
from hattama.rules.obligations import (
    RULES_VERSION,
    BriefingForm,
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
from hattama.rules.plans import ImageProjectData
from hattama.services import obligation_listener  # noqa: F401 (installs the listener)

# The report's own status says when p.46's report went to the MFA; no separate mark is kept for it.
REPORT_SENT_STATUSES = ("sent", "acknowledged")
# More queued subjects than this: computing everything again is quicker than one subject at a time.
WHOLE_STORE_FROM = 2_000
_CHUNK = 500  # ids per IN (...) (SQLite allows 32,766 parameters; small chunks keep statements cached)
_TABLE = StoredObligation.__table__


# ------------------------------------------------------------------------------------------------ the stamp

@dataclasses.dataclass(frozen=True)
class _Basis:
    """What every stored obligation was computed from, besides its own records."""

    body: BodyFacts
    calendar: WorkingCalendar
    version: str
    tracking_since: dt.date


@functools.cache
def _holidays_version() -> str:
    try:
        return metadata.version("holidays")
    except metadata.PackageNotFoundError:  # pragma: no cover - installed with Hattama
        return ""


@functools.lru_cache(maxsize=4)
def _calendar(overrides: tuple[Override, ...]) -> WorkingCalendar:
    """One calendar per set of overrides in force: its year tables are built once, not at every save."""
    return WorkingCalendar(overrides)


def _settings_row(session: Session) -> UnitSettings | None:
    return session.scalars(select(UnitSettings).limit(1)).first()


def body_facts_of(row: UnitSettings | None) -> BodyFacts:
    if row is None:
        return BodyFacts()
    return BodyFacts(row.special_state_body, row.presidential_administration, row.prime_ministers_office,
                     row.mfa_requests_all_reports, row.p49_notice_every_meeting)


def tracking_since_of(row: UnitSettings | None, today: dt.date) -> dt.date:
    """The unit's `tracking_since`; a store whose settings do not say has tracked since its settings row was made
    (a UTC stamp from the system clock: never later than the officer's `today`)."""
    if row is None:
        return today
    if row.tracking_since is not None:
        return row.tracking_since
    return min(row.created_at.date(), today) if row.created_at is not None else today


def basis(session: Session) -> _Basis:
    settings = _settings_row(session)
    body = body_facts_of(settings)
    overrides = tuple(
        Override(row.day, row.working, row.reason, row.act, row.entered_by, row.created_at)
        for row in session.scalars(select(CalendarOverride).where(CalendarOverride.removed_at.is_(None))
                                   .order_by(CalendarOverride.day, CalendarOverride.created_at)))
    fingerprint = "|".join((RULES_VERSION, _holidays_version(), repr(dataclasses.astuple(body)),
                            repr([(o.day.isoformat(), o.working) for o in overrides])))
    version = hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()[:40]
    return _Basis(body, _calendar(overrides), version, tracking_since_of(settings, clock.today()))


def years_needed(tracking_since: dt.date, today: dt.date) -> tuple[int, int]:
    """The years whose yearly obligations are shown on `today`: the past ones (while open) from the year the
    unit began tracking, and at least last year; this year's and next year's."""
    return min(tracking_since.year, today.year - 1), today.year + 1


# ------------------------------------------------------------------------------------------- messages in JSON

def _tagged(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _untagged(value: Any) -> Any:
    if isinstance(value, dict):
        if "datetime" in value:
            return dt.datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
    return value


def encode_message(message: Message | None) -> str | None:
    if message is None:
        return None
    return json.dumps({"msgid": message.msgid, "params": {name: _tagged(value) for name, value in message.params.items()}},
                      ensure_ascii=False)


def decode_message(text: str | None) -> Message | None:
    if text is None:
        return None
    data = json.loads(text)
    return Message(data["msgid"], {name: _untagged(value) for name, value in data["params"].items()})


def _row(obligation: Obligation, subject_kind: str, record_id: uuid.UUID | None, year: int | None) -> dict[str, Any]:
    return {
        "subject_kind": subject_kind, "record_id": record_id, "year": year, "kind": obligation.kind.value,
        "item": obligation.item, "subject_id": obligation.subject_id, "nominal_due": obligation.nominal_due,
        "planned_due": obligation.planned_due, "state": obligation.state.value, "trigger_on": obligation.trigger_on,
        "done_on": obligation.done_on, "late": obligation.late,
        "form": obligation.form.value if obligation.form else None, "due_before": obligation.due_before,
        "variant": obligation.variant, "requested_on": obligation.requested_on, "logged_on": obligation.logged_on,
        "not_applicable_reason": encode_message(obligation.not_applicable_reason),
        "state_reason": encode_message(obligation.state_reason),
    }


def stored_obligation(row: Any, state: ObligationState | None = None, state_reason: Message | None = None) -> Obligation:
    """The Obligation a stored row holds; `state` (and its reason) when the reader dated it."""
    return Obligation(
        ObligationKind(row.kind), row.item, row.subject_id, row.nominal_due, row.planned_due,
        state or ObligationState(row.state), row.trigger_on, row.done_on, decode_message(row.not_applicable_reason),
        BriefingForm(row.form) if row.form else None, row.due_before, bool(row.late), row.variant,
        state_reason if state_reason is not None else decode_message(row.state_reason), row.requested_on,
        row.logged_on)


# ---------------------------------------------------------------------------------------- reading the facts

def _chunks(ids: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _logged_on(created_at: dt.datetime | None) -> dt.date | None:
    """The officer's day a record was first stored (stamps are UTC)."""
    return None if created_at is None else created_at.astimezone().date()


_FACT_COLUMNS = (Event.id, Event.starts_at, Event.ends_at, Event.country, Event.held_by_body, Event.mfa_participated,
                 Event.exemption_area, Event.series_id, Event.departs_on, Event.attendance, Event.kind,
                 Report.mfa_request_date, Report.not_requested_on, Report.not_requested_reason,
                 Event.diplomatic_service_participated, Event.commission_party, Event.status, Event.created_at)


def _event_facts(session: Session, event_ids: list[uuid.UUID] | None) -> list[EventFacts]:
    """The events not in the bin (all, or those of `event_ids`) with what their report says of the MFA's
    request (p.46)."""
    base = select(*_FACT_COLUMNS).outerjoin(Report, Report.event_id == Event.id).where(Event.deleted_at.is_(None))
    queries = [base] if event_ids is None else [base.where(Event.id.in_(chunk)) for chunk in _chunks(event_ids)]
    facts = []
    for query in queries:
        for row in session.execute(query):
            not_requested = row.not_requested_reason if row.not_requested_on is not None else None
            facts.append(EventFacts(str(row.id), row.starts_at, row.ends_at, row.country, row.held_by_body,
                                    row.mfa_participated, row.exemption_area,
                                    str(row.series_id) if row.series_id else None, row.departs_on, True,
                                    row.attendance, row.kind, row.mfa_request_date, not_requested,
                                    row.diplomatic_service_participated, row.commission_party, row.status,
                                    _logged_on(row.created_at)))
    return facts


def _event_marks(session: Session, event_ids: list[uuid.UUID] | None) -> list[DoneMark]:
    """Marks the officer set on the events, p.46 reports recorded as sent, p.48 consultations and p.46
    participation agreements recorded on the event, p.48/p.49 drafted documents logged as sent."""
    mark_query = select(ObligationMark.kind, ObligationMark.subject_id, ObligationMark.done_on)
    report_query = select(Report.event_id, Report.status, Report.sent_on, Report.updated_at).where(
        Report.status.in_(REPORT_SENT_STATUSES))
    recorded_query = select(Event.id, Event.consultation_on, Event.diplomatic_agreement_on).where(
        (Event.consultation_on.is_not(None)) | (Event.diplomatic_agreement_on.is_not(None)))
    purpose_query = (select(Letter.purpose, LetterLink.subject_id, Letter.dated_on)
                     .join(LetterLink, LetterLink.letter_id == Letter.id)
                     .where(Letter.direction == "outgoing", Letter.purpose.in_(PURPOSE_CLOSES),
                            LetterLink.subject_kind == "event"))
    if event_ids is None:
        batches = [(mark_query, report_query, recorded_query, purpose_query)]
    else:
        batches = [(mark_query.where(ObligationMark.subject_id.in_([str(i) for i in chunk])),
                    report_query.where(Report.event_id.in_(chunk)), recorded_query.where(Event.id.in_(chunk)),
                    purpose_query.where(LetterLink.subject_id.in_(chunk)))
                   for chunk in _chunks(event_ids)]
    marks = []
    for marked, reported, recorded, purposes in batches:
        marks.extend(DoneMark(ObligationKind(kind), subject_id, done_on)
                     for kind, subject_id, done_on in session.execute(marked))
        for event_id, consulted_on, agreed_on in session.execute(recorded):
            if consulted_on is not None:
                marks.append(DoneMark(ObligationKind.PRE_DEPARTURE_CONSULTATION, str(event_id), consulted_on))
            if agreed_on is not None:  # p.46: the diplomatic service's participation agreed with the MFA
                marks.append(DoneMark(ObligationKind.DIPLOMATIC_SERVICE_PARTICIPATION, str(event_id), agreed_on))
        marks.extend(DoneMark(ObligationKind.POST_EVENT_REPORT, str(event_id), sent_on or updated_at.date())
                     for event_id, _status, sent_on, updated_at in session.execute(reported))
        marks.extend(DoneMark(PURPOSE_CLOSES[purpose], str(subject_id), on)
                     for purpose, subject_id, on in session.execute(purposes))
    return marks


def _letters(session: Session, letter_ids: list[uuid.UUID] | None) -> tuple[list[LetterFacts], list[DoneMark]]:
    """p.44: the letters sent directly to the foreign side as urgent, and the notices (logged letters, marks)
    that close their notice to the MFA."""
    facts_query = select(Letter.id, Letter.dated_on, Letter.created_at).where(Letter.channel == CHANNEL_DIRECT_URGENT)
    notice_query = select(Letter.notice_for_id, Letter.dated_on).where(Letter.notice_for_id.is_not(None))
    mark_query = select(ObligationMark.kind, ObligationMark.subject_id, ObligationMark.done_on).where(
        ObligationMark.kind == ObligationKind.DIRECT_LETTER_NOTICE.value)
    if letter_ids is None:
        batches = [(facts_query, notice_query, mark_query)]
    else:
        batches = [(facts_query.where(Letter.id.in_(chunk)), notice_query.where(Letter.notice_for_id.in_(chunk)),
                    mark_query.where(ObligationMark.subject_id.in_([str(i) for i in chunk])))
                   for chunk in _chunks(letter_ids)]
    facts, marks = [], []
    for letters, notices, marked in batches:
        facts.extend(LetterFacts(str(letter_id), dated_on, True, _logged_on(created_at))
                     for letter_id, dated_on, created_at in session.execute(letters))
        marks.extend(DoneMark(ObligationKind.DIRECT_LETTER_NOTICE, str(letter_id), on)
                     for letter_id, on in session.execute(notices))
        marks.extend(DoneMark(ObligationKind(kind), subject_id, on) for kind, subject_id, on in session.execute(marked))
    return facts, marks


_PROJECT_FIELDS = tuple(field.name for field in dataclasses.fields(ImageProjectData))


def _projects(session: Session, project_ids: list[uuid.UUID] | None) -> tuple[list[ImageProjectFacts], list[DoneMark]]:
    """p.46: the image projects needing the MFA's agreement, and the agreements recorded or marked."""
    query = select(ImageProject)
    mark_query = select(ObligationMark.kind, ObligationMark.subject_id, ObligationMark.done_on).where(
        ObligationMark.kind == ObligationKind.IMAGE_PROJECT_AGREEMENT.value)
    if project_ids is not None:
        query = query.where(ImageProject.id.in_(project_ids))
        mark_query = mark_query.where(ObligationMark.subject_id.in_([str(i) for i in project_ids]))
    facts, marks = [], []
    for row in session.scalars(query):
        data = ImageProjectData(**{name: getattr(row, name) for name in _PROJECT_FIELDS})
        if not data.needs_agreement:
            continue
        facts.append(ImageProjectFacts(str(row.id), data.starts_on, _logged_on(row.created_at)))
        if data.agreed and data.mfa_agreement_on is not None:
            marks.append(DoneMark(ObligationKind.IMAGE_PROJECT_AGREEMENT, str(row.id), data.mfa_agreement_on))
    marks.extend(DoneMark(ObligationKind(kind), subject_id, on) for kind, subject_id, on in session.execute(mark_query))
    return facts, marks


def _year_marks(session: Session, years: Iterable[int]) -> list[DoneMark]:
    """Marks on the yearly obligations (forms sent, plan sent, a position received) and p.45 position letters."""
    keys = [key for year in years for key in (f"{year}", f"{year}-1", f"{year}-2", f"{year}-H1", f"{year}-H2")]
    marks: list[DoneMark] = []
    for chunk in _chunks(keys):
        marks.extend(DoneMark(ObligationKind(kind), subject_id, on) for kind, subject_id, on in session.execute(
            select(ObligationMark.kind, ObligationMark.subject_id, ObligationMark.done_on).where(
                ObligationMark.subject_id.in_(chunk))))
        marks.extend(DoneMark(ObligationKind.MFA_POSITION_LETTER, half, on) for half, on in session.execute(
            select(Letter.position_half, Letter.dated_on).where(Letter.position_half.in_(chunk))))
    return marks


# ------------------------------------------------------------------------------------------------ computing

def _insert(session: Session, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5_000):
        session.execute(insert(_TABLE), rows[start:start + 5_000])


def _compute_events(session: Session, basis: _Basis, event_ids: list[uuid.UUID] | None) -> None:
    facts = _event_facts(session, event_ids)
    marks = _event_marks(session, event_ids)
    rows = [_row(obligation, SUBJECT_EVENT, uuid.UUID(obligation.subject_id), None)
            for obligation in obligations_for_events(facts, basis.body, marks, basis.calendar, None)]
    _insert(session, rows)


def _compute_letters(session: Session, basis: _Basis, letter_ids: list[uuid.UUID] | None) -> None:
    facts, marks = _letters(session, letter_ids)
    _insert(session, [_row(obligation, SUBJECT_LETTER, uuid.UUID(obligation.subject_id), None)
                      for obligation in obligations_for_letters(facts, basis.body, marks, basis.calendar, None)])


def _compute_projects(session: Session, basis: _Basis, project_ids: list[uuid.UUID] | None) -> None:
    facts, marks = _projects(session, project_ids)
    _insert(session, [_row(obligation, SUBJECT_IMAGE_PROJECT, uuid.UUID(obligation.subject_id), None)
                      for obligation in obligations_for_image_projects(facts, basis.body, marks, basis.calendar,
                                                                       None)])


def _compute_years(session: Session, basis: _Basis, years: Iterable[int]) -> None:
    years = list(years)
    marks = _year_marks(session, years)
    _insert(session, [_row(obligation, SUBJECT_YEAR, None, year) for year in years
                      for obligation in yearly_obligations(year, basis.body, marks, basis.calendar, None)])


def _delete_records(session: Session, subject_kind: str, ids: list[uuid.UUID]) -> None:
    for chunk in _chunks(ids):
        session.execute(delete(StoredObligation).where(StoredObligation.record_id.in_(chunk),
                                                       StoredObligation.subject_kind == subject_kind))


def _delete_years(session: Session, years: Iterable[int]) -> None:
    session.execute(delete(StoredObligation).where(StoredObligation.subject_kind == SUBJECT_YEAR,
                                                   StoredObligation.year.in_(list(years))))


def _recompute_all(session: Session, basis: _Basis, years: tuple[int, int]) -> None:
    session.execute(delete(StoredObligation))
    _compute_events(session, basis, None)
    _compute_projects(session, basis, None)
    _compute_letters(session, basis, None)
    _compute_years(session, basis, range(years[0], years[1] + 1))
    session.execute(delete(ObligationStamp))
    session.add(ObligationStamp(version=basis.version, first_year=years[0], last_year=years[1]))
    session.flush()


def _as_uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


_YEAR_KEY_LENGTH = 4


def _series_events(session: Session, series: set[uuid.UUID]) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for chunk in _chunks(list(series)):
        found.update(session.scalars(select(Event.id).where(Event.series_id.in_(chunk))))
    return found


def _drain(session: Session, queued: list[tuple[str, str]], basis: _Basis, extra_events: Iterable[uuid.UUID]) -> int:
    """Computes again the obligations of the subjects queued (and `extra_events`); returns how many."""
    events: set[uuid.UUID] = set(extra_events)
    series: set[uuid.UUID] = set()
    letters: set[uuid.UUID] = set()
    projects: set[uuid.UUID] = set()
    years: set[int] = set()
    for kind, key in queued:
        record = _as_uuid(key)
        if kind == "event" and record is not None:
            events.add(record)
        elif kind == "series" and record is not None:
            series.add(record)
        elif kind == "letter" and record is not None:
            letters.add(record)
        elif kind == "project" and record is not None:
            projects.add(record)
        elif kind == "subject":  # a done mark: an event's, a letter's, a project's (one id) or a year's
            if record is not None:
                events.add(record)
                letters.add(record)
                projects.add(record)
            elif key[:_YEAR_KEY_LENGTH].isdigit():
                years.add(int(key[:_YEAR_KEY_LENGTH]))
    # A meeting's p.49 briefing depends on the next meeting of its series: the whole series is computed.
    for chunk in _chunks(list(events)):
        series.update(s for s in session.scalars(select(Event.series_id).where(Event.id.in_(chunk),
                                                                                Event.series_id.is_not(None))))
    events |= _series_events(session, series)
    event_ids = sorted(events)
    _delete_records(session, SUBJECT_EVENT, event_ids)
    _compute_events(session, basis, event_ids)
    if letters:
        letter_ids = sorted(letters)
        _delete_records(session, SUBJECT_LETTER, letter_ids)
        _compute_letters(session, basis, letter_ids)
    if projects:
        project_ids = sorted(projects)
        _delete_records(session, SUBJECT_IMAGE_PROJECT, project_ids)
        _compute_projects(session, basis, project_ids)
    stamp = session.get(ObligationStamp, basis.version)
    if years and stamp is not None:
        stored = [year for year in sorted(years) if stamp.first_year <= year <= stamp.last_year]
        _delete_years(session, stored)
        _compute_years(session, basis, stored)
    return len(events) + len(letters) + len(projects) + len(years)


def refresh_obligations(session: Session, event_ids: Iterable[uuid.UUID] = (), *, today: dt.date | None = None,
                        years: tuple[int, int] | None = None) -> int:
    """Computes again, inside the session's transaction, the stored obligations of everything queued since (and of
    `event_ids`), and empties the queue; every obligation when the stamp differs (rules, holidays data, body
    facts, calendar overrides), and the yearly ones of `years` (first, last) if they are not stored yet (default:
    the years `today` shows). Returns the number of subjects computed (all of them: -1)."""
    session.flush()
    computed_from = basis(session)
    needed = years or years_needed(computed_from.tracking_since, today or clock.today())
    stamp = session.scalars(select(ObligationStamp).limit(1)).first()
    queued = [(row.kind, row.key) for row in session.execute(select(ObligationDirty.kind, ObligationDirty.key))]
    if (stamp is None or stamp.version != computed_from.version or ("all", "") in queued
            or len(queued) > WHOLE_STORE_FROM):
        covered = needed if stamp is None else (min(needed[0], stamp.first_year), max(needed[1], stamp.last_year))
        _recompute_all(session, computed_from, covered)
        session.execute(delete(ObligationDirty))
        return -1
    count = _drain(session, queued, computed_from, event_ids) if queued or event_ids else 0
    if queued:
        session.execute(delete(ObligationDirty))
    if needed[0] < stamp.first_year or needed[1] > stamp.last_year:
        missing = [year for year in range(needed[0], needed[1] + 1)
                   if not stamp.first_year <= year <= stamp.last_year]
        _compute_years(session, computed_from, missing)
        stamp.first_year, stamp.last_year = min(needed[0], stamp.first_year), max(needed[1], stamp.last_year)
        count += len(missing)
    session.flush()
    return count


def is_current(session: Session, today: dt.date, years: tuple[int, int] | None = None) -> bool:
    """Whether the stored obligations can be read as they are on `today`: nothing queued, the stamp current,
    the years shown stored."""
    stamp = session.scalars(select(ObligationStamp).limit(1)).first()
    if stamp is None or session.scalars(select(ObligationDirty.kind).limit(1)).first() is not None:
        return False
    computed_from = basis(session)
    needed = years or years_needed(computed_from.tracking_since, today)
    return stamp.version == computed_from.version and stamp.first_year <= needed[0] and needed[1] <= stamp.last_year
