"""Merging a returned trip kit into the unit's store (issue 17.2), with a preview first.

Each record the laptop sent is compared with the unit's copy and with the version the kit took on the trip
(`base`), field by field: a field changed on one side only takes that side's value; changed on both sides to
different values it is a conflict, settled by the officer's choice for that field, else by `prefer`. The merge
is one transaction; every version that loses is kept in the record's history (`services.history`), so nothing is
dropped. A version already merged is recognised in the history, so merging the same kit twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from hattama.db.models import TripKit, UnitSettings
from hattama.db.store import Store
from hattama.db.types import utc_now
from hattama.language import N_
from hattama.rules.event_validation import validate_event
from hattama.services.errors import ServiceError
from hattama.services.event_reference import known_countries
from hattama.services.event_storage import EventRecord
from hattama.services.history import (
    Provenance,
    keep_versions,
    known_versions,
    latest_versions,
    local_author,
    record_fields,
)
from hattama.services.interchange.importer import merge, parse_document, refuse_foreign_change
from hattama.services.interchange.records import (
    event_from_json,
    event_to_json,
    report_from_json,
    report_to_json,
    utc_from_text,
    utc_text,
)
from hattama.services.interchange.report_records import TEXT_SECTIONS, InterchangeReport
from hattama.services.settings import store_owner
from hattama.services.trips.service import Payload, read_payload

PREFERENCES = ("unit", "trip")
# What every record carries that is not its content: never compared, never merged.
_META = ("id", "created_at", "updated_at", "owner", "texts")
# Record statuses of the preview.
NEW, UNCHANGED, TAKEN, KEPT, COMBINED, CONFLICT = "new", "unchanged", "taken", "kept", "combined", "conflict"
# A field's side: changed on the trip only, on the unit only, or on both (a conflict).
TRIP, UNIT, BOTH = "trip", "unit", "both"


@dataclass(frozen=True)
class FieldChange:
    """A field whose value differs between the unit's copy and the laptop's."""

    name: str
    unit: Any
    trip: Any
    side: str  # TRIP | UNIT | BOTH


@dataclass(frozen=True)
class RecordMerge:
    kind: str  # event | report
    id: UUID
    title: str
    status: str
    fields: tuple[FieldChange, ...] = ()

    @property
    def conflicts(self) -> tuple[FieldChange, ...]:
        return tuple(change for change in self.fields if change.side == BOTH)


@dataclass(frozen=True)
class MergePreview:
    kit_id: UUID
    unit: str
    author: str
    returned_at: dt.datetime
    records: tuple[RecordMerge, ...]

    def count(self, status: str) -> int:
        return sum(1 for record in self.records if record.status == status)


Choices = Mapping[tuple[str, UUID, str], str]  # (kind, record id, field) → "unit" | "trip"


def flat_fields(kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """A record's content as comparable fields: a report's texts become `texts.<language>.<section>`."""
    fields = {name: value for name, value in values.items() if name not in _META}
    if kind == "report":
        for text in values.get("texts", ()):
            fields.update((f"texts.{text['language']}.{name}", text.get(name, "")) for name in TEXT_SECTIONS)
    return fields


def _unflattened(kind: str, meta: Mapping[str, Any], fields: Mapping[str, Any], at: str) -> dict[str, Any]:
    values = {**{name: meta[name] for name in ("id", "created_at", "owner")}, "updated_at": at}
    values.update((name, value) for name, value in fields.items() if not name.startswith("texts."))
    if kind == "report":
        languages = sorted({name.split(".")[1] for name in fields if name.startswith("texts.")})
        values["texts"] = [{"language": language, "updated_at": at,
                            **{name: fields.get(f"texts.{language}.{name}", "") for name in TEXT_SECTIONS}}
                           for language in languages]
    return values


def _title(values: Mapping[str, Any]) -> str:
    return values.get("title_kk") or values.get("title_ru") or ""


# ---------------------------------------------------------------------------------------------- planning

def _check_kit(session: Session, payload: Payload) -> TripKit:
    own, own_body_id = store_owner(session), session.scalar(select(UnitSettings.body_id).limit(1))
    if payload.unit_body_id != own_body_id:
        theirs, ours = payload.unit, own
        if theirs == ours:  # two units of one body (one BIN): their stores' identities tell them apart
            theirs, ours = str(payload.unit_body_id), str(own_body_id)
        raise ServiceError(N_("The trip kit belongs to the unit {kit_unit}, not to this store's unit {unit}: a "
                              "trip kit returns to its own unit only. Nothing was merged."),
                           kit_unit=theirs, unit=ours)
    kit_row = session.scalar(select(TripKit).where(TripKit.kit_id == payload.kit_id, TripKit.role == "exported"))
    if kit_row is None:
        raise ServiceError(N_("This store did not export the trip kit {kit_id}. Nothing was merged."),
                           kit_id=str(payload.kit_id))
    if kit_row.last_return_at is not None and payload.created_at < kit_row.last_return_at:
        raise ServiceError(N_("The returned kit was made at {made}, before the one already merged from this trip "
                              "({merged}): it is older than the unit's version of its records. Nothing was merged."),
                           made=utc_text(payload.created_at), merged=utc_text(kit_row.last_return_at))
    return kit_row


def _incoming(payload: Payload, now: dt.datetime | None) -> dict[str, list[dict[str, Any]]]:
    """The laptop's records, checked by the interchange importer and written back in their normal form."""
    events, reports = parse_document(payload.document, now)
    return {"event": [event_to_json(record) for record in events],
            "report": [report_to_json(record) for record in reports]}


