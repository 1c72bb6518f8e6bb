"""Trip kits (issue 17.1): export from the unit's store, open on a laptop, return what the laptop changed.

The kit's payload (sealed by `kit`) is strict JSON:
`{"format": "hattama-trip-kit", "kind": "trip"|"return", "kit_id", "created_at", "author",
  "unit": {"body_id", "body_bin", "identity"}, "settings": {…}, "calendar_overrides": […],
  "document": <interchange document>, "attachments": {sha256: base64}, "base": {"events": {id: fields},
  "reports": {id: fields}}}`.
A trip kit carries the chosen events with their reports and attachments, the unit's settings (not the
officer's own: language, key), its calendar overrides and the latest MFA position (p.45, p.47: the officer abroad
needs it; in the document's `letters`). A returned kit carries what the laptop created or
changed since it opened the kit, and for each changed record the version the kit brought (`base`), so the
unit can tell a change made on one side from one made on both.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from hattama.db.models import (
    AttachmentBlob,
    CalendarOverride,
    Event,
    RecordVersion,
    Report,
    TripKit,
    UnitSettings,
)
from hattama.db.store import Store
from hattama.db.types import utc_now
from hattama.language import N_
from hattama.services import strict_json
from hattama.services.errors import ServiceError
from hattama.services.event_storage import chunked
from hattama.services.history import Provenance, keep_versions, local_author
from hattama.services.interchange.export import export_interchange
from hattama.services.interchange.importer import merge, parse_document
from hattama.services.interchange.letter_records import letter_to_json, merge_letters, parse_letters
from hattama.services.interchange.records import utc_from_text, utc_text
from hattama.services.letters import latest_position_letter
from hattama.services.settings import UnitDetails, identity_of, load_settings, owner_identity
from hattama.services.trips import kit

FORMAT = "hattama-trip-kit"
# Unit settings that travel; the officer's own choices (language, key, NCALayer) stay on each machine.
UNIT_SETTINGS = ("body_name_kk", "body_name_ru", "body_name_en", "unit_name_kk", "unit_name_ru", "unit_name_en",
                 "officer_name", "officer_position_kk", "officer_position_ru", "officer_position_en",
                 "special_state_body", "presidential_administration", "prime_ministers_office",
                 "mfa_requests_all_reports", "p49_notice_every_meeting", "due_soon_working_days", "body_bin")
# Who signs: a laptop that names its officer keeps them (the officer on the trip may not be the unit's).
_OFFICER_SETTINGS = ("officer_name", "officer_position_kk", "officer_position_ru", "officer_position_en")
_DAMAGED = N_("The trip kit's contents are damaged.")


@dataclass(frozen=True)
class KitSummary:
    path: Path
    kit_id: UUID
    events: int
    reports: int
    attachments: int


@dataclass(frozen=True)
class OpenResult:
    kit_id: UUID
    unit: str
    created: int
    updated: int
    unchanged: int
    overrides: int


@dataclass(frozen=True)
class Payload:
    """A kit opened and checked: its records are parsed by the interchange importer."""

    kind: str
    kit_id: UUID
    created_at: dt.datetime
    author: str
    unit_body_id: UUID
    unit_bin: str
    settings: dict[str, Any]
    calendar_overrides: list[dict[str, Any]]
    document: dict[str, Any]
    attachments: dict[str, bytes]
    base: dict[str, dict[str, dict[str, Any]]]

    @property
    def unit(self) -> str:
        return identity_of(self.unit_bin, self.unit_body_id)


# ---------------------------------------------------------------------------------------------- building

def _blobs(store: Store, document: dict[str, Any]) -> dict[str, str]:
    records = [*document["events"], *document.get("letters", ())]
    wanted = sorted({a["sha256"] for record in records for a in record["attachments"]})
    found: dict[str, str] = {}
    with store.session() as session:
        for chunk in chunked(wanted):
            for sha256, content in session.execute(
                    select(AttachmentBlob.sha256, AttachmentBlob.content).where(AttachmentBlob.sha256.in_(chunk))):
                found[sha256] = base64.b64encode(content).decode("ascii")
    return found


def _overrides(store: Store) -> list[dict[str, Any]]:
    with store.session() as session:
        rows = session.scalars(select(CalendarOverride).order_by(CalendarOverride.day, CalendarOverride.id)).all()
        return [{"id": str(row.id), "created_at": utc_text(row.created_at), "updated_at": utc_text(row.updated_at),
                 "day": row.day.isoformat(), "working": row.working, "reason": row.reason, "act": row.act,
                 "entered_by": row.entered_by, "removed_at": row.removed_at and utc_text(row.removed_at),
                 "removed_by": row.removed_by} for row in rows]


def _payload(kind: str, kit_id: UUID, author: str, unit_body_id: UUID, unit_bin: str, settings: dict[str, Any],
             overrides: list[dict[str, Any]], document: dict[str, Any], attachments: dict[str, str],
             base: dict[str, dict[str, Any]]) -> bytes:
    return json.dumps({
        "format": FORMAT, "kind": kind, "kit_id": str(kit_id), "created_at": utc_text(utc_now()), "author": author,
        "unit": {"body_id": str(unit_body_id), "body_bin": unit_bin, "identity": identity_of(unit_bin, unit_body_id)},
        "settings": settings, "calendar_overrides": overrides, "document": document, "attachments": attachments,
        "base": base,
    }, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _base_times(document: dict[str, Any]) -> str:
    return json.dumps({kind: {record["id"]: record["updated_at"] for record in document[kind]}
                       for kind in ("events", "reports")})


def export_kit(store: Store, event_ids: Collection[UUID], path: Path, passphrase: str) -> KitSummary:
    """The trip kit for these events (with their reports and attachments), the unit's settings and calendar
    overrides; the store remembers the kit, so its return can be merged."""
    if not event_ids:
        raise ServiceError(N_("Choose at least one event for the trip kit."))
    document = export_interchange(store, event_ids=event_ids)
    settings = load_settings(store)
    if settings.body_id is None:
        raise ServiceError(N_("The store has no unit details yet: enter them in Settings before exporting a trip "
                              "kit."))
    kit_id = uuid4()
    with store.session() as session:
        author = local_author(session)
        position = latest_position_letter(session)
        document["letters"] = [] if position is None else [letter_to_json(position)]
    attachments = _blobs(store, document)
    payload = _payload("trip", kit_id, author, settings.body_id, settings.body_bin,
                       {name: getattr(settings, name) for name in UNIT_SETTINGS}, _overrides(store), document,
                       attachments, {"events": {}, "reports": {}})
    kit.write_kit(path, payload, passphrase)
    with store.session() as session:
        session.add(TripKit(kit_id=kit_id, role="exported", unit=owner_identity(settings),
                            unit_body_id=settings.body_id, base=_base_times(document)))
    return KitSummary(path, kit_id, len(document["events"]), len(document["reports"]), len(attachments))


# ---------------------------------------------------------------------------------------------- reading

def read_payload(path: Path, passphrase: str, kind: str) -> Payload:
    """The kit's payload, checked for its shape; KitError / ServiceError say why not."""
    raw = kit.read_kit(path, passphrase)
    try:
        values = strict_json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, strict_json.StrictJsonError):
        raise kit.KitError(_DAMAGED) from None
    try:
        if values["format"] != FORMAT or not isinstance(values["document"], dict):
            raise kit.KitError(_DAMAGED)
        payload = Payload(
            kind=values["kind"], kit_id=UUID(values["kit_id"]), created_at=utc_from_text(values["created_at"]),
            author=str(values["author"]), unit_body_id=UUID(values["unit"]["body_id"]),
            unit_bin=str(values["unit"]["body_bin"]), settings=dict(values["settings"]),
            calendar_overrides=[dict(item) for item in values["calendar_overrides"]], document=values["document"],
            attachments={str(sha256): base64.b64decode(content, validate=True)
                         for sha256, content in values["attachments"].items()},
            base={name: {str(key): dict(fields) for key, fields in values["base"][name].items()}
                  for name in ("events", "reports")},
        )
    except (KeyError, TypeError, ValueError, AttributeError, binascii.Error):
        raise kit.KitError(_DAMAGED) from None
    if payload.kind != kind:
        raise ServiceError(N_("This is a trip kit to open on a laptop, not a returned kit.") if kind == "return"
                           else N_("This is a returned trip kit: merge it into the unit's store instead."))
    return payload


