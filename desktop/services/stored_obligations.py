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
- Each event's rows are summed up in `event_obligation_summary` (hattama.services.event_obligation_summary) as
  they are computed, for the tracking day the stamp names (`summary_since`; another day makes it again).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hattama import clock
from hattama.db.models import (
    CalendarOverride,
    Event,
    ImageProject,
    Letter,
    ObligationDirty,
    ObligationMark,
    ObligationStamp,
    StoredObligation,
    UnitSettings,
)
from hattama.db.models.obligations import SUBJECT_EVENT, SUBJECT_IMAGE_PROJECT, SUBJECT_LETTER, SUBJECT_YEAR
from hattama.db.models.settings import tracking_since_of
from hattama.rules.calendar import BASE_DATA_VERSION, Override, WorkingCalendar
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
from hattama.services.event_obligation_summary import summarize_events

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


def _holidays_version() -> str:
    """The `holidays` version the calendar's base data was generated from: the installed package's when the
    table is current (tests/rules/test_rules_calendar_table.py), read without importing the package."""
    return BASE_DATA_VERSION


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


def basis(session: Session, today: dt.date | None = None) -> _Basis:
    """What the stored obligations are computed from; the tracking day as read on `today` (the officer's day)."""
    settings = _settings_row(session)
    body = body_facts_of(settings)
    overrides = tuple(
        Override(row.day, row.working, row.reason, row.act, row.entered_by, row.created_at)
        for row in session.scalars(select(CalendarOverride).where(CalendarOverride.removed_at.is_(None))
                                   .order_by(CalendarOverride.day, CalendarOverride.created_at)))
    fingerprint = "|".join((RULES_VERSION, _holidays_version(), repr(dataclasses.astuple(body)),
                            repr([(o.day.isoformat(), o.working) for o in overrides])))
    version = hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()[:40]
    return _Basis(body, _calendar(overrides), version, tracking_since_of(settings, today or clock.today()))


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


_COLUMNS = ("subject_kind", "record_id", "year", "kind", "item", "subject_id", "nominal_due", "planned_due", "state",
            "trigger_on", "done_on", "late", "form", "due_before", "variant", "requested_on", "logged_on",
            "not_applicable_reason", "state_reason")
_INSERT_SQL = f"INSERT INTO obligation ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _row(obligation: Obligation, subject_kind: str, year: int | None) -> tuple[Any, ...]:
    """A stored row's values as SQLite keeps them (what SQLAlchemy's types would write)."""
    record_id = None if subject_kind == SUBJECT_YEAR else obligation.subject_id.replace("-", "")
    due_before = obligation.due_before
    return (subject_kind, record_id, year, obligation.kind.value, obligation.item, obligation.subject_id,
            obligation.nominal_due.isoformat(), obligation.planned_due.isoformat(), obligation.state.value,
            _iso(obligation.trigger_on), _iso(obligation.done_on), int(obligation.late),
            obligation.form.value if obligation.form else None,
            None if due_before is None else due_before.strftime("%Y-%m-%d %H:%M:%S.%f"), obligation.variant,
            _iso(obligation.requested_on), _iso(obligation.logged_on),
            encode_message(obligation.not_applicable_reason), encode_message(obligation.state_reason))


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


def _driver(session: Session) -> sqlite3.Connection:
    """The session's own SQLite connection (same transaction): the bulk reads and writes skip SQLAlchemy's
    per-value conversions, 100,000s of rows at a time."""
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


def _dashed(hex_id: str) -> str:
    """A UUID as the store keeps it (32 hex digits) written as str(uuid.UUID) does."""
    return f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-{hex_id[16:20]}-{hex_id[20:]}"


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


@functools.lru_cache(maxsize=4_096)  # records imported or filled together share their stamp
def _logged_on_text(created_at: str | None) -> dt.date | None:
    """The officer's day a record was first stored, from its UTC stamp as SQLite keeps it."""
    if created_at is None:
        return None
    return dt.datetime.fromisoformat(created_at).replace(tzinfo=dt.UTC).astimezone().date()


def _in(ids: list[str]) -> str:
    return f"({', '.join('?' * len(ids))})"


# The facts the rules read (hattama.db.obligation_triggers.EVENT_COLUMNS queue a change to any of them).
_EVENT_FACTS_SQL = (
    "SELECT e.id, e.starts_at, e.ends_at, e.country, e.held_by_body, e.mfa_participated, e.exemption_area, "
    "e.series_id, e.departs_on, e.attendance, e.kind, r.mfa_request_date, r.not_requested_on, "
    "r.not_requested_reason, e.diplomatic_service_participated, e.commission_party, e.status, e.created_at "
    "FROM event e LEFT JOIN report r ON r.event_id = e.id WHERE e.deleted_at IS NULL")


