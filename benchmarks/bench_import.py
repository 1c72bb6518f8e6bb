"""Times export and import of the interchange format on 100,000 demo events.

Run: .venv/bin/python benchmarks/bench_import.py [--events N] [--keep DIR]

Steps: fill a store with the demo, export it to a file, import the file into a fresh store (each stage timed),
import it again (everything unchanged), build the Events table's rows. Baseline in the same run, on the same machine: the same rows copied
table by table into an empty store of the same schema with plain sqlite3 `executemany`, i.e. what the storage
alone costs; the ratio says how much the import adds on top (reading, checking, converting, merging).
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hattama.db.store import open_store
from hattama.services.demo import fill_demo
from hattama.services.events import list_event_rows
from hattama.services.interchange import export_to_file, import_file
from hattama.services.interchange.importer import merge, parse_document, read_document

T = TypeVar("T")
TABLES = ("event", "event_party", "event_participant", "report", "report_text")


def timed(label: str, action: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"{label:<44} {seconds:8.2f} s")
    return result, seconds


def raw_copy(source: Path, target: Path) -> float:
    """Seconds to insert every row of the demo tables into an empty copy of the schema with executemany."""
    reader = sqlite3.connect(source)
    writer = sqlite3.connect(target)
    writer.execute("PRAGMA foreign_keys=ON")
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA synchronous=NORMAL")
    for (sql,) in reader.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"):
        writer.execute(sql)
    writer.commit()
    tables = [(name, reader.execute(f"SELECT * FROM {name}").fetchall()) for name in TABLES]
    started = time.perf_counter()
    for name, rows in tables:
        if rows:
            writer.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(rows[0]))})", rows)
    writer.commit()
    seconds = time.perf_counter() - started
    reader.close()
    writer.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep the files")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="hattama-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    source, target, file = folder / "source.sqlite3", folder / "target.sqlite3", folder / "export.json"
    for path in (source, target, file, folder / "raw.sqlite3"):
        path.unlink(missing_ok=True)

    print(f"{args.events} demo events, in {folder}")
    summary, _ = timed("demo fill", lambda: fill_demo(open_store(source), events=args.events))
    print(f"{'':<44} ({summary.events} events, {summary.reports} reports)")
    _, export_seconds = timed("export to file", lambda: export_to_file(open_store(source), file))
    print(f"{'':<44} ({file.stat().st_size / 1e6:.0f} MB)")

    store = open_store(target)
    document, read_seconds = timed("import: read and parse JSON", lambda: read_document(file))
    (events, reports), check_seconds = timed("import: schema and validation checks", lambda: parse_document(document))

    def merge_all():
        with store.session() as session:
            return merge(session, events, reports, {})
    result, merge_seconds = timed("import: merge into the store (one transaction)", merge_all)
    import_seconds = read_seconds + check_seconds + merge_seconds
    print(f"{'import: total':<44} {import_seconds:8.2f} s   (created {result.created})")
    again, _ = timed("import the same file again", lambda: import_file(store, file))
    print(f"{'':<44} (unchanged {again.unchanged}, created {again.created}, updated {again.updated})")

    timed("the Events table's rows (list_event_rows)", lambda: list_event_rows(store))
    raw_seconds = raw_copy(target, folder / "raw.sqlite3")
    print(f"{'baseline: raw sqlite3 executemany, same rows':<44} {raw_seconds:8.2f} s")
    print(f"ratio merge / baseline:  {merge_seconds / raw_seconds:5.1f}")
    print(f"ratio import / baseline: {import_seconds / raw_seconds:5.1f}")
    print(f"export: {export_seconds:.2f} s; peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.1f} GB")


if __name__ == "__main__":
    main()
