"""Record history (issue 17.3): every version of an event or a report, with who made it, when and where.

A version is the record's interchange form (`interchange.records`), kept as JSON in `record_version`. The save
paths of `services.events` and `services.reports` call `keep_version` in their transaction; imports and trip
merges keep the versions they bring in, and a merge keeps the version it lost. Versions are only ever added.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from hattama.db.models import RecordVersion, TripKit, UnitSettings
from hattama.db.store import Store
from hattama.db.types import utc_now
from hattama.language import N_
from hattama.services.errors import ServiceError

KINDS = ("event", "report")
# Where a version was made: the unit's own store, a laptop that opened a trip kit, or a file from elsewhere.
ORIGINS = ("unit", "laptop", "file")


@dataclass(frozen=True)
class Provenance:
    """Who made the versions being kept, in which kind of store, and why they are kept."""

    author: str
    origin: str
    reason: str


@dataclass(frozen=True)
class Version:
    kind: str
    record_id: UUID
    version_at: dt.datetime
    author: str
    origin: str
    reason: str
    fields: dict[str, Any]


def store_origin(session: Session) -> str:
    """"laptop" in a store that opened a trip kit, else "unit"."""
    opened = session.scalar(select(TripKit.id).where(TripKit.role == "opened").limit(1))
    return "unit" if opened is None else "laptop"


def local_author(session: Session) -> str:
    """The officer named in the store's settings, else the account logged in."""
    name = session.scalar(select(UnitSettings.officer_name).limit(1))
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a service account without a passwd entry)
        return ""


def local_provenance(session: Session, reason: str = "saved") -> Provenance:
    return Provenance(local_author(session), store_origin(session), reason)


def record_fields(kind: str, session: Session, ids: Sequence[UUID]) -> dict[UUID, dict[str, Any]]:
    """The records' interchange form, by id (those that exist), as an export writes them (`row_json`)."""
    from hattama.services.event_storage import chunked
    from hattama.services.interchange.row_json import EventRows, ReportRows

    rows = EventRows(session) if kind == "event" else ReportRows(session)
    found: dict[UUID, dict[str, Any]] = {}
    for chunk in chunked(list(ids)):
        found.update((UUID(key), record) for key, record in rows.load(chunk).items())
    return found


def keep_version(session: Session, kind: str, record_id: UUID, reason: str = "saved") -> None:
    """Keep the record's version as it now is in this session (call after the change, before commit)."""
    session.flush()
    fields = record_fields(kind, session, [record_id]).get(record_id)
    if fields is not None:
        keep_versions(session, kind, [fields], local_provenance(session, reason))


def keep_versions(session: Session, kind: str, versions: Sequence[Mapping[str, Any]], provenance: Provenance) -> None:
    """Keep versions given in their interchange form (each names its `id` and `updated_at`)."""
    if not versions:
        return
    from hattama.services.interchange.records import utc_from_text

    now = utc_now()
    session.execute(insert(RecordVersion.__table__), [
        {"id": uuid4(), "created_at": now, "updated_at": now, "record_kind": kind, "record_id": UUID(v["id"]),
         "version_at": utc_from_text(v["updated_at"]), "author": provenance.author[:200],
         "origin": provenance.origin, "reason": provenance.reason,
         "fields": json.dumps(v, ensure_ascii=False, separators=(",", ":"))}
        for v in versions])


def known_versions(session: Session, kind: str, ids: Sequence[UUID]) -> set[tuple[UUID, dt.datetime, str]]:
    """(record id, version time, origin) of every version kept for these records."""
    from hattama.services.event_storage import chunked

    table = RecordVersion.__table__
    known: set[tuple[UUID, dt.datetime, str]] = set()
    for chunk in chunked(list(ids)):
        known.update(session.execute(select(table.c.record_id, table.c.version_at, table.c.origin).where(
            table.c.record_kind == kind, table.c.record_id.in_(chunk))).tuples())
    return known


def latest_versions(session: Session, kind: str, ids: Sequence[UUID], origin: str) -> dict[UUID, dict[str, Any]]:
    """The newest version made in `origin` of each of these records (those that have one)."""
    from hattama.services.event_storage import chunked

    table = RecordVersion.__table__
    latest: dict[UUID, dict[str, Any]] = {}
    for chunk in chunked(list(ids)):
        for row in session.execute(select(table.c.record_id, table.c.fields).where(
                table.c.record_kind == kind, table.c.origin == origin, table.c.record_id.in_(chunk))
                .order_by(table.c.version_at, table.c.created_at)):
            latest[row.record_id] = json.loads(row.fields)
    return latest


def history(store: Store, kind: str, record_id: UUID) -> list[Version]:
    """Every kept version of the record, oldest first; the current one is last (it is added, without author,
    when the record was last changed before history was kept)."""
    table = RecordVersion.__table__
    with store.session() as session:
        rows = session.execute(select(table).where(table.c.record_kind == kind, table.c.record_id == record_id)
                               .order_by(table.c.version_at, table.c.created_at)).all()
        current = record_fields(kind, session, [record_id]).get(record_id)
    if current is None and not rows:
        raise ServiceError(N_("There is no event or report with the id {id}."), id=str(record_id))
    versions = [Version(kind, row.record_id, row.version_at, row.author, row.origin, row.reason, json.loads(row.fields))
                for row in rows]
    if current is not None and not any(v.fields == current for v in versions):
        from hattama.services.interchange.records import utc_from_text

        versions.append(Version(kind, record_id, utc_from_text(current["updated_at"]), "", "", "current", current))
    return versions


def version_as_json(version: Version) -> dict[str, Any]:
    from hattama.services.interchange.records import utc_text

    return {"kind": version.kind, "id": str(version.record_id), "version_at": utc_text(version.version_at),
            "author": version.author, "origin": version.origin, "reason": version.reason, "fields": version.fields}
