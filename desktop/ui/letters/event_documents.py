"""The documents Hattama drafts for an event (p.48 request for consultations, p.49 briefing of the next receiving
official, p.49 notice to the MFA), opened from the event's editor; logging one closes its obligation. Under the
menu, the letters linked to the event (issue 16.1), the drafted ones once logged among them."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from hattama.db.store import Store
from hattama.i18n import _, format_date
from hattama.presentation.letters import CORRESPONDENT_LABELS, DIRECTION_LABELS, DRAFT_LABELS
from hattama.services.letters import LetterView, letters_of
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
        self.draft_actions = {kind: QAction(menu) for kind in EVENT_DRAFTS}
        for kind, action in self.draft_actions.items():
            action.triggered.connect(lambda _checked=False, chosen=kind: self.draft(chosen))
            menu.addAction(action)
        self.button.setMenu(menu)
        self.letters_label = QLabel()
        self.letters_label.setWordWrap(True)
        self.letters_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.letters: list[LetterView] = []
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.letters_label)
        self.logged.connect(lambda _letter_id: self.load_letters())
        self.load_letters()
        self.retranslate_ui()

    def load_letters(self) -> None:
        """The letters linked to the event, latest first (one query; none for an event not saved yet)."""
        self.letters = [] if self.event_id is None else letters_of(self.store, "event", self.event_id)
        self._show_letters()

    def _show_letters(self) -> None:
        lines = []
        for letter in self.letters:
            data = letter.data
            number = _("No. {number}").format(number=data.our_number or data.their_number) if (
                data.our_number or data.their_number) else ""
            lines.append(" — ".join(part for part in (
                format_date(data.dated_on), _(DIRECTION_LABELS[data.direction]),
                data.correspondent or _(CORRESPONDENT_LABELS[data.correspondent_kind]), data.subject, number)
                if part))
        self.letters_label.setText(_("Letters about this event:") + "\n" + "\n".join(lines) if lines
                                   else _("No letter is linked to this event."))
        self.letters_label.setVisible(self.event_id is not None)

    def draft(self, kind: str) -> DraftDialog | None:
        if self.event_id is None:
            return None
        dialog = DraftDialog(self.store, kind, self.event_id, self.about(), self)
        dialog.logged.connect(self.logged)
        dialog.open()
        return dialog

    def retranslate_ui(self) -> None:
        self.button.setText(_("Draft a document (p.48, p.49)"))
        for kind, action in self.draft_actions.items():
            action.setText(_(DRAFT_LABELS[kind]) + "…")
        self._show_letters()
