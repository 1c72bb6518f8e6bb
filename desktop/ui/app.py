"""Application bootstrap: logging, the exception hook, the store opened (and migrated when due) before the window.

The window paints first and fills after (issue 18.1): opening the store is the cheap check (header, revision);
the pages load once the window is on screen (`MainWindow`), and SQLite's full integrity check runs on a worker
thread — at once after an unclean shutdown, else once the first loads are done (issue 22.2).
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from hattama import i18n, logs
from hattama.db.errors import StoreDamaged, StoreError
from hattama.db.store import Store, open_store
from hattama.i18n import _
from hattama.paths import log_dir, open_markers_dir, resources_dir
from hattama.services.officer import officer_settings
from hattama.ui.main_window import MainWindow
from hattama.ui.retranslate import LanguageSwitcher
from hattama.ui.workers import Job, start

log = logging.getLogger(__name__)
# Each attempt at a write waits this long for another Hattama's lock, on the writing thread; `workers` tries a
# few times, then the window says the store is busy (seconds in all). Reads never wait (WAL).
GUI_BUSY_TIMEOUT_MS = 1000
# A store closed cleanly last time is checked in full once the first pages have loaded, not while they load.
CHECK_DELAY_MS = 60_000


def configure_logging() -> None:
    logs.configure()


def install_exception_hook() -> None:
    def hook(kind, value, trace) -> None:
        log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, value, trace)))
        box = QMessageBox(QMessageBox.Icon.Critical, _("Unexpected error"), i18n.describe(value))
        box.setInformativeText(_("Your data is saved in the store. Details are in the log: {path}").format(
            path=log_dir() / "hattama.log"))
        box.setDetailedText("".join(traceback.format_exception(kind, value, trace)))
        box.exec()

    sys.excepthook = hook


def create_application(argv: list[str] | None = None) -> QApplication:
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("Hattama")
    app.setOrganizationName("Hattama")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "hattama.svg")))
    return app


def build_main_window(app: QApplication, store: Store, language: str | None) -> MainWindow:
    switcher = LanguageSwitcher(app)
    switcher.apply(language or officer_settings(store).interface_language)
    return MainWindow(store, switcher)


def confirm_new_folder(store_path: Path) -> bool:
    """Asked before a store is made in a folder that does not exist (a mistyped --db would otherwise open an
    empty store as if the unit's data had gone)."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Create a new store?"),
                      _("There is no folder {folder}, so no store {name} in it.").format(
                          folder=store_path.parent, name=store_path.name))
    box.setInformativeText(_("Create the folder and a new, empty store there? Choose No and check the path if "
                             "you meant an existing store."))
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def check_in_background(window: MainWindow, store: Store) -> Job:
    """SQLite's full check of the store on a worker thread; damage is said in a message box (nothing else
    changes: the officer decides what to do with the store)."""
    job = Job(lambda _report: store.check_integrity())

    def refused(error: Exception) -> None:
        if isinstance(error, StoreDamaged):
            QMessageBox.critical(window, _("The store is damaged"), i18n.describe(error))

    job.raised.connect(refused)
    return start(job)


def after_first_paint(window: MainWindow, store: Store) -> None:
    window.offer_setup()  # a new store opens on the setup assistant (issue 19.1)
    # Once, when the obligations have first been computed.
    window.dashboard.loaded.connect(window.remind_due_soon, Qt.ConnectionType.SingleShotConnection)
    QTimer.singleShot(0 if store.left_open else CHECK_DELAY_MS, lambda: check_in_background(window, store))


def run_gui(store_path: Path, language: str | None, *, ask_before_new_folder: bool = False) -> int:
    """`language`: the one chosen for this run (--lang or HATTAMA_LANG), else the officer's."""
    configure_logging()
    log.info("window: opening %s", store_path)
    app = create_application()
    if language:
        i18n.set_language(language)
    if ask_before_new_folder and not store_path.parent.exists() and not confirm_new_folder(store_path):
        return 1
    try:
        store = open_store(store_path, busy_timeout_ms=GUI_BUSY_TIMEOUT_MS, markers=open_markers_dir(),
                           check_if_left_open=False)
    except StoreError as error:
        # Nothing is written to a store that failed its checks; the officer is told why and where.
        log.warning("window: %s", i18n.describe(error))
        QMessageBox.critical(None, _("Hattama cannot open the store"), i18n.describe(error))
        return 1
    install_exception_hook()
    window = build_main_window(app, store, language)
    window.show()
    window.filled.connect(lambda: after_first_paint(window, store), Qt.ConnectionType.SingleShotConnection)
    code = app.exec()
    store.close()
    log.info("window: closed %s", store_path)
    return code