def _event_facts(session: Session, event_ids: list[str] | None) -> list[EventFacts]:
    """The events not in the bin (all, or those of `event_ids`, hex) with what their report says of the MFA's
    request (p.46)."""
    driver = _driver(session)
    if event_ids is None:
        batches = [driver.execute(_EVENT_FACTS_SQL)]
    else:
        batches = [driver.execute(f"{_EVENT_FACTS_SQL} AND e.id IN {_in(chunk)}", chunk)
                   for chunk in _chunks(event_ids)]
    parse = dt.datetime.fromisoformat
    facts = []
    for rows in batches:
        for (event_id, starts_at, ends_at, country, held, mfa, area, series, departs, attendance, kind, requested,
             not_requested_on, not_requested_reason, diplomatic, commission, status, created_at) in rows:
            facts.append(EventFacts(_dashed(event_id), parse(starts_at), parse(ends_at), country, bool(held),
                                    bool(mfa), area, _dashed(series) if series else None, _date(departs), True,
                                    attendance, kind, _date(requested),
                                    not_requested_reason if not_requested_on is not None else None,
                                    bool(diplomatic), bool(commission), status, _logged_on_text(created_at)))
    return facts


def _event_marks(session: Session, event_ids: list[str] | None) -> list[DoneMark]:
    """Marks the officer set on the events, p.46 reports recorded as sent, p.48 consultations and p.46
    participation agreements recorded on the event, p.48/p.49 drafted documents logged as sent."""
    driver = _driver(session)
    sent = ", ".join(f"'{status}'" for status in REPORT_SENT_STATUSES)
    purposes = ", ".join(f"'{purpose}'" for purpose in PURPOSE_CLOSES)
    mark_sql = "SELECT kind, subject_id, done_on FROM obligation_mark"
    report_sql = f"SELECT event_id, sent_on, updated_at FROM report WHERE status IN ({sent})"
    recorded_sql = ("SELECT id, consultation_on, diplomatic_agreement_on FROM event "
                    "WHERE (consultation_on IS NOT NULL OR diplomatic_agreement_on IS NOT NULL)")
    purpose_sql = ("SELECT l.purpose, k.subject_id, l.dated_on FROM letter l JOIN letter_link k ON k.letter_id = l.id "
                   f"WHERE l.direction = 'outgoing' AND l.purpose IN ({purposes}) AND k.subject_kind = 'event'")
    if event_ids is None:
        batches = [(driver.execute(mark_sql), driver.execute(report_sql), driver.execute(recorded_sql),
                    driver.execute(purpose_sql))]
    else:
        batches = []
        for chunk in _chunks(event_ids):
            dashed = [_dashed(event_id) for event_id in chunk]
            batches.append((driver.execute(f"{mark_sql} WHERE subject_id IN {_in(dashed)}", dashed),
                            driver.execute(f"{report_sql} AND event_id IN {_in(chunk)}", chunk),
                            driver.execute(f"{recorded_sql} AND id IN {_in(chunk)}", chunk),
                            driver.execute(f"{purpose_sql} AND k.subject_id IN {_in(chunk)}", chunk)))
    kinds = {kind.value: kind for kind in ObligationKind}
    marks: list[DoneMark] = []
    for marked, reported, recorded, logged in batches:
        marks.extend(DoneMark(kinds[kind], subject_id, dt.date.fromisoformat(done_on))
                     for kind, subject_id, done_on in marked if kind in kinds)
        for event_id, consulted_on, agreed_on in recorded.fetchall():
            if consulted_on is not None:
                marks.append(DoneMark(ObligationKind.PRE_DEPARTURE_CONSULTATION, _dashed(event_id),
                                      dt.date.fromisoformat(consulted_on)))
            if agreed_on is not None:  # p.46: the diplomatic service's participation agreed with the MFA
                marks.append(DoneMark(ObligationKind.DIPLOMATIC_SERVICE_PARTICIPATION, _dashed(event_id),
                                      dt.date.fromisoformat(agreed_on)))
        marks.extend(DoneMark(ObligationKind.POST_EVENT_REPORT, _dashed(event_id),
                              dt.date.fromisoformat(sent_on) if sent_on else dt.datetime.fromisoformat(updated_at).date())
                     for event_id, sent_on, updated_at in reported)
        marks.extend(DoneMark(PURPOSE_CLOSES[purpose], _dashed(subject_id), dt.date.fromisoformat(on))
                     for purpose, subject_id, on in logged)
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
    facts: list[LetterFacts] = []
    marks: list[DoneMark] = []
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