# ---------------------------------------------------------------------------------------------- on the laptop

def open_kit(store: Store, path: Path, passphrase: str, now: dt.datetime | None = None) -> OpenResult:
    """Bring the kit's records (their ids and owner kept), the unit's settings and calendar overrides into this
    store, in one transaction; the store remembers the unit it came from."""
    payload = read_payload(path, passphrase, "trip")
    events, reports = parse_document(payload.document, now)
    settings = _checked_settings(payload.settings)
    with store.session(write=True) as session:
        known_role = session.scalar(select(TripKit.role).where(TripKit.kit_id == payload.kit_id))
        if known_role == "exported":
            raise ServiceError(N_("This store exported the trip kit; open it in the laptop's store."))
        other = session.execute(select(TripKit.unit, TripKit.unit_body_id).where(
            TripKit.role == "opened", TripKit.unit_body_id != payload.unit_body_id)).first()
        if other is not None:
            theirs, ours = (other.unit, payload.unit) if other.unit != payload.unit else (
                str(other.unit_body_id), str(payload.unit_body_id))  # two units of one body: their stores' ids
            raise ServiceError(N_("This store holds a trip of another unit ({other}); open the kit {unit} in a "
                                  "store of its own."), other=theirs, unit=ours)
        row = session.scalars(select(UnitSettings).limit(1)).first()
        if row is None:
            row = UnitSettings()
            session.add(row)
        for name, value in settings.items():
            if name not in _OFFICER_SETTINGS or not getattr(row, name):
                setattr(row, name, value)
        row.body_id = payload.unit_body_id
        session.flush()
        overrides = _upsert_overrides(session, payload.calendar_overrides)
        result = merge(session, events, reports, payload.attachments)
        merge_letters(session, parse_letters(payload.document, now), payload.attachments, result)
        if known_role is None:  # opened again: its versions are kept already
            provenance = Provenance(payload.author, "unit", "opened")
            keep_versions(session, "event", payload.document["events"], provenance)
            keep_versions(session, "report", payload.document["reports"], provenance)
            session.add(TripKit(kit_id=payload.kit_id, role="opened", unit=payload.unit,
                                unit_body_id=payload.unit_body_id, base=_base_times(payload.document)))
    return OpenResult(payload.kit_id, payload.unit, result.created, result.updated, result.unchanged, overrides)


