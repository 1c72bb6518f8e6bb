"""The benchmarks' data: a store filled by the demo (`fill_demo`), built once per size and kept between runs.

`demo_store(events)` gives the path of a store of that many demo events (with their reports), made on first use
in `DATA_FOLDER` (`HATTAMA_BENCH_DATA`, default /tmp/hattama-bench-data) and reused afterwards: filling 100,000
events takes minutes, and every benchmark reading the same store measures the same rows. A benchmark that
writes copies the file first (`copied_store`). `export_document(events)` is the interchange file of that store,
made once too. Delete the folder after changing the demo or the format.

`drop_cache` makes the next read of a store cold. `in_child` runs one measurement in a child process and reads its peak memory; `compare` prints Hattama beside its
floor.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA_FOLDER = Path(os.environ.get("HATTAMA_BENCH_DATA", "/tmp/hattama-bench-data"))


def _store_path(events: int) -> Path:
    return DATA_FOLDER / f"demo-{events}.sqlite3"


def _document_path(events: int) -> Path:
    return DATA_FOLDER / f"demo-{events}.json"


def demo_store(events: int) -> Path:
    path = _store_path(events)
    if not path.exists():
        _made_in_child("store", events)
    return path


def _made_in_child(what: str, events: int) -> None:
    """Builds a file in a child process: a child's peak memory (`in_child`, read by `os.wait4`) counts the memory
    of the process it was started from, so the benchmark's own process must never hold a 100,000-event fill."""
    subprocess.run([sys.executable, __file__, what, str(events)], check=True)


def _fill_store(events: int) -> None:
    from hattama.db.store import open_store
    from hattama.services.demo import fill_demo

    path = _store_path(events)
    DATA_FOLDER.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    store = open_store(partial)
    try:
        fill_demo(store, events=events)
    finally:
        store.close()
    partial.replace(path)


def copied_store(events: int, target: Path) -> Path:
    """A copy of the demo store of `events` events at `target`, for a benchmark that writes to it."""
    shutil.copyfile(demo_store(events), target)
    return target


def export_document(events: int) -> Path:
    """The interchange file of the demo store of `events` events (a whole export)."""
    path = _document_path(events)
    if not path.exists():
        demo_store(events)
        _made_in_child("export", events)
    return path


def _export_store(events: int) -> None:
    from hattama.db.store import open_store
    from hattama.services.interchange import export_to_file

    store = open_store(demo_store(events))
    try:
        export_to_file(store, _document_path(events))
    finally:
        store.close()


@dataclass(frozen=True)
class Measured:
    """A child process's figure: the seconds it reports for its work, and its peak resident memory."""

    seconds: float
    peak_mib: float


def in_child(*argv: str, output: Path | None = None) -> Measured:
    """Run `argv` (a Python script and its arguments) in a child process, which prints the seconds its work took
    as its last line; its peak RSS is read from the child's own resource usage (`os.wait4`), which also counts the
    memory of this process as it started the child (Linux keeps a process's peak across `exec`): this process
    stays small, the stores being built in children of their own. With `output`, the child's standard output
    goes to that file and the figure is the whole process's time, start-up included (a command as the officer
    runs it)."""
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        sink = stack.enter_context(output.open("w")) if output is not None else subprocess.PIPE
        child = subprocess.Popen([sys.executable, *argv], stdout=sink, text=True)
        printed = child.stdout.read() if child.stdout is not None else ""
        _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({child.returncode})")
    # ru_maxrss is in KiB on Linux.
    return Measured(seconds if output is not None else float(printed.split()[-1]), usage.ru_maxrss / 1024)


def compare(label: str, hattama: Measured, floor: Measured) -> None:
    print(f"{label:<34} Hattama {hattama.seconds:7.2f} s {hattama.peak_mib:6.0f} MiB   floor {floor.seconds:7.2f} s "
          f"{floor.peak_mib:6.0f} MiB   ratio {hattama.seconds / floor.seconds:4.2f}×", flush=True)


def drop_cache(path: Path) -> None:
    """Asks the OS to forget the store's pages, so the next read comes from the disk (a cold figure; no root
    needed)."""
    os.sync()  # pages still to be written are not dropped
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.exists():
            fd = os.open(name, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def warm(*paths: Path) -> None:
    """Read the files once, so every run finds them in the page cache (the figures are warm)."""
    for path in paths:
        with path.open("rb") as handle:
            while handle.read(16 * 1024 * 1024):
                pass


def warm_and_cold(label: str, read: Path, hattama: Callable[[], Measured], floor: Callable[[], Measured]) -> None:
    """Prints `label`'s figures twice: warm (`read`, the file the measured work reads, in the page cache before
    each side) and cold (its pages dropped before each side)."""
    for temperature in ("warm", "cold"):
        figures = []
        for side in (hattama, floor):
            if temperature == "warm":
                warm(read)
            else:
                drop_cache(read)
            figures.append(side())
        compare(f"{label} ({temperature})", *figures)


if __name__ == "__main__":
    {"store": _fill_store, "export": _export_store}[sys.argv[1]](int(sys.argv[2]))
