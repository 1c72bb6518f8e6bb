"""The later pages' heavy imports, made on a background thread once the window is filled (issue 22.4).

Pages are built when first shown (hattama.ui.main_window); their modules bring the signing and verification
libraries (pyHanko with requests and urllib3, cryptography, keyring, gostcrypto): 0.2–0.4 s of importing on the
GUI thread at the first click on Reports or Verify, a frozen window. Importing the services behind them on a
thread of their own, after the Dashboard has its data, leaves the click only the page's own widgets. Only
modules without Qt are imported here (services and presentation): widgets are made on the GUI thread. A page
clicked before its services are imported waits for that import (Python's import lock), as it waited before.
The objects of the modules imported so far are frozen out of the collector's later passes (`gc.freeze`). Then
the pages' own widget modules are imported on the GUI thread, one per turn of its event loop.
"""

from __future__ import annotations

import gc
import importlib
import logging
import threading
from collections.abc import Sequence

log = logging.getLogger(__name__)

# What the pages import beyond their widgets, heaviest first (measured with -X importtime).
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
)

_started = threading.Event()


def preload_in_background(modules: Sequence[str] = PRELOADED) -> threading.Thread | None:
    """Import `modules` on a daemon thread, once per process; the thread (None if already started)."""
    if _started.is_set():
        return None
    _started.set()

    def run() -> None:
        # The imports make a few hundred thousand objects that live as long as the process: a collector pass
        # they set off would hold every thread, the window's too (issue 22.4). No pass while they are made,
        # and none afterwards looks at them again (gc.freeze; reference counting still frees what it can).
        gc.disable()
        try:
            for name in modules:
                try:
                    importlib.import_module(name)
                except Exception:  # the page imports it again when shown, and says what failed then
                    log.exception("preload: %s", name)
        finally:
            gc.freeze()
            gc.enable()

    thread = threading.Thread(target=run, name="hattama-preload", daemon=True)
    thread.start()
    _import_pages_after(thread)
    return thread


# The pages' own modules (widgets), imported on the GUI thread once the thread is done, one per turn of the
# event loop: each a short frame of its own instead of all of them in the frame of a click.
PAGE_MODULES = (
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
_TURN_MS = 50


def _import_pages_after(thread: threading.Thread) -> None:
    from PySide6.QtCore import QCoreApplication, QTimer

    application = QCoreApplication.instance()
    if application is None:
        return
    waiting = list(PAGE_MODULES)
    timer = QTimer(application)
    timer.setInterval(_TURN_MS)

    def turn() -> None:
        if thread.is_alive():
            return
        if not waiting:
            timer.stop()
            timer.deleteLater()
            return
        name = waiting.pop(0)
        try:
            importlib.import_module(name)
        except Exception:
            log.exception("preload: %s", name)

    timer.timeout.connect(turn)
    timer.start()
