"""Events: the plain objects the editor and the Events page work with, and the use cases over the store.

EventData, Party and Participant are defined with their validation in hattama.rules and offered here too.

Reading and writing go through two bulk functions (`load_event_records`, `insert_event_records` and its sibling
`replace_event_records`), whatever the count: the editor saves one event with them, the importer and the demo
100,000. The JSON form of an event's data (`event_data_to_json` / `event_data_from_json`) is shared by editor
drafts and the interchange format.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import mimetypes
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from babel import Locale
from sqlalchemy import (
    ColumnElement,
    Label,
    Row,
    String,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session

from hattama.db.models import (
    Attachment,
    AttachmentBlob,
    Draft,
    Event,
    EventParticipant,
    EventParty,
    LetterAttachment,
)
from hattama.db.search import title_order_keys
from hattama.db.store import Store
from hattama.db.types import utc_now
from hattama.i18n import LANGUAGES, N_, _, country_name, current_language, describe, format_date, translate_in
from hattama.rules.attachments import safe_file_name
from hattama.rules.document_language import (
    form_in,
    missing_translations,
    participant_form,
    split_by_language,
)
from hattama.rules.errors import RuleError
from hattama.rules.event_validation import (
    EVENT_KINDS,
    EventData,
    FieldProblem,
    Participant,
    Party,
    validate_event,
)
from hattama.rules.plans import check_transition
from hattama.services.errors import ServiceError
from hattama.services.history import keep_version
from hattama.services.organisations import organisation, organisation_codes, party_label
from hattama.services.settings import store_owner

MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024
MAX_FILE_NAME_LENGTH = 400
# Parameters per IN (...) list: well under SQLite's and PostgreSQL's limits.
IN_CHUNK = 1000
# CLDR territory codes that are not ISO 3166-1 countries: groupings, reserved and private-use codes.
_NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"})

_EVENT = Event.__table__
_PARTY = EventParty.__table__
_PARTICIPANT = EventParticipant.__table__
_ATTACHMENT = Attachment.__table__


@dataclass(frozen=True)
class AttachmentInfo:
    id: UUID
    file_name: str
    media_type: str
    size: int
    sha256: str


# The scalar fields of EventData are the event table's columns of the same names.
EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(EventData) if f.name not in ("parties", "participants"))


@dataclass(frozen=True)
class EventRecord:
    id: UUID
    data: EventData
    attachments: tuple[AttachmentInfo, ...]
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None
    # The owning body's identity (hattama.services.settings.owner_identity); "" on a new record: the store's own.
    owner: str = ""


@dataclass(frozen=True, slots=True)
class EventRow:
    """One line of the Events table; `search_text` is casefolded so a filter only casefolds what is typed."""

    id: UUID
    title_kk: str
    title_ru: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    country: str
    city: str
    held_by_body: bool
    mfa_participated: bool
    exemption_area: str | None
    series_id: UUID | None
    party_codes: tuple[str, ...]
    search_text: str


class InvalidEvent(ServiceError):
    """The event has problems; `problems` lets the editor show each beside its field."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        super().__init__(
            N_("The event was not saved: {problems}"), problems=" ".join(describe(p) for p in problems)
        )
        self.problems = list(problems)


# ---------------------------------------------------------------------------------------------- reference data

