"""The one question asked before registering an outgoing document (issue 16.4)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from hattama.i18n import _


def ask_registration_number(parent: QWidget, title: str) -> str | None:
    """The number typed from ESEDO ("" asks the local register for its next), or None when the officer cancels."""
    number, accepted = QInputDialog.getText(parent, title, _(
        "Number from the document system (ESEDO); leave it empty for the next number of the local register:"))
    return number.strip() if accepted else None
