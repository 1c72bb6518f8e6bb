"""Opening the store: pragmas, and files that must be refused and left untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db.errors import StoreNotADatabase, StoreNotAFile, StoreTooNew
from db.store import head_revision, open_store


def test_new_store_is_created_at_the_newest_schema_with_wal_and_foreign_keys(store_path: Path) -> None:
    store = open_store(store_path)
    try:
        assert store.revision() == head_revision()
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
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
