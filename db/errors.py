"""Store errors a user reads. `msgid` is an English sentence the application translates (see hattama.i18n).

`from_sqlite` is the one place where SQLite's own errors (busy, disk full, read-only, cannot open, damaged) become
these sentences; the store, the command line and the window all go through it.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import Any


def N_(message: str) -> str:
    return message


class StoreError(Exception):
    msgid = N_("The store could not be opened.")

    def __init__(self, path: object, **params: Any) -> None:
        self.params = {"path": str(path), **params}
        super().__init__(self.msgid.format(**self.params))


class StoreNotADatabase(StoreError):
    msgid = N_("The file {path} is not a Hattama store or is damaged. It was left untouched.")


class StoreDamaged(StoreNotADatabase):
    """SQLite's full integrity check found damage (on demand, in the background, or after an unclean shutdown)."""

    msgid = N_("SQLite's check found damage in the store {path}: {detail}. Keep a copy of the file as it "
               "is now, then restore the latest backup or ask for help to recover it.")


class StoreUnreadable(StoreError):
    msgid = N_("The store {path} cannot be read or written: {reason}. It was left untouched.")


class StoreNotAFile(StoreError):
    msgid = N_("{path} is not a regular file (it is a folder, a pipe or a device), so it cannot be a store. "
               "Nothing was changed.")


class StoreFolderMissing(StoreError):
    msgid = N_("The folder {folder} of the store {path} does not exist. Nothing was created.")


class StoreReadOnly(StoreError):
    msgid = N_("The store {path} is read-only: Hattama cannot save into it. It was left untouched.")


class StoreFolderReadOnly(StoreError):
    msgid = N_(
        "The folder {folder} is read-only, and SQLite must create the store's working files (-wal and -shm) "
        "beside {path}: make the folder writable or move the store. It was left untouched."
    )


class StoreBusy(StoreError):
    msgid = N_(
        "The store is busy (another Hattama is writing). Nothing was changed; try again in a moment."
    )


class StoreDiskFull(StoreError):
    msgid = N_("The disk holding the store {path} is full. Nothing was changed; free some space and try again.")


class StoreTooNew(StoreError):
    msgid = N_(
        "The store {path} was written by a newer version of Hattama (schema {revision}). "
        "Install the newer version to open it; the file was left untouched."
    )


class StoreUpgradeFailed(StoreError):
    msgid = N_(
        "The store {path} could not be upgraded: {reason}. A copy taken before the upgrade is at {backup}."
    )


# SQLite's primary result codes (the low byte of an extended code).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT = 5, 6, 8, 10, 11
SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 13, 14, 26
SQLITE_READONLY_DIRECTORY = SQLITE_READONLY | (6 << 8)


def _sqlite_error(error: BaseException) -> sqlite3.Error | None:
    """The sqlite3 error itself, also when SQLAlchemy has wrapped it (as `.orig`)."""
    found: BaseException | None = error
    while found is not None and not isinstance(found, sqlite3.Error):
        found = getattr(found, "orig", None) or found.__cause__
    return found


def folder_is_writable(path: Path) -> bool:
    return os.access(path.parent, os.W_OK | os.X_OK)


def disk_is_full(path: Path) -> bool:
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except OSError:
        return False


def from_sqlite(error: BaseException, path: Path) -> StoreError | None:
    """The user's sentence for a SQLite error met while using the store at `path`; None if it is none of these
    (a programming error, which stays a traceback)."""
    if isinstance(error, StoreError):
        return error
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return StoreDiskFull(path)
    found = _sqlite_error(error)
    code = getattr(found, "sqlite_errorcode", None)
    if found is None or code is None:
        return None
    primary = code & 0xFF
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreBusy(path)
    if primary == SQLITE_FULL:
        return StoreDiskFull(path)
    if primary in (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_IOERR):
        if primary == SQLITE_IOERR and disk_is_full(path):
            return StoreDiskFull(path)
        if not path.parent.is_dir():
            return StoreFolderMissing(path, folder=str(path.parent))
        if not folder_is_writable(path) or code == SQLITE_READONLY_DIRECTORY:
            return StoreFolderReadOnly(path, folder=str(path.parent))
        if primary == SQLITE_READONLY:
            return StoreReadOnly(path)
        return StoreUnreadable(path, reason=str(found))
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StoreNotADatabase(path)
    return None
