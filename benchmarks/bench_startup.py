"""Start-up as the officer feels it (issues 18.1, 22.1, 22.2), each figure beside its floor measured in the same
run, warm and cold.

Run: .venv/bin/python benchmarks/bench_startup.py [--events N] [--runs N]

- `hattama --version` against `python -c pass` (goal ≤ 5×);
- `hattama --db STORE calendar add-workdays 2025-01-02 7` against the same floor (goal ≤ 8×);
- the window's first paint on the demo store of N events (default 100,000; benchmarks/demo_store.py builds it
  once) against a bare PySide6 window (goal ≤ 2×). First paint = the first `QEvent.Paint` delivered to the main
  window, caught by an application event filter; the child prints the moment and exits at once. The window is
  opened the way `hattama` opens it (`hattama.ui.app.run_gui`: logging, the store's cheap check, the window).

Every figure is the wall time of a child process of its own, from its start until it exits (the commands) or
until the first paint (the windows), median of `--runs`, Hattama's runs and its floor's taken in turn. Cold: `posix_fadvise(DONTNEED)` on the store's files
before each run of both Hattama and its floor (the floors read no store, so theirs are warm figures twice).
Python's own files stay cached (each child is run once unmeasured first); the officer's data folder is a fresh
temporary one; Qt is offscreen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_store import demo_store, drop_cache, warm  # noqa: E402

HATTAMA = [str(Path(sys.executable).with_name("hattama"))]
# The window children: each prints "painted" on the first paint of its main window, then exits at once.
_FIRST_PAINT = """
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            print("painted", flush=True)
            os._exit(0)
        return False

spy = FirstPaint()
"""
BARE_WINDOW = _FIRST_PAINT + """
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
app.installEventFilter(spy)
window = QMainWindow()
window.resize(1200, 780)
window.show()
app.exec()
"""
# `hattama --db STORE` as the officer starts it; the spy joins the application as it is made.
HATTAMA_WINDOW = _FIRST_PAINT + """
from hattama.ui import app as app_module
made = app_module.create_application
app_module.create_application = lambda *options: (lambda app: app.installEventFilter(spy) or app)(made(*options))
from hattama.cli import main
main(["--db", sys.argv[1]])
"""


def timed_run(argv: Sequence[str], environment: dict[str, str]) -> float:
    """Seconds from the child's start until it exits."""
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=environment)
    return time.perf_counter() - started


def timed_paint(argv: Sequence[str], environment: dict[str, str]) -> float:
    """Seconds from the child's start until it says its window painted."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, env=environment)
    assert child.stdout is not None
    line = child.stdout.readline()
    painted = time.perf_counter()
    child.wait(timeout=120)
    if line.strip() != "painted":
        raise SystemExit(f"{' '.join(argv)}: no first paint ({child.returncode})")
    return painted - started


def medians(hattama: Callable[[], float], floor: Callable[[], float], runs: int,
            before: Callable[[], None]) -> tuple[float, float]:
    """Hattama's and the floor's median, their runs taken in turn (so a busy moment of the machine falls on
    both alike, not on all the runs of one)."""
    figures: tuple[list[float], list[float]] = ([], [])
    for _run in range(runs):
        for measure, kept in ((hattama, figures[0]), (floor, figures[1])):
            before()
            kept.append(measure())
    return statistics.median(figures[0]), statistics.median(figures[1])


def compare(label: str, hattama: float, floor: float, goal: float) -> None:
    ratio = hattama / floor
    print(f"{label:<44} Hattama {hattama * 1000:7.0f} ms   floor {floor * 1000:7.0f} ms   ratio {ratio:5.2f}× "
          f"(goal ≤ {goal:g}×{'' if ratio <= goal else ', missed'})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    store = demo_store(options.events)
    data = Path(tempfile.mkdtemp(prefix="hattama-bench-startup-"))
    environment = {**os.environ, "HATTAMA_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen",
                   "HATTAMA_LANG": "en"}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled once, as an installed Hattama is
    subprocess.run([*HATTAMA, "--db", str(store), "db", "upgrade"], check=True, stdout=subprocess.DEVNULL,
                   env=environment)  # a store older than this version is upgraded once, not in the figures
    floor_command = [sys.executable, "-c", "pass"]
    figures = (
        ("hattama --version", [*HATTAMA, "--version"], floor_command, timed_run, 5),
        ("hattama calendar add-workdays 2025-01-02 7",
         [*HATTAMA, "--db", str(store), "calendar", "add-workdays", "2025-01-02", "7"], floor_command, timed_run, 8),
        (f"window first paint, {options.events:,} events",
         [sys.executable, "-c", HATTAMA_WINDOW, str(store)], [sys.executable, "-c", BARE_WINDOW], timed_paint, 2),
    )
    print(f"store: {store} ({store.stat().st_size / 2**20:.0f} MiB); median of {options.runs} runs")
    for temperature in ("warm", "cold"):
        def before(temperature: str = temperature) -> None:
            if temperature == "cold":
                drop_cache(store)
            else:
                warm(store)

        for label, command, floor, measure, goal in figures:
            if temperature == "warm":  # once unmeasured: Python's files cached and compiled
                measure(command, environment)
                measure(floor, environment)
            hattama, floor_figure = medians(lambda command=command, measure=measure: measure(command, environment),
                                            lambda floor=floor, measure=measure: measure(floor, environment),
                                            options.runs, before)
            compare(f"{label} ({temperature})", hattama, floor_figure, goal)


if __name__ == "__main__":
    main()
