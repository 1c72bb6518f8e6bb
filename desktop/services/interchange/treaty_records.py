"""Treaties (p.2) in the interchange document: the optional top-level `treaties` array, read, checked and merged
as events are — by id and `updated_at`, only the owning body's copy changing a stored treaty, an older copy kept
out and reported as a conflict. A measure's links to events that are neither in the file nor in the store are
dropped (the event stayed with the other body)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hattama.db.models import Event, Treaty, TreatyMeasure
from hattama.db.types import utc_now
from hattama.language import N_
from hattama.rules.event_validation import Party
from hattama.rules.treaty_validation import Measure, ProcedureStep, TreatyData, validate_treaty
from hattama.services.errors import ServiceError
from hattama.services.event_reference import known_countries
from hattama.services.event_storage import chunked
from hattama.services.interchange.importer import Conflict, ImportResult
from hattama.services.interchange.records import utc_from_text, utc_text
from hattama.services.settings import identity_of, store_owner
from hattama.services.treaties import TREATY_FIELDS, fill_treaty, load_treaties

_DATE_FIELDS = ("signed_on", "consent_act_date", "in_force_on", "terminated_on")
MAX_CLOCK_AHEAD = dt.timedelta(days=1)


@dataclass(frozen=True)
class InterchangeTreaty:
    id: UUID
    data: TreatyData
    created_at: dt.datetime
    updated_at: dt.datetime
    owner: str = ""


def _date_text(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def treaty_to_json(record: InterchangeTreaty) -> dict[str, Any]:
    data = record.data
    values: dict[str, Any] = {name: getattr(data, name) for name in TREATY_FIELDS}
    values.update({name: _date_text(getattr(data, name)) for name in _DATE_FIELDS})
    return {
        "id": str(record.id), "created_at": utc_text(record.created_at), "updated_at": utc_text(record.updated_at),
        "owner": record.owner, **values,
        "parties": [{"kind": p.kind, "code": p.code, "name": p.name} for p in data.parties],
        "measures": [{"year": m.year, "kind": m.kind, "taken_on": _date_text(m.taken_on), "description": m.description,
                      "result": m.result, "organisation": m.organisation,
                      "event_ids": [str(event_id) for event_id in m.event_ids]} for m in data.measures],
        "steps": [{"stage": s.stage, "description": s.description, "started_on": _date_text(s.started_on),
                   "completed_on": _date_text(s.completed_on), "reason": s.reason} for s in data.steps],
    }  # fmt: skip


def treaty_from_json(values: Mapping[str, Any], received_at: dt.datetime, owner: str = "") -> InterchangeTreaty:
    """ValueError if a value the schema lets through is still impossible (30 February)."""
    fields = {name: values[name] for name in TREATY_FIELDS if name in values}
    fields.update({name: _date(values.get(name)) for name in _DATE_FIELDS})
    data = TreatyData(
        **fields,
        parties=tuple(Party(p["kind"], p["code"], p.get("name", "")) for p in values.get("parties", ())),
        measures=tuple(Measure(m["year"], m["kind"], m["description"], _date(m.get("taken_on")), m.get("result", ""),
                               m.get("organisation", ""), tuple(UUID(e) for e in m.get("event_ids", ())))
                       for m in values.get("measures", ())),
        steps=tuple(ProcedureStep(s["stage"], s.get("description", ""), _date(s.get("started_on")),
                                  _date(s.get("completed_on")), s.get("reason", "")) for s in values.get("steps", ())),
    )
    created = values.get("created_at")
    return InterchangeTreaty(UUID(values["id"]), data, utc_from_text(created) if created else received_at,
                             utc_from_text(values["updated_at"]), values.get("owner") or owner)


def load_interchange_treaties(session: Session) -> list[InterchangeTreaty]:
    owners: dict[UUID, str] = {row.id: row.owner for row in session.execute(select(Treaty.id, Treaty.owner))}
    return [InterchangeTreaty(r.id, r.data, r.created_at, r.updated_at, owners[r.id]) for r in load_treaties(session)]


def parse_treaties(document: Mapping[str, Any], now: dt.datetime | None = None) -> list[InterchangeTreaty]:
    """The treaties of a document that passed the schema check (none if it has no `treaties`): each readable,
    valid, its id once and its time not ahead of `now` by more than a day; ServiceError otherwise. A treaty
    naming no owner belongs to the file's `source` body."""
    received_at = utc_now() if now is None else now
    source = document.get("source", {})
    sender = identity_of(source.get("body_bin", ""), source.get("body_id"))
    treaties = []
    for index, values in enumerate(document.get("treaties", ())):
        path = f"$.treaties[{index}]"
        try:
            record = treaty_from_json(values, received_at, sender)
        except ValueError:
            raise ServiceError(N_("The file does not follow the interchange format at {path}: "
                                  "a date or time there does not exist."), path=path) from None
        problems = validate_treaty(record.data, known_countries())
        if problems:
            raise ServiceError(N_("The treaty at {path} in the file cannot be imported: {field}: {problem}"),
                               path=path, field=problems[0].field, problem=problems[0])
        if record.updated_at > received_at + MAX_CLOCK_AHEAD:
            raise ServiceError(N_("The treaty {id} in the file was changed at {time}, more than a day after now "
                                  "({now}); a record from the future would win every later merge, so the file is "
                                  "refused."), id=str(record.id), time=utc_text(record.updated_at),
                               now=utc_text(received_at))
        treaties.append(record)
    seen: set[UUID] = set()
    for record in treaties:
        if record.id in seen:
            raise ServiceError(N_("The file lists the id {id} more than once."), id=str(record.id))
        seen.add(record.id)
    return treaties


