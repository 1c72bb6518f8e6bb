"""The user guide (issue 19.9): short HTML pages in Kazakh and Russian, one per task, shipped in
resources/help/<language>/ with their screenshots in resources/help/images/ (made by packaging/screenshots.py),
shown offline in a QTextBrowser from Help → User guide (F1). The English interface shows the Russian guide."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from hattama import i18n
from hattama.i18n import _
from hattama.paths import resources_dir
from hattama.ui.retranslate import Retranslating

GUIDE_LANGUAGES = ("kk", "ru")
FALLBACK_LANGUAGE = "ru"  # for the English interface
PAGES = ("index", "event", "report", "export", "verify", "calendar")


def guide_language(language: str | None = None) -> str:
    code = i18n.normalise_language(language or i18n.current_language())
    return code if code in GUIDE_LANGUAGES else FALLBACK_LANGUAGE


def guide_page(page: str = "index", language: str | None = None) -> Path:
    return resources_dir() / "help" / guide_language(language) / f"{page}.html"


class HelpWindow(Retranslating, QDialog):
    """Not modal: the guide stays open beside the window it explains."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.back_button, self.home_button = QPushButton(), QPushButton()
        self.back_button.clicked.connect(self.browser.backward)
        self.home_button.clicked.connect(lambda: self.open_page("index"))
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.back_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.home_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.browser, 1)
        self.resize(900, 660)  # within a 1366×768 screen
        self.retranslate_ui()

    def open_page(self, page: str = "index") -> None:
        self.browser.setSource(QUrl.fromLocalFile(str(guide_page(page))))

    def page_shown(self) -> str:
        return Path(self.browser.source().path()).stem

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("User guide"))
        self.back_button.setText(_("Back"))
        self.home_button.setText(_("Contents"))
        # The same page in the guide of the new language.
        self.open_page(self.page_shown() if not self.browser.source().isEmpty() else "index")
        self.browser.clearHistory()
