"""Events in the store in bulk: the same few statements whatever the count (the editor saves one event
with them, the importer and the demo 100,000), and the small steps every change of an event takes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Label,
    Row,
    String,
    Table,
    and_,
    bindparam,
    delete,
    exists,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session

from hattama.db.bulk import insert_rows, new_ids
from hattama.db.models import (
    Attachment,
    AttachmentBlob,
    Event,
    EventParticipant,
    EventParty,
    LetterAttachment,
)
from hattama.db.types import utc_now
from hattama.language import N_
from hattama.rules.event_validation import (
    EventData,
    Participant,
    Party,
)
from hattama.services.errors import ServiceError
from hattama.services.event_sort_keys import event_sort_keys
from hattama.services.settings import store_owner

# Parameters per IN (...) list: well under SQLite's and PostgreSQL's limits.
IN_CHUNK = 1000

EVENT_TABLE = Event.__table__
PARTY_TABLE = EventParty.__table__
PARTICIPANT_TABLE = EventParticipant.__table__
ATTACHMENT_TABLE = Attachment.__table__


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

def chunked(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


_EVENT_FIELD_VALUES = operator.attrgetter(*EVENT_FIELDS)


def _sort_keys(data: EventData) -> dict[str, Any]:
    """The lists' sort keys (columns of the event row), always in the same order."""
    return event_sort_keys(data.title_kk, data.title_ru, data.kind, data.country, data.city, data.city_ru)


def _event_values(record: EventRecord) -> dict[str, Any]:
    """The event row's columns but its id and creation time (which an update leaves alone)."""
    values = {name: getattr(record.data, name) for name in EVENT_FIELDS}
    values.update(updated_at=record.updated_at, deleted_at=record.deleted_at)
    values.update(_sort_keys(record.data))
    return values


