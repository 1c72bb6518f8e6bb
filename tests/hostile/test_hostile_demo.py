"""An interrupted demo fill (issue 21.4): a failure inside it, or the process killed (SIGKILL) in the middle of it.

The fill is one transaction, so either leaves the store as it was (no events, reports, marks or settings), and
`hattama demo` simply runs again.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hattama.cli import main
from hattama.db.models import Event, ObligationMark, Report
from hattama.db.store import open_store
from hattama.services import demo
from hattama.services.settings import load_settings

# Run in a child process: the fill is killed once its events and reports are written and it is marking the past
# obligations done (the moment the old fill had already committed the events).
KILLED_MID_FILL = """
import os, signal, sys
from hattama.services import demo

def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

demo._mark_most_past_obligations_done = killed
from hattama.cli import main
sys.exit(main(["--db", sys.argv[1], "--lang", "en", "demo", "--events", "40"]))
"""


def counts(path: Path) -> tuple[int, int, int, str]:
    store = open_store(path)
    try:
        with store.session() as session:
            numbers = tuple(session.scalar(select(func.count()).select_from(model))
                            for model in (Event, Report, ObligationMark))
        return (*numbers, load_settings(store).body_name_kk)
    finally:
        store.close()


def test_a_failure_inside_the_fill_leaves_the_store_as_it_was(store_path: Path, monkeypatch, capsys) -> None:
    def failing(*args, **kwargs) -> None:
        raise RuntimeError("interrupted")

    monkeypatch.setattr(demo, "_mark_most_past_obligations_done", failing)
    with pytest.raises(RuntimeError):
        main(["--db", str(store_path), "--lang", "en", "demo", "--events", "40"])
    assert counts(store_path) == (0, 0, 0, "")
    monkeypatch.undo()
    assert main(["--db", str(store_path), "--lang", "en", "demo", "--events", "40"]) == 0
    events, reports, marks, body = counts(store_path)
    assert events == 40 and reports > 0 and marks > 0 and body == demo.UNIT_SETTINGS["body_name_kk"]


def test_a_fill_killed_midway_leaves_a_store_the_demo_fills_again(store_path: Path, capsys) -> None:
    killed = subprocess.run([sys.executable, "-c", KILLED_MID_FILL, str(store_path)], capture_output=True,
                            text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert counts(store_path) == (0, 0, 0, "")
    assert main(["--db", str(store_path), "--lang", "en", "demo", "--events", "40"]) == 0
    assert "Demo data written. Events: 40;" in capsys.readouterr().out
    assert counts(store_path)[0] == 40
