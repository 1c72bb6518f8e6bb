"""The JSON form of an event's data, shared by editor drafts, the interchange format and record history."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from hattama.rules.document_language import (
    PLAN_FORMS,
    split_by_language,
)
from hattama.rules.event_validation import (
    EventData,
    Participant,
    Party,
)
from hattama.services.event_storage import EVENT_FIELDS

_DATE_FIELDS = ("departs_on", "consultation_on", "diplomatic_agreement_on")
_ID_FIELDS = ("series_id", "treaty_id")
_PARTICIPANT_FIELDS = tuple(field.name for field in dataclasses.fields(Participant))


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
    # Named fields, not dataclasses.asdict (which deep-copies each text): a tenth of an export (issue 18.4).
    values["participants"] = [{name: getattr(p, name) for name in _PARTICIPANT_FIELDS} for p in data.participants]
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
    if not any(russian in values for _kazakh, russian in PLAN_FORMS.values()):  # before migration 0018: one form
        for kazakh, russian in PLAN_FORMS.values():
            fields[kazakh], fields[russian] = split_by_language(fields.get(kazakh, ""))
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
