"""Import and export a piece at a time (issue 18.4): the file is read incrementally and merged in batches, and
written a chunk of records at a time; what comes out and goes in is the same as with a whole document."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from hattama.db.store import open_store
from hattama.services.errors import ServiceError
from hattama.services.interchange import (
    export,
    export_interchange,
    export_to_file,
    import_file,
    import_interchange,
    importer,
    stream,
)
from tests.interchange.helpers import TODAY, filled, records_of, table_counts


@pytest.fixture
def small_pieces(monkeypatch) -> None:
    """Pieces far smaller than the document, so a test's few dozen records span many reads, batches, chunks."""
    monkeypatch.setattr(stream, "READ_BYTES", 4096)
    monkeypatch.setattr(importer, "BATCH", 5)
    monkeypatch.setattr(export, "EXPORT_CHUNK", 7)


@pytest.fixture
def other_store(tmp_path: Path):
    opened = open_store(tmp_path / "other.sqlite3")
    yield opened
    opened.close()


class CountingFile(io.BytesIO):
    """A file that remembers how much of it was read."""

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.consumed = self.tell()
        return data


def test_the_reader_yields_the_first_record_after_reading_only_the_start_of_the_file(
        valid_document, small_pieces) -> None:
    raw = json.dumps(valid_document, ensure_ascii=False).encode()
    handle = CountingFile(raw)
    members = stream.members(handle)
    name, value = next((name, value) for name, value in members if name == "events")
    first = next(value)
    assert first == valid_document["events"][0]
    assert handle.consumed < len(raw) / 4


def test_import_merges_batches_before_the_file_is_read_through(store, valid_document, small_pieces,
                                                               monkeypatch, tmp_path: Path) -> None:
    path = tmp_path / "incoming.json"
    path.write_text(json.dumps(valid_document, ensure_ascii=False), encoding="utf-8")
    handles: list[Any] = []
    positions: list[int] = []
    members, merge = stream.members, importer.merge

    def members_spied(handle):
        handles.append(handle)
        return members(handle)

    def merge_spied(*args, **kwargs):
        positions.append(handles[0].tell())
        return merge(*args, **kwargs)
    monkeypatch.setattr(stream, "members", members_spied)
    monkeypatch.setattr(importer, "merge", merge_spied)

    result = import_file(store, path)
    assert result.created == len(valid_document["events"]) + len(valid_document["reports"])
    assert len(positions) > 3  # batches of five records
    assert positions[0] < path.stat().st_size / 2


def test_export_to_file_writes_the_document_export_interchange_gives(store, small_pieces, tmp_path: Path) -> None:
    filled(store)
    path = tmp_path / "out.json"
    summary = export_to_file(store, path)
    written = json.loads(path.read_text(encoding="utf-8"))
    document = export_interchange(store)
    assert {**written, "exported_at": None} == {**document, "exported_at": None}
    assert (summary.events, summary.reports) == (len(document["events"]), len(document["reports"]))
    assert summary.events > 7 * 3  # several chunks


def test_a_file_round_trip_through_pieces_gives_equal_records(store, other_store, small_pieces, tmp_path: Path) -> None:
    filled(store)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    export_to_file(store, first)
    result = import_file(other_store, first)
    export_to_file(other_store, second)
    assert result.created == table_counts(store)["event"] + table_counts(store)["report"]
    assert records_of(json.loads(second.read_text(encoding="utf-8"))) == records_of(
        json.loads(first.read_text(encoding="utf-8")))
    assert table_counts(other_store) == table_counts(store)


def test_records_before_the_header_are_held_and_still_checked(store, valid_document, small_pieces,
                                                              tmp_path: Path) -> None:
    """Another program may write the records before `format` and `source`: they wait for them."""
    document = {"events": valid_document["events"], "reports": valid_document["reports"],
                **{name: value for name, value in valid_document.items() if name not in ("events", "reports")}}
    path = tmp_path / "reordered.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert import_file(store, path).created == len(document["events"]) + len(document["reports"])

    document["format"] = "something-else"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = table_counts(store)
    with pytest.raises(ServiceError) as refused:
        import_file(store, path)
    assert refused.value.msgid == "This is not a Hattama interchange file."
    assert table_counts(store) == before


def test_reports_before_their_events_wait_for_them(store, valid_document, tmp_path: Path) -> None:
    document = {name: value for name, value in valid_document.items() if name != "events"}
    document["events"] = valid_document["events"]
    path = tmp_path / "reports-first.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert import_file(store, path).created == len(document["events"]) + len(document["reports"])


@pytest.mark.parametrize("number", ["1", "12345", "-0.5e3"])
def test_a_number_split_between_two_reads_is_read_whole(number: str, monkeypatch) -> None:
    monkeypatch.setattr(stream, "READ_BYTES", 1)
    members = dict(stream.members(io.BytesIO(f'{{"version": {number} }}'.encode())))
    assert members == {"version": json.loads(number)}


def test_the_stored_obligations_follow_an_import_in_its_transaction(store, other_store, valid_document) -> None:
    """Issue 18.3: the bulk inserts of an import are queued by the triggers and computed before its commit — the
    same obligations as a store that computes them all after the import, and nothing left waiting for a reader."""
    from sqlalchemy import func, select

    from hattama.db.models import ObligationDirty, StoredObligation
    from hattama.services.obligations import bring_up_to_date

    def event_obligations(opened) -> set[tuple]:
        with opened.session() as session:
            assert session.scalar(select(func.count()).select_from(ObligationDirty)) == 0
            return set(session.execute(select(StoredObligation.record_id, StoredObligation.kind,
                                              StoredObligation.planned_due)
                                       .where(StoredObligation.subject_kind == "event")).tuples())

    bring_up_to_date(store, TODAY)  # computed once: from now on kept in step with every write
    import_interchange(store, valid_document)
    kept_in_step = event_obligations(store)
    import_interchange(other_store, valid_document)
    bring_up_to_date(other_store, TODAY)
    assert kept_in_step == event_obligations(other_store)
    assert {record_id for record_id, _kind, _due in kept_in_step} & {
        uuid.UUID(event["id"]) for event in valid_document["events"]}
