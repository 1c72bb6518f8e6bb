"""Hostile surroundings of the store (issue 10, items 9 and 10): another process holding the write lock, two
imports of one file at once, a full disk, a read-only folder or file, a FIFO or a folder where the store should
be, and an import killed (SIGKILL) at random moments.

Each case ends in a clear, translated sentence (exit 2 on the command line), never a traceback or a hang, and the
store is left sound: `PRAGMA integrity_check` is ok and it holds all or none of an import.

Full disks and read-only folders are real tmpfs mounts when the suite runs as root (CI); elsewhere the full disk
is simulated with SQLite's `max_page_count` and the read-only mounts are skipped.

The crash test kills `hattama import` of HATTAMA_CRASH_EVENTS events (default 1,000) at HATTAMA_CRASH_MOMENTS
seeded random moments (default 4); `HATTAMA_CRASH_EVENTS=20000 HATTAMA_CRASH_MOMENTS=30` is the full measure.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import event

from hattama.cli import context as cli_context
from hattama.cli import main
from hattama.db.errors import StoreBusy, StoreDiskFull, StoreFolderReadOnly, StoreNotAFile, StoreReadOnly
from hattama.db.store import open_store
from hattama.i18n import translate_in
from hattama.services.interchange import import_file
from hattama.services.settings import load_settings
from tests.hostile.store_hazards import (
    can_mount,
    digest,
    event_count,
    events_document,
    fill_up,
    hattama,
    integrity,
    make_fifo,
    new_store,
    read_only_file,
    remount_read_only,
    tmpfs,
    write_lock_held_elsewhere,
)

needs_mount = pytest.mark.skipif(not can_mount(), reason="mounting a tmpfs needs root")


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return events_document(tmp_path_factory.mktemp("document"), events=60)


@pytest.fixture
def quick_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line gives up on a held lock after 0.3 s instead of 15 s (the message is the same)."""
    monkeypatch.setattr(cli_context, "CLI_BUSY_TIMEOUT_MS", 300)


# Another process holds the write lock --------------------------------------------------------------------------

@pytest.mark.timeout(60)
def test_import_while_another_process_writes_says_busy_and_changes_nothing(
        tmp_path: Path, document: Path, quick_busy: None, capsys: pytest.CaptureFixture[str]) -> None:
    store = new_store(tmp_path / "store.sqlite3")
    with write_lock_held_elsewhere(store):
        code = main(["--lang", "en", "--db", str(store), "import", str(document)])
    err = capsys.readouterr().err
    assert code == 2
    assert "The store is busy (another Hattama is writing)" in err
    assert "Traceback" not in err and "sqlite3" not in err
    assert event_count(store) == 0
    assert integrity(store) == "ok"


@pytest.mark.timeout(60)
def test_settings_set_while_another_process_writes_says_busy_in_the_officers_language(
        tmp_path: Path, quick_busy: None, capsys: pytest.CaptureFixture[str]) -> None:
    store = new_store(tmp_path / "store.sqlite3")
    with write_lock_held_elsewhere(store):
        code = main(["--lang", "ru", "--db", str(store), "settings", "set", "officer_name", "Асель"])
    err = capsys.readouterr().err
    assert code == 2
    assert translate_in("ru", StoreBusy.msgid) in err  # the Russian catalog's sentence, not a raw SQL error
    assert "database is locked" not in err and "Traceback" not in err
    opened = open_store(store)
    try:
        assert load_settings(opened).officer_name != "Асель"
    finally:
        opened.close()