def _insert(session: Session, rows: Iterable[tuple[Any, ...]]) -> None:
    _driver(session).executemany(_INSERT_SQL, rows)


def _compute_events(session: Session, basis: _Basis, event_ids: list[str] | None) -> None:
    facts = _event_facts(session, event_ids)
    marks = _event_marks(session, event_ids)
    _insert(session, (_row(obligation, SUBJECT_EVENT, None)
                      for obligation in obligations_for_events(facts, basis.body, marks, basis.calendar, None)))


def _compute_letters(session: Session, basis: _Basis, letter_ids: list[uuid.UUID] | None) -> None:
    facts, marks = _letters(session, letter_ids)
    _insert(session, [_row(obligation, SUBJECT_LETTER, None)
                      for obligation in obligations_for_letters(facts, basis.body, marks, basis.calendar, None)])


def _compute_projects(session: Session, basis: _Basis, project_ids: list[uuid.UUID] | None) -> None:
    facts, marks = _projects(session, project_ids)
    _insert(session, [_row(obligation, SUBJECT_IMAGE_PROJECT, None)
                      for obligation in obligations_for_image_projects(facts, basis.body, marks, basis.calendar,
                                                                       None)])


def _compute_years(session: Session, basis: _Basis, years: Iterable[int]) -> None:
    years = list(years)
    marks = _year_marks(session, years)
    _insert(session, [_row(obligation, SUBJECT_YEAR, year) for year in years
                      for obligation in yearly_obligations(year, basis.body, marks, basis.calendar, None)])


def _delete_records(session: Session, subject_kind: str, ids: list[uuid.UUID]) -> None:
    for chunk in _chunks(ids):
        session.execute(delete(StoredObligation).where(StoredObligation.record_id.in_(chunk),
                                                       StoredObligation.subject_kind == subject_kind))


def _delete_years(session: Session, years: Iterable[int]) -> None:
    session.execute(delete(StoredObligation).where(StoredObligation.subject_kind == SUBJECT_YEAR,
                                                   StoredObligation.year.in_(list(years))))


def _recompute_all(session: Session, basis: _Basis, years: tuple[int, int]) -> None:
    """Every row again. The indexes are dropped and made again after: inserting 100,000s of rows in due-date
    disorder into three indexes thrashes SQLite's page cache, sorting them once does not."""
    session.execute(delete(StoredObligation))
    connection = session.connection()
    indexes = sorted(StoredObligation.__table__.indexes, key=lambda index: str(index.name))
    for index in indexes:
        index.drop(connection)
    _compute_events(session, basis, None)
    _compute_projects(session, basis, None)
    _compute_letters(session, basis, None)
    _compute_years(session, basis, range(years[0], years[1] + 1))
    for index in indexes:
        index.create(connection)
    summarize_events(session, basis.tracking_since)
    session.execute(delete(ObligationStamp))
    session.add(ObligationStamp(version=basis.version, first_year=years[0], last_year=years[1],
                                summary_since=basis.tracking_since))
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
                                                                                Event.series_id.is_not(None)))
                      if s is not None)  # the query leaves none out; the column's type does not know it
    events |= _series_events(session, series)
    event_ids = sorted(events)
    _delete_records(session, SUBJECT_EVENT, event_ids)
    _compute_events(session, basis, [event_id.hex for event_id in event_ids])
    summarize_events(session, basis.tracking_since, event_ids)
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
    computed_from = basis(session, today)
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
    if stamp.summary_since != computed_from.tracking_since:  # another tracking day, or a store from before 0019
        summarize_events(session, computed_from.tracking_since)
        stamp.summary_since = computed_from.tracking_since
    session.flush()
    return count


def is_current(session: Session, today: dt.date, years: tuple[int, int] | None = None) -> bool:
    """Whether the stored obligations can be read as they are on `today`: nothing queued, the stamp current,
    the years shown stored."""
    stamp = session.scalars(select(ObligationStamp).limit(1)).first()
    if stamp is None or session.scalars(select(ObligationDirty.kind).limit(1)).first() is not None:
        return False
    computed_from = basis(session, today)
    needed = years or years_needed(computed_from.tracking_since, today)
    return (stamp.version == computed_from.version and stamp.first_year <= needed[0] and needed[1] <= stamp.last_year
            and stamp.summary_since == computed_from.tracking_since)
