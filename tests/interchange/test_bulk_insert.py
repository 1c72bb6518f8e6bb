"""Events inserted as plain tuples (hattama.db.bulk, issue 18.4) are stored exactly as SQLAlchemy's insert() of
dicts stored them: the same text for ids, times, dates and flags, the same defaults, in one statement per table."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, insert

from hattama.db.bulk import insert_rows
from hattama.db.models import Report, ReportText
from hattama.db.store import open_store
from hattama.db.types import utc_now
from hattama.rules.event_validation import Participant
from hattama.services.attachments import attachment_info, keep_blob
from hattama.services.demo import fill_demo
from hattama.services.event_storage import (
    ATTACHMENT_TABLE,
    CHILD_COLUMNS,
    EVENT_TABLE,
    PARTICIPANT_TABLE,
    PARTY_TABLE,
    AttachmentInfo,
    EventRecord,
    _event_values,
    insert_event_records,
    load_event_records,
)
from hattama.services.interchange.report_records import (
    REPORT_FIELDS,
    insert_report_records,
    text_values,
)
from hattama.services.settings import store_owner
from tests.events.samples import sample_event
from tests.interchange.stored_reports import load_report_records

REPORT_TABLE, REPORT_TEXT_TABLE = Report.__table__, ReportText.__table__
# Child rows get new random ids and the database's time: compared without them. Each store has its own owner id:
# compared as "own".
_RANDOM = {"report_text": ("id",),
           "event_party": ("id", "created_at", "updated_at"), "event_participant": ("id", "created_at", "updated_at"),
           "attachment": ("created_at", "updated_at")}


def _records(content: bytes) -> list[EventRecord]:
    first = sample_event()
    second = dataclasses.replace(sample_event(title_kk="Екінші", participants=()), tentative_period="2025-Q3",
                                 mfa_participated=True)
    info = attachment_info("хат.pdf", content)
    created = dt.datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=dt.UTC)
    return [EventRecord(uuid.uuid4(), first, (info,), created, created + dt.timedelta(hours=1), None),
            EventRecord(uuid.uuid4(), second, (), created, created, created + dt.timedelta(days=2), owner="other")]


def _by_sqlalchemy(session, records: list[EventRecord]) -> None:
    """What insert_event_records did before issue 18.4: insert() with a dict per row."""
    own = store_owner(session)
    session.execute(insert(EVENT_TABLE), [{**_event_values(r), "id": r.id, "created_at": r.created_at,
                                          "owner": r.owner or own} for r in records])
    now = func.current_timestamp()
    parties = [{"id": uuid.uuid4(), "event_id": r.id, "party_kind": p.kind, "code": p.code, "name": p.name,
                "position": position} for r in records for position, p in enumerate(r.data.parties)]
    participants = [{**dataclasses.asdict(p), "id": uuid.uuid4(), "event_id": r.id, "position": position}
                    for r in records for position, p in enumerate(r.data.participants)]
    attachments = [{**dataclasses.asdict(a), "event_id": r.id} for r in records for a in r.attachments]
    for table, rows in ((PARTY_TABLE, parties), (PARTICIPANT_TABLE, participants), (ATTACHMENT_TABLE, attachments)):
        if rows:
            session.execute(insert(table).values(created_at=now, updated_at=now), rows)


def _stored(path: Path, tables: tuple[str, ...] = ("event", "event_party", "event_participant", "attachment"),
            ) -> dict[str, list[dict[str, object]]]:
    store = open_store(path)
    with store.session() as session:
        own = store_owner(session)
    store.close()
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    stored = {}
    for table in tables:
        rows = [{key: ("own" if key == "owner" and row[key] == own else row[key]) for key in row.keys()
                 if key not in _RANDOM.get(table, ())}
                for row in connection.execute(f"SELECT * FROM {table}")]
        stored[table] = sorted(rows, key=repr)
    connection.close()
    return stored


def test_tuples_store_what_dicts_through_sqlalchemy_stored(tmp_path: Path) -> None:
    content = b"%PDF-1.4 the letter"
    records = _records(content)
    paths = {"tuples": tmp_path / "tuples.sqlite3", "dicts": tmp_path / "dicts.sqlite3"}
    for way, path in paths.items():
        store = open_store(path)
        with store.session() as session:
            keep_blob(session, records[0].attachments[0].sha256, content)
            (insert_event_records if way == "tuples" else _by_sqlalchemy)(session, records)
        store.close()
    tuples, dicts = _stored(paths["tuples"]), _stored(paths["dicts"])
    parties, participants = (sum(len(getattr(r.data, name)) for r in records) for name in ("parties", "participants"))
    assert [len(tuples[table]) for table in tuples] == [2, parties, participants, 1]
    assert participants >= 1 and parties >= 1
    assert tuples == dicts
    stored_event = next(row for row in tuples["event"] if row["id"] == records[1].id.hex)  # Uuid's text on SQLite
    assert (stored_event["deleted_at"], stored_event["owner"]) == ("2025-03-06 05:06:07.891011", "other")
    assert [row["owner"] for row in tuples["event"] if row["id"] == records[0].id.hex] == ["own"]


def test_the_child_columns_are_the_dataclasses_fields() -> None:
    assert set(CHILD_COLUMNS[1]) == {f.name for f in dataclasses.fields(Participant)} | {"id", "event_id", "position"}
    assert set(CHILD_COLUMNS[2]) == {f.name for f in dataclasses.fields(AttachmentInfo)} | {"event_id"}
    for table, names in zip((PARTY_TABLE, PARTICIPANT_TABLE, ATTACHMENT_TABLE), CHILD_COLUMNS, strict=True):
        assert set(names) | {"created_at", "updated_at"} == {column.name for column in table.columns}


def test_one_statement_per_table_whatever_the_count(store) -> None:
    records = [EventRecord(uuid.uuid4(), sample_event(title_kk=f"Кездесу {number}"), (), utc_now(), utc_now(), None)
               for number in range(50)]
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement.split("(")[0].strip())

    engine = store.engine
    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        with store.session() as session:
            insert_event_records(session, records)
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)
    inserts = [statement for statement in statements if statement.startswith("INSERT")]
    assert inserts == ['INSERT INTO event', 'INSERT INTO event_party', 'INSERT INTO event_participant']


def test_a_computed_default_must_be_given(store) -> None:
    with store.session() as session, pytest.raises(ValueError, match="event_party.id"):
        insert_rows(session, PARTY_TABLE, ("event_id", "party_kind"), [(uuid.uuid4(), "state")])


def test_a_demo_store_copied_both_ways_is_the_same(tmp_path: Path) -> None:
    """Every event and report of a demo store (all kinds, texts in both languages, binned, other bodies'),
    inserted as tuples and as SQLAlchemy dicts: the same rows."""
    source = open_store(tmp_path / "demo.sqlite3")
    fill_demo(source, events=150, seed=7)
    with source.session() as session:
        events, reports = load_event_records(session), load_report_records(session)
    source.close()
    assert len(events) == 150 and len(reports) > 20 and any(report.texts for report in reports)
    source_owner = reports[0].owner
    reports = [dataclasses.replace(report, owner="") if index % 2 else report  # "": the store's own body's
               for index, report in enumerate(reports)]
    paths = {"tuples": tmp_path / "tuples.sqlite3", "dicts": tmp_path / "dicts.sqlite3"}
    for way, path in paths.items():
        store = open_store(path)
        with store.session() as session:
            if way == "tuples":
                insert_event_records(session, events)
                insert_report_records(session, reports)
            else:
                _by_sqlalchemy(session, events)
                own = store_owner(session)
                session.execute(insert(REPORT_TABLE), [{**{name: getattr(r, name) for name in REPORT_FIELDS},
                                                        "owner": r.owner or own} for r in reports])
                session.execute(insert(REPORT_TEXT_TABLE), [
                    {**text_values(text), "id": uuid.uuid4(), "report_id": r.id, "created_at": text.updated_at}
                    for r in reports for text in r.texts])
        store.close()
    tuples, dicts = (_stored(path, ("event", "event_party", "event_participant", "report", "report_text"))
                     for path in paths.values())
    assert len(tuples["report_text"]) == sum(len(r.texts) for r in reports)
    assert {row["owner"] for row in tuples["report"]} == {"own", source_owner}
    assert tuples == dicts
