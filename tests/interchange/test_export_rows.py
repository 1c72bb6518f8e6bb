"""The export writes events and reports straight from their rows, a column at a time (issue 18.4, row_json): the
file is byte for byte the one the records make (`load_event_records` + `event_to_json`, `load_report_records` +
`report_to_json`), and the work is a few queries per chunk of records, none per record."""

from __future__ import annotations

import datetime as dt
import json
import math
import uuid
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from hattama.db.models import Event, Report
from hattama.services.attachments import add_attachment
from hattama.services.event_storage import EVENT_TABLE, load_event_records
from hattama.services.events import create_event, delete_event
from hattama.services.interchange import export, export_to_file
from hattama.services.interchange.letter_records import letter_to_json, load_letters
from hattama.services.interchange.records import event_to_json, report_to_json, utc_text
from hattama.services.interchange.report_records import REPORT_TABLE
from hattama.services.interchange.row_json import column_converter
from hattama.services.interchange.treaty_records import load_interchange_treaties, treaty_to_json
from tests.events.samples import abroad_event, sample_event
from tests.interchange.helpers import filled
from tests.interchange.stored_reports import load_report_records


def _encoded(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _by_records(store, header: dict) -> str:
    """The whole document made from the loaded records, record by record, as the export wrote it before."""
    with store.session() as session:
        events = sorted(load_event_records(session), key=lambda record: (record.data.starts_at, record.id))
        reports = sorted(load_report_records(session), key=lambda record: (record.created_at, record.id))
        document = {**header, "events": [event_to_json(record) for record in events],
                    "reports": [report_to_json(record) for record in reports],
                    "treaties": [treaty_to_json(record) for record in load_interchange_treaties(session)],
                    "letters": [letter_to_json(letter) for letter in load_letters(session)]}
    return _encoded(document)


@pytest.fixture
def varied(store, tmp_path: Path):
    """Demo events and reports, an event with seconds and microseconds, one abroad with its departure date, one
    in the bin, one with an attachment."""
    filled(store, events=30)
    create_event(store, sample_event(starts_at=dt.datetime(2025, 3, 12, 10, 0, 30, 250000),
                                     ends_at=dt.datetime(2025, 3, 12, 12, 30, 15)))
    create_event(store, abroad_event())
    binned = create_event(store, sample_event(title_kk="Себетке", starts_at=dt.datetime(2025, 4, 1, 9, 0),
                                              ends_at=dt.datetime(2025, 4, 1, 10, 0)))
    delete_event(store, binned)
    attached = create_event(store, abroad_event(title_kk="Тіркемесі бар"))
    file = tmp_path / "протокол.pdf"
    file.write_bytes(b"%PDF-1.4 minutes")
    add_attachment(store, attached, file)
    return store


@pytest.mark.parametrize("chunk", [1000, 7])
def test_the_file_is_byte_for_byte_the_one_the_records_make(varied, tmp_path: Path, monkeypatch, chunk) -> None:
    monkeypatch.setattr(export, "EXPORT_CHUNK", chunk)
    path = tmp_path / "all.json"
    export_to_file(varied, path)
    written = path.read_text(encoding="utf-8")
    document = json.loads(written)
    header = {name: value for name, value in document.items()
              if name not in ("events", "reports", "treaties", "letters")}
    assert written == _by_records(varied, header)
    events = document["events"]
    # What the comparison covered: the bin, an attachment, a time with microseconds, dates, a series, reports.
    assert any(event["deleted_at"] for event in events) and any(event["attachments"] for event in events)
    assert "2025-03-12T10:00:30.250000" in {event["starts_at"] for event in events}
    assert any(event["departs_on"] for event in events) and any(event["series_id"] for event in events)
    assert any(report["texts"] and report["ready_at"] for report in document["reports"])


def test_every_column_of_the_event_table_but_the_sort_keys_travels(varied) -> None:
    [event] = export.export_interchange(varied, event_ids=[_first_event(varied)])["events"]
    sort_keys = {name for name in EVENT_TABLE.c.keys() if "_order_" in name}
    assert set(event) == set(EVENT_TABLE.c.keys()) - sort_keys | {"parties", "participants", "attachments"}


def _first_event(store) -> uuid.UUID:
    with store.session() as session:
        return session.scalars(select(Event.id).order_by(Event.starts_at)).first()


def _statements(store, monkeypatch, chunk: int) -> list[str]:
    monkeypatch.setattr(export, "EXPORT_CHUNK", chunk)
    seen: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        seen.append(statement)
    sa_event.listen(store.engine, "before_cursor_execute", record)
    try:
        export.export_interchange(store)
    finally:
        sa_event.remove(store.engine, "before_cursor_execute", record)
    return seen


def test_the_work_is_four_queries_per_chunk_of_events_and_two_per_chunk_of_reports(varied, monkeypatch) -> None:
    with varied.session() as session:
        events = len(session.scalars(select(Event.id)).all())
        reports = len(session.scalars(select(Report.id)).all())
    whole = _statements(varied, monkeypatch, 1000)
    chunked = _statements(varied, monkeypatch, 7)
    assert events > 30 and reports > 7
    assert len(chunked) - len(whole) == 4 * (math.ceil(events / 7) - 1) + 2 * (math.ceil(reports / 7) - 1)
    assert sum("FROM event_participant" in statement for statement in chunked) == math.ceil(events / 7)
    assert sum("FROM report_text" in statement for statement in chunked) == math.ceil(reports / 7)


@pytest.mark.parametrize(("table", "column", "stored", "expected"), [
    (EVENT_TABLE, "starts_at", "2025-03-12 10:00:00.000000", "2025-03-12T10:00:00"),
    (EVENT_TABLE, "starts_at", "2025-03-12 10:00:00.000500", "2025-03-12T10:00:00.000500"),
    (EVENT_TABLE, "starts_at", "2025-03-12 10:00:00", "2025-03-12T10:00:00"),  # not SQLAlchemy's form: parsed
    (EVENT_TABLE, "updated_at", "2025-03-12 10:00:00.000000", "2025-03-12T10:00:00.000000Z"),
    (EVENT_TABLE, "updated_at", "2025-03-12 10:00:00", "2025-03-12T10:00:00.000000Z"),  # CURRENT_TIMESTAMP's
    (EVENT_TABLE, "departs_on", "2025-03-11", "2025-03-11"),
    (EVENT_TABLE, "id", "0A1B2C3D4E5F60718293A4B5C6D7E8F9", "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"),
    (EVENT_TABLE, "held_by_body", 0, False),
    (EVENT_TABLE, "title_kk", "Атауы", "Атауы"),
    (REPORT_TABLE, "sent_on", "2025-03-20", "2025-03-20"),
])
def test_each_column_converts_as_the_records_do(store, table, column, stored, expected) -> None:
    dialect = store.engine.dialect
    convert = column_converter(table.c[column], dialect) or (lambda value: value)
    assert convert(stored) == expected
    assert type(convert(stored)) is type(expected)
    process = table.c[column].type.dialect_impl(dialect).result_processor(dialect, None)
    read = process(stored) if process is not None else stored  # what the records hold
    by_record = (utc_text(read) if column == "updated_at" else str(read) if column == "id"
                 else read.isoformat() if isinstance(read, dt.date) else read)
    assert by_record == expected


def test_the_collector_is_paused_while_writing_and_runs_again_after(varied, tmp_path: Path, monkeypatch) -> None:
    import gc

    from hattama.services.interchange import row_json

    seen: list[bool] = []
    load = row_json.EventRows.load

    def load_watched(self, ids):
        seen.append(gc.isenabled())
        return load(self, ids)
    monkeypatch.setattr(row_json.EventRows, "load", load_watched)
    assert gc.isenabled()
    export_to_file(varied, tmp_path / "all.json")
    assert seen and not any(seen) and gc.isenabled()
