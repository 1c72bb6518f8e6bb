"""Handing a file from the store or a bundle to the system's viewer, the one safe way: a fresh copy under a safe
name in the temporary folder (services.attachments.write_for_opening), and a program or script only once the
officer confirms (rules.attachments.asks_before_opening)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from hattama.i18n import _, describe
from hattama.rules.attachments import asks_before_opening, safe_file_name
from hattama.services.attachments import write_for_opening
from hattama.services.errors import ServiceError


def confirm_program(parent: QWidget, name: str) -> bool:
    answer = QMessageBox.warning(
        parent, _("Open a program?"),
        _("“{name}” is a program or a script: opening it runs it on this computer, with your rights. Open it "
          "only if you know where it comes from and trust it. Open it?").format(name=name),
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Open


def open_content(parent: QWidget, content: bytes, name: str, title: str) -> bool:
    """Open `content` (named `name`, display text only) in the system's viewer; False when the officer declined
    a program or the copy could not be written (said in a message titled `title`)."""
    if asks_before_opening(name, content) and not confirm_program(parent, safe_file_name(name)):
        return False
    try:
        path = write_for_opening(content, name)
    except ServiceError as error:
        QMessageBox.warning(parent, title, describe(error))
        return False
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return True
