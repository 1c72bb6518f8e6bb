"""Writing the interchange document: everything, one year, or chosen events and reports.

A file is written a chunk of records at a time (issue 18.4): the chosen ids are listed first, in the document's
order, then `EXPORT_CHUNK` records at a time are loaded, encoded and written, all inside one read transaction,
so the file is one consistent view of the store however long the writing takes, and memory holds one chunk.
Events and reports go from the rows to their JSON directly, a column at a time (`row_json`).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.orm import Session

from hattama import __version__, collector
from hattama.db.models import Event, Report
from hattama.db.store import Store
from hattama.db.types import utc_now
from hattama.language import N_
from hattama.services.errors import ServiceError
from hattama.services.event_storage import chunked, year_condition
from hattama.services.interchange.letter_records import letter_to_json, load_letters
from hattama.services.interchange.records import utc_text
from hattama.services.interchange.row_json import EventRows, ReportRows
from hattama.services.interchange.schema import FORMAT, VERSION
from hattama.services.interchange.treaty_records import load_interchange_treaties, treaty_to_json
from hattama.services.settings import load_settings

SOURCE_FIELDS = ("body_name_kk", "body_name_ru", "body_name_en", "unit_name_kk", "unit_name_ru", "unit_name_en",
                 "body_bin")
# Records loaded and written at once.
EXPORT_CHUNK = 1000

# The document's record lists, in order: each a name and its records' JSON, a chunk at a time.
Sections = list[tuple[str, Iterable[list[dict[str, Any]]]]]


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
    with _snapshot(store) as session:
        header, sections = _document(store, session, year, event_ids, report_ids)
        return {**header, **{name: [record for chunk in chunks for record in chunk] for name, chunks in sections}}


def export_to_file(store: Store, path: Path, **choice: Any) -> ExportSummary:
    """Write the document for `choice` (see `export_interchange`) a chunk of records at a time, atomically: a
    reader never sees half a file, and a failure leaves the old one."""
    counts: dict[str, int] = {}

    def write(handle: IO[str]) -> None:
        with collector.paused(), _snapshot(store) as session:
            header, sections = _document(store, session, **choice)
            handle.write(_encoded(header)[:-1])  # the header's members, the object left open
            for name, chunks in sections:
                handle.write(f',"{name}":[')
                counts[name] = 0
                for chunk in chunks:
                    if chunk:
                        handle.write(("," if counts[name] else "") + _encoded(chunk)[1:-1])
                        counts[name] += len(chunk)
                handle.write("]")
            handle.write("}")

    write_atomically(path, write)
    return ExportSummary(path, counts["events"], counts["reports"])


def _encoded(value: Any) -> str:
    # dumps, not dump: only the one-shot encoder is the fast C one.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_atomically(path: Path, write: Callable[[IO[str]], None]) -> None:
    """`write` the file's text to a temporary file beside `path`, then put it in place."""
    temporary: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as handle:
            temporary = handle.name
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        raise ServiceError(N_("The file {path} cannot be written: {reason}."),
                           path=str(path), reason=error.strerror or str(error)) from error
    finally:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)


@contextlib.contextmanager
def _snapshot(store: Store) -> Iterator[Session]:
    """A session whose reads all see the store as it was at the first: one read transaction (a writer meanwhile
    is not waited for, nor seen)."""
    with store.session() as session:
        connection = session.connection()
        driver = connection.connection.driver_connection
        assert driver is not None  # only an invalidated connection has none; this one was just checked out
        if not driver.in_transaction:  # store.single_transaction() already is one
            connection.exec_driver_sql("BEGIN")
        yield session


def _document(store: Store, session: Session, year: int | None = None, event_ids: Collection[UUID] | None = None,
              report_ids: Collection[UUID] | None = None) -> tuple[dict[str, Any], Sections]:
    """The document's top-level members but its record lists, and the record lists."""
    settings = load_settings(store)
    source = {name: getattr(settings, name) for name in SOURCE_FIELDS}
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utc_text(utc_now()),
        "source": {**source, "body_id": str(settings.body_id), "application": f"Hattama {__version__}"},
        "attachments_included": False,
    }
    events, reports = _chosen(session, year, event_ids, report_ids)
    sections: Sections = [("events", _chunks(events, EventRows(session).load)),
                          ("reports", _chunks(reports, ReportRows(session).load))]
    # The treaty register (p.2) and the letter log travel with a whole export only: they belong to no year or event.
    if year is None and event_ids is None and report_ids is None:
        sections += [("treaties", [[treaty_to_json(record) for record in load_interchange_treaties(session)]]),
                     ("letters", [[letter_to_json(letter) for letter in load_letters(session)]])]
    return header, sections


def _chunks(ids: list[UUID], load: Callable[[Sequence[UUID]], dict[str, dict[str, Any]]],
            ) -> Iterator[list[dict[str, Any]]]:
    """The records of `ids` in their order, `EXPORT_CHUNK` at a time (`load` gives them by their id's text)."""
    for chunk in chunked(ids, EXPORT_CHUNK):
        loaded = load(chunk)
        yield [loaded[str(record_id)] for record_id in chunk]


def _chosen(
    session: Session, year: int | None, event_ids: Collection[UUID] | None, report_ids: Collection[UUID] | None
) -> tuple[list[UUID], list[UUID]]:
    """The ids of the events (by start, then id) and reports (by creation, then id) to export."""
    year_filter = year_condition(year) if year is not None else None
    events: dict[UUID, Any]
    if event_ids is not None:
        events = _keys(session, select(Event.id, Event.starts_at), Event.id, event_ids, year_filter)
        if year_filter is None:
            _require_all(event_ids, events)
    elif year_filter is not None or report_ids is None:
        query = select(Event.id, Event.starts_at)
        events = dict(session.execute(query if year_filter is None else query.where(year_filter)).tuples().all())
    else:
        events = {}
    reports: dict[UUID, Any]
    if report_ids is not None:
        reports = _keys(session, select(Report.id, Report.created_at), Report.id, report_ids)
        _require_all(report_ids, reports)
        of_reports = _keys(session, select(Report.event_id, Report.event_id), Report.id, report_ids)
        events.update(_keys(session, select(Event.id, Event.starts_at), Event.id, set(of_reports) - events.keys()))
    elif event_ids is None:
        query = select(Report.id, Report.created_at)
        if year_filter is not None:
            query = query.where(Report.event_id.in_(select(Event.id).where(year_filter)))
        reports = dict(session.execute(query).tuples().all())
    else:
        reports = _keys(session, select(Report.id, Report.created_at), Report.event_id, list(events))
    return (sorted(events, key=lambda key: (events[key], key)), sorted(reports, key=lambda key: (reports[key], key)))


def _keys(session: Session, query: Select[tuple[Any, Any]], column: Any, ids: Collection[UUID],
          narrower: ColumnElement[bool] | None = None) -> dict[UUID, Any]:
    """Of the rows whose `column` is one of `ids`, `query`'s two columns: an id and its sort key."""
    found: dict[UUID, Any] = {}
    for chunk in chunked(list(dict.fromkeys(ids))):
        condition = column.in_(chunk)
        found.update(session.execute(query.where(condition if narrower is None else and_(condition, narrower)))
                     .tuples().all())
    return found


def _require_all(ids: Collection[UUID], found: Mapping[UUID, Any]) -> None:
    missing = set(ids) - found.keys()
    if missing:
        raise ServiceError(N_("There is no event or report with the id {id}."), id=str(min(missing)))
