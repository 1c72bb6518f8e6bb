"""p.47 beside an event abroad being prepared: the MFA's latest position on current foreign-policy issues (p.45),
which the officer can attach to the event's p.48 consultation record."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from hattama.db.store import Store
from hattama.i18n import _, describe, format_date
from hattama.services.letters import LetterView, latest_mfa_position, link_letter
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import write_in_background

EXCERPT_LENGTH = 160


class MfaPositionPanel(Retranslating, QWidget):
    def __init__(self, store: Store, event_id: uuid.UUID | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.event_id = event_id
        self.latest: LetterView | None = latest_mfa_position(store)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.attach_button = QPushButton()
        self.attach_button.clicked.connect(self.attach)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.attach_button)
        self.retranslate_ui()

    def attached(self) -> bool:
        return self.latest is not None and ("event", self.event_id) in self.latest.data.links

    def attach(self) -> None:
        """Links the latest position letter to this (stored) event's consultation record."""
        if self.latest is None or self.event_id is None:
            return
        store, letter_id, event_id = self.store, self.latest.id, self.event_id

        def done(_result: object) -> None:
            self.latest = latest_mfa_position(store)
            self.retranslate_ui()

        write_in_background(lambda: link_letter(store, letter_id, "event", event_id), on_success=done,
                            on_failure=lambda error: QMessageBox.warning(self, _("Letters"), describe(error)),
                            owner=self)

    def retranslate_ui(self) -> None:
        latest = self.latest
        self.attach_button.setText(_("Attach to the consultation"))
        self.attach_button.setEnabled(latest is not None and self.event_id is not None and not self.attached())
        if latest is None:
            self.label.setText(_("The MFA's position (p.47): none logged yet (p.45)."))
            return
        text = " ".join(latest.data.text.split())
        excerpt = text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH].rstrip() + "…"
        line = _("The MFA's position (p.47): {half}, received {date} {number}").format(
            half=latest.data.position_half, date=format_date(latest.data.dated_on),
            number=latest.data.their_number).strip()
        if self.attached():
            line += " — " + _("attached to this event")
        self.label.setText(f"{line}\n{excerpt}" if excerpt else line)