@pytest.mark.timeout(60)
def test_the_lock_released_in_time_lets_the_write_through(tmp_path: Path, document: Path) -> None:
    """The wait is bounded, not a refusal: a lock held briefly is simply waited for."""
    store = new_store(tmp_path / "store.sqlite3")
    with write_lock_held_elsewhere(store):
        importing = subprocess.Popen([sys.executable, "-m", "hattama.cli", "--lang", "en", "--db", str(store),
                                      "import", str(document)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        time.sleep(0.5)  # the import is now waiting for the lock (not a timing assertion: it may wait longer)
    out, err = importing.communicate(timeout=60)
    assert importing.returncode == 0, err
    assert event_count(store) == 60


@pytest.mark.timeout(120)
def test_two_imports_of_one_file_at_once_the_second_waits_and_finds_nothing_new(
        tmp_path: Path, document: Path) -> None:
    store = new_store(tmp_path / "store.sqlite3")
    command = [sys.executable, "-m", "hattama.cli", "--lang", "en", "--db", str(store), "import", str(document)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=100) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _out, err in outputs]
    summaries = sorted(out.strip().splitlines()[0] for out, _err in outputs)
    records = int(summaries[1].split(";")[0].removeprefix("Created: "))  # the events and their reports
    assert records > 60
    assert summaries == [f"Created: 0; updated: 0; unchanged: {records}.", f"Created: {records}; updated: 0; unchanged: 0."]
    assert event_count(store) == 60
    assert integrity(store) == "ok"


# Full disk ------------------------------------------------------------------------------------------------------

@needs_mount
@pytest.mark.timeout(120)
def test_import_onto_a_full_disk_says_disk_full_and_the_store_stays_sound(tmp_path: Path) -> None:
    """A real full filesystem: a 2 MiB tmpfs, the store on it, a filler taking the rest, then an import."""
    document = events_document(tmp_path, events=400)
    with tmpfs(tmp_path / "disk", 2048) as disk:
        store = new_store(disk / "store.sqlite3")
        filler = fill_up(disk)
        before = digest(store)
        result = hattama("--db", str(store), "import", str(document))
        assert result.returncode == 2, result.stderr
        assert "The disk holding the store" in result.stderr and "is full" in result.stderr
        assert "Traceback" not in result.stderr and "not a Hattama store" not in result.stderr
        assert digest(store) == before
        filler.unlink()  # space again: the store is whole and holds none of the import
        assert integrity(store) == "ok"
        assert event_count(store) == 0


def test_import_past_sqlites_page_limit_says_disk_full(tmp_path: Path, document: Path) -> None:
    """Without a mount (not root): SQLite's own SQLITE_FULL, from a page limit just above the empty store."""
    store = open_store(tmp_path / "store.sqlite3")
    try:
        with store.engine.connect() as connection:
            pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
        store.engine.dispose()
        event.listen(store.engine, "connect",
                     lambda dbapi, _record: dbapi.execute(f"PRAGMA max_page_count={pages + 2}"))
        with pytest.raises(StoreDiskFull):
            import_file(store, document)
    finally:
        store.close()
    assert integrity(tmp_path / "store.sqlite3") == "ok"
    assert event_count(tmp_path / "store.sqlite3") == 0


@needs_mount
@pytest.mark.timeout(60)
def test_a_store_on_a_full_disk_is_not_called_damaged_and_is_left_byte_for_byte(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", 4096) as disk:
        store = new_store(disk / "store.sqlite3")
        filler = fill_up(disk)
        before = digest(store)
        result = hattama("--db", str(store), "settings", "set", "officer_name", "Aigerim")
        assert result.returncode == 2, result.stderr
        assert "is full" in result.stderr
        assert "not a Hattama store" not in result.stderr and "Traceback" not in result.stderr
        assert digest(store) == before
        filler.unlink()
        assert integrity(store) == "ok"


@needs_mount
@pytest.mark.timeout(60)
def test_a_new_store_on_a_full_disk_leaves_nothing_behind(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", 512) as disk:
        fill_up(disk)
        result = hattama("--db", str(disk / "store.sqlite3"), "settings", "show")
        assert result.returncode == 2, result.stderr
        assert "is full" in result.stderr and "Traceback" not in result.stderr
        assert sorted(path.name for path in disk.iterdir()) == ["filler.bin"]


# Read-only folder -----------------------------------------------------------------------------------------------

@needs_mount
@pytest.mark.timeout(60)
def test_a_store_in_a_read_only_folder_is_not_called_damaged(tmp_path: Path) -> None:
    """SQLite must create the -wal and -shm files beside the store: the folder is what is wrong, so say that."""
    with tmpfs(tmp_path / "disk", 4096) as disk:
        store = new_store(disk / "store.sqlite3")
        before = digest(store)
        remount_read_only(disk)
        with pytest.raises(StoreFolderReadOnly) as raised:
            open_store(store)
        assert raised.value.params["folder"] == str(disk)
        result = hattama("--db", str(store), "event", "list")
        assert result.returncode == 2
        assert "is read-only" in result.stderr and "-wal" in result.stderr
        assert "not a Hattama store" not in result.stderr and "Traceback" not in result.stderr
        assert digest(store) == before
        assert sorted(path.name for path in disk.iterdir()) == ["store.sqlite3"]


@needs_mount
@pytest.mark.timeout(60)
def test_a_read_only_store_file_says_read_only_and_is_left_byte_for_byte(tmp_path: Path) -> None:
    store = new_store(tmp_path / "store.sqlite3")
    before = digest(store)
    with read_only_file(store):
        with pytest.raises(StoreReadOnly):
            open_store(store)
        result = hattama("--db", str(store), "settings", "set", "officer_name", "Aigerim")
    assert result.returncode == 2
    assert "is read-only: Hattama cannot save into it" in result.stderr and "Traceback" not in result.stderr
    assert digest(store) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["store.sqlite3"]


# Not a regular file ---------------------------------------------------------------------------------------------

@pytest.mark.timeout(30)
def test_a_fifo_as_the_store_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = make_fifo(tmp_path / "store.sqlite3")
    with pytest.raises(StoreNotAFile):
        open_store(fifo)
    result = hattama("--db", str(fifo), "settings", "show", timeout=30)
    assert result.returncode == 2
    assert "is not a regular file" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["store.sqlite3"]


def test_a_device_as_the_store_is_refused() -> None:
    with pytest.raises(StoreNotAFile):
        open_store(Path("/dev/null"))


# Killed during an import ----------------------------------------------------------------------------------------

CRASH_EVENTS = int(os.environ.get("HATTAMA_CRASH_EVENTS", "1000"))
CRASH_MOMENTS = int(os.environ.get("HATTAMA_CRASH_MOMENTS", "4"))


@pytest.mark.timeout(3600)
def test_an_import_killed_at_random_moments_leaves_all_or_none(tmp_path: Path) -> None:
    document = events_document(tmp_path, events=CRASH_EVENTS, seed=3)
    base = new_store(tmp_path / "base.sqlite3")
    command = [sys.executable, "-m", "hattama.cli", "--lang", "en", "import", str(document)]
    # One run to completion measures how long an import takes; the kills fall anywhere in that span and a little
    # beyond it (the commit, then the process ending).
    whole = tmp_path / "whole.sqlite3"
    shutil.copy(base, whole)
    started = time.monotonic()
    subprocess.run([*command[:3], "--db", str(whole), *command[3:]], check=True, capture_output=True)
    duration = time.monotonic() - started
    assert event_count(whole) == CRASH_EVENTS
    moments = random.Random(1037).sample(range(1, 1300), CRASH_MOMENTS)
    outcomes = {"none": 0, "all": 0}
    for moment in moments:
        store = tmp_path / f"killed-{moment}.sqlite3"
        shutil.copy(base, store)
        run = subprocess.Popen([*command[:3], "--db", str(store), *command[3:]],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * moment / 1000)
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert integrity(store) == "ok", moment
        count = event_count(store)  # opens it with Hattama
        assert count in (0, CRASH_EVENTS), (moment, count)
        outcomes["all" if count else "none"] += 1
        for leftover in tmp_path.glob(f"killed-{moment}.sqlite3*"):
            leftover.unlink()
    print(f"\ncrash safety: {CRASH_EVENTS} events, import {duration:.1f} s, {CRASH_MOMENTS} kills: {outcomes}")
