"""A document Hattama drafts (issue 16.3) — the p.44 notice of a direct letter, the p.48 request for
consultations, the p.49 briefing and the p.49 notice of an event: the text is drafted in the chosen language, the
officer edits it, saves the PDF and logs it as sent, which closes its obligation."""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hattama import clock
from hattama.db.store import Store
from hattama.i18n import _, describe
from hattama.presentation.documents import DOCUMENT_LANGUAGE_NAMES
from hattama.presentation.letters import DRAFT_LABELS
from hattama.services.letter_drafts import DRAFTS, write_letter_pdf
from hattama.services.letter_sending import log_drafted_document
from hattama.services.pdf.letter import LetterDocument
from hattama.ui.date_edit import DateEdit
from hattama.ui.events.parts import compact_combo
from hattama.ui.loading import BackgroundLoad
from hattama.ui.workers import write_in_background


class DraftDialog(QDialog):
    """`kind` is a key of letter_drafts.DRAFTS; `record_id` the direct letter (p.44) or the event (p.48, p.49).
    `logged` carries the id of the letter once the document is logged as sent."""

    logged = Signal(uuid.UUID)

    def __init__(self, store: Store, kind: str, record_id: uuid.UUID, about: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.kind, self.record_id = store, kind, record_id
        self.setWindowTitle(_(DRAFT_LABELS[kind]))
        self.resize(720, 560)
        self.language = compact_combo()
        for code, name in DOCUMENT_LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.currentIndexChanged.connect(self.redraft)
        self.addressee, self.title = QLabel(), QLabel()
        for label in (self.addressee, self.title):
            label.setWordWrap(True)
        self.body = QPlainTextEdit()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a15c00")
        self.sent_on = DateEdit(clock.today())
        self.loading = BackgroundLoad()
        self.loading.loaded.connect(self._drafted)
        self.loading.failed.connect(self._refused)

        form = QFormLayout()
        form.addRow(_("About"), QLabel(about))
        form.addRow(_("Language of the document"), self.language)
        form.addRow(_("To"), self.addressee)
        form.addRow(_("Title"), self.title)
        form.addRow(_("Text (one paragraph a line)"), self.body)
        form.addRow(_("Sent on"), self.sent_on)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.save_button = QPushButton(_("Save the PDF…"))
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.log_button = QPushButton(_("Log as sent"))
        self.log_button.setToolTip(_("Logs the document as an outgoing letter with its PDF attached; that closes "
                                     "its obligation."))
        self.log_button.clicked.connect(self.log_as_sent)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.log_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.loading)
        layout.addWidget(buttons)
        self._doc: LetterDocument | None = None
        self.redraft()

    def document_language(self) -> str:
        return str(self.language.currentData())

    def redraft(self) -> None:
        """Drafts the text again in the chosen language (the officer's edits in the other language are left)."""
        store, kind, record_id, language = self.store, self.kind, self.record_id, self.document_language()
        self._set_ready(None)
        self.loading.start(lambda _report: DRAFTS[kind](store, record_id, language))

    def _drafted(self, doc: object) -> None:
        assert isinstance(doc, LetterDocument)
        self.addressee.setText(doc.addressee)
        self.title.setText(doc.title)
        self.body.setPlainText(doc.body)
        self.problem.clear()
        self._set_ready(doc)

    def _refused(self, message: str) -> None:
        self.problem.setText(message)
        self._set_ready(None)

    def _set_ready(self, doc: LetterDocument | None) -> None:
        self._doc = doc
        for button in (self.save_button, self.log_button):
            button.setEnabled(doc is not None)

    def edited(self) -> LetterDocument | None:
        return None if self._doc is None else dataclasses.replace(self._doc, body=self.body.toPlainText())

    def save_pdf(self, path: Path | None = None) -> None:
        doc = self.edited()
        if doc is None:
            return
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, _("Save the PDF"), f"{self.kind}-{doc.language}.pdf", _("PDF documents (*.pdf)"))
            if not chosen:
                return
            path = Path(chosen)
        write_in_background(lambda: write_letter_pdf(doc, path), on_success=lambda _path: None,
                            on_failure=self._warn, owner=self)

    def log_as_sent(self) -> None:
        doc = self.edited()
        if doc is None:
            return
        store, kind, record_id, body, sent_on = self.store, self.kind, self.record_id, doc.body, self.sent_on.value()
        self.log_button.setEnabled(False)

        def refused(error: Exception) -> None:
            self.log_button.setEnabled(True)
            self._warn(error)

        write_in_background(
            lambda: log_drafted_document(store, kind, record_id, doc.language, body=body, sent_on=sent_on),
            on_success=self._logged, on_failure=refused, owner=self)

    def _logged(self, letter_id: object) -> None:
        assert isinstance(letter_id, uuid.UUID)
        self.logged.emit(letter_id)
        self.accept()

    def _warn(self, error: Exception) -> None:
        QMessageBox.warning(self, _(DRAFT_LABELS[self.kind]), describe(error))
