"""The import's work (issue 18.4): statements per batch of records, none per record; children's ids made in one
go; the cycle collector paused while it runs. Counted, not timed."""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
import uuid
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from hattama.db.bulk import insert_rows, new_ids
from hattama.db.models import EventParty
from hattama.db.store import open_store
from hattama.services.errors import ServiceError
from hattama.services.event_storage import PARTY_TABLE
from hattama.services.events import create_event
from hattama.services.interchange import export_to_file, import_file, importer
from tests.events.samples import sample_event
from tests.interchange.helpers import filled


def test_new_ids_are_distinct_version_4_uuids_as_hex() -> None:
    ids = new_ids(500)
    assert len(set(ids)) == 500
    for value in ids:
        parsed = uuid.UUID(value)
        assert (parsed.hex, parsed.version, parsed.variant) == (value, 4, uuid.RFC_4122)


def test_a_uuid_column_takes_the_hex_digits_as_the_uuid(store) -> None:
    event_id = create_event(store, sample_event())
    as_uuid, as_hex = uuid.uuid4(), uuid.uuid4()
    with store.session() as session:
        insert_rows(session, PARTY_TABLE, ("id", "event_id", "party_kind", "code", "name", "position"),
                    [(as_uuid, event_id, "country", "DE", "", 7), (as_hex.hex, event_id, "country", "FR", "", 8)],
                    sql_values={"created_at": "CURRENT_TIMESTAMP", "updated_at": "CURRENT_TIMESTAMP"})
    with store.session() as session:
        stored = dict(session.execute(select(EventParty.code, EventParty.id).where(EventParty.position >= 7)).all())
        raw = {row[0] for row in session.connection().exec_driver_sql(
            "SELECT id FROM event_party WHERE position >= 7")}
    assert stored == {"DE": as_uuid, "FR": as_hex}
    assert raw == {as_uuid.hex, as_hex.hex}  # the same text either way


def _file(tmp_path: Path, events: int) -> Path:
    source = open_store(tmp_path / f"source-{events}.sqlite3")
    try:
        filled(source, events=events)
        path = tmp_path / f"export-{events}.json"
        export_to_file(source, path)
    finally:
        source.close()
    return path


def _statements(tmp_path: Path, file: Path) -> list[str]:
    target = open_store(tmp_path / f"target-{file.stem}-{len(list(tmp_path.iterdir()))}.sqlite3")
    seen: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        seen.append(" ".join(statement.split()[:3]))
    sa_event.listen(target.engine, "before_cursor_execute", record)
    try:
        import_file(target, file)
    finally:
        sa_event.remove(target.engine, "before_cursor_execute", record)
        target.close()
    return seen


def test_the_statements_do_not_grow_with_the_records_only_with_the_batches(tmp_path: Path, monkeypatch) -> None:
    small, large = _file(tmp_path, 20), _file(tmp_path, 60)
    assert len(_statements(tmp_path, small)) == len(_statements(tmp_path, large))
    monkeypatch.setattr(importer, "BATCH", 7)
    events = len(json.loads(large.read_text(encoding="utf-8"))["events"])
    inserts = [statement for statement in _statements(tmp_path, large) if statement == "INSERT INTO event"]
    assert len(inserts) == math.ceil(events / 7)


def test_the_collector_is_paused_while_importing_and_runs_again_after(store, tmp_path: Path, monkeypatch) -> None:
    file = _file(tmp_path, 5)
    seen: list[bool] = []
    merge = importer.merge

    def merge_watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return merge(*args, **kwargs)
    monkeypatch.setattr(importer, "merge", merge_watched)
    assert gc.isenabled()
    import_file(store, file)
    assert seen and not any(seen) and gc.isenabled()
    broken = tmp_path / "broken.json"
    broken.write_text(file.read_text(encoding="utf-8").replace('"kind":"', '"kind":"no-such-kind', 1),
                      encoding="utf-8")
    with pytest.raises(ServiceError):
        import_file(store, broken)
    assert gc.isenabled()


@pytest.mark.parametrize("column", ["starts_at", "updated_at"])
def test_times_are_stored_as_sqlalchemy_would_store_them(store, column) -> None:
    """insert_rows writes a time with `isoformat` where SQLAlchemy formats it field by field: the same text."""
    from hattama.db import bulk
    from hattama.services.event_storage import EVENT_TABLE

    dialect = store.engine.dialect
    kind = EVENT_TABLE.c[column].type
    process = kind.dialect_impl(dialect).bind_processor(dialect)
    faster = bulk._faster(kind, process)
    assert faster is not process  # the isoformat way is taken on SQLite
    utc = column == "updated_at"
    moments = [dt.datetime(2026, 5, 15, 9, 30), dt.datetime(2026, 12, 31, 23, 59, 59, 999999), dt.datetime(9, 1, 1)]
    if utc:
        moments = [moment.replace(tzinfo=dt.UTC) for moment in moments] + [
            dt.datetime(2027, 1, 1, 3, 0, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=5)))]
    for moment in moments:
        assert faster(moment) == process(moment)
    if utc:
        with pytest.raises(ValueError, match="naive"):
            faster(dt.datetime(2026, 5, 15))
    else:
        assert faster(dt.date(2026, 5, 15)) == process(dt.date(2026, 5, 15)) == "2026-05-15 00:00:00.000000"
