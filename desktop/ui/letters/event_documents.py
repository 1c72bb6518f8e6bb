"""The documents Hattama drafts for an event (p.48 request for consultations, p.49 briefing of the next receiving
official, p.49 notice to the MFA), opened from the event's editor; logging one closes its obligation."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QWidget

from hattama.db.store import Store
from hattama.i18n import _
from hattama.presentation.letters import DRAFT_LABELS
from hattama.ui.letters.draft_dialog import DraftDialog
from hattama.ui.retranslate import Retranslating

EVENT_DRAFTS = ("p48-request", "p49-briefing", "p49-notice")


class EventDocumentsPanel(Retranslating, QWidget):
    """One button with a menu of the documents (narrow enough for a 1024 px editor); `about` names the event in the
    draft window (asked when a draft opens, so it shows the title as edited). `logged` carries the letter's id."""

    logged = Signal(uuid.UUID)

    def __init__(self, store: Store, event_id: uuid.UUID | None, about: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.event_id, self.about = store, event_id, about
        self.button = QPushButton()
        self.button.setEnabled(event_id is not None)  # a new event is drafted for once it is saved
        menu = QMenu(self.button)
        self.actions = {kind: QAction(menu) for kind in EVENT_DRAFTS}
        for kind, action in self.actions.items():
            action.triggered.connect(lambda _checked=False, chosen=kind: self.draft(chosen))
            menu.addAction(action)
        self.button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.retranslate_ui()

    def draft(self, kind: str) -> DraftDialog | None:
        if self.event_id is None:
            return None
        dialog = DraftDialog(self.store, kind, self.event_id, self.about(), self)
        dialog.logged.connect(self.logged)
        dialog.open()
        return dialog

    def retranslate_ui(self) -> None:
        self.button.setText(_("Draft a document (p.48, p.49)"))
        for kind, action in self.actions.items():
            action.setText(_(DRAFT_LABELS[kind]) + "…")