def _child_rows(
    records: Sequence[EventRecord],
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Rows of the three child tables (their times are set by the database: see `_insert_children`)."""
    parties: list[tuple[Any, ...]] = []
    participants: list[tuple[Any, ...]] = []
    attachments: list[tuple[Any, ...]] = []
    ids = iter(new_ids(sum(len(record.data.parties) + len(record.data.participants) for record in records)))
    for record in records:
        event_id = record.id.hex  # as the store keeps it (insert_rows takes it so), made once for all children
        parties += [(next(ids), event_id, p.kind, p.code, p.name, position)
                    for position, p in enumerate(record.data.parties)]
        participants += [(next(ids), event_id, position, p.side, p.full_name, p.job_title, p.organisation,
                          p.job_title_ru, p.organisation_ru) for position, p in enumerate(record.data.participants)]
        attachments += [(a.id, event_id, a.file_name, a.media_type, a.size, a.sha256) for a in record.attachments]
    return parties, participants, attachments


# The columns of `_child_rows`' tuples (tests/interchange/test_bulk_insert.py holds them to the dataclasses).
CHILD_COLUMNS = (("id", "event_id", "party_kind", "code", "name", "position"),
                 ("id", "event_id", "position", "side", "full_name", "job_title", "organisation", "job_title_ru",
                  "organisation_ru"),
                 ("id", "event_id", "file_name", "media_type", "size", "sha256"))


def _insert_children(session: Session, records: Sequence[EventRecord]) -> None:
    # Children change only with their event, which carries the time that matters; letting the database stamp
    # them spares converting two times per row, a third of an import of 100,000 events. Plain tuples, not a
    # dict per row (issue 18.4).
    now = {"created_at": "CURRENT_TIMESTAMP", "updated_at": "CURRENT_TIMESTAMP"}
    for table, names, rows in zip((PARTY_TABLE, PARTICIPANT_TABLE, ATTACHMENT_TABLE), CHILD_COLUMNS,
                                  _child_rows(records), strict=True):
        insert_rows(session, table, names, rows, sql_values=now)


def insert_event_records(session: Session, records: Sequence[EventRecord]) -> None:
    """Insert new events with their children in a few executemany statements. Attachment blobs must exist.
    A record without an owner is the store's own body's."""
    if not records:
        return
    own = store_owner(session)
    # Tuples in the order of `names`, made without a dict per row (issue 18.4).
    names = [*EVENT_FIELDS, *_sort_keys(records[0].data), "id", "created_at", "updated_at", "deleted_at", "owner"]
    rows = [(*_EVENT_FIELD_VALUES(r.data), *_sort_keys(r.data).values(), r.id, r.created_at, r.updated_at,
             r.deleted_at, r.owner or own) for r in records]
    insert_rows(session, EVENT_TABLE, names, rows)
    _insert_children(session, records)


def replace_event_records(session: Session, records: Sequence[EventRecord]) -> None:
    """Overwrite existing events (their creation time stays) and replace all their children."""
    if not records:
        return
    ids = [record.id for record in records]
    for table in (PARTY_TABLE, PARTICIPANT_TABLE, ATTACHMENT_TABLE):
        for chunk in chunked(ids):
            session.execute(delete(table).where(table.c.event_id.in_(chunk)))
    rows = [{**_event_values(r), "record_id": r.id} for r in records]
    session.execute(update(EVENT_TABLE).where(EVENT_TABLE.c.id == bindparam("record_id")), rows)
    _insert_children(session, records)


def drop_unreferenced_blobs(session: Session, sha256s: Iterable[str]) -> None:
    """Of these file contents, drop those no attachment refers to any more."""
    condition = and_(~exists().where(Attachment.sha256 == AttachmentBlob.sha256),
                     ~exists().where(LetterAttachment.sha256 == AttachmentBlob.sha256))
    for chunk in chunked(list(sha256s)):
        session.execute(delete(AttachmentBlob).where(condition, AttachmentBlob.sha256.in_(chunk)))


def event_key(column: ColumnElement[Any]) -> Label[str]:
    """An event id as the driver hands it over, unconverted: enough to match children to their event, and far
    cheaper than making a UUID object for each of 500,000 child rows."""
    return type_coerce(column, String).label("event_key")


def children_of(session: Session, table: Table, columns: Sequence[str], condition: ColumnElement[bool] | None,
              order: str) -> dict[Any, list[Row[Any]]]:
    """Child rows grouped by `event_key`, for the events matching `condition`: one query whatever the count."""
    query = select(event_key(table.c.event_id), *(table.c[name] for name in columns))
    query = query.order_by(table.c.event_id, table.c[order])
    if condition is not None:
        query = query.where(table.c.event_id.in_(select(EVENT_TABLE.c.id).where(condition)))
    grouped: dict[Any, list[Row[Any]]] = defaultdict(list)
    for row in session.execute(query).all():  # all(): one fetch, not one per row
        grouped[row.event_key].append(row)
    return grouped


PARTY_COLUMNS = ("party_kind", "code", "name")
PARTICIPANT_COLUMNS = tuple(f.name for f in dataclasses.fields(Participant))
ATTACHMENT_COLUMNS = ("id", "file_name", "media_type", "size", "sha256")


def load_event_records(session: Session, condition: ColumnElement[bool] | None = None) -> list[EventRecord]:
    """Full events matching `condition` (all if None), by start time, in four queries."""
    columns = [*EVENT_FIELDS, "id", "created_at", "updated_at", "deleted_at", "owner"]
    query = select(*(EVENT_TABLE.c[name] for name in columns), event_key(EVENT_TABLE.c.id))
    query = query.order_by(EVENT_TABLE.c.starts_at, EVENT_TABLE.c.id)
    if condition is not None:
        query = query.where(condition)
    events = session.execute(query).all()
    parties = children_of(session, PARTY_TABLE, PARTY_COLUMNS, condition, "position")
    participants = children_of(session, PARTICIPANT_TABLE, PARTICIPANT_COLUMNS, condition, "position")
    attachments = children_of(session, ATTACHMENT_TABLE, ATTACHMENT_COLUMNS, condition, "file_name")
    field_count = len(EVENT_FIELDS)
    records = []
    for row in events:
        data = EventData(  # type: ignore[misc]  # EVENT_FIELDS leaves these two out; mypy cannot count the slice
            *row[:field_count],
            parties=tuple(Party(*p[1:]) for p in parties.get(row.event_key, ())),
            participants=tuple(Participant(*p[1:]) for p in participants.get(row.event_key, ())),
        )
        infos = tuple(AttachmentInfo(*a[1:]) for a in attachments.get(row.event_key, ()))
        records.append(EventRecord(row.id, data, infos, row.created_at, row.updated_at, row.deleted_at, row.owner))
    return records


def later_than(previous: dt.datetime) -> dt.datetime:
    """Now, but never at or before the previous change (clocks of merged machines differ)."""
    return max(utc_now(), previous + dt.timedelta(microseconds=1))


def no_such_event(event_id: UUID) -> ServiceError:
    return ServiceError(N_("There is no event with the id {id}."), id=str(event_id))


def refuse_if_binned(deleted_at: dt.datetime | None) -> None:
    if deleted_at is not None:
        raise ServiceError(N_("The event is in the bin; restore it before changing it."))


def load_one(session: Session, event_id: UUID) -> EventRecord:
    found = load_event_records(session, EVENT_TABLE.c.id == event_id)
    if not found:
        raise no_such_event(event_id)
    return found[0]


def touch(session: Session, event_id: UUID, *, editable: bool = True, **values: Any) -> None:
    """Change an event's columns and move its `updated_at` on, so the change travels in the interchange."""
    current = session.execute(select(EVENT_TABLE.c.updated_at, EVENT_TABLE.c.deleted_at).where(EVENT_TABLE.c.id == event_id)).first()
    if current is None:
        raise no_such_event(event_id)
    if editable:
        refuse_if_binned(current.deleted_at)
    session.execute(update(EVENT_TABLE).where(EVENT_TABLE.c.id == event_id).values(updated_at=later_than(current.updated_at),
                                                                          **values))


def year_condition(year: int) -> ColumnElement[bool]:
    return and_(EVENT_TABLE.c.starts_at >= dt.datetime(year, 1, 1), EVENT_TABLE.c.starts_at < dt.datetime(year + 1, 1, 1))
