"""The About box: version, store, and the licences of what we bundle."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QMessageBox, QWidget

from hattama import __version__
from hattama.i18n import _


def show_about(parent: QWidget, store_path: str) -> None:
    text = "".join(
        [
            f"<h3>Hattama {__version__}</h3>",
            "<p>", _("International events, deadlines and submissions to the Ministry of Foreign Affairs under "
                     "Decree No. 1037 of 12 August 2010."), "</p>",
            "<p>", _("Store: {path}").format(path=store_path), "</p>",
            "<p><b>", _("Bundled assets and their licences"), "</b></p><ul>",
            "<li>", _("Liberation Serif fonts: SIL Open Font License 1.1"), "</li>",
            "<li>", _("Qt and Qt for Python {version}: GNU LGPL 3").format(version=pyside_version), "</li>",
            "<li>", _("Application icon: drawn for Hattama"), "</li>",
            "</ul>",
        ]
    )
    QMessageBox.about(parent, _("About Hattama"), text)
