"""Records to and from their JSON form in the interchange document (the shapes the schema describes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from hattama.rules.attachments import safe_file_name
from hattama.services.event_json import event_data_from_json, event_data_to_json
from hattama.services.event_storage import AttachmentInfo, EventRecord
from hattama.services.interchange.report_records import InterchangeReport, InterchangeReportText, text_values


def utc_text(moment: dt.datetime) -> str:
    """Always with microseconds, so a time read back compares equal to the stored one."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def utc_from_text(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo is dt.UTC else moment.astimezone(dt.UTC)


def _optional(value: Any, convert: Callable[[Any], Any]) -> Any:  # Any: its results go to ** of mixed fields
    return None if value is None else convert(value)


# An event's members before its data's, and a report's before its texts, in the document's order.
EVENT_RECORD_FIELDS = ("id", "created_at", "updated_at", "deleted_at", "owner")


def event_to_json(record: EventRecord) -> dict[str, Any]:
    return {
        "id": str(record.id),
        "created_at": utc_text(record.created_at),
        "updated_at": utc_text(record.updated_at),
        "deleted_at": _optional(record.deleted_at, utc_text),
        "owner": record.owner,
        **event_data_to_json(record.data),
        "attachments": [{"id": str(a.id), "file_name": a.file_name, "media_type": a.media_type, "size": a.size,
                         "sha256": a.sha256} for a in record.attachments],
    }


def event_from_json(values: Mapping[str, Any], received_at: dt.datetime, owner: str = "") -> EventRecord:
    """ValueError (or KeyError, TypeError) if a value the schema lets through is still impossible (30 February).
    `owner` is the record's body when it names none; a file name becomes a safe one (it is display text)."""
    updated_at = utc_from_text(values["updated_at"])
    attachments = tuple(
        AttachmentInfo(UUID(a["id"]), safe_file_name(a["file_name"]), a.get("media_type", "application/octet-stream"),
                       int(a["size"]), a["sha256"])
        for a in values.get("attachments", ())
    )
    return EventRecord(
        id=UUID(values["id"]),
        data=event_data_from_json(values),
        attachments=attachments,
        created_at=_optional(values.get("created_at"), utc_from_text) or received_at,
        updated_at=updated_at,
        deleted_at=_optional(values.get("deleted_at"), utc_from_text),
        owner=values.get("owner") or owner,
    )


_DATE_FIELDS = ("mfa_request_date", "sent_on", "acknowledged_on", "not_requested_on")
_TIME_FIELDS = ("ready_at", "exported_at")
REPORT_JSON_FIELDS = ("id", "event_id", "status", "owner", "mfa_request_ref", "not_requested_reason", "bundle_sha256",
                      *_DATE_FIELDS, *_TIME_FIELDS, "created_at", "updated_at")


def report_to_json(record: InterchangeReport) -> dict[str, Any]:
    values = {
        "id": str(record.id),
        "event_id": str(record.event_id),
        "status": record.status,
        "owner": record.owner,
        "mfa_request_ref": record.mfa_request_ref,
        "not_requested_reason": record.not_requested_reason,
        "bundle_sha256": record.bundle_sha256,
        **{name: _optional(getattr(record, name), dt.date.isoformat) for name in _DATE_FIELDS},
        **{name: _optional(getattr(record, name), utc_text) for name in _TIME_FIELDS},
        "created_at": utc_text(record.created_at),
        "updated_at": utc_text(record.updated_at),
    }
    values["texts"] = [{**text_values(text), "updated_at": utc_text(text.updated_at)} for text in record.texts]
    return values


def report_from_json(values: Mapping[str, Any], received_at: dt.datetime, owner: str = "") -> InterchangeReport:
    texts = tuple(
        InterchangeReportText(
            text["language"], text.get("participants", ""), text.get("issues", ""), text.get("agreements", ""),
            text.get("proposals", ""), utc_from_text(text["updated_at"]),
        )
        for text in values.get("texts", ())
    )
    return InterchangeReport(
        id=UUID(values["id"]),
        event_id=UUID(values["event_id"]),
        status=values["status"],
        owner=values.get("owner") or owner,
        mfa_request_ref=values.get("mfa_request_ref", ""),
        not_requested_reason=values.get("not_requested_reason", ""),
        bundle_sha256=values.get("bundle_sha256", ""),
        **{name: _optional(values.get(name), dt.date.fromisoformat) for name in _DATE_FIELDS},
        **{name: _optional(values.get(name), utc_from_text) for name in _TIME_FIELDS},
        created_at=_optional(values.get("created_at"), utc_from_text) or received_at,
        updated_at=utc_from_text(values["updated_at"]),
        texts=texts,
    )