def _plan_record(kind: str, trip: dict[str, Any], unit: dict[str, Any] | None, base: dict[str, Any] | None,
                 known: set[tuple[UUID, dt.datetime, str]], title: str) -> RecordMerge:
    record_id = UUID(trip["id"])
    if unit is None:
        return RecordMerge(kind, record_id, title, NEW)
    refuse_foreign_change(kind, record_id, trip["owner"], unit["owner"], None)
    trip_fields, unit_fields = flat_fields(kind, trip), flat_fields(kind, unit)
    if (record_id, utc_from_text(trip["updated_at"]), TRIP_ORIGIN) in known or trip_fields == unit_fields:
        return RecordMerge(kind, record_id, title, UNCHANGED)
    base_fields = flat_fields(kind, base) if base is not None else None
    unit_changed = base is None or base["updated_at"] != unit["updated_at"]
    changes = []
    for name in sorted(trip_fields.keys() | unit_fields.keys()):
        ours, theirs = unit_fields.get(name), trip_fields.get(name)
        if ours == theirs:
            continue
        if not unit_changed or (base_fields is not None and base_fields.get(name) == ours):
            side = TRIP
        elif base_fields is not None and base_fields.get(name) == theirs:
            side = UNIT
        else:
            side = BOTH
        changes.append(FieldChange(name, ours, theirs, side))
    sides = {change.side for change in changes}
    status = CONFLICT if BOTH in sides else TAKEN if sides == {TRIP} else KEPT if sides == {UNIT} else COMBINED
    return RecordMerge(kind, record_id, title, status, tuple(changes))


TRIP_ORIGIN = "laptop"


def _common(kit_base: dict[str, Any] | None, returned: dict[str, Any] | None) -> dict[str, Any] | None:
    """The version both sides last shared: the one the kit took, or a later one the trip already returned
    (a trip may return more than once)."""
    if returned is None or (kit_base is not None and utc_from_text(returned["updated_at"])
                            <= utc_from_text(kit_base["updated_at"])):
        return kit_base
    return returned


def _plan(session: Session, payload: Payload, incoming: dict[str, list[dict[str, Any]]]) -> MergePreview:
    """Each record's plan; a report is titled by its event's title (the unit's, else the trip's)."""
    titles = {values["id"]: _title(values) for values in incoming["event"]}
    stored_events = record_fields("event", session, [UUID(values["event_id"]) for values in incoming["report"]])
    titles.update((str(record_id), _title(values)) for record_id, values in stored_events.items())
    records = []
    for kind in ("event", "report"):
        ids = [UUID(values["id"]) for values in incoming[kind]]
        units = record_fields(kind, session, ids)
        known = known_versions(session, kind, ids)
        base = payload.base[f"{kind}s"]
        merged_before = latest_versions(session, kind, ids, TRIP_ORIGIN)
        for values in incoming[kind]:
            unit = units.get(UUID(values["id"]))
            title = _title(unit or values) if kind == "event" else titles.get(values["event_id"], "")
            records.append(_plan_record(kind, values, unit, _common(base.get(values["id"]),
                                                                    merged_before.get(UUID(values["id"]))),
                                        known, title))
    return MergePreview(payload.kit_id, payload.unit, payload.author, payload.created_at, tuple(records))