@functools.cache
def known_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (CLDR's territories without regions, groupings and reserved codes)."""
    return frozenset(
        code for code in Locale("en").territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    )


def validate(data: EventData) -> list[FieldProblem]:
    return validate_event(data, known_countries(), organisation_codes())


def kind_label(kind: str, language: str | None = None) -> str:
    """The kind's name in the UI language, or in `language` (a document's own)."""
    if kind not in EVENT_KINDS:
        return kind
    return translate_in(language, EVENT_KINDS[kind]) if language else _(EVENT_KINDS[kind])


def display_title(title_kk: str, title_ru: str, language: str | None = None) -> str:
    """The title in the user's language, else the other one (an event needs only one of the two)."""
    if (language or current_language()) == "ru":
        return title_ru or title_kk
    return title_kk or title_ru


# ------------------------------------------------------------------------------------- documents in one language

class MissingTranslations(ServiceError):
    """A document in one language would show text of the other (issue 19.2); `problems` name each field."""

    MESSAGES = {
        "kk": N_("The document in Kazakh cannot be made yet: {problems} Add them in the event's editor."),
        "ru": N_("The document in Russian cannot be made yet: {problems} Add them in the event's editor."),
    }

    def __init__(self, language: str, problems: Sequence[FieldProblem]) -> None:
        super().__init__(self.MESSAGES[language], problems=list(problems))
        self.language = language
        self.problems = list(problems)


def require_translations(data: EventData, language: str, *, venue: bool = True, participants: bool = True) -> None:
    """Refuses, naming each field, to make a document in `language` that would show the other language's text
    (`venue`, `participants`: whether the document shows them)."""
    problems = missing_translations(data, language, venue=venue, participants=participants)
    if problems:
        raise MissingTranslations(language, problems)


def place_in(data: EventData, language: str, *, venue: bool = True) -> str:
    """"venue, city, country" in the document's language (the forms `require_translations` checked)."""
    parts = (form_in(data.venue, data.venue_ru, language) if venue else "", form_in(data.city, data.city_ru, language),
             country_name(data.country, language))
    return ", ".join(part for part in parts if part)


def participant_line(person: Participant, language: str) -> str:
    """"Name, position, organisation" in the document's language."""
    parts = (person.full_name, participant_form(person, "job_title", language),
             participant_form(person, "organisation", language))
    return ", ".join(part for part in parts if part)


# ----------------------------------------------------------------------------------------------- JSON form

_DATE_FIELDS = ("departs_on", "consultation_on", "diplomatic_agreement_on")
_ID_FIELDS = ("series_id", "treaty_id")


def event_data_to_json(data: EventData) -> dict[str, Any]:
    """Plain JSON values: wall-clock times as ISO text without zone, dates as YYYY-MM-DD, ids as text."""
    values: dict[str, Any] = {name: getattr(data, name) for name in EVENT_FIELDS}
    values["starts_at"] = data.starts_at.isoformat()
    values["ends_at"] = data.ends_at.isoformat()
    for name in _ID_FIELDS:
        values[name] = str(getattr(data, name)) if getattr(data, name) else None
    for name in _DATE_FIELDS:
        values[name] = getattr(data, name).isoformat() if getattr(data, name) else None
    values["parties"] = [{"kind": p.kind, "code": p.code, "name": p.name} for p in data.parties]
    values["participants"] = [dataclasses.asdict(p) for p in data.participants]
    return values


def event_data_from_json(values: Mapping[str, Any]) -> EventData:
    """The inverse of `event_data_to_json`; ValueError, KeyError or TypeError on a malformed value."""
    fields = {name: values[name] for name in EVENT_FIELDS if name in values}
    fields["starts_at"] = dt.datetime.fromisoformat(values["starts_at"])
    fields["ends_at"] = dt.datetime.fromisoformat(values["ends_at"])
    for name in _ID_FIELDS:
        if fields.get(name):
            fields[name] = UUID(fields[name])
    for name in _DATE_FIELDS:
        if fields.get(name):
            fields[name] = dt.date.fromisoformat(fields[name])
    if "city_ru" not in values and "venue_ru" not in values:  # written before issue 19.2: one form of each
        fields["city"], fields["city_ru"] = split_by_language(fields.get("city", ""))
        fields["venue"], fields["venue_ru"] = split_by_language(fields.get("venue", ""))
    fields["parties"] = tuple(Party(**party) for party in values.get("parties", ()))
    fields["participants"] = tuple(_participant_from_json(person) for person in values.get("participants", ()))
    return EventData(**fields)


def _participant_from_json(values: Mapping[str, Any]) -> Participant:
    """A participant written before issue 19.2 has one position and organisation: each becomes the form of the
    language it is written in (hattama.rules.document_language.split_by_language, as migration 0015 does)."""
    if "job_title_ru" in values or "organisation_ru" in values:
        return Participant(**values)
    job_title, job_title_ru = split_by_language(values.get("job_title", ""))
    organisation, organisation_ru = split_by_language(values.get("organisation", ""))
    return Participant(**{**values, "job_title": job_title, "organisation": organisation,
                          "job_title_ru": job_title_ru, "organisation_ru": organisation_ru})


# ------------------------------------------------------------------------------------------- bulk storage

def chunked(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _event_values(record: EventRecord) -> dict[str, Any]:
    """The event row's columns but its id and creation time (which an update leaves alone)."""
    values = {name: getattr(record.data, name) for name in EVENT_FIELDS}
    values.update(updated_at=record.updated_at, deleted_at=record.deleted_at)
    values.update(title_order_keys(record.data.title_kk, record.data.title_ru))  # the lists' sort keys
    return values


def _child_rows(records: Iterable[EventRecord]) -> tuple[list[dict], list[dict], list[dict]]:
    """Rows of the three child tables (their times are set by the database: see `_insert_children`)."""
    parties: list[dict] = []
    participants: list[dict] = []
    attachments: list[dict] = []
    for record in records:
        event_id = record.id
        parties += [{"id": uuid4(), "event_id": event_id, "party_kind": p.kind, "code": p.code, "name": p.name,
                     "position": position} for position, p in enumerate(record.data.parties)]
        participants += [{**dataclasses.asdict(p), "id": uuid4(), "event_id": event_id, "position": position}
                         for position, p in enumerate(record.data.participants)]
        attachments += [{**dataclasses.asdict(a), "event_id": event_id} for a in record.attachments]
    return parties, participants, attachments


def _insert_children(session: Session, records: Sequence[EventRecord]) -> None:
    # Children change only with their event, which carries the time that matters; letting the database stamp
    # them spares converting two times per row, a third of an import of 100,000 events.
    now = func.current_timestamp()
    for table, rows in zip((_PARTY, _PARTICIPANT, _ATTACHMENT), _child_rows(records), strict=True):
        if rows:
            session.execute(insert(table).values(created_at=now, updated_at=now), rows)


def insert_event_records(session: Session, records: Sequence[EventRecord]) -> None:
    """Insert new events with their children in a few executemany statements. Attachment blobs must exist.
    A record without an owner is the store's own body's."""
    if not records:
        return
    own = store_owner(session)
    session.execute(insert(_EVENT), [{**_event_values(r), "id": r.id, "created_at": r.created_at,
                                      "owner": r.owner or own} for r in records])
    _insert_children(session, records)


def replace_event_records(session: Session, records: Sequence[EventRecord]) -> None:
    """Overwrite existing events (their creation time stays) and replace all their children."""
    if not records:
        return
    ids = [record.id for record in records]
    for table in (_PARTY, _PARTICIPANT, _ATTACHMENT):
        for chunk in chunked(ids):
            session.execute(delete(table).where(table.c.event_id.in_(chunk)))
    rows = [{**_event_values(r), "record_id": r.id} for r in records]
    session.execute(update(_EVENT).where(_EVENT.c.id == bindparam("record_id")), rows)
    _insert_children(session, records)


def drop_unreferenced_blobs(session: Session, sha256s: Iterable[str]) -> None:
    """Of these file contents, drop those no attachment refers to any more."""
    condition = and_(~exists().where(Attachment.sha256 == AttachmentBlob.sha256),
                     ~exists().where(LetterAttachment.sha256 == AttachmentBlob.sha256))
    for chunk in chunked(list(sha256s)):
        session.execute(delete(AttachmentBlob).where(condition, AttachmentBlob.sha256.in_(chunk)))


def _event_key(column) -> Label:
    """An event id as the driver hands it over, unconverted: enough to match children to their event, and far
    cheaper than making a UUID object for each of 500,000 child rows."""
    return type_coerce(column, String).label("event_key")


def _children(session: Session, table, columns: Sequence[str], condition: ColumnElement[bool] | None,
              order: str) -> dict[Any, list[Row]]:
    """Child rows grouped by `_event_key`, for the events matching `condition`: one query whatever the count."""
    query = select(_event_key(table.c.event_id), *(table.c[name] for name in columns))
    query = query.order_by(table.c.event_id, table.c[order])
    if condition is not None:
        query = query.where(table.c.event_id.in_(select(_EVENT.c.id).where(condition)))
    grouped: dict[Any, list[Row]] = defaultdict(list)
    for row in session.execute(query).all():  # all(): one fetch, not one per row
        grouped[row.event_key].append(row)
    return grouped


_PARTY_COLUMNS = ("party_kind", "code", "name")
_PARTICIPANT_COLUMNS = tuple(f.name for f in dataclasses.fields(Participant))
_ATTACHMENT_COLUMNS = ("id", "file_name", "media_type", "size", "sha256")


def load_event_records(session: Session, condition: ColumnElement[bool] | None = None) -> list[EventRecord]:
    """Full events matching `condition` (all if None), by start time, in four queries."""
    columns = [*EVENT_FIELDS, "id", "created_at", "updated_at", "deleted_at", "owner"]
    query = select(*(_EVENT.c[name] for name in columns), _event_key(_EVENT.c.id))
    query = query.order_by(_EVENT.c.starts_at, _EVENT.c.id)
    if condition is not None:
        query = query.where(condition)
    events = session.execute(query).all()
    parties = _children(session, _PARTY, _PARTY_COLUMNS, condition, "position")
    participants = _children(session, _PARTICIPANT, _PARTICIPANT_COLUMNS, condition, "position")
    attachments = _children(session, _ATTACHMENT, _ATTACHMENT_COLUMNS, condition, "file_name")
    field_count = len(EVENT_FIELDS)
    records = []
    for row in events:
        data = EventData(
            *row[:field_count],
            parties=tuple(Party(*p[1:]) for p in parties.get(row.event_key, ())),
            participants=tuple(Participant(*p[1:]) for p in participants.get(row.event_key, ())),
        )
        infos = tuple(AttachmentInfo(*a[1:]) for a in attachments.get(row.event_key, ()))
        records.append(EventRecord(row.id, data, infos, row.created_at, row.updated_at, row.deleted_at, row.owner))
    return records


def _later_than(previous: dt.datetime) -> dt.datetime:
    """Now, but never at or before the previous change (clocks of merged machines differ)."""
    return max(utc_now(), previous + dt.timedelta(microseconds=1))


def _no_such_event(event_id: UUID) -> ServiceError:
    return ServiceError(N_("There is no event with the id {id}."), id=str(event_id))


def _refuse_if_binned(deleted_at: dt.datetime | None) -> None:
    if deleted_at is not None:
        raise ServiceError(N_("The event is in the bin; restore it before changing it."))


def _load_one(session: Session, event_id: UUID) -> EventRecord:
    found = load_event_records(session, _EVENT.c.id == event_id)
    if not found:
        raise _no_such_event(event_id)
    return found[0]


def _touch(session: Session, event_id: UUID, *, editable: bool = True, **values: Any) -> None:
    """Change an event's columns and move its `updated_at` on, so the change travels in the interchange."""
    current = session.execute(select(_EVENT.c.updated_at, _EVENT.c.deleted_at).where(_EVENT.c.id == event_id)).first()
    if current is None:
        raise _no_such_event(event_id)
    if editable:
        _refuse_if_binned(current.deleted_at)
    session.execute(update(_EVENT).where(_EVENT.c.id == event_id).values(updated_at=_later_than(current.updated_at),
                                                                          **values))


# --------------------------------------------------------------------------------------------- use cases

def _check(data: EventData) -> None:
    problems = validate(data)
    if problems:
        raise InvalidEvent(problems)


def _check_status_change(current: str | None, data: EventData) -> None:
    """p.46 plan: only the transitions hattama.rules.plans allows."""
    try:
        check_transition(current, data.status, data.status_reason)
    except RuleError as error:
        raise InvalidEvent([FieldProblem("status", error.msgid, error.params)]) from None


def create_event(store: Store, data: EventData) -> UUID:
    _check(data)
    _check_status_change(None, data)
    now = utc_now()
    record = EventRecord(uuid4(), data, (), now, now, None)
    with store.session() as session:
        insert_event_records(session, [record])
        keep_version(session, "event", record.id)
    return record.id


def update_event(store: Store, event_id: UUID, data: EventData) -> None:
    """Replace the event's data, parties and participants; attachments are kept."""
    _check(data)
    with store.session() as session:
        current = _load_one(session, event_id)
        _refuse_if_binned(current.deleted_at)
        _check_status_change(current.data.status, data)
        replace_event_records(
            session, [dataclasses.replace(current, data=data, updated_at=_later_than(current.updated_at))])
        keep_version(session, "event", event_id)


def get_event(store: Store, event_id: UUID) -> EventRecord:
    with store.session() as session:
        return _load_one(session, event_id)


def delete_event(store: Store, event_id: UUID) -> None:
    """To the bin: the event keeps everything and `restore_event` brings it back."""
    with store.session() as session:
        _touch(session, event_id, editable=False, deleted_at=utc_now())
        keep_version(session, "event", event_id)


def restore_event(store: Store, event_id: UUID) -> None:
    with store.session() as session:
        _touch(session, event_id, editable=False, deleted_at=None)
        keep_version(session, "event", event_id)


def year_condition(year: int) -> ColumnElement[bool]:
    return and_(_EVENT.c.starts_at >= dt.datetime(year, 1, 1), _EVENT.c.starts_at < dt.datetime(year + 1, 1, 1))


@functools.cache
def _search_terms(kind: str, code: str, name: str) -> str:
    """A party's (or, with kind "country", a place's) words in every language, so any of them finds it."""
    party = Party(kind, code, name)
    words = [code, name, *(party_label(party, language) for language in LANGUAGES)]
    listed = organisation(code) if kind == "organisation" else None
    if listed is not None:
        words += listed.abbreviations.values()
    return " ".join(dict.fromkeys(word for word in words if word))


def list_event_rows(store: Store, *, year: int | None = None, deleted: bool = False) -> list[EventRow]:
    """The Events table (or, with `deleted`, the bin): three queries, however many events."""
    condition = _EVENT.c.deleted_at.is_not(None) if deleted else _EVENT.c.deleted_at.is_(None)
    if year is not None:
        condition = and_(condition, year_condition(year))
    columns = [f.name for f in dataclasses.fields(EventRow) if f.name not in ("party_codes", "search_text")]
    query = select(*(_EVENT.c[name] for name in columns), _event_key(_EVENT.c.id))
    query = query.where(condition).order_by(_EVENT.c.starts_at, _EVENT.c.id)
    with store.session() as session:
        events = session.execute(query).all()
        parties = _children(session, _PARTY, _PARTY_COLUMNS, condition, "position")
        participants = _children(session, _PARTICIPANT, ("full_name", "organisation"), condition, "position")
    rows = []
    for event in events:
        event_parties = parties.get(event.event_key, ())
        words = [event.title_kk, event.title_ru, event.city, _search_terms("country", event.country, "")]
        words += [_search_terms(*party[1:]) for party in event_parties]
        words += [f"{person.full_name} {person.organisation}" for person in participants.get(event.event_key, ())]
        rows.append(EventRow(
            *event[:-1], party_codes=tuple(party.code for party in event_parties if party.code),
            search_text=" ".join(words).casefold(),
        ))
    return rows


def series_choices(store: Store) -> list[tuple[UUID, str]]:
    """Existing series of meetings (p.49), newest first, labelled by the first meeting's title and date."""
    query = (
        select(_EVENT.c.series_id, _EVENT.c.title_kk, _EVENT.c.title_ru, _EVENT.c.starts_at)
        .where(_EVENT.c.series_id.is_not(None), _EVENT.c.deleted_at.is_(None))
        .order_by(_EVENT.c.series_id, _EVENT.c.starts_at)
    )
    with store.session() as session:
        first_meetings: dict[UUID, Row] = {}
        for row in session.execute(query):
            first_meetings.setdefault(row.series_id, row)
    ordered = sorted(first_meetings.values(), key=lambda row: row.starts_at, reverse=True)
    return [(row.series_id, f"{display_title(row.title_kk, row.title_ru)} — {format_date(row.starts_at.date())}")
            for row in ordered]


# ------------------------------------------------------------------------------------------- attachments

def read_file_within(path: Path, limit: int, too_big_msgid: str) -> bytes:
    """The file's bytes, refused unread when over `limit` (the msgid takes {path} and {limit} in MB)."""
    try:
        if path.stat().st_size > limit:
            raise ServiceError(too_big_msgid, path=str(path), limit=limit // (1024 * 1024))
        return path.read_bytes()
    except OSError as error:
        raise ServiceError(N_("The file {path} cannot be read: {reason}."),
                           path=str(path), reason=error.strerror or str(error)) from error


def read_attachment_file(file_path: Path) -> bytes:
    """The bytes of a file to attach (to an event or a letter), its name and size checked first."""
    if len(file_path.name) > MAX_FILE_NAME_LENGTH:
        raise ServiceError(N_("The file name is longer than {limit} characters."), limit=MAX_FILE_NAME_LENGTH)
    return read_file_within(file_path, MAX_ATTACHMENT_BYTES, N_(
        "The file {path} is larger than {limit} MB, the most an attachment can be."))


def attachment_info(file_name: str, content: bytes) -> AttachmentInfo:
    """A new attachment's row: a safe display name, the media type it suggests, size and SHA-256."""
    name = safe_file_name(file_name)
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return AttachmentInfo(uuid4(), name, media_type, len(content), hashlib.sha256(content).hexdigest())


def keep_blob(session: Session, sha256: str, content: bytes) -> None:
    """Store the content once, however many events and letters carry it."""
    if session.scalar(select(AttachmentBlob.id).where(AttachmentBlob.sha256 == sha256)) is None:
        session.add(AttachmentBlob(sha256=sha256, size=len(content), content=content))
        session.flush()


def add_attachment(store: Store, event_id: UUID, file_path: Path) -> AttachmentInfo:
    """Attach a copy of the file; its content is stored once however many events carry it."""
    content = read_attachment_file(file_path)
    info = attachment_info(file_path.name, content)
    with store.session() as session:
        _touch(session, event_id)
        keep_blob(session, info.sha256, content)
        session.execute(insert(_ATTACHMENT), [{**dataclasses.asdict(info), "event_id": event_id}])
        keep_version(session, "event", event_id)
    return info


def read_attachment(store: Store, attachment_id: UUID) -> bytes:
    query = select(AttachmentBlob.content).join(Attachment, Attachment.sha256 == AttachmentBlob.sha256).where(
        Attachment.id == attachment_id)
    with store.session() as session:
        content = session.scalar(query)
    if content is None:
        raise ServiceError(N_("There is no attachment with the id {id}."), id=str(attachment_id))
    return content


def write_for_opening(content: bytes, file_name: str, temp_root: Path | None = None) -> Path:
    """Write an attachment for the system to open: always `<temp_root>/<new uuid>/<safe name>` (the system's
    temporary folder by default), whatever the stored name says — it is display text, never a path. The folder
    and the file are the officer's alone. Whether to ask before opening: `rules.attachments.asks_before_opening`."""
    root = Path(tempfile.gettempdir() if temp_root is None else temp_root)
    folder = root / str(uuid4())
    target = folder / safe_file_name(file_name)
    if target.parent != folder:  # safe_file_name keeps one segment; a change there must not go unnoticed
        raise ValueError(f"unsafe attachment name: {file_name!r}")
    try:
        folder.mkdir(mode=0o700)
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
    except OSError as error:
        raise ServiceError(N_("The file {path} cannot be written: {reason}."),
                           path=str(target), reason=error.strerror or str(error)) from error
    return target


def remove_attachment(store: Store, attachment_id: UUID) -> None:
    with store.session() as session:
        found = session.execute(
            select(Attachment.event_id, Attachment.sha256).where(Attachment.id == attachment_id)).first()
        if found is None:
            raise ServiceError(N_("There is no attachment with the id {id}."), id=str(attachment_id))
        _touch(session, found.event_id)
        session.execute(delete(Attachment).where(Attachment.id == attachment_id))
        drop_unreferenced_blobs(session, [found.sha256])
        keep_version(session, "event", found.event_id)


# ------------------------------------------------------------------------------------------------ drafts

def _draft_condition(kind: str, subject_id: str) -> ColumnElement[bool]:
    return and_(Draft.kind == kind, Draft.subject_id == subject_id)


def save_draft(store: Store, kind: str, subject_id: str, payload: dict) -> None:
    """Keep an unfinished form (JSON-serialisable; `event_data_to_json` makes one of an event)."""
    text = json.dumps(payload, ensure_ascii=False)
    with store.session() as session:
        draft = session.scalars(select(Draft).where(_draft_condition(kind, subject_id))).first()
        if draft is None:
            session.add(Draft(kind=kind, subject_id=subject_id, payload=text))
        else:
            draft.payload = text


def load_draft(store: Store, kind: str, subject_id: str) -> dict | None:
    with store.session() as session:
        text = session.scalar(select(Draft.payload).where(_draft_condition(kind, subject_id)))
    return None if text is None else json.loads(text)


def discard_draft(store: Store, kind: str, subject_id: str) -> None:
    with store.session() as session:
        session.execute(delete(Draft).where(_draft_condition(kind, subject_id)))
