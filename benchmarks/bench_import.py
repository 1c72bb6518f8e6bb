"""Import of an interchange file beside its floor: the same rows written with plain sqlite3 `executemany`.

Run: .venv/bin/python benchmarks/bench_import.py [--events 10000,100000]

For each size, the demo store and its whole export are made once (benchmarks/demo_store.py); the import is
measured warm (the file read once before it) and cold (the file's pages dropped from the page cache). Each
figure is one child process: the seconds of its work and its peak resident memory.
- Hattama: `import_file` of the export into a new, empty store — read a piece at a time, every record checked,
  merged in batches in one transaction (store creation is not timed).
- Floor: every row that import left in its store (events, parties, participants, reports and their texts,
  treaties, stored obligations — all but the search index and the queues that triggers fill), read beforehand,
  inserted with `executemany` into an empty store of the same schema (its indexes and triggers too), in one
  transaction. The floor neither reads JSON nor checks anything: the ratio is what reading, checking,
  converting and merging add to storing.
- Again: the same file imported into the store that already holds it (every record unchanged).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_store import DATA_FOLDER, Measured, export_document, in_child, warm, warm_and_cold  # noqa: E402

# Tables an empty store already fills, and those the triggers keep (the search index, the obligations' queue).
_NOT_COPIED = ("alembic_version", "unit_settings", "obligation_dirty")


def child_import(file: Path, target: Path) -> None:
    from hattama.db.store import open_store
    from hattama.services.interchange import import_file

    store = open_store(target)
    started = time.perf_counter()
    result = import_file(store, file)
    seconds = time.perf_counter() - started
    print(f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}", file=sys.stderr)
    print(seconds)


def copied_tables(connection: sqlite3.Connection) -> list[str]:
    """The tables with rows that are neither the search index nor filled by an empty store."""
    virtual = [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
    names = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                    "AND name NOT LIKE 'sqlite_%'")]
    return [name for name in names if name not in _NOT_COPIED
            and not any(name == table or name.startswith(f"{table}_") for table in virtual)
            and connection.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone()]


def child_floor(source: Path, target: Path) -> None:
    reader = sqlite3.connect(source)
    writer = sqlite3.connect(target, isolation_level=None)
    from hattama.db.store import PAGE_CACHE_KIB

    # The settings Hattama gives its own connections (hattama.db.store.create_sqlite_engine).
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL", f"cache_size=-{PAGE_CACHE_KIB}"):
        writer.execute(f"PRAGMA {pragma}")
    for (sql,) in reader.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
                                 "ORDER BY rowid"):
        try:
            writer.execute(sql)
        except sqlite3.OperationalError as error:  # a search index's own tables, made with the index
            if "already exists" not in str(error):
                raise
    tables = [(name, reader.execute(f'SELECT * FROM "{name}"').fetchall()) for name in copied_tables(reader)]
    started = time.perf_counter()
    writer.execute("BEGIN")
    writer.execute("PRAGMA defer_foreign_keys=ON")  # tables rebuilt by migrations come after their children
    for name, rows in tables:
        writer.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(rows[0]))})', rows)
    writer.execute("COMMIT")
    seconds = time.perf_counter() - started
    print(f"{sum(len(rows) for _name, rows in tables)} rows in {len(tables)} tables", file=sys.stderr)
    print(seconds)


def _into_new_store(*argv: str, store: Path) -> Measured:
    """`in_child(*argv, store)` with `store` made anew by the child (any earlier one deleted first)."""
    for suffix in ("", "-wal", "-shm"):
        store.with_name(store.name + suffix).unlink(missing_ok=True)
    return in_child(*argv, str(store))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="10000,100000", help="sizes, comma-separated")
    args = parser.parse_args()
    for events in (int(size) for size in args.events.split(",")):
        file = export_document(events)
        print(f"\n{events} demo events: {file} ({file.stat().st_size / 1e6:.0f} MB)", flush=True)
        target, floor = DATA_FOLDER / f"imported-{events}.sqlite3", DATA_FOLDER / f"floor-{events}.sqlite3"
        warm_and_cold("import into an empty store", file,
                      partial(_into_new_store, __file__, "import", str(file), store=target),
                      partial(_into_new_store, __file__, "floor", str(target), store=floor))
        warm(file)
        again = in_child(__file__, "import", str(file), str(target))
        print(f"{'import again (all unchanged)':<34} Hattama {again.seconds:7.2f} s {again.peak_mib:6.0f} MiB",
              flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["import"]:
        child_import(Path(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1:2] == ["floor"]:
        child_floor(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
