"""The later pages' imports, made on a background thread once the window is filled, and the pages built ahead
(issue 22.4).

Pages are built when first shown or asked for (hattama.ui.main_window); their modules bring the signing and
verification libraries (pyHanko with requests and urllib3, cryptography, keyring, gostcrypto): 0.2–0.4 s of
importing on the GUI thread at the first click on Reports or Verify, a frozen window. Importing them on a thread
of their own, after the Dashboard has its data, leaves the click only the page's building and painting. The
pages' own modules are imported there too: importing them defines classes and makes values (colours, sizes,
dates), never a widget; widgets are made on the GUI thread. A page clicked before its modules are imported waits
for that import (Python's import lock), as it waited before. The objects of the modules imported are frozen out
of the collector's later passes (`gc.freeze`). Then the window's own steps run on the GUI thread, one per quiet
turn of its event loop (`run_when_quiet`): the pages built, so a click only shows a page already made.

The officer comes first (issue 22.4): an import holds the interpreter (reading, compiling and running a module's
code) and a window whose thread waits for it misses frames (up to 100-250 ms while typing a search on the Events
page). So while the officer types or clicks, or work runs on a worker (a page's load, a search's count: their
answers are painted as soon as they come), the import pauses before its next module (each
module, the imports of those being imported included: a finder first on `sys.meta_path` while the thread runs),
until the window has been quiet for QUIET_S, never longer than LONGEST_PAUSE_S at a time nor PAUSES_S in all,
and not at all while the GUI thread has stopped turning its event loop (it may be waiting for a module this
import holds: a page clicked early); the GUI thread's turns are skipped meanwhile.
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys
import threading
import time
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QInputEvent

log = logging.getLogger(__name__)

# What the pages import: the services, heaviest first (measured with -X importtime), then the pages' widgets.
PRELOADED = (
    "hattama.services.bundle.verifier",  # Verify: pyHanko, requests, urllib3, oscrypto
    "hattama.services.submission",  # Reports and Verify: cryptography, keyring, gostcrypto, the bundle writer
    "hattama.presentation.bundles",
    "hattama.services.report_list",
    "hattama.services.reports",
    "hattama.services.event_list",
    "hattama.services.drafts",
    "hattama.services.forms",
    "hattama.services.treaty_import",
    "hattama.presentation.treaties",
    "hattama.services.plans",
    "hattama.services.image_projects",
    "hattama.services.calendar",
    "hattama.presentation.calendar",
    "hattama.presentation.settings",
    "hattama.ui.events.page",
    "hattama.ui.reports.page",
    "hattama.ui.treaties.page",
    "hattama.ui.letters.page",
    "hattama.ui.plans.page",
    "hattama.ui.calendar.page",
    "hattama.ui.bundles.verify_page",
    "hattama.ui.settings_page",
    "hattama.ui.bundles.keys_settings",
    "hattama.ui.reminders",
)

_started = threading.Event()

# The window counts as quiet this long after the officer's last input (a key, the mouse, the wheel), or a worker's end.
QUIET_S = 0.15
# The longest a pause lasts: then one more module is imported (and the next pauses again if need be); and the
# pauses in all (a worker waiting for a module this import holds waits no longer), then the import goes on.
LONGEST_PAUSE_S = 1.0
PAUSES_S = 5.0
# The GUI thread turns its event loop at least this often (`_TURN_MS`) unless it waits for something.
STALLED_S = 0.25
_last_activity = float("-inf")  # time.monotonic() of the last activity noted
_working = 0  # jobs running on workers (hattama.ui.workers)
_last_turn = float("-inf")  # time.monotonic() of the GUI thread's last turn (none: no window, no pause)
_paused_s = 0.0  # the time the import has paused so far


def note_activity() -> None:
    """The officer typed or clicked: the import waits (see the module)."""
    global _last_activity
    _last_activity = time.monotonic()


def work_started() -> None:
    """A job started on a worker (on the GUI thread): the import waits until it has ended and QUIET_S more."""
    global _working
    _working += 1
    note_activity()


def work_ended() -> None:
    global _working
    _working = max(_working - 1, 0)
    note_activity()


def is_quiet() -> bool:
    return not _working and time.monotonic() - _last_activity >= QUIET_S


def pause_while_busy() -> None:
    """Waits until the window is quiet, at most LONGEST_PAUSE_S (on the importing thread, holding no interpreter)."""
    global _paused_s
    started = time.monotonic()
    deadline = started + min(LONGEST_PAUSE_S, PAUSES_S - _paused_s)
    while (now := time.monotonic()) < deadline and now - _last_turn < STALLED_S and not is_quiet():
        time.sleep(min(max(_last_activity + QUIET_S - now, 0.01), deadline - now, 0.05))
    _paused_s += time.monotonic() - started


class PausingFinder:
    """First on `sys.meta_path` while `thread_id` imports: before each module that thread imports, it waits for
    the window to be quiet (`pause_while_busy`), then leaves the finding to the finders after it."""

    def __init__(self, thread_id: int) -> None:
        self.thread_id = thread_id

    def find_spec(self, name: str, path: Any, target: Any = None) -> ModuleSpec | None:
        if threading.get_ident() == self.thread_id:
            pause_while_busy()
        return None


def preload_in_background(modules: Sequence[str] = PRELOADED) -> threading.Thread | None:
    """Import `modules` on a daemon thread, once per process; the thread (None if already started). Steps meant
    to follow it on the GUI thread are given to `run_when_quiet` with the thread, which also tells the thread
    whether the GUI thread is turning."""
    if _started.is_set():
        return None
    _started.set()

    def run() -> None:
        # The imports make a few hundred thousand objects that live as long as the process: a collector pass
        # they set off would hold every thread, the window's too (issue 22.4). No pass while they are made,
        # and none afterwards looks at them again (gc.freeze; reference counting still frees what it can).
        gc.disable()
        finder = PausingFinder(threading.get_ident())
        sys.meta_path.insert(0, finder)
        try:
            for name in modules:
                try:
                    importlib.import_module(name)
                except Exception:  # the page imports it again when shown, and says what failed then
                    log.exception("preload: %s", name)
        finally:
            sys.meta_path.remove(finder)
            gc.freeze()
            gc.enable()

    thread = threading.Thread(target=run, name="hattama-preload", daemon=True)
    thread.start()
    return thread


# How often the GUI thread turns for `run_when_quiet` (and says it is not stalled: `pause_while_busy`).
_TURN_MS = 50


class ActivityWatch(QObject):
    """Notes the officer's input (keys, the mouse, the wheel) while it lives: an event filter on the application,
    so it sees every event of every object; a class test is the cheapest (`event.type()` makes an enum each time:
    a tenth of a page's building went to it)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if isinstance(event, QInputEvent):
            note_activity()
        return False


def run_when_quiet(steps: Sequence[Callable[[], object]], after: threading.Thread | None,
                   parent: QObject) -> None:
    """Runs `steps` on the GUI thread once `after` (the preloading thread, if any) is done: one step per turn of
    the event loop (every _TURN_MS) while the window is quiet (`is_quiet`), so each is a short frame of its own
    and none runs while the officer types or clicks or a worker's answer is awaited. A step that fails is logged
    and skipped (what it prepared is made again when asked for, and says then what failed). The turns end with
    the steps or with `parent` (the window)."""
    application = QCoreApplication.instance()
    if application is None:
        return

    global _last_turn
    watch = ActivityWatch(parent)
    application.installEventFilter(watch)  # removed when `watch` is deleted, with the turns or the window
    waiting = list(steps)
    timer = QTimer(parent)
    timer.setInterval(_TURN_MS)
    _last_turn = time.monotonic()

    def turn() -> None:
        global _last_turn
        _last_turn = time.monotonic()
        if (after is not None and after.is_alive()) or not is_quiet():
            return
        if not waiting:
            timer.stop()
            timer.deleteLater()
            watch.deleteLater()
            return
        step = waiting.pop(0)
        try:
            step()
        except Exception:
            log.exception("preload: %s", step)

    timer.timeout.connect(turn)
    timer.start()
