"""The documents Hattama drafts for an event (p.48 request for consultations, p.49 briefing of the next receiving
official, p.49 notice to the MFA), opened from the event's editor; logging one closes its obligation."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from hattama.db.store import Store
from hattama.i18n import _
from hattama.presentation.letters import DRAFT_LABELS
from hattama.ui.letters.draft_dialog import DraftDialog
from hattama.ui.retranslate import Retranslating

EVENT_DRAFTS = ("p48-request", "p49-briefing", "p49-notice")


class EventDocumentsPanel(Retranslating, QWidget):
    """One button per document; `about` names the event in the draft window. `logged` carries the letter's id."""

    logged = Signal(uuid.UUID)

    def __init__(self, store: Store, event_id: uuid.UUID | None, about: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.event_id, self.about = store, event_id, about
        self.buttons = {kind: QPushButton() for kind in EVENT_DRAFTS}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for kind, button in self.buttons.items():
            button.clicked.connect(lambda _checked=False, chosen=kind: self.draft(chosen))
            button.setEnabled(event_id is not None)  # a new event is drafted for once it is saved
            layout.addWidget(button)
        layout.addStretch(1)
        self.retranslate_ui()

    def draft(self, kind: str) -> DraftDialog | None:
        if self.event_id is None:
            return None
        dialog = DraftDialog(self.store, kind, self.event_id, self.about, self)
        dialog.logged.connect(self.logged)
        dialog.open()
        return dialog

    def retranslate_ui(self) -> None:
        for kind, button in self.buttons.items():
            button.setText(_(DRAFT_LABELS[kind]) + "…")