def _refuse_foreign_change(record: InterchangeTreaty, owner: str, proven_body: str | None) -> None:
    if record.owner != owner:
        raise ServiceError(N_("The treaty {id} belongs to the body {owner}, but the file's copy, which would change "
                              "it, belongs to the body {other}. Nothing was imported."),
                           id=str(record.id), owner=owner, other=record.owner)
    if proven_body is not None and proven_body != owner:
        raise ServiceError(N_("The treaty {id} belongs to the body {owner}, but the bundle, which would change it, "
                              "is signed for the body {other}. Nothing was imported."),
                           id=str(record.id), owner=owner, other=proven_body or "—")


def _known_events(session: Session, treaties: Sequence[InterchangeTreaty]) -> set[UUID]:
    linked = list({event_id for record in treaties for m in record.data.measures for event_id in m.event_ids})
    known: set[UUID] = set()
    for chunk in chunked(linked):
        known.update(session.scalars(select(Event.id).where(Event.id.in_(chunk))))
    return known


def _linked_to(known: set[UUID], data: TreatyData) -> TreatyData:
    return dataclasses.replace(data, measures=tuple(
        dataclasses.replace(m, event_ids=tuple(e for e in m.event_ids if e in known)) for m in data.measures))


def merge_treaties(session: Session, treaties: Sequence[InterchangeTreaty], result: ImportResult,
                   proven_body: str | None = None) -> ImportResult:
    """Merge checked treaties in the caller's transaction, after the events; `result` (the events' and reports')
    comes back with the treaties' counts and conflicts."""
    if not treaties:
        return result
    own = store_owner(session)
    known = _known_events(session, treaties)
    stored = {treaty.id: treaty for treaty in session.scalars(
        select(Treaty).options(selectinload(Treaty.parties), selectinload(Treaty.steps),
                               selectinload(Treaty.measures).selectinload(TreatyMeasure.events))
        .where(Treaty.id.in_([record.id for record in treaties])))}
    created = updated = unchanged = 0
    conflicts = list(result.conflicts)
    for record in treaties:
        owner = record.owner or own
        local = stored.get(record.id)
        if local is not None and record.updated_at == local.updated_at:
            unchanged += 1
            continue
        if local is not None and record.updated_at < local.updated_at:
            conflicts.append(Conflict("treaty", record.id, local.updated_at, record.updated_at))
            continue
        if local is None:
            local = Treaty(id=record.id, created_at=record.created_at)
            session.add(local)
            created += 1
        else:
            _refuse_foreign_change(record, local.owner, proven_body)
            updated += 1
        fill_treaty(local, _linked_to(known, record.data))
        local.owner, local.updated_at = owner, record.updated_at
    session.flush()
    return dataclasses.replace(result, treaties_created=created, treaties_updated=updated,
                               treaties_unchanged=unchanged, conflicts=conflicts)
