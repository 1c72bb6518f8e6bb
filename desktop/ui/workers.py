"""Long work off the GUI thread: a generic `Job` (a QRunnable with signals), a helper that runs one behind
a cancellable progress dialog, and `write_in_background` for every write the window makes to the store.

The work is a plain callable taking a `report(done, total)` function; calling it publishes progress and, once
the user has cancelled, raises `JobCancelled` inside the work so it stops at its next step.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from hattama.db.errors import StoreError
from hattama.db.store import retry_when_busy
from hattama.i18n import _, describe
from hattama.ui.preload import work_ended, work_started

log = logging.getLogger(__name__)

ProgressReport = Callable[[int, int], None]
Work = Callable[[ProgressReport], object]
# A short job finishes before its dialog would appear, so nothing flashes on screen.
DIALOG_DELAY_MS = 400
# Seconds between attempts at a write while another Hattama holds the store's write lock; each attempt itself
# waits SQLite's busy timeout first. Then the caller is told, keeps what the officer typed and may try again.
BUSY_RETRY_DELAYS = (0.25, 0.5, 1.0)


class JobCancelled(Exception):
    """Raised inside the work by `report()` after the user cancelled."""


class JobSignals(QObject):
    """Created in the GUI thread, so slots connected to it run there even though the job emits from a worker."""

    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    raised = Signal(object)  # the exception behind `failed`, for callers that answer some errors differently
    finished = Signal()


class Job(QRunnable):
    """Runs `work` once; exactly one of `succeeded`/`failed` follows unless it was cancelled, then `finished`."""

    def __init__(self, work: Work) -> None:
        super().__init__()
        # Python keeps the job alive (see `start`); Qt deleting it under a Python wrapper would crash.
        self.setAutoDelete(False)
        self._work = work
        self._cancelled = threading.Event()
        self.signals = JobSignals()
        self.progress = self.signals.progress
        self.succeeded = self.signals.succeeded
        self.failed = self.signals.failed
        self.raised = self.signals.raised
        self.finished = self.signals.finished

    def cancel(self) -> None:
        self._cancelled.set()

    def is_cancelled(self) -> bool:
        return self._cancelled.is_set()

    def report(self, done: int, total: int) -> None:
        if self._cancelled.is_set():
            raise JobCancelled
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            result = self._work(self.report)
        except JobCancelled:
            pass
        except Exception as error:  # a worker thread has nobody else to tell
            if isinstance(error, StoreError):  # busy, disk full, read-only: said to the officer, no fault of ours
                log.warning("background job refused by the store: %s", error)
            else:
                log.exception("background job failed")
            if not self.is_cancelled():
                self.signals.raised.emit(error)
                self.signals.failed.emit(describe(error))
        else:
            if not self.is_cancelled():
                self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


_running: set[Job] = set()
_stops_on_quit = False
_write_pool: QThreadPool | None = None
_follow_up_pool: QThreadPool | None = None


def write_pool() -> QThreadPool:
    """One thread for the window's writes, so they reach the store in the order they were asked for."""
    global _write_pool
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
    return _write_pool


def follow_up_pool() -> QThreadPool:
    """One thread for work that follows what a page shows (a search's count after its first rows), so that such
    work waits for its own kind, never for the next load on the global pool."""
    global _follow_up_pool
    if _follow_up_pool is None:
        _follow_up_pool = QThreadPool()
        _follow_up_pool.setMaxThreadCount(1)
    return _follow_up_pool


def stop_all() -> None:
    """Cancels every job and waits for them to end (the app is quitting: the store must not close under one).
    Writes already asked for are finished, not cancelled."""
    for job in list(_running):
        job.cancel()
    QThreadPool.globalInstance().waitForDone()
    follow_up_pool().waitForDone()
    write_pool().waitForDone()


def start(job: Job, pool: QThreadPool | None = None) -> Job:
    """Queues the job on `pool` (the global one by default); it is referenced here until it has finished."""
    global _stops_on_quit
    app = QCoreApplication.instance()
    if not _stops_on_quit and app is not None:
        app.aboutToQuit.connect(stop_all)
        _stops_on_quit = True
    _running.add(job)
    job.finished.connect(lambda: _running.discard(job))
    # The later pages' imports wait while a job runs, its answer to be painted (hattama.ui.preload).
    work_started()
    job.finished.connect(work_ended)
    # Deleting the signals object (on the GUI thread) drops its connections and so the references to the job
    # that connected slots captured; otherwise each finished job would stay in memory.
    job.finished.connect(job.signals.deleteLater)
    (pool or QThreadPool.globalInstance()).start(job)
    return job


def run_with_progress(
    parent: QWidget,
    work: Work,
    *,
    label: str,
    on_success: Callable[[Any], object],
    on_failure: Callable[[str], object],
    on_cancel: Callable[[], object] | None = None,
) -> Job:
    """Runs `work` off the GUI thread behind a window-modal, cancellable progress dialog.

    The dialog shows a busy bar until the work reports a total. Cancelling stops the work at its next
    `report()`; then only `on_cancel` runs. Every callback runs on the GUI thread.
    """
    job = Job(work)
    dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(DIALOG_DELAY_MS)
    dialog.setAutoReset(False)
    dialog.canceled.connect(job.cancel)

    def show_progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    job.progress.connect(show_progress)
    job.succeeded.connect(on_success)
    job.failed.connect(on_failure)

    def finished() -> None:
        if job.is_cancelled() and on_cancel is not None:
            on_cancel()

    job.finished.connect(finished)
    job.finished.connect(dialog.deleteLater)
    return start(job)


def write_in_background(
    write: Callable[[], object],
    *,
    on_success: Callable[[Any], object],
    on_failure: Callable[[Exception], object],
    owner: QObject | None = None,
) -> Job:
    """Runs a write to the store on the writing thread, never on the GUI thread: a store locked by another
    Hattama would otherwise freeze the window for the busy timeout. While the store is busy the write is tried
    again after each of `BUSY_RETRY_DELAYS`; then `on_failure` gets the error (a `hattama.db.errors.StoreBusy`, say) on
    the GUI thread.
    The write is always finished; the callbacks are dropped if `owner` (the widget that asked) is gone by then."""
    job = Job(lambda _report: retry_when_busy(write, BUSY_RETRY_DELAYS))

    def to_owner(callback: Callable[[Any], object]) -> Callable[[Any], object]:
        return lambda value: callback(value) if owner is None or shiboken6.isValid(owner) else None

    job.succeeded.connect(to_owner(on_success))
    job.raised.connect(to_owner(on_failure))
    return start(job, write_pool())
