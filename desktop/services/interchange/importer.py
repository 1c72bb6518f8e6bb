"""Reading an interchange document and merging it into the store, all or nothing.

A file is read a piece at a time (`stream`): its records are checked one by one as they are read (on a thread of
their own, a batch or two ahead: `read_ahead`) and merged in batches of `BATCH`, all in one transaction, so any refusal — wherever in the file — leaves the store as it was,
and memory holds a batch, not the document. The checks are those of a whole document: size, the longest text,
UTF-8, strict JSON (no key twice, no lone surrogate, nesting at most `strict_json.MAX_DEPTH` deep), version,
schema (record by record, `schema.record_violation`), impossible dates, modification times in the future, ids
repeated anywhere in the file, two reports for one event, each event's validation. Events are merged before
reports (a report needs its event): records read before the members they depend on (`format`, `version`,
`source`; the events for reports) are held until those are read — a Hattama export writes them first. Treaties
and letters, a register and a log of at most thousands, are held and merged last. A document already in memory
(a bundle's, the tests') goes the same way.

Merging by id and `updated_at`: a new id is created, a newer copy replaces the local one, the same time is
unchanged, and an older copy leaves the local record and is reported as a conflict. Importing a file twice
therefore changes nothing the second time.

Records belong to the body that made them (`owner`; a file's records without one belong to its `source`, and
those of a file naming no body to the store's own). A newer copy replaces a stored record only when it has the
stored record's owner and, for a signed bundle, when the signer proves that body (`proven_body`); anything
else refuses the whole file, naming the record and both bodies.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID, uuid4

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from hattama import collector
from hattama.db.models import Attachment, AttachmentBlob, Event, Report
from hattama.db.store import Store
from hattama.db.types import utc_now
from hattama.language import N_
from hattama.rules.errors import Message, RuleError
from hattama.rules.event_validation import validate_event
from hattama.rules.report_status import check_merge
from hattama.services import obligation_listener, strict_json
from hattama.services.errors import ServiceError
from hattama.services.event_reference import known_countries
from hattama.services.event_storage import (
    EventRecord,
    chunked,
    drop_unreferenced_blobs,
    insert_event_records,
    replace_event_records,
)
from hattama.services.history import Provenance, keep_versions
from hattama.services.interchange import stream
from hattama.services.interchange.read_ahead import read_ahead
from hattama.services.interchange.records import (
    event_from_json,
    event_to_json,
    report_from_json,
    report_to_json,
    utc_text,
)
from hattama.services.interchange.report_records import (
    InterchangeReport,
    insert_report_records,
    replace_report_records,
)
from hattama.services.interchange.schema import (
    FORMAT,
    VERSION,
    SchemaViolation,
    first_violation,
    member_violation,
    record_violation,
)
from hattama.services.interchange.stream import NOT_INTERCHANGE, RECORD_SECTIONS, SHOWN_NAME_LENGTH
from hattama.services.settings import identity_of, store_owner

log = logging.getLogger(__name__)
# A year of a ministry is a few MB; 100,000 events with their reports are about 250 MB. A file is read a piece
# at a time, but a document in memory (a bundle's) takes about ten times its size while parsed.
MAX_FILE_BYTES = 512 * 1024 * 1024
# Records merged at once: large enough that the statements per batch cost little, small enough to keep memory flat.
BATCH = 2000
# A record changed later than this ahead of the importing machine's clock would win every later merge.
MAX_CLOCK_AHEAD = dt.timedelta(days=1)

_SCHEMA_MESSAGES: dict[str, str] = {
    "type": N_("The file does not follow the interchange format at {path}: a JSON {type} is expected there."),
    "required": N_("The file does not follow the interchange format at {path}: the field “{field}” is missing."),
    "additionalProperties": N_(
        "The file does not follow the interchange format at {path}: “{field}” is not a field of the format."),
    "maxLength": N_(
        "The file does not follow the interchange format at {path}: the text is longer than {limit} characters."),
    "maxItems": N_(
        "The file does not follow the interchange format at {path}: the list has more than {limit} entries."),
    "pattern": N_(
        "The file does not follow the interchange format at {path}: the value is not written in the expected form."),
    "range": N_(
        "The file does not follow the interchange format at {path}: the number is outside the allowed range."),
}
_NOT_ALLOWED = N_("The file does not follow the interchange format at {path}: the value is not one the format allows.")

R = TypeVar("R", EventRecord, InterchangeReport)


@dataclass(frozen=True)
class Conflict:
    """The store's copy was kept and the file's went to the record's history: the file's is older, or (`reason`)
    newer but refused (a report's status the machine cannot bring the stored one to)."""

    kind: str  # "event" | "report"
    id: UUID
    local_updated_at: dt.datetime
    incoming_updated_at: dt.datetime
    reason: Message | None = None


@dataclass(frozen=True)
class MissingAttachment:
    """An attachment the file lists whose content neither came with it nor is in the store: not attached."""

    event_id: UUID
    file_name: str
    sha256: str


@dataclass(frozen=True)
class ImportResult:
    """Counts of records (events and reports together)."""

    created: int
    updated: int
    unchanged: int
    conflicts: list[Conflict] = field(default_factory=list)
    missing_attachments: list[MissingAttachment] = field(default_factory=list)
    # The treaty register (p.2), counted apart from the events and reports.
    treaties_created: int = 0
    treaties_updated: int = 0
    treaties_unchanged: int = 0
    # The letter log (issue 16), counted apart too.
    letters_created: int = 0
    letters_updated: int = 0
    letters_unchanged: int = 0


# ---------------------------------------------------------------------------------------------- reading

def import_file(store: Store, path: Path, attachment_files: Mapping[str, bytes] | None = None, *,
                now: dt.datetime | None = None) -> ImportResult:
    """Import the file at `path`, read a piece at a time (see the module's docstring)."""
    try:
        handle = path.open("rb")
        size = os.fstat(handle.fileno()).st_size
    except OSError as error:
        raise ServiceError(N_("The file {path} cannot be read: {reason}."),
                           path=str(path), reason=error.strerror or str(error)) from error
    with handle:
        if size > MAX_FILE_BYTES:
            raise ServiceError(N_("The file {path} is larger than {limit} MB, the most an interchange file can be."),
                               path=str(path), limit=MAX_FILE_BYTES // (1024 * 1024))
        return _import(store, stream.members(handle), attachment_files, None, now)


def parse_json_bytes(raw: bytes) -> Any:
    """The document in `raw`, read strictly (see the module's docstring); ServiceError says why not."""
    if len(raw) > MAX_FILE_BYTES:
        raise ServiceError(N_("The data is larger than {limit} MB, the most an interchange file can be."),
                           limit=MAX_FILE_BYTES // (1024 * 1024))
    long_text = stream.LONG_TEXT.search(raw)
    if long_text is not None:
        raise stream.long_text_refusal(stream.advance((1, 1), raw[:long_text.start()].decode("utf-8", "replace")))
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as Windows editors write, is accepted
    except UnicodeDecodeError as error:
        raise stream.not_utf8_refusal(stream.advance((1, 1), raw[:error.start].decode("utf-8-sig"))) from None
    try:
        return strict_json.loads(text)
    except strict_json.StrictJsonError as error:
        raise stream.strict_json_refusal(error) from None


# ---------------------------------------------------------------------------------------------- checking

def parse_document(document: Any, now: dt.datetime | None = None) -> tuple[list[EventRecord], list[InterchangeReport]]:
    """The events and reports of a document in memory that passed every check that needs no store; ServiceError
    otherwise. `now` (the real time if None) is what modification times are held against. A record's `owner` is
    "" when neither it nor the file's `source` names a body: the importing store's own."""
    if not isinstance(document, dict):
        raise ServiceError(NOT_INTERCHANGE)
    header = {name: [] if name in RECORD_SECTIONS and isinstance(value, list) else value
              for name, value in document.items()}
    _check_header(header)
    violation = first_violation(header)
    if violation is not None:
        raise _schema_error(violation)
    reader = _RecordReader(utc_now() if now is None else now, header.get("source", {}))
    events = [reader.event(index, values) for index, values in enumerate(document["events"])]
    reports = [reader.report(index, values) for index, values in enumerate(document["reports"])]
    return events, reports


def _check_header(header: Mapping[str, Any]) -> None:
    """The document's top-level members read so far: its format, version, and each member alone."""
    if header.get("format") != FORMAT:
        raise ServiceError(NOT_INTERCHANGE)
    version = header.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version != VERSION:
        raise ServiceError(
            N_("The file is in version {version} of the interchange format; this Hattama reads version {supported}. "
               "Import it with a newer Hattama."), version=version, supported=VERSION)
    for name, value in header.items():
        violation = member_violation(name, value)
        if violation is not None:
            raise _schema_error(violation)


class _RecordReader:
    """Turns the events and reports of one document into records one at a time, refusing each that the schema,
    the calendar, the clock or the event rules refuse, and ids seen before in the document."""

    def __init__(self, received_at: dt.datetime, source: Mapping[str, Any]) -> None:
        self.received_at = received_at
        self.sender = identity_of(source.get("body_bin", ""), source.get("body_id"))
        self._ids: set[UUID] = set()
        self._reported: set[UUID] = set()

    def event(self, index: int, values: Any) -> EventRecord:
        record = self._read("events", index, values, event_from_json)
        self._once(record.id, *(attachment.id for attachment in record.attachments))
        # Organisation codes are not checked: a newer Hattama may know organisations this one does not.
        problems = validate_event(record.data, known_countries())
        if problems:
            raise ServiceError(N_("The event at {path} in the file cannot be imported: {problem}"),
                               path=f"$.events[{index}]", problem=problems[0])
        return record

    def report(self, index: int, values: Any) -> InterchangeReport:
        record = self._read("reports", index, values, report_from_json)
        self._once(record.id)
        if record.event_id in self._reported:
            raise ServiceError(N_("The file holds two reports for the event {event_id}."), event_id=str(record.event_id))
        self._reported.add(record.event_id)
        return record

    def _read(self, section: str, index: int, values: Any, read: Callable[..., R]) -> R:
        violation = record_violation(section, index, values)
        if violation is not None:
            raise _record_error(violation, values)
        try:
            record = read(values, self.received_at, self.sender)
        except ValueError:  # what the schema's patterns let through but the calendar does not (30 February)
            raise ServiceError(N_("The file does not follow the interchange format at {path}: "
                                  "a date or time there does not exist."), path=f"$.{section}[{index}]") from None
        _refuse_future_time(record, self.received_at)
        return record

    def _once(self, *ids: UUID) -> None:
        for value in ids:
            if value in self._ids:
                raise ServiceError(N_("The file lists the id {id} more than once."), id=str(value))
            self._ids.add(value)


def _refuse_future_time(record: EventRecord | InterchangeReport, now: dt.datetime) -> None:
    """A modification time more than `MAX_CLOCK_AHEAD` ahead of now is a broken clock or a forgery: such a copy
    would win every later merge."""
    latest = max([record.updated_at, *(text.updated_at for text in getattr(record, "texts", ()))])
    if latest > now + MAX_CLOCK_AHEAD:
        kind = "report" if isinstance(record, InterchangeReport) else "event"
        raise ServiceError(_FUTURE_MESSAGES[kind], id=str(record.id), time=utc_text(latest), now=utc_text(now))


_FUTURE_MESSAGES = {
    "event": N_("The event {id} in the file was changed at {time}, more than a day after now ({now}); a record "
                "from the future would win every later merge, so the file is refused."),
    "report": N_("The report {id} in the file was changed at {time}, more than a day after now ({now}); a record "
                 "from the future would win every later merge, so the file is refused."),
}


def _record_error(violation: SchemaViolation, record: Any) -> ServiceError:
    """Why a record the schema refuses is refused: first, nesting too deep (see `stream.members`)."""
    try:
        strict_json.check_depth(record, 3)
    except strict_json.StrictJsonError as error:
        return stream.strict_json_refusal(error)
    return _schema_error(violation)


def _schema_error(violation: SchemaViolation) -> ServiceError:
    params = dict(violation.params)
    if "field" in params:
        params["field"] = str(params["field"])[:SHOWN_NAME_LENGTH]
    return ServiceError(_SCHEMA_MESSAGES.get(violation.keyword, _NOT_ALLOWED), path=violation.path, **params)


# ---------------------------------------------------------------------------------------------- merging

def import_interchange(
    store: Store, document: Any, attachment_files: Mapping[str, bytes] | None = None, *,
    proven_body: str | None = None, now: dt.datetime | None = None,
) -> ImportResult:
    """Check the document, then merge it in one transaction. `attachment_files` (SHA-256 → content) are the
    files a bundle carried beside the document; a content whose hash does not match is ignored.
    `proven_body`: for a signed bundle, the body (BIN) its signer's certificate proves, "" if none — only that
    body's records may then be changed; None for an unsigned file. `now`: the time modification times are
    held against (the real time if None)."""
    if not isinstance(document, dict):
        raise ServiceError(NOT_INTERCHANGE)
    lists = [name for name in RECORD_SECTIONS if isinstance(document.get(name), list)]
    members = [*((name, value) for name, value in document.items() if name not in lists),
               *((name, iter(document[name])) for name in lists)]
    return _import(store, iter(members), attachment_files, proven_body, now)


def _import(store: Store, members: Iterator[tuple[str, Any]], attachment_files: Mapping[str, bytes] | None,
            proven_body: str | None, now: dt.datetime | None) -> ImportResult:
    """Import a document given member by member (a record list as an iterator over its records). The stored
    obligations (issue 18.3) follow in the same transaction: the triggers queue what the bulk inserts change and
    `obligation_listener`'s before-commit hook recomputes it (`stored_obligations.refresh_obligations`)."""
    obligation_listener.install()
    with collector.paused(), store.session(write=True) as session:  # serialised: two imports never both insert
        importing = _Import(session, attachment_files or {}, proven_body, utc_now() if now is None else now)
        for name, value in members:
            if isinstance(value, Iterator):
                importing.records(name, value)
            else:
                importing.header[name] = value
        result = importing.finish()
    log.info("import into %s: events/reports %d created, %d updated, %d unchanged; %d conflicts, %d attachments "
             "missing; treaties %d/%d/%d, letters %d/%d/%d", store.path, result.created, result.updated,
             result.unchanged, len(result.conflicts), len(result.missing_attachments), result.treaties_created,
             result.treaties_updated, result.treaties_unchanged, result.letters_created, result.letters_updated,
             result.letters_unchanged)
    return result


class _Import:
    """One import in its transaction: the top-level members read so far, the records held back, the result."""

    def __init__(self, session: Session, attachment_files: Mapping[str, bytes], proven_body: str | None,
                 now: dt.datetime) -> None:
        self.session = session
        self.attachment_files = attachment_files
        self.proven_body = proven_body
        self.now = now
        self.header: dict[str, Any] = {}
        self.held: dict[str, list[Any]] = {}
        self.result = ImportResult(0, 0, 0)
        self._reader: _RecordReader | None = None
        self._provenance: Provenance | None = None

    def records(self, name: str, records: Iterator[Any]) -> None:
        """Merge the list's records as they come, or hold them if what they depend on is not read yet."""
        self.header[name] = []
        ready = {"format", "version", "source"} <= self.header.keys() and (name == "events" or (
            name == "reports" and "events" in self.header and "events" not in self.held))
        if ready:
            self._merge_all(name, enumerate(records))
        else:
            self.held[name] = list(records)

    def finish(self) -> ImportResult:
        # Treaties and letters build on this module (its conflicts and results), so they are imported here.
        from hattama.services.interchange.letter_records import merge_letters, parse_letters
        from hattama.services.interchange.treaty_records import merge_treaties, parse_treaties

        self._start()
        violation = first_violation(self.header)  # every member there, the record lists as empty lists
        if violation is not None:
            raise _schema_error(violation)
        for name in ("events", "reports"):
            if name in self.held:
                self._merge_all(name, enumerate(self.held.pop(name)))
        rest = {name: self._checked(name) for name in ("treaties", "letters") if name in self.held}
        document = {"source": self.header.get("source", {}), **rest}
        treaties = parse_treaties(document, self.now)
        letters = parse_letters(document, self.now)
        result = merge_treaties(self.session, treaties, self.result, self.proven_body)
        return merge_letters(self.session, letters, self.attachment_files, result, self.proven_body)

    def _start(self) -> _RecordReader:
        """Check the top-level members read so far, once, before the first record is read."""
        if self._reader is None:
            _check_header(self.header)
            source = self.header.get("source", {})
            self._reader = _RecordReader(self.now, source)
            sender = next((source[name] for name in ("body_name_en", "body_name_ru", "body_name_kk", "body_bin")
                           if source.get(name)), "")
            self._provenance = Provenance(sender, "file", "imported")
        return self._reader

    def _checked(self, name: str) -> list[Any]:
        records = self.held.pop(name)
        for index, values in enumerate(records):
            violation = record_violation(name, index, values)
            if violation is not None:
                raise _record_error(violation, values)
        return records

    def _merge_all(self, name: str, records: Iterator[tuple[int, Any]]) -> None:
        reader = self._start()
        read: Callable[[int, Any], Any] = reader.event if name == "events" else reader.report
        with closing(read_ahead(records, read, BATCH)) as batches:
            for batch in batches:
                self._merge(name, batch)

    def _merge(self, name: str, batch: list[Any]) -> None:
        events, reports = (batch, []) if name == "events" else ([], batch)
        part = merge(self.session, events, reports, self.attachment_files, self.proven_body, self._provenance)
        self.result = dataclasses.replace(
            self.result, created=self.result.created + part.created, updated=self.result.updated + part.updated,
            unchanged=self.result.unchanged + part.unchanged, conflicts=self.result.conflicts + part.conflicts,
            missing_attachments=self.result.missing_attachments + part.missing_attachments)


def merge(session: Session, events: Sequence[EventRecord], reports: Sequence[InterchangeReport],
          attachment_files: Mapping[str, bytes], proven_body: str | None = None,
          provenance: Provenance | None = None) -> ImportResult:
    """Merge checked records in the caller's transaction. With `provenance`, the history keeps each copy that
    replaced a stored record and each older copy that did not (a conflict), so neither is lost."""
    own = store_owner(session)
    events = [record if record.owner else dataclasses.replace(record, owner=own) for record in events]
    reports = [record if record.owner else dataclasses.replace(record, owner=own) for record in reports]
    conflicts: list[Conflict] = []
    new_events, newer_events, same_events = _triage(session, Event.__table__, "event", events, conflicts,
                                                    proven_body)
    new_reports, newer_reports, same_reports = _triage(session, Report.__table__, "report", reports, conflicts,
                                                       proven_body)
    newer_reports = refuse_status_moves(session, newer_reports, conflicts)
    _refuse_attachments_of_other_events(session, [*new_events, *newer_events])
    _refuse_orphan_reports(session, [*new_reports, *newer_reports], {record.id for record in events})
    _refuse_second_reports(session, [*new_reports, *newer_reports])

    missing = _store_blobs(session, [*new_events, *newer_events], attachment_files)
    new_events, newer_events = _without(missing, new_events), _without(missing, newer_events)
    replaced_hashes = _attachment_hashes(session, [record.id for record in newer_events])
    insert_event_records(session, new_events)
    replace_event_records(session, newer_events)
    drop_unreferenced_blobs(session, replaced_hashes)
    insert_report_records(session, new_reports)
    replace_report_records(session, newer_reports)
    if provenance is not None:
        _keep_history(session, [*newer_events, *newer_reports], conflicts, events, reports, provenance)
    return ImportResult(
        created=len(new_events) + len(new_reports),
        updated=len(newer_events) + len(newer_reports),
        unchanged=same_events + same_reports,
        conflicts=conflicts,
        missing_attachments=missing,
    )


def _triage(session: Session, table: Table, kind: str, records: Sequence[R], conflicts: list[Conflict],
            proven_body: str | None) -> tuple[list[R], list[R], int]:
    """Split by the stored copy's time: new, newer than stored, and the count of those stored as they are.
    A newer copy that may not change the stored record (see `refuse_foreign_change`) refuses the file."""
    stored: dict[UUID, tuple[dt.datetime, str]] = {}
    for chunk in chunked([record.id for record in records]):
        rows = session.execute(select(table.c.id, table.c.updated_at, table.c.owner).where(table.c.id.in_(chunk)))
        stored.update((row.id, (row.updated_at, row.owner)) for row in rows)
    new: list[R] = []
    newer: list[R] = []
    same = 0
    for record in records:
        local = stored.get(record.id)
        if local is None:
            new.append(record)
        elif record.updated_at > local[0]:
            refuse_foreign_change(kind, record.id, record.owner, local[1], proven_body)
            newer.append(record)
        elif record.updated_at == local[0]:
            same += 1
        else:
            conflicts.append(Conflict(kind, record.id, local[0], record.updated_at))
    return new, newer, same


_FOREIGN_COPY = {
    "event": N_("The event {id} belongs to the body {owner}, but the file's copy, which would change it, belongs "
                "to the body {other}. Nothing was imported."),
    "report": N_("The report {id} belongs to the body {owner}, but the file's copy, which would change it, belongs "
                 "to the body {other}. Nothing was imported."),
}
_FOREIGN_SIGNER = {
    "event": N_("The event {id} belongs to the body {owner}, but the bundle, which would change it, is signed for "
                "the body {other}. Nothing was imported."),
    "report": N_("The report {id} belongs to the body {owner}, but the bundle, which would change it, is signed for "
                 "the body {other}. Nothing was imported."),
}


def refuse_status_moves(session: Session, reports: Sequence[InterchangeReport],
                        conflicts: list[Conflict]) -> list[InterchangeReport]:
    """The newer copies whose status the one status machine (hattama.rules.report_status) can bring the stored
    report to; each other one is a conflict with the machine's reason: the store's copy stays (an acknowledged
    report never goes back to draft by an import) and the file's goes to the report's history."""
    stored: dict[UUID, tuple[str, dt.datetime]] = {}
    for chunk in chunked([record.id for record in reports]):
        rows = session.execute(select(Report.id, Report.status, Report.updated_at).where(Report.id.in_(chunk)))
        stored.update((row.id, (row.status, row.updated_at)) for row in rows)
    kept: list[InterchangeReport] = []
    for record in reports:
        status, updated_at = stored[record.id]
        try:
            check_merge(status, record.status)
        except RuleError as error:
            conflicts.append(Conflict("report", record.id, updated_at, record.updated_at,
                                      Message(error.msgid, error.params)))
        else:
            kept.append(record)
    return kept


def refuse_foreign_change(kind: str, record_id: UUID, incoming_owner: str, owner: str,
                          proven_body: str | None) -> None:
    """Only the owner's own copy changes (or bins) a stored record, and through a bundle only when its signer
    proves to be the owner."""
    if incoming_owner != owner:
        raise ServiceError(_FOREIGN_COPY[kind], id=str(record_id), owner=owner, other=incoming_owner)
    if proven_body is not None and proven_body != owner:
        raise ServiceError(_FOREIGN_SIGNER[kind], id=str(record_id), owner=owner, other=proven_body or "—")


def _keep_history(session: Session, replacing: Sequence[EventRecord | InterchangeReport], conflicts: Sequence[Conflict],
                  events: Sequence[EventRecord], reports: Sequence[InterchangeReport], provenance: Provenance) -> None:
    older = {conflict.id for conflict in conflicts}
    lost = dataclasses.replace(provenance, reason="lost")
    kept = {record.id for record in replacing}

    def keep(kind: str, records: Sequence[R], to_json: Callable[[R], dict[str, Any]]) -> None:
        keep_versions(session, kind, [to_json(r) for r in records if r.id in kept], provenance)
        keep_versions(session, kind, [to_json(r) for r in records if r.id in older], lost)

    keep("event", events, event_to_json)
    keep("report", reports, report_to_json)


def _refuse_attachments_of_other_events(session: Session, events: Sequence[EventRecord]) -> None:
    """An attachment id is one file of one event: the same id stored for another event is not this one."""
    event_of = {a.id: (record.id, a.file_name) for record in events for a in record.attachments}
    for chunk in chunked(list(event_of)):
        for attachment_id, stored_event in session.execute(
                select(Attachment.id, Attachment.event_id).where(Attachment.id.in_(chunk))):
            event_id, file_name = event_of[attachment_id]
            if stored_event != event_id:
                raise ServiceError(
                    N_("The attachment {id} (“{file_name}”) of the event {event_id} in the file is already stored "
                       "for another event, {other}. Nothing was imported."),
                    id=str(attachment_id), file_name=file_name, event_id=str(event_id), other=str(stored_event))


def _refuse_orphan_reports(session: Session, reports: Sequence[InterchangeReport], events_in_file: set[UUID]) -> None:
    wanted = list({record.event_id for record in reports} - events_in_file)
    stored: set[UUID] = set()
    for chunk in chunked(wanted):
        stored.update(session.scalars(select(Event.id).where(Event.id.in_(chunk))))
    for record in reports:
        if record.event_id not in events_in_file and record.event_id not in stored:
            raise ServiceError(N_("The report {id} is for an event that is neither in the file nor in the store."),
                               id=str(record.id))


def _refuse_second_reports(session: Session, reports: Sequence[InterchangeReport]) -> None:
    """An event has one report: another report already stored for it means two people wrote one each."""
    by_event = {record.event_id: record.id for record in reports}
    for chunk in chunked(list(by_event)):
        for stored_id, event_id in session.execute(select(Report.id, Report.event_id).where(Report.event_id.in_(chunk))):
            if stored_id != by_event[event_id]:
                raise ServiceError(
                    N_("The report {id} is for an event that already has another report ({other}) in the store."),
                    id=str(by_event[event_id]), other=str(stored_id))


def _store_blobs(session: Session, records: Sequence[EventRecord],
                 attachment_files: Mapping[str, bytes]) -> list[MissingAttachment]:
    """Store the contents that came with the file; the attachments whose content is nowhere are returned."""
    wanted = list({a.sha256 for record in records for a in record.attachments})
    stored: set[str] = set()
    for chunk in chunked(wanted):
        stored.update(session.scalars(select(AttachmentBlob.sha256).where(AttachmentBlob.sha256.in_(chunk))))
    supplied = {sha256: attachment_files[sha256] for sha256 in wanted
                if sha256 not in stored and sha256 in attachment_files
                and hashlib.sha256(attachment_files[sha256]).hexdigest() == sha256}
    if supplied:
        now = utc_now()
        session.execute(insert(AttachmentBlob.__table__), [
            {"id": uuid4(), "sha256": sha256, "size": len(content), "content": content, "created_at": now,
             "updated_at": now} for sha256, content in supplied.items()])
    available = stored | supplied.keys()
    return [MissingAttachment(record.id, a.file_name, a.sha256)
            for record in records for a in record.attachments if a.sha256 not in available]


def _without(missing: Sequence[MissingAttachment], records: list[EventRecord]) -> list[EventRecord]:
    if not missing:
        return records
    absent = {(m.event_id, m.sha256) for m in missing}
    return [dataclasses.replace(record, attachments=tuple(
        a for a in record.attachments if (record.id, a.sha256) not in absent)) for record in records]


def _attachment_hashes(session: Session, event_ids: Sequence[UUID]) -> set[str]:
    hashes: set[str] = set()
    for chunk in chunked(event_ids):
        hashes.update(session.scalars(select(Attachment.sha256).where(Attachment.event_id.in_(chunk))))
    return hashes
