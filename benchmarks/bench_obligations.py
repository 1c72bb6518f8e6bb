"""The stored obligations as the officer meets them: the Dashboard on screen and `obligations list --format json`,
each beside a floor doing the same work with plain sqlite3, warm and cold, with peak memory (issues 18.3, 22.1).

Run: .venv/bin/python benchmarks/bench_obligations.py [--events 10000,100000]

For each size, a copy of the demo store (benchmarks/demo_store.py) is brought up to date once (its obligations
computed if the rules or the data changed: that full computation is timed and printed too, without a floor).
Each figure is one child process: the seconds of its work and its peak resident memory. "Cold" drops the store's
pages from the page cache first (posix_fadvise DONTNEED on the file and its WAL); "warm" reads it once before.
- Dashboard: the real DashboardPage (offscreen) from its construction until its groups are counted, the first
  rows of the groups that open are read and the page has painted them. Floor: the same counts and rows with
  sqlite3 — the rows of the obligation table grouped by state and due date (one indexed scan) and the first
  200 overdue rows with their events' titles — nothing worded, nothing painted.
- obligations list --format json: `hattama obligations list --format json` as the officer runs it (the whole
  process, output to a file). Floor: a Python process selecting the same rows with their events' titles in
  due-date order with sqlite3 and writing each with json.dumps(indent=2), streaming as Hattama does; it words
  nothing (no title, explanation or state label), so the ratio includes Hattama's wording of every obligation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_store import DATA_FOLDER, copied_store, in_child, warm_and_cold  # noqa: E402

GOAL_DASHBOARD_S = 1.0
GOAL_LIST_MIB = 150


def child_prepare(store_path: Path) -> None:
    """Brings the copy up to date: every obligation computed again when its stamp is not the rules' own."""
    from hattama.db.store import open_store
    from hattama.services.obligations import bring_up_to_date

    store = open_store(store_path)
    started = time.perf_counter()
    bring_up_to_date(store, dt.date.today())
    seconds = time.perf_counter() - started
    store.close()
    print(seconds)


def child_recompute(store_path: Path) -> None:
    """Every obligation computed again, as after a new rules version."""
    from sqlalchemy import delete

    from hattama.collector import collect_less_often
    from hattama.db.models import ObligationStamp
    from hattama.db.store import open_store
    from hattama.services.stored_obligations import refresh_obligations

    collect_less_often()  # as the `hattama` entry point does
    store = open_store(store_path)
    started = time.perf_counter()
    with store.session(write=True) as session:
        session.execute(delete(ObligationStamp))
        refresh_obligations(session)
    seconds = time.perf_counter() - started
    store.close()
    print(seconds)


def child_dashboard(store_path: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from hattama import i18n
    from hattama.collector import collect_less_often
    from hattama.db.store import open_store
    from hattama.ui.dashboard.page import DashboardPage

    collect_less_often()  # as the `hattama` entry point does
    app = QApplication(sys.argv[:1])
    i18n.set_language("kk")
    store = open_store(store_path)
    started = time.perf_counter()
    page = DashboardPage(store)
    page.resize(1280, 800)
    page.show()
    while page.is_loading():
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()
    page.grab()  # painted, with the rows on screen worded
    seconds = time.perf_counter() - started
    rows = sum(page.model.rowCount(page.model.index(group, 0)) for group in range(page.model.rowCount()))
    print(f"groups {page.model.rowCount()}, obligations in the open groups {rows}, windows read on the GUI thread "
          f"{page.model.windows_read}", file=sys.stderr)
    store.close()
    print(seconds)


_TITLED = ("SELECT o.kind, o.item, o.subject_id, o.nominal_due, o.planned_due, o.state, o.late, o.done_on, o.form, "
           "o.due_before, o.requested_on, e.title_kk, e.title_ru FROM obligation o "
           "LEFT JOIN event e ON o.subject_kind = 'event' AND e.id = o.record_id ")


def child_dashboard_floor(store_path: Path) -> None:
    today = dt.date.today().isoformat()
    started = time.perf_counter()
    connection = sqlite3.connect(store_path)
    groups = connection.execute("SELECT state, planned_due < ?, count(*) FROM obligation GROUP BY 1, 2",
                                (today,)).fetchall()
    first = connection.execute(_TITLED + "WHERE o.state = 'upcoming' AND o.planned_due < ? "
                               "ORDER BY o.planned_due, o.id LIMIT 200", (today,)).fetchall()
    seconds = time.perf_counter() - started
    print(f"{len(groups)} groups, {len(first)} first rows", file=sys.stderr)
    print(seconds)


def child_list_floor(store_path: Path) -> None:
    connection = sqlite3.connect(store_path)
    names = ("kind", "item", "subject_id", "nominal_due", "planned_due", "state", "late", "done_on", "form",
             "due_before", "mfa_request_date", "title_kk", "title_ru")
    out = sys.stdout
    first = True
    for row in connection.execute(_TITLED + "ORDER BY o.planned_due, o.id"):
        item = dict(zip(names, row, strict=True))
        item["late"] = bool(item["late"])
        out.write("[\n" if first else ",\n")
        out.write("  " + json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  "))
        first = False
    out.write("[]\n" if first else "\n]\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="10000,100000", help="sizes, comma-separated")
    args = parser.parse_args()
    hattama_cli = str(Path(sys.executable).with_name("hattama"))
    for events in (int(size) for size in args.events.split(",")):
        store = copied_store(events, DATA_FOLDER / f"obligations-{events}.sqlite3")
        for suffix in ("-wal", "-shm"):
            store.with_name(store.name + suffix).unlink(missing_ok=True)
        prepared = in_child(__file__, "prepare", str(store))
        print(f"\n{events} demo events: {store} (brought up to date in {prepared.seconds:.2f} s)", flush=True)
        recomputed = in_child(__file__, "recompute", str(store))
        print(f"{'every obligation computed again':<34} Hattama {recomputed.seconds:7.2f} s "
              f"{recomputed.peak_mib:6.0f} MiB   (a new rules version; no floor)", flush=True)
        warm_and_cold("Dashboard on screen", store, partial(in_child, __file__, "dashboard", str(store)),
                      partial(in_child, __file__, "dashboard-floor", str(store)))
        listed, floor_list = DATA_FOLDER / f"obligations-{events}.json", DATA_FOLDER / f"obligations-floor-{events}.json"
        warm_and_cold("obligations list --format json", store,
                      partial(in_child, hattama_cli, "--db", str(store), "obligations", "list", "--format", "json",
                              output=listed),
                      partial(in_child, __file__, "list-floor", str(store), output=floor_list))
        print(f"{'':<34} goals at 100k: Dashboard <= {GOAL_DASHBOARD_S:.0f} s, list <= {GOAL_LIST_MIB} MiB peak; "
              f"files: Hattama {listed.stat().st_size / 1e6:.0f} MB, floor {floor_list.stat().st_size / 1e6:.0f} MB",
              flush=True)


if __name__ == "__main__":
    children = {"prepare": child_prepare, "recompute": child_recompute, "dashboard": child_dashboard,
                "dashboard-floor": child_dashboard_floor, "list-floor": child_list_floor}
    if sys.argv[1:2] and sys.argv[1] in children:
        children[sys.argv[1]](Path(sys.argv[2]))
    else:
        main()
