"""Opening the store: pragmas, files that must be refused and left untouched, write transactions, and SQLite's
errors each turned into one sentence (busy, disk full, read-only, damaged)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from hattama.db import store as store_module
from hattama.db.errors import (
    StoreBusy,
    StoreDiskFull,
    StoreFolderMissing,
    StoreFolderReadOnly,
    StoreNotADatabase,
    StoreNotAFile,
    StoreReadOnly,
    StoreTooNew,
    from_sqlite,
)
from hattama.db.store import PAGE_CACHE_KIB, head_revision, open_store, retry_when_busy


def test_new_store_is_created_at_the_newest_schema_with_wal_and_foreign_keys(store_path: Path) -> None:
    store = open_store(store_path)
    try:
        assert store.revision() == head_revision()
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -PAGE_CACHE_KIB
    finally:
        store.close()


def test_the_connection_used_last_is_handed_out_first_with_its_page_cache(store_path: Path) -> None:
    """Issue 18.2: a listing's next query finds the pages its last one read, not another connection's."""
    store = open_store(store_path)
    try:
        first, second = store.engine.connect(), store.engine.connect()
        first_id, second_id = id(first.connection.dbapi_connection), id(second.connection.dbapi_connection)
        first.close()
        second.close()  # used last
        with store.engine.connect() as again:
            assert id(again.connection.dbapi_connection) == second_id != first_id
    finally:
        store.close()


def test_store_in_a_missing_folder_is_created(tmp_path: Path) -> None:
    store = open_store(tmp_path / "new" / "deeper" / "store.sqlite3")
    assert store.path.exists()
    store.close()


@pytest.mark.parametrize(
    "content",
    [b"this is a text file, not a store\n", b"SQLite format 3\x00" + b"\xff" * 4000, b"%PDF-1.7\n" + b"x" * 100],
    ids=["text", "damaged-sqlite", "pdf"],
)
def test_corrupt_file_is_refused_and_left_byte_for_byte(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "store.sqlite3"
    path.write_bytes(content)
    with pytest.raises(StoreNotADatabase) as raised:
        open_store(path)
    assert path.read_bytes() == content
    assert str(path) in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.sqlite3"]


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreNotADatabase):
        open_store(path)
    assert path.read_bytes() == before


def test_store_from_a_newer_release_is_refused_and_untouched(store_path: Path) -> None:
    open_store(store_path).close()
    connection = sqlite3.connect(store_path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = store_path.read_bytes()
    with pytest.raises(StoreTooNew) as raised:
        open_store(store_path)
    assert raised.value.params["revision"] == "9999_from_the_future"
    assert store_path.read_bytes() == before


def test_a_folder_as_store_path_is_refused_as_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.sqlite3"
    folder.mkdir()
    with pytest.raises(StoreNotAFile):
        open_store(folder)
    assert list(folder.iterdir()) == []


def _other_connection(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None, timeout=0)


def test_a_write_session_takes_the_write_lock_before_its_first_read(store_path: Path) -> None:
    """BEGIN IMMEDIATE: two read-then-write units (imports) are serialised, never interleaved."""
    store = open_store(store_path)
    other = _other_connection(store_path)
    try:
        with store.session(write=True) as session:
            session.execute(text("SELECT 1"))
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        with store.session() as session:  # a reading session leaves the lock free
            session.execute(text("SELECT 1"))
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()
        store.close()


def test_a_write_into_a_locked_store_is_store_busy_not_a_sql_error(store_path: Path) -> None:
    open_store(store_path).close()
    store = open_store(store_path, busy_timeout_ms=50)
    other = _other_connection(store_path)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreBusy) as raised, store.session(write=True) as session:
            session.execute(text("SELECT 1"))
        assert raised.value.params["path"] == str(store_path)
        with store.session() as session:  # reading goes on: WAL readers never wait for the writer
            assert session.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        other.execute("ROLLBACK")
        with store.session(write=True) as session:
            session.execute(text("SELECT 1"))
    finally:
        other.close()
        store.close()


def test_retry_when_busy_tries_again_then_gives_up_with_store_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(store_module.time, "sleep", slept.append)
    answers = iter([StoreBusy("s"), StoreBusy("s"), "stored"])

    def work() -> object:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert retry_when_busy(work, (0.1, 0.2, 0.4)) == "stored"
    assert slept == [0.1, 0.2]
    with pytest.raises(StoreBusy):
        retry_when_busy(lambda: (_ for _ in ()).throw(StoreBusy("s")), (0.1,))


@pytest.mark.parametrize(
    ("code", "expected"),
    [(5, StoreBusy), (517, StoreBusy), (6, StoreBusy), (13, StoreDiskFull), (26, StoreNotADatabase),
     (11, StoreNotADatabase), (8, StoreReadOnly), (1544, StoreFolderReadOnly), (1, type(None))],
    ids=["busy", "busy-snapshot", "locked", "full", "notadb", "corrupt", "readonly", "readonly-directory",
         "plain-error"],
)
def test_sqlite_result_codes_map_to_one_sentence_each(tmp_path: Path, code: int, expected: type) -> None:
    error = sqlite3.OperationalError("raw")
    error.sqlite_errorcode = code
    assert type(from_sqlite(error, tmp_path / "store.sqlite3")) is expected


def test_a_store_in_a_vanished_folder_is_named_as_such(tmp_path: Path) -> None:
    error = sqlite3.OperationalError("unable to open database file")
    error.sqlite_errorcode = 14
    mapped = from_sqlite(error, tmp_path / "gone" / "store.sqlite3")
    assert isinstance(mapped, StoreFolderMissing) and mapped.params["folder"] == str(tmp_path / "gone")


def test_a_session_that_reads_then_writes_waits_for_a_lock_released_meanwhile(store_path: Path) -> None:
    """Its reads hold no transaction open, so its first write waits out another writer (SQLite refuses a read
    transaction's upgrade at once, without waiting)."""
    store = open_store(store_path)
    other = sqlite3.connect(store_path, isolation_level=None, check_same_thread=False)
    try:
        other.execute("BEGIN IMMEDIATE")
        release = threading.Timer(0.3, lambda: other.execute("ROLLBACK"))
        release.start()
        with store.session() as session:
            assert session.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
            session.execute(text("UPDATE alembic_version SET version_num = version_num"))
        release.join()
    finally:
        other.close()
        store.close()
