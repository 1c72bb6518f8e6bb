"""Builds the hostile surroundings of a store: a write lock held by another process, a tiny (then full) or
read-only filesystem, a FIFO where the store should be, and an interchange file of many events to import.

Filesystems are real tmpfs mounts when the tests run as root and may mount (CI containers do); otherwise the
tests that need them fall back (a full disk simulated by SQLite's `max_page_count`) or are skipped, saying why.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import func, select

from hattama.db.models import Event
from hattama.db.store import open_store
from hattama.services.demo import fill_demo
from hattama.services.interchange import export_to_file

TODAY = dt.date(2026, 5, 15)
# The holder runs in its own process, as another Hattama would: it takes the write lock, says so, and keeps it
# until its standard input closes.
_HOLDER = (
    "import sqlite3, sys\n"
    "connection = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "connection.execute('BEGIN IMMEDIATE')\n"
    "print('held', flush=True)\n"
    "sys.stdin.read()\n"
    "connection.execute('ROLLBACK')\n"
)


@contextlib.contextmanager
def write_lock_held_elsewhere(path: Path) -> Iterator[None]:
    """Another process holds the store's write lock (BEGIN IMMEDIATE) for the duration of the block."""
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and Path("/proc/mounts").exists()


@contextlib.contextmanager
def tmpfs(folder: Path, size_kib: int) -> Iterator[Path]:
    """A real filesystem of `size_kib` KiB mounted on `folder` (root only), unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0755", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@contextlib.contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    """The file alone made read-only (a read-only bind mount over it, root only): its folder stays writable."""
    subprocess.run(["mount", "--bind", str(path), str(path)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], check=True)
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=False)


def remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def fill_up(folder: Path) -> Path:
    """Writes a filler file until the filesystem holding `folder` has no byte left."""
    filler = folder / "filler.bin"
    with filler.open("wb", buffering=0) as handle:
        for size in (65536, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while handle.write(b"\0" * size):
                    pass
    return filler


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def new_store(path: Path) -> Path:
    open_store(path).close()
    checkpoint(path)
    return path


def checkpoint(path: Path) -> None:
    """Folds the WAL into the main file, so the file's bytes are the whole store."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def events_document(folder: Path, events: int, seed: int = 11) -> Path:
    """An interchange file of `events` demo events (with their reports), exported by Hattama itself."""
    source = folder / f"source-{events}-{seed}.sqlite3"
    store = open_store(source)
    try:
        fill_demo(store, events=events, seed=seed, today=TODAY)
        return export_to_file(store, folder / f"events-{events}-{seed}.json").path
    finally:
        store.close()


def event_count(path: Path) -> int:
    store = open_store(path, migrate=False)
    try:
        with store.session() as session:
            return session.scalar(select(func.count()).select_from(Event)) or 0
    finally:
        store.close()


def integrity(path: Path) -> str:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hattama(*arguments: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real command line in its own process, in English."""
    environment = {**os.environ, "HATTAMA_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "hattama.cli", *arguments], capture_output=True, text=True,
                          timeout=timeout, env=environment, cwd=Path(__file__).resolve().parents[2])
