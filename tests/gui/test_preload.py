"""The later pages' imports give way to the officer (issue 22.4): an import holds the interpreter, so while the
officer types or a worker's answer is awaited, the preloading thread pauses before its next module."""

from __future__ import annotations

import sys
import threading

import pytest

from hattama.ui import preload
from hattama.ui.workers import Job, start


@pytest.fixture
def quiet(monkeypatch):
    monkeypatch.setattr(preload, "_working", 0)
    monkeypatch.setattr(preload, "_last_activity", float("-inf"))
    monkeypatch.setattr(preload, "_paused_s", 0.0)
    monkeypatch.setattr(preload, "LONGEST_PAUSE_S", 60.0)  # only the work's end releases the import here
    monkeypatch.setattr(preload, "PAUSES_S", 60.0)
    monkeypatch.setattr(preload, "_last_turn", float("inf"))  # the GUI thread turning its loop


def test_an_import_on_the_preloading_thread_waits_while_work_runs(quiet, tmp_path, monkeypatch) -> None:
    (tmp_path / "preloaded_for_test.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "preloaded_for_test", raising=False)
    imported = threading.Event()

    def run() -> None:
        finder = preload.PausingFinder(threading.get_ident())
        sys.meta_path.insert(0, finder)
        try:
            __import__("preloaded_for_test")
        finally:
            sys.meta_path.remove(finder)
        imported.set()

    preload.work_started()  # a page's load runs
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert not imported.wait(0.3)  # the module waits for the load to end
    assert "preloaded_for_test" not in sys.modules
    monkeypatch.setattr(preload, "QUIET_S", 0.0)
    preload.work_ended()
    assert imported.wait(10)
    thread.join(10)
    # Imports on other threads (the GUI's) never wait.
    preload.work_started()
    finder = preload.PausingFinder(thread.ident or 0)
    assert finder.find_spec("anything", None) is None
    preload.work_ended()


def test_no_pause_while_the_gui_thread_is_stalled_nor_past_the_pauses_allowed(quiet, monkeypatch) -> None:
    preload.work_started()
    try:
        # The GUI thread has not turned its loop lately (it may wait for a module being imported): no pause.
        monkeypatch.setattr(preload, "_last_turn", float("-inf"))
        preload.pause_while_busy()
        assert preload._paused_s < preload.LONGEST_PAUSE_S
        # Turning, yet the pauses in all are spent: no pause either.
        monkeypatch.setattr(preload, "_last_turn", float("inf"))
        monkeypatch.setattr(preload, "_paused_s", preload.PAUSES_S)
        preload.pause_while_busy()
        assert preload._paused_s < preload.PAUSES_S + preload.LONGEST_PAUSE_S
    finally:
        preload.work_ended()


def test_a_worker_job_counts_as_work_until_it_has_finished(qtbot, quiet) -> None:
    release = threading.Event()
    job = Job(lambda _report: release.wait(10))
    start(job)
    assert preload._working == 1 and not preload.is_quiet()
    release.set()
    qtbot.waitUntil(lambda: preload._working == 0, timeout=10_000)


def test_keys_and_clicks_are_noted_while_the_pages_are_imported(qtbot, quiet) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QLineEdit

    done = threading.Event()
    thread = threading.Thread(target=done.wait, daemon=True)
    thread.start()
    line = QLineEdit()
    qtbot.addWidget(line)
    preload.run_when_quiet([], thread, line)
    assert preload.is_quiet()
    QApplication.sendEvent(line, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
    assert not preload.is_quiet()  # a key typed: the imports wait QUIET_S
    done.set()
    thread.join(10)


def test_the_steps_after_the_thread_run_one_a_turn_and_only_while_the_window_is_quiet(qtbot, quiet,
                                                                                     monkeypatch) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    done = threading.Event()
    thread = threading.Thread(target=done.wait, daemon=True)
    thread.start()
    owner = QWidget()
    qtbot.addWidget(owner)
    ran: list[str] = []
    turned = [True]  # whether the event loop turned since the step before

    def step(name: str, fails: bool = False):
        def run() -> None:
            ran.append(name if turned[0] else f"{name} in the same turn")
            turned[0] = False
            QTimer.singleShot(0, lambda: turned.__setitem__(0, True))
            if fails:
                raise RuntimeError("a page that cannot be built")
        return run

    preload.run_when_quiet([step("first"), step("failing", fails=True), step("last")], thread, owner)
    qtbot.wait(4 * preload._TURN_MS)
    assert ran == []  # the preloading thread still runs
    preload.work_started()  # a page's load, say
    done.set()
    thread.join(10)
    qtbot.wait(4 * preload._TURN_MS)
    assert ran == []  # its answer is awaited
    monkeypatch.setattr(preload, "QUIET_S", 0.0)
    preload.work_ended()
    qtbot.waitUntil(lambda: len(ran) == 3, timeout=10_000)
    assert ran == ["first", "failing", "last"]  # each in a turn of its own; a failing step does not stop the rest