def preview_merge(store: Store, path: Path, passphrase: str, now: dt.datetime | None = None) -> MergePreview:
    """What merging the returned kit would do; nothing is written."""
    payload = read_payload(path, passphrase, "return")
    incoming = _incoming(payload, now)
    with store.session() as session:
        _check_kit(session, payload)
        return _plan(session, payload, incoming)


# ---------------------------------------------------------------------------------------------- merging

def merge_kit(store: Store, path: Path, passphrase: str, prefer: str = "unit", choices: Choices | None = None,
              now: dt.datetime | None = None) -> MergePreview:
    """Merge the returned kit in one transaction and return what was done (the preview it followed). Each
    conflicting field takes the side chosen for it in `choices`, else `prefer`'s."""
    if prefer not in PREFERENCES:
        raise ServiceError(N_("Prefer “unit” or “trip”, not “{value}”."), value=prefer)
    choices = choices or {}
    payload = read_payload(path, passphrase, "return")
    incoming = _incoming(payload, now)
    with store.session(write=True) as session:
        kit_row = _check_kit(session, payload)
        plan = _plan(session, payload, incoming)
        by_id = {(kind, UUID(values["id"])): values for kind in incoming for values in incoming[kind]}
        units = {kind: record_fields(kind, session, [r.id for r in plan.records if r.kind == kind])
                 for kind in ("event", "report")}
        written: dict[str, list[Any]] = {"event": [], "report": []}
        lost: dict[str, list[Any]] = {"event": [], "report": []}
        returned: dict[str, list[Any]] = {"event": [], "report": []}
        replaced: dict[str, list[Any]] = {"event": [], "report": []}
        known = {kind: known_versions(session, kind, [r.id for r in plan.records if r.kind == kind])
                 for kind in ("event", "report")}
        for record in plan.records:
            if record.status == UNCHANGED:
                continue
            trip = by_id[(record.kind, record.id)]
            unit = units[record.kind].get(record.id)
            result = _resolved(record, trip, unit, prefer, choices)
            if result is None:
                lost[record.kind].append(trip)
                continue
            returned[record.kind].append(trip)
            written[record.kind].append(result)
            if unit is not None and (record.id, utc_from_text(unit["updated_at"]), "unit") not in known[record.kind]:
                replaced[record.kind].append(unit)
        merge(session, [_event(values) for values in written["event"]],
              [_report(values) for values in written["report"]], payload.attachments)
        merged_by = Provenance(local_author(session), "unit", "merged")
        for kind in ("event", "report"):
            keep_versions(session, kind, replaced[kind], Provenance("", "unit", "replaced"))
            keep_versions(session, kind, returned[kind], Provenance(payload.author, TRIP_ORIGIN, "returned"))
            keep_versions(session, kind, lost[kind], Provenance(payload.author, TRIP_ORIGIN, "lost"))
            after = record_fields(kind, session, [UUID(values["id"]) for values in written[kind]])
            keep_versions(session, kind, list(after.values()), merged_by)
        if kit_row.last_return_at is None or payload.created_at > kit_row.last_return_at:
            kit_row.last_return_at = payload.created_at
    return plan


def _resolved(record: RecordMerge, trip: dict[str, Any], unit: dict[str, Any] | None, prefer: str,
              choices: Choices) -> dict[str, Any] | None:
    """The record to write, or None when the unit's copy stays as it is."""
    if unit is None:
        return trip
    fields = flat_fields(record.kind, unit)
    took_any = False
    for change in record.fields:
        side = change.side if change.side != BOTH else choices.get((record.kind, record.id, change.name), prefer)
        if side == TRIP:
            took_any = True
            if change.trip is None and change.name.startswith("texts."):
                fields.pop(change.name, None)
            else:
                fields[change.name] = change.trip
    if not took_any:
        return None
    at = max(utc_now(), utc_from_text(unit["updated_at"]), utc_from_text(trip["updated_at"]))
    return _unflattened(record.kind, unit, fields, utc_text(at + dt.timedelta(microseconds=1)))


def _event(values: dict[str, Any]) -> EventRecord:
    record = event_from_json(values, utc_now())
    problems = validate_event(record.data, known_countries())
    if problems:
        raise ServiceError(N_("The merged event {id} would not be valid: {problem} Choose one side for the whole "
                              "event. Nothing was merged."), id=str(record.id), problem=problems[0])
    return record


def _report(values: dict[str, Any]) -> InterchangeReport:
    return report_from_json(values, utc_now())


def conflicts(plan: MergePreview) -> Sequence[tuple[RecordMerge, FieldChange]]:
    return [(record, change) for record in plan.records for change in record.conflicts]

