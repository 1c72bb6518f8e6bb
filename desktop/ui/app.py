"""Application bootstrap: logging, the exception hook, the store opened and migrated before any window."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from hattama import i18n
from hattama.db.errors import StoreError
from hattama.db.store import Store, open_store
from hattama.i18n import _
from hattama.paths import log_dir, resources_dir
from hattama.services.officer import officer_settings
from hattama.ui.main_window import MainWindow
from hattama.ui.retranslate import LanguageSwitcher

log = logging.getLogger("hattama")
# Each attempt at a write waits this long for another Hattama's lock, on the writing thread; `workers` tries a
# few times, then the window says the store is busy (seconds in all). Reads never wait (WAL).
GUI_BUSY_TIMEOUT_MS = 1000


def configure_logging() -> None:
    try:
        log_dir().mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_dir() / "hattama.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)


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
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
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


def run_gui(store_path: Path, language: str | None, *, ask_before_new_folder: bool = False) -> int:
    """`language`: the one chosen for this run (--lang or HATTAMA_LANG), else the officer's."""
    configure_logging()
    app = create_application()
    if language:
        i18n.set_language(language)
    if ask_before_new_folder and not store_path.parent.exists() and not confirm_new_folder(store_path):
        return 1
    try:
        store = open_store(store_path, busy_timeout_ms=GUI_BUSY_TIMEOUT_MS)
    except StoreError as error:
        # Nothing is written to a store that failed its checks; the officer is told why and where.
        QMessageBox.critical(None, _("Hattama cannot open the store"), i18n.describe(error))
        return 1
    install_exception_hook()
    window = build_main_window(app, store, language)
    window.show()
    window.offer_setup()  # a new store opens on the setup assistant (issue 19.1)
    # Once, when the obligations have first been computed.
    window.dashboard.loaded.connect(window.remind_due_soon, Qt.ConnectionType.SingleShotConnection)
    code = app.exec()
    store.close()
    return code
