"""Opening the store safely: check the file, back it up, migrate it in place, then hand out sessions.

A file that is not a Hattama store, is damaged, unreadable or from a newer release is never written to: the
checks run on a read-only connection before the engine (which turns on WAL and so writes) ever touches it. A path
that is not a regular file (a folder, a FIFO that would block the open, a device) is refused before any open.

Opening is cheap (issue 18.1, 22.2): the file's header and one read of its schema revision; Alembic (and the
migrations) load only when an upgrade is due, SQLAlchemy only with the first session. SQLite's full integrity
check, which reads the whole file, runs on demand (`Store.check_integrity`: `hattama db check`, the window's
background check) and at the first opening after an unclean shutdown: each opening leaves a marker, locked while
the store is open and removed by a clean `close()`; a marker nobody holds any more means its process died.

Transactions: `session()` reads without a lock (WAL: readers never wait for a writer) and begins at its first
write; `session(write=True)` and `single_transaction()` begin IMMEDIATE, taking the write lock before their first
read, so a check-then-insert (an import) is serialised against another process doing the same. A lock held elsewhere is waited for up to
`busy_timeout`, then SQLite's errors become the sentences of `hattama.db.errors.from_sqlite` (busy, disk full, read-only).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import logging
import os
import re
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from hattama.db.errors import (
    StoreBusy,
    StoreDamaged,
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

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100  # SQLite's database header; the page size is bytes 16-17
BUSY_TIMEOUT_MS = 5000
# The execution option that makes a connection's transactions BEGIN IMMEDIATE.
WRITE_OPTION = "hattama_write"
# `revision = "0007"` / `down_revision = "0006"` in a migration script, as Alembic reads them.
_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(?:[\"']([^\"']*)[\"']|None)", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@functools.cache
def _revision_chain() -> tuple[frozenset[str], str]:
    """Every migration's revision and the newest one, read from the scripts' `revision`/`down_revision` lines
    without importing Alembic (a test checks this agrees with Alembic's own reading)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = {name: value for name, value in _REVISION_LINE.findall(script.read_text(encoding="utf-8"))}
        revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return frozenset(revisions), heads.pop()


def head_revision() -> str:
    return _revision_chain()[1]


def known_revisions() -> set[str]:
    return set(_revision_chain()[0])


# Each connection's page cache (SQLite's default is 2 MiB): room for the indexes a list walks at 100,000 events,
# such as every event's obligation summary when the Events page sorts by obligations (issue 18.2).
PAGE_CACHE_KIB = 8192


def create_sqlite_engine(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    from sqlalchemy import create_engine, event

    # The connection used last is handed out first: its page cache holds what the last query read.
    engine = create_engine(f"sqlite:///{path}", future=True, pool_use_lifo=True)

    def set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
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


def _read_only(path: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise from_sqlite(error, path) or StoreUnreadable(path, reason=str(error)) from error


def _header_is_sound(header: bytes) -> bool:
    """SQLite's magic and a page size it can have (a power of two from 512 to 65536, the last written as 1)."""
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_HEADER):
        return False
    page_size = int.from_bytes(header[16:18], "big")
    return page_size == 1 or (512 <= page_size <= 32768 and page_size & (page_size - 1) == 0)


def inspect_existing(path: Path) -> str | None:
    """The schema revision of an existing file (None for an empty SQLite file); raises if it must not be opened.

    The cheap check: the header, then one read of the revision (damage further in is for `check_integrity`)."""
    if not os.access(path, os.R_OK):
        raise StoreUnreadable(path, reason=os.strerror(13))
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as error:
        raise StoreUnreadable(path, reason=error.strerror or str(error)) from error
    if header and not _header_is_sound(header):
        raise StoreNotADatabase(path)
    # A store is written with its -wal and -shm files beside it: the folder must take them, the file the writes.
    if not folder_is_writable(path):
        raise StoreFolderReadOnly(path, folder=str(path.parent))
    if not os.access(path, os.W_OK):
        raise StoreReadOnly(path)
    if header == b"":
        return None
    connection = _read_only(path)
    try:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError as error:
            if from_sqlite(error, path) is not None or "no such table" not in str(error):
                raise
            # No revision table: an SQLite file with nothing in it yet is a new store; any other is not ours.
            if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                return None
            raise StoreNotADatabase(path) from error
    except sqlite3.DatabaseError as error:
        # Busy, read-only or a full disk is not damage: say what it is.
        raise from_sqlite(error, path) or StoreNotADatabase(path) from error
    finally:
        connection.close()
    if row is None:
        raise StoreNotADatabase(path)
    revision = str(row[0])
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


def _lock(handle: IO[bytes]) -> bool:
    """An exclusive lock on an open file, without waiting; False when another holder has it. The system drops it
    when its process ends, however it ends."""
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)  # Windows locks bytes from the current position: every holder locks the first
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class OpenMarker:
    """This process has the store open: a file in `folder` (the officer's data folder), locked while it lives.

    `left_open` lists the markers of earlier openings whose lock nobody holds: their process ended without
    closing the store (a crash, a kill, a power cut)."""

    def __init__(self, folder: Path, store_path: Path) -> None:
        self.key = hashlib.sha256(str(store_path.resolve()).encode("utf-8")).hexdigest()[:16]
        self.folder = folder
        self.path: Path | None = None
        self._handle: IO[bytes] | None = None
        self.left_open = self._unheld()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            # A random name (not `uuid`, whose import costs the first paint milliseconds: issue 18.1).
            path = folder / f"{self.key}.{os.urandom(6).hex()}.open"
            handle = path.open("wb")
        except OSError as error:  # no marker then: an unclean shutdown will go unnoticed, nothing worse
            log.warning("no open-store marker in %s: %s", folder, error)
            return
        handle.write(f"{store_path}\n".encode())
        handle.flush()
        _lock(handle)
        self.path, self._handle = path, handle

    def _unheld(self) -> list[Path]:
        unheld = []
        for marker in sorted(self.folder.glob(f"{self.key}.*.open")):
            try:
                with marker.open("rb") as handle:
                    if _lock(handle):
                        unheld.append(marker)
            except OSError:
                continue
        return unheld

    def forget_left_open(self) -> None:
        """The earlier unclean shutdowns have been dealt with (the full check passed)."""
        for marker in self.left_open:
            with contextlib.suppress(OSError):
                marker.unlink()
        self.left_open = []

    def remove(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self.path is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()
            self.path = None


class Store:
    """An opened, up-to-date store. `session()` is the unit of work: commit on success, roll back on error.

    The SQLAlchemy engine is made with the first session (a command that needs none never loads SQLAlchemy)."""

    def __init__(self, path: Path, engine: Engine | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS,
                 marker: OpenMarker | None = None) -> None:
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self.marker = marker
        if engine is not None:
            self.engine = engine

    @functools.cached_property
    def engine(self) -> Engine:
        return create_sqlite_engine(self.path, self.busy_timeout_ms)

    @functools.cached_property
    def _sessions(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine, expire_on_commit=False)

    @functools.cached_property
    def _write_sessions(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False)

    @property
    def left_open(self) -> bool:
        """Whether an earlier opening ended without closing the store (then `check_integrity` is due)."""
        return self.marker is not None and bool(self.marker.left_open)

    @contextlib.contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """`write=True` for a unit of work that reads what it then writes (the write lock is taken first)."""
        from sqlalchemy.exc import DBAPIError

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
        except Exception as error:
            mapped = from_sqlite(error, self.path) if _is_database_error(error) else None
            if mapped is None:
                raise
            raise mapped from error

    @contextlib.contextmanager
    def single_transaction(self) -> Iterator[Store]:
        """The store seen through one transaction: every `session()` of the store handed out joins it (and sees
        what earlier ones wrote), and it is committed only when the block ends without error. A failure or a
        killed process inside the block leaves the store as it was."""
        from sqlalchemy.orm import sessionmaker

        with self.sqlite_errors(), self.engine.connect() as connection:
            connection = connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                joined = Store(self.path, self.engine, busy_timeout_ms=self.busy_timeout_ms)
                joined._sessions = joined._write_sessions = sessionmaker(connection, expire_on_commit=False)
                yield joined

    def read(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """The rows of one query (SQLite's `?` parameters, the driver's values). Until this store's engine is
        made it runs on a plain read-only connection, so a quick command (the calendar, the officer's
        language) never loads SQLAlchemy; after, and inside `single_transaction`, through a session, so it
        sees what that transaction wrote."""
        if "engine" in self.__dict__ or "_sessions" in self.__dict__:
            with self.session() as session:
                return [tuple(row) for row in session.connection().exec_driver_sql(sql, tuple(parameters))]
        connection = _read_only(self.path)
        try:
            with self.sqlite_errors():
                return connection.execute(sql, tuple(parameters)).fetchall()
        finally:
            connection.close()

    def revision(self) -> str | None:
        connection = _read_only(self.path)
        try:
            with self.sqlite_errors():
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
        return row[0] if row else None

    def check_integrity(self) -> None:
        """SQLite's full integrity check of the whole file, on a connection of its own (it reads every page:
        seconds on a large store, so the window runs it on a worker thread). Raises `StoreDamaged` naming the
        first problems found; once it passes, the marks of an earlier unclean shutdown are cleared."""
        started = time.perf_counter()
        connection = _read_only(self.path)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check(10)")]
        except sqlite3.DatabaseError as error:
            mapped = from_sqlite(error, self.path)
            if mapped is not None and not isinstance(mapped, StoreNotADatabase):
                raise mapped from error
            problems = [str(error)]
        finally:
            connection.close()
        if problems != ["ok"]:
            log.error("store %s failed the integrity check: %s", self.path, "; ".join(problems))
            raise StoreDamaged(self.path, detail="; ".join(problems))
        log.info("store %s passed the integrity check (%.1f s)", self.path, time.perf_counter() - started)
        if self.marker is not None:
            self.marker.forget_left_open()

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
        if self.marker is not None:
            self.marker.remove()
            self.marker = None


def _is_database_error(error: BaseException) -> bool:
    """SQLite's errors, the system's, and SQLAlchemy's wrapping of them (only raised once SQLAlchemy is loaded)."""
    if isinstance(error, sqlite3.Error | OSError):
        return True
    sqlalchemy_errors = sys.modules.get("sqlalchemy.exc")
    return sqlalchemy_errors is not None and isinstance(error, sqlalchemy_errors.DBAPIError)


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
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


def open_store(path: Path | str, *, migrate: bool = True, busy_timeout_ms: int = BUSY_TIMEOUT_MS,
               markers: Path | None = None, check_if_left_open: bool = True) -> Store:
    """Open (creating if absent) and bring the store to the newest schema, backing it up first.

    `markers`: the folder of open-store markers (the window and the command line give the officer's); then an
    earlier opening that ended uncleanly is found, and with `check_if_left_open` the full integrity check runs
    now (a damaged store raises `StoreDamaged`, still unwritten); without it, `Store.left_open` tells the
    caller to run it (the window does, in the background)."""
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
    store = Store(path, busy_timeout_ms=busy_timeout_ms)
    if existed and markers is not None:
        store.marker = OpenMarker(markers, path)
        if store.left_open:
            log.warning("store %s was not closed cleanly last time", path)
            if check_if_left_open:
                try:
                    store.check_integrity()
                except StoreError:
                    store.close()
                    raise
    head = head_revision()
    if migrate and revision != head:
        backup = None
        try:
            backup = backup_copy(path, revision) if revision is not None else None
            upgrade(store.engine)
        except Exception as error:
            store.close()
            mapped = from_sqlite(error, path)
            if not existed:
                _remove_new_store(path)
            if isinstance(mapped, StoreError):
                raise mapped from error
            if revision is None:
                raise StoreUnreadable(path, reason=str(error)) from error
            log.exception("store %s could not be upgraded from %s; the copy is %s", path, revision, backup)
            raise StoreUpgradeFailed(path, reason=str(error), backup=str(backup)) from error
        if revision is None:
            log.info("store %s created at schema %s", path, head)
        else:
            log.info("store %s upgraded from schema %s to %s; the copy taken before is %s", path, revision, head,
                     backup)
    else:
        log.info("store %s opened at schema %s", path, revision)
    if not existed and markers is not None:
        store.marker = OpenMarker(markers, path)
    return store


def _remove_new_store(path: Path) -> None:
    """A store this call began to create and could not finish (full disk): nothing of it is left behind."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
