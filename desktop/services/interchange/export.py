"""Writing the interchange document: everything, one year, or chosen events and reports."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from hattama import __version__
from hattama.db.models import Event, Report
from hattama.db.store import Store
from hattama.db.types import utc_now
from hattama.i18n import N_
from hattama.services.errors import ServiceError
from hattama.services.events import EventRecord, chunked, load_event_records, year_condition
from hattama.services.interchange.letter_records import letter_to_json, load_letters
from hattama.services.interchange.records import event_to_json, report_to_json, utc_text
from hattama.services.interchange.report_records import InterchangeReport, load_report_records
from hattama.services.interchange.schema import FORMAT, VERSION
from hattama.services.interchange.treaty_records import load_interchange_treaties, treaty_to_json
from hattama.services.settings import load_settings

SOURCE_FIELDS = ("body_name_kk", "body_name_ru", "body_name_en", "unit_name_kk", "unit_name_ru", "unit_name_en",
                 "body_bin")

T = TypeVar("T", EventRecord, InterchangeReport)


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    events: int
    reports: int


def export_interchange(
    store: Store, *, year: int | None = None, event_ids: Collection[UUID] | None = None,
    report_ids: Collection[UUID] | None = None,
) -> dict[str, Any]:
    """The document for the chosen records. `year` and `event_ids` narrow the events (all of them if neither is
    given and no `report_ids` either), and the events' reports come along; `report_ids` picks reports instead,
    and their events come along, since a report is not imported without its event. The bin travels too:
    deleted events carry `deleted_at`. Attachment contents are not inside (`attachments_included` is false)."""
    with store.session() as session:
        events, reports = _select(session, year, event_ids, report_ids)
        # The treaty register (p.2) travels with a whole export only: it belongs to no year or event.
        whole = year is None and event_ids is None and report_ids is None
        treaties = load_interchange_treaties(session) if whole else []
        letters = [letter_to_json(letter) for letter in load_letters(session)] if whole else []
    settings = load_settings(store)
    source = {name: getattr(settings, name) for name in SOURCE_FIELDS}
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utc_text(utc_now()),
        "source": {**source, "body_id": str(settings.body_id), "application": f"Hattama {__version__}"},
        "attachments_included": False,
        "events": [event_to_json(record) for record in events],
        "reports": [report_to_json(record) for record in reports],
        **({"treaties": [treaty_to_json(record) for record in treaties], "letters": letters} if whole else {}),
    }


def export_to_file(store: Store, path: Path, **choice: Any) -> ExportSummary:
    """Write the document atomically: a reader never sees half a file, and a failure leaves the old one."""
    document = export_interchange(store, **choice)
    write_json_atomically(path, document)
    return ExportSummary(path, len(document["events"]), len(document["reports"]))


def write_json_atomically(path: Path, document: Any) -> None:
    temporary: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as handle:
            temporary = handle.name
            # dumps, not dump: only the one-shot encoder is the fast C one.
            handle.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise ServiceError(N_("The file {path} cannot be written: {reason}."),
                           path=str(path), reason=error.strerror or str(error)) from error


def _select(
    session: Session, year: int | None, event_ids: Collection[UUID] | None, report_ids: Collection[UUID] | None
) -> tuple[list[EventRecord], list[InterchangeReport]]:
    year_filter = year_condition(year) if year is not None else None
    if event_ids is not None:
        events = _load_by_ids(session, load_event_records, Event.id, event_ids, year_filter)
        if year_filter is None:
            _require_all(event_ids, events)
    elif year_filter is not None or report_ids is None:
        events = load_event_records(session, year_filter)
    else:
        events = []
    if report_ids is not None:
        reports = _load_by_ids(session, load_report_records, Report.id, report_ids)
        _require_all(report_ids, reports)
        listed = {record.id for record in events}
        events += _load_by_ids(session, load_event_records, Event.id, {r.event_id for r in reports} - listed)
    elif event_ids is None:
        reports = load_report_records(
            session, None if year_filter is None else Report.event_id.in_(select(Event.id).where(year_filter)))
    else:
        reports = _load_by_ids(session, load_report_records, Report.event_id, [record.id for record in events])
    events.sort(key=lambda record: (record.data.starts_at, record.id))
    reports.sort(key=lambda record: (record.created_at, record.id))
    return events, reports


def _load_by_ids(
    session: Session, loader: Callable[[Session, ColumnElement[bool]], list[T]], column, ids: Collection[UUID],
    narrower: ColumnElement[bool] | None = None,
) -> list[T]:
    found: list[T] = []
    for chunk in chunked(list(dict.fromkeys(ids))):
        condition = column.in_(chunk)
        found += loader(session, condition if narrower is None else and_(condition, narrower))
    return found


def _require_all(ids: Collection[UUID], found: Sequence[EventRecord | InterchangeReport]) -> None:
    missing = set(ids) - {record.id for record in found}
    if missing:
        raise ServiceError(N_("There is no event or report with the id {id}."), id=str(min(missing)))
