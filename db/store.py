"""Opening the store safely: check the file, back it up, migrate it in place, then hand out sessions.

A file that is not a Hattama store, is damaged, unreadable or from a newer release is never written to: the
checks run on a read-only connection before the engine (which turns on WAL and so writes) ever touches it. A path
that is not a regular file (a folder, a FIFO that would block the open, a device) is refused before any open.

Transactions: `session()` reads without a lock (WAL: readers never wait for a writer) and begins at its first
write; `session(write=True)` and `single_transaction()` begin IMMEDIATE, taking the write lock before their first
read, so a check-then-insert (an import) is serialised against another process doing the same. A lock held elsewhere is waited for up to
`busy_timeout`, then SQLite's errors become the sentences of `hattama.db.errors.from_sqlite` (busy, disk full, read-only).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from hattama.db.errors import (
    StoreBusy,
    StoreError,
    StoreFolderReadOnly,
    StoreNotADatabase,
    StoreNotAFile,
    StoreReadOnly,
    StoreTooNew,
    StoreUnreadable,
    StoreUpgradeFailed,
    folder_is_writable,
    from_sqlite,
)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# The execution option that makes a connection's transactions BEGIN IMMEDIATE.
WRITE_OPTION = "hattama_write"


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


def create_sqlite_engine(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)

    def set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    def begin(connection: Connection) -> None:
        # A write unit takes the lock before its first read. Other units are left to the driver, which begins
        # (deferred) just before the first write: then no read is open yet and SQLite waits out a busy lock; a
        # read transaction asking to write is refused at once instead.
        if connection.get_execution_options().get(WRITE_OPTION, False):
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(engine, "connect", set_pragmas)
    event.listen(engine, "begin", begin)
    return engine


def refuse_non_files(path: Path) -> bool:
    """Whether `path` exists; raises if it exists but is not a regular file (opening a FIFO would block)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    except OSError as error:
        raise StoreUnreadable(path, reason=error.strerror or str(error)) from error
    if not stat.S_ISREG(mode):
        raise StoreNotAFile(path)
    return True


def retry_when_busy(work: Callable[[], object], delays: Sequence[float]) -> object:
    """Runs `work`; while the store is busy, again after each of `delays` seconds (the caller's thread sleeps:
    never the GUI thread). The last `StoreBusy` is raised if the store stays busy."""
    for delay in delays:
        try:
            return work()
        except StoreBusy:
            time.sleep(delay)
    return work()


def inspect_existing(path: Path) -> str | None:
    """The schema revision of an existing file (None for an empty SQLite file); raises if it must not be opened."""
    if not os.access(path, os.R_OK):
        raise StoreUnreadable(path, reason=os.strerror(13))
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreUnreadable(path, reason=error.strerror or str(error)) from error
    if header not in (b"", SQLITE_HEADER):
        raise StoreNotADatabase(path)
    # A store is written with its -wal and -shm files beside it: the folder must take them, the file the writes.
    if not folder_is_writable(path):
        raise StoreFolderReadOnly(path, folder=str(path.parent))
    if not os.access(path, os.W_OK):
        raise StoreReadOnly(path)
    if header == b"":
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise from_sqlite(error, path) or StoreUnreadable(path, reason=str(error)) from error
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
        # Busy, read-only or a full disk is not damage: say what it is.
        raise from_sqlite(error, path) or StoreNotADatabase(path) from error
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
        self._write_sessions = sessionmaker(engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False)

    @contextlib.contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """`write=True` for a unit of work that reads what it then writes (the write lock is taken first)."""
        session = (self._write_sessions if write else self._sessions)()
        try:
            with self.sqlite_errors():
                yield session
                session.commit()
        except BaseException:
            with contextlib.suppress(DBAPIError):
                session.rollback()
            raise
        finally:
            session.close()

    @contextlib.contextmanager
    def sqlite_errors(self) -> Iterator[None]:
        """SQLite's busy, full, read-only errors raised in the block become the user's `StoreError`s."""
        try:
            yield
        except (DBAPIError, sqlite3.Error, OSError) as error:
            mapped = from_sqlite(error, self.path)
            if mapped is None:
                raise
            raise mapped from error

    @contextlib.contextmanager
    def single_transaction(self) -> Iterator[Store]:
        """The store seen through one transaction: every `session()` of the store handed out joins it (and sees
        what earlier ones wrote), and it is committed only when the block ends without error. A failure or a
        killed process inside the block leaves the store as it was."""
        with self.sqlite_errors(), self.engine.connect() as connection:
            connection = connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                joined = Store(self.path, self.engine)
                joined._sessions = joined._write_sessions = sessionmaker(connection, expire_on_commit=False)
                yield joined

    def revision(self) -> str | None:
        with self.engine.connect() as connection:
            row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.engine.dispose()


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        # SQLite alters a table by rebuilding it (batch mode): with foreign keys on, dropping the old copy of a
        # referenced table fails. Off for the migration (the pragma is ignored inside a transaction); the
        # references are checked before the migration commits.
        driver.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"a migration to {revision} left broken references: {broken[:5]}")
        finally:
            driver.execute("PRAGMA foreign_keys=ON")


def open_store(path: Path | str, *, migrate: bool = True, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Store:
    """Open (creating if absent) and bring the store to the newest schema, backing it up first."""
    path = Path(path)
    existed = refuse_non_files(path)
    revision = inspect_existing(path) if existed else None
    if not existed:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise from_sqlite(error, path) or StoreUnreadable(path, reason=error.strerror or str(error)) from error
        if not folder_is_writable(path):
            raise StoreFolderReadOnly(path, folder=str(path.parent))
    engine = create_sqlite_engine(path, busy_timeout_ms)
    head = head_revision()
    if migrate and revision != head:
        try:
            backup = backup_copy(path, revision) if revision is not None else None
            upgrade(engine)
        except Exception as error:
            engine.dispose()
            mapped = from_sqlite(error, path)
            if not existed:
                _remove_new_store(path)
            if isinstance(mapped, StoreError):
                raise mapped from error
            if revision is None:
                raise StoreUnreadable(path, reason=str(error)) from error
            raise StoreUpgradeFailed(path, reason=str(error), backup=str(backup)) from error
    return Store(path, engine)


def _remove_new_store(path: Path) -> None:
    """A store this call began to create and could not finish (full disk): nothing of it is left behind."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