def _checked_settings(values: dict[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for name in UNIT_SETTINGS:
        value = values.get(name)
        expected = type(getattr(UnitDetails(), name))
        if not isinstance(value, expected) or (expected is str and len(value) > 400):
            raise kit.KitError(_DAMAGED)
        checked[name] = value
    return checked


def _upsert_overrides(session: Session, items: list[dict[str, Any]]) -> int:
    """Calendar overrides by id: new ones added, newer copies replace older ones; the count changed."""
    changed = 0
    for item in items:
        try:
            override_id, updated_at = UUID(item["id"]), utc_from_text(item["updated_at"])
            values = {"day": dt.date.fromisoformat(item["day"]), "working": bool(item["working"]),
                      "reason": str(item["reason"]), "act": str(item["act"]), "entered_by": str(item["entered_by"]),
                      "removed_at": item["removed_at"] and utc_from_text(item["removed_at"]),
                      "removed_by": item["removed_by"] and str(item["removed_by"])}
            created_at = utc_from_text(item["created_at"])
        except (KeyError, TypeError, ValueError):
            raise kit.KitError(_DAMAGED) from None
        row = session.get(CalendarOverride, override_id)
        if row is None:
            session.add(CalendarOverride(id=override_id, created_at=created_at, updated_at=updated_at, **values))
            changed += 1
        elif updated_at > row.updated_at:
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = updated_at
            changed += 1
    return changed


def opened_kit(session: Session) -> TripKit | None:
    return session.scalars(select(TripKit).where(TripKit.role == "opened").order_by(TripKit.created_at.desc())
                           .limit(1)).first()


def return_kit(store: Store, path: Path, passphrase: str) -> KitSummary:
    """What this laptop created or changed since it opened the kit, with the version the kit brought of each
    changed record, sealed for the unit."""
    with store.session() as session:
        opened = opened_kit(session)
        if opened is None:
            raise ServiceError(N_("This store has not opened a trip kit, so there is nothing to return."))
        base_times = json.loads(opened.base)
        changed = {}
        for name, model in (("events", Event), ("reports", Report)):
            times = {str(row.id): utc_text(row.updated_at) for row in session.execute(
                select(model.id, model.updated_at))}
            changed[name] = [UUID(key) for key, time in times.items() if base_times[name].get(key) != time]
        base = {name: _opened_versions(session, name[:-1], changed[name]) for name in ("events", "reports")}
        kit_id, unit_body_id, author = opened.kit_id, opened.unit_body_id, local_author(session)
    document = export_interchange(store, event_ids=changed["events"], report_ids=changed["reports"])
    settings = load_settings(store)
    attachments = _blobs(store, document)
    payload = _payload("return", kit_id, author, unit_body_id, settings.body_bin,
                       {name: getattr(settings, name) for name in UNIT_SETTINGS}, [], document, attachments, base)
    kit.write_kit(path, payload, passphrase)
    return KitSummary(path, kit_id, len(document["events"]), len(document["reports"]), len(attachments))


def _opened_versions(session: Session, kind: str, ids: list[UUID]) -> dict[str, Any]:
    table = RecordVersion.__table__
    found: dict[str, Any] = {}
    for chunk in chunked(ids):
        for row in session.execute(select(table.c.record_id, table.c.fields).where(
                table.c.record_kind == kind, table.c.reason == "opened", table.c.record_id.in_(chunk))
                .order_by(table.c.created_at)):
            found[str(row.record_id)] = json.loads(row.fields)
    return found

