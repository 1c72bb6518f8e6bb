"""Export of the interchange file and `event list --format json` beside their floors: sqlite3 + json, same rows.

Run: .venv/bin/python benchmarks/bench_export.py [--events 10000,100000]

For each size, the demo store is made once (benchmarks/demo_store.py); each figure is measured warm (the store
read once before it) and cold (its pages dropped from the page cache). Each figure is one child process: the
seconds of its work and its peak resident memory.
- export: Hattama's `export_to_file` of the whole store (written a chunk of records at a time) beside a floor
  that reads the same rows with plain sqlite3 (events, their parties, participants and attachments, reports and
  their texts, treaties), groups each record's children under it in the same document shape, and writes it with
  one `json.dumps`. The floor converts nothing: times and booleans go out as SQLite stores them, so its file is
  a little smaller (both sizes are printed).
- event list: `hattama event list --format json` run as the officer runs it (the whole process, start-up
  included, output to a file) beside a Python process that selects the same rows and codes with sqlite3,
  writes them as Hattama does (ISO times, booleans, ids) with `json.dumps(indent=2)`, and the lines of the two
  outputs that are alike are counted.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sqlite3
import sys
import time
import uuid
from collections import defaultdict
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_store import DATA_FOLDER, demo_store, in_child, warm_and_cold  # noqa: E402

# The event table's columns that are the store's own (sort keys), not the event's fields.
_STORE_ONLY = ("title_order_kk", "title_order_ru", *(f"{key}_{language}" for key in ("kind_order", "place_order")
                                                    for language in ("kk", "ru", "en")))
_LIST_QUERY = """
SELECT id, title_kk, title_ru, kind, starts_at, ends_at, country, city, held_by_body, mfa_participated,
       exemption_area, series_id,
       (SELECT group_concat(code, ' ') FROM (SELECT code FROM event_party
         WHERE event_party.event_id = event.id AND code <> '' ORDER BY position))
FROM event WHERE deleted_at IS NULL ORDER BY starts_at, id
"""


def child_export(source: Path, target: Path) -> None:
    from hattama.db.store import open_store
    from hattama.services.interchange import export_to_file

    store = open_store(source)
    started = time.perf_counter()
    export_to_file(store, target)
    print(time.perf_counter() - started)


def _rows(connection: sqlite3.Connection, query: str) -> list[dict[str, Any]]:
    cursor = connection.execute(query)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _grouped(connection: sqlite3.Connection, query: str, key: str) -> dict[Any, list[dict[str, Any]]]:
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(connection, query):
        groups[row.pop(key)].append(row)
    return groups


def child_export_floor(source: Path, target: Path) -> None:
    started = time.perf_counter()
    connection = sqlite3.connect(source)
    parties = _grouped(connection, "SELECT event_id, party_kind AS kind, code, name FROM event_party "
                                   "ORDER BY event_id, position", "event_id")
    participants = _grouped(connection, "SELECT * FROM event_participant ORDER BY event_id, position", "event_id")
    attachments = _grouped(connection, "SELECT event_id, id, file_name, media_type, size, sha256 FROM attachment "
                                       "ORDER BY event_id, file_name", "event_id")
    texts = _grouped(connection, "SELECT * FROM report_text ORDER BY report_id, language", "report_id")
    events = []
    for event in _rows(connection, "SELECT * FROM event ORDER BY starts_at, id"):
        for name in _STORE_ONLY:
            event.pop(name, None)
        event["parties"] = parties.get(event["id"], [])
        event["participants"] = participants.get(event["id"], [])
        event["attachments"] = attachments.get(event["id"], [])
        events.append(event)
    reports = []
    for report in _rows(connection, "SELECT * FROM report ORDER BY created_at, id"):
        report["texts"] = texts.get(report["id"], [])
        reports.append(report)
    document = {"format": "hattama-interchange", "version": 1, "events": events, "reports": reports,
                "treaties": _rows(connection, "SELECT * FROM treaty ORDER BY id")}
    target.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(time.perf_counter() - started)


def child_list_floor(source: Path) -> None:
    connection = sqlite3.connect(source)
    names = ("id", "title_kk", "title_ru", "kind", "starts_at", "ends_at", "country", "city", "held_by_body",
             "mfa_participated", "exemption_area", "series_id")
    rows = []
    for row in connection.execute(_LIST_QUERY):
        values = dict(zip(names, row[:-1], strict=True))
        # As Hattama writes them: ISO times without zero microseconds, JSON booleans, ids with hyphens.
        for name in ("starts_at", "ends_at"):
            values[name] = values[name].replace(" ", "T").removesuffix(".000000")
        for name in ("held_by_body", "mfa_participated"):
            values[name] = bool(values[name])
        for name in ("id", "series_id"):
            if values[name]:
                values[name] = str(uuid.UUID(values[name]))
        values["parties"] = row[-1].split(" ") if row[-1] else []
        rows.append(values)
    print(json.dumps(rows, ensure_ascii=False, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="10000,100000", help="sizes, comma-separated")
    args = parser.parse_args()
    hattama_cli = str(Path(sys.executable).with_name("hattama"))
    for events in (int(size) for size in args.events.split(",")):
        store = demo_store(events)
        print(f"\n{events} demo events: {store}", flush=True)
        exported, floor_file = DATA_FOLDER / f"exported-{events}.json", DATA_FOLDER / f"export-floor-{events}.json"
        warm_and_cold("export (whole store)", store, partial(in_child, __file__, "export", str(store), str(exported)),
                      partial(in_child, __file__, "export-floor", str(store), str(floor_file)))
        print(f"{'':<34} files: Hattama {exported.stat().st_size / 1e6:.0f} MB, "
              f"floor {floor_file.stat().st_size / 1e6:.0f} MB", flush=True)
        listed, floor_list = DATA_FOLDER / f"list-{events}.json", DATA_FOLDER / f"list-floor-{events}.json"
        warm_and_cold("event list --format json", store,
                      partial(in_child, hattama_cli, "--db", str(store), "event", "list", "--format", "json",
                              output=listed),
                      partial(in_child, __file__, "list-floor", str(store), output=floor_list))
        with listed.open() as ours, floor_list.open() as theirs:
            lines = [a == b for a, b in itertools.zip_longest(ours, theirs)]
        print(f"{'':<34} lines alike: {sum(lines)} of {len(lines)}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["export"]:
        child_export(Path(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1:2] == ["export-floor"]:
        child_export_floor(Path(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1:2] == ["list-floor"]:
        child_list_floor(Path(sys.argv[2]))
    else:
        main()
