"""A page's rows loading on a worker: a busy label and bar meanwhile, and only the newest load's answer.

A quick load (a search, a sort: tens of milliseconds) shows nothing: the bar appears only when a load lasts
`SHOW_AFTER_MS`, so a keystroke never repaints the window for a bar that would flash (issue 22.4).
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from hattama.ui.workers import Job, ProgressReport, start

SHOW_AFTER_MS = 300


class BackgroundLoad(QWidget):
    """Shown while a load runs. Starting a load cancels the one before; if that one still answers, its answer is
    dropped, so a page never shows older rows over newer ones."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        self._job: Job | None = None
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(SHOW_AFTER_MS)
        self._show_timer.timeout.connect(self.show)
        self.hide()

    def is_loading(self) -> bool:
        return self._job is not None

    def start(self, work: Callable[[ProgressReport], object]) -> None:
        if self._job is not None:
            self._job.cancel()
        job = Job(work)
        job.progress.connect(self._show_progress)
        job.succeeded.connect(lambda result: self._answer(job, self.loaded, result))
        job.failed.connect(lambda message: self._answer(job, self.failed, message))
        self._job = job
        self.bar.setRange(0, 0)
        if not self.isVisible():
            self._show_timer.start()
        start(job)

    def _show_progress(self, done: int, total: int) -> None:
        if self.isVisible():  # a hidden bar need not follow (and a visible one repaints at once)
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _answer(self, job: Job, signal: SignalInstance, value: object) -> None:
        if not shiboken6.isValid(self):
            return  # the page was closed while its rows were loading: nobody is waiting for them
        if job is not self._job:
            return  # a newer load replaced this one
        self._job = None
        self._show_timer.stop()
        self.hide()
        signal.emit(value)
