"""Opening the store safely: check the file, back it up, migrate it in place, then hand out sessions.

A file that is not a Hattama store, is damaged, unreadable or from a newer release is never written to: the
checks run on a read-only connection before the engine (which turns on WAL and so writes) ever touches it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from db.errors import StoreNotADatabase, StoreTooNew, StoreUnreadable, StoreUpgradeFailed

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_sqlite_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


def inspect_existing(path: Path) -> str | None:
    """The schema revision of an existing file (None for an empty SQLite file); raises if it must not be opened."""
    if not os.access(path, os.R_OK | os.W_OK):
        raise StoreUnreadable(path, reason=os.strerror(13))
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreUnreadable(path, reason=error.strerror or str(error)) from error
    if header == b"":
        return None
    if header != SQLITE_HEADER:
        raise StoreNotADatabase(path)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise StoreUnreadable(path, reason=str(error)) from error
    try:
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise StoreNotADatabase(path)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None
        if "alembic_version" not in tables:
            raise StoreNotADatabase(path)
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise StoreNotADatabase(path) from error
    finally:
        connection.close()
    if row is None:
        raise StoreNotADatabase(path)
    revision = row[0]
    if revision not in known_revisions():
        raise StoreTooNew(path, revision=revision)
    return revision


def backup_copy(path: Path, revision: str) -> Path:
    """A consistent copy through SQLite's backup API (a plain file copy of a live WAL store can be torn)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}{path.suffix}")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


class Store:
    """An opened, up-to-date store. `session()` is the unit of work: commit on success, roll back on error."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def revision(self) -> str | None:
        with self.engine.connect() as connection:
            row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.engine.dispose()


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_store(path: Path | str, *, migrate: bool = True) -> Store:
    """Open (creating if absent) and bring the store to the newest schema, backing it up first."""
    path = Path(path)
    existed = path.exists()
    revision = inspect_existing(path) if existed else None
    if not existed:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnreadable(path, reason=error.strerror or str(error)) from error
    engine = create_sqlite_engine(path)
    head = head_revision()
    if migrate and revision != head:
        backup = backup_copy(path, revision) if revision is not None else None
        try:
            upgrade(engine)
        except Exception as error:
            engine.dispose()
            if backup is None:
                raise StoreUnreadable(path, reason=str(error)) from error
            raise StoreUpgradeFailed(path, reason=str(error), backup=str(backup)) from error
    return Store(path, engine)
