"""The report editor: one text area per p.46 section and language, autosaved, with status and deadline on top."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.store import Store
from desktop import clock
from desktop.i18n import _, current_language, describe, format_date, ngettext
from desktop.rules.obligations import ObligationState
from desktop.services.errors import ServiceError
from desktop.services.obligations import report_deadline
from desktop.services.reports import (
    LANGUAGE_NAMES,
    REPORT_LANGUAGES,
    SECTION_FIELDS,
    SECTION_LABELS,
    STATUS_LABELS,
    ReportRecord,
    ReportTexts,
    get_report,
    participants_text,
    report_pdf,
    save_texts,
    set_mfa_request,
    set_status,
    write_pdf,
)
from desktop.ui.reports.section_edit import SectionEdit
from desktop.ui.retranslate import Retranslating

AUTOSAVE_INTERVAL_MS = 3000


class LanguageTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, SectionEdit] = {}
        self.labels: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        for name in SECTION_FIELDS:
            label = QLabel()
            label.setStyleSheet("font-weight: bold;")
            edit = SectionEdit()
            edit.setTabChangesFocus(True)
            edit.textChanged.connect(self.changed)
            self.labels[name], self.edits[name] = label, edit
            layout.addWidget(label)
            layout.addWidget(edit, 1 if name != "participants" else 0)
        self.edits["participants"].setMaximumHeight(120)

    def texts(self) -> ReportTexts:
        return ReportTexts(**{name: edit.toPlainText() for name, edit in self.edits.items()})

    def show_texts(self, texts: ReportTexts) -> None:
        for name, edit in self.edits.items():
            edit.blockSignals(True)
            edit.setPlainText(getattr(texts, name))
            edit.blockSignals(False)

    def word_count(self) -> int:
        return sum(edit.word_count() for edit in self.edits.values())

    def retranslate(self) -> None:
        required = {"participants", "issues", "agreements"}
        for name, label in self.labels.items():
            text = _(SECTION_LABELS[name])
            label.setText(text + (" *" if name in required else " " + _("(where needed)")))


class ReportEditor(Retranslating, QWidget):
    status_changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.report_id: uuid.UUID | None = None
        self.record: ReportRecord | None = None
        self.dirty = False

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.heading.setWordWrap(True)
        self.deadline = QLabel()
        self.deadline.setWordWrap(True)
        self.status_label = QLabel()
        self.saved_mark = QLabel()

        self.ready_button = QPushButton()
        self.ready_button.clicked.connect(lambda: self.change_status("ready"))
        self.draft_button = QPushButton()
        self.draft_button.clicked.connect(lambda: self.change_status("draft"))
        self.sent_button = QPushButton()
        self.sent_button.clicked.connect(lambda: self.change_status("sent", ask_date=True))
        self.ack_button = QPushButton()
        self.ack_button.clicked.connect(lambda: self.change_status("acknowledged", ask_date=True))
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_participants)
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button = QPushButton()
        self.pdf_button.clicked.connect(self.save_pdf)

        self.request_box = QGroupBox()
        self.request_received = QCheckBox()
        self.request_date = QDateEdit(QDate(clock.today()))
        self.request_date.setCalendarPopup(True)
        self.request_ref = QLineEdit()
        self.request_date_label, self.request_ref_label = QLabel(), QLabel()
        request_form = QFormLayout(self.request_box)
        request_form.addRow(self.request_received)
        request_form.addRow(self.request_date_label, self.request_date)
        request_form.addRow(self.request_ref_label, self.request_ref)
        for signal in (self.request_received.toggled, self.request_date.dateChanged, self.request_ref.textEdited):
            signal.connect(self._mark_dirty)

        self.tabs = QTabWidget()
        self.language_tabs: dict[str, LanguageTab] = {}
        for language in REPORT_LANGUAGES:
            tab = LanguageTab()
            tab.changed.connect(self._mark_dirty)
            self.language_tabs[language] = tab
            self.tabs.addTab(tab, "")
        self.word_count = QLabel()

        # Two by two: in one row the Kazakh labels made the editor so wide that the reports list beside it
        # had no room left for the event titles.
        status_grid = QGridLayout()
        for position, button in enumerate((self.ready_button, self.draft_button, self.sent_button, self.ack_button)):
            status_grid.addWidget(button, position // 2, position % 2)
        buttons = QHBoxLayout()
        for button in (self.copy_button, self.preview_button, self.pdf_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        footer = QHBoxLayout()
        footer.addWidget(self.word_count)
        footer.addStretch(1)
        footer.addWidget(self.saved_mark)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.deadline)
        layout.addWidget(self.status_label)
        layout.addLayout(status_grid)
        layout.addLayout(buttons)
        layout.addWidget(self.request_box)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(footer)

        self.autosave = QTimer(self)
        self.autosave.setInterval(AUTOSAVE_INTERVAL_MS)
        self.autosave.timeout.connect(self.save_if_dirty)
        self.autosave.start()
        self.setEnabled(False)
        self.retranslate_ui()

    # Loading and saving -------------------------------------------------------------------------------------
    def load(self, report_id: uuid.UUID) -> None:
        self.save_if_dirty()
        self.report_id = report_id
        self.record = get_report(self.store, report_id, current_language())
        for language, tab in self.language_tabs.items():
            tab.show_texts(self.record.texts.get(language, ReportTexts()))
        for widget in (self.request_received, self.request_date, self.request_ref):
            widget.blockSignals(True)
        self.request_received.setChecked(self.record.mfa_request_date is not None or bool(self.record.mfa_request_ref))
        if self.record.mfa_request_date:
            self.request_date.setDate(QDate(self.record.mfa_request_date))
        self.request_ref.setText(self.record.mfa_request_ref)
        for widget in (self.request_received, self.request_date, self.request_ref):
            widget.blockSignals(False)
        if not self.record.languages and current_language() == "ru":
            self.tabs.setCurrentIndex(REPORT_LANGUAGES.index("ru"))
        elif self.record.languages:
            self.tabs.setCurrentIndex(REPORT_LANGUAGES.index(self.record.languages[0]))
        self.dirty = False
        self.setEnabled(True)
        self._refresh_header()

    def _mark_dirty(self) -> None:
        if self.report_id is None:
            return
        self.dirty = True
        self._refresh_marks()

    def save_if_dirty(self) -> None:
        """Autosave: every few seconds while there are changes, and when the editor is hidden or closed."""
        if not self.dirty or self.report_id is None:
            return
        try:
            for language, tab in self.language_tabs.items():
                texts = tab.texts()
                if not texts.is_empty() or language in (self.record.texts if self.record else {}):
                    save_texts(self.store, self.report_id, language, texts)
            received = self.request_received.isChecked()
            set_mfa_request(self.store, self.report_id,
                            self.request_date.date().toPython() if received else None,
                            self.request_ref.text() if received else "")
        except ServiceError as error:
            self.saved_mark.setText(describe(error))
            return
        self.dirty = False
        previous_status = self.record.status if self.record else None
        self.record = get_report(self.store, self.report_id, current_language())
        self._refresh_header()
        if self.record.status != previous_status:
            self.status_changed.emit()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.save_if_dirty()
        super().hideEvent(event)

    # Actions ------------------------------------------------------------------------------------------------
    def change_status(self, status: str, ask_date: bool = False) -> None:
        if self.report_id is None:
            return
        self.save_if_dirty()
        on = None
        if ask_date:
            text, accepted = QInputDialog.getText(
                self, _("Report status"), _("Date (YYYY-MM-DD):"), text=clock.today().isoformat())
            if not accepted:
                return
            try:
                on = dt.date.fromisoformat(text.strip())
            except ValueError:
                QMessageBox.warning(self, _("Report status"),
                                    _("“{value}” is not a date written as YYYY-MM-DD.").format(value=text))
                return
        try:
            set_status(self.store, self.report_id, status, on)
        except ServiceError as error:
            QMessageBox.warning(self, _("Report status"), describe(error))
            return
        self.load(self.report_id)
        self.status_changed.emit()

    def current_language_code(self) -> str:
        return REPORT_LANGUAGES[self.tabs.currentIndex()]

    def copy_participants(self) -> None:
        if self.record is None:
            return
        edit = self.language_tabs[self.current_language_code()].edits["participants"]
        if edit.toPlainText().strip():
            answer = QMessageBox.question(self, _("Copy participants"),
                                          _("Replace the composition of participants with the event's list?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        edit.setPlainText(participants_text(self.store, self.record.event_id))

    def _render(self) -> bytes | None:
        self.save_if_dirty()
        try:
            return report_pdf(self.store, self.report_id, self.current_language_code())
        except ServiceError as error:
            QMessageBox.warning(self, _("Report PDF"), describe(error))
            return None

    def preview(self) -> None:
        if self.report_id is None:
            return
        data = self._render()
        if data is None:
            return
        from desktop.ui.reports.preview import PdfPreviewDialog

        PdfPreviewDialog(data, self).exec()

    def save_pdf(self) -> None:
        if self.report_id is None:
            return
        self.save_if_dirty()
        language = self.current_language_code()
        suggested = f"report-{str(self.report_id)[:8]}-{language}.pdf"
        path, _filter = QFileDialog.getSaveFileName(self, _("Save report as PDF"), suggested, _("PDF files (*.pdf)"))
        if not path:
            return
        try:
            write_pdf(self.store, self.report_id, language, Path(path))
        except ServiceError as error:
            QMessageBox.warning(self, _("Report PDF"), describe(error))

    # Presentation -------------------------------------------------------------------------------------------
    def _refresh_marks(self) -> None:
        self.saved_mark.setText(_("● Unsaved changes") if self.dirty else _("All changes saved"))
        self.saved_mark.setStyleSheet("color: #b35c00;" if self.dirty else "color: #2e7d32;")
        count = self.language_tabs[self.current_language_code()].word_count()
        self.word_count.setText(ngettext("{count} word", "{count} words", count).format(count=count))

    def _refresh_header(self) -> None:
        record = self.record
        if record is None:
            self.heading.setText(_("Choose a report on the left, or start one for an event."))
            self.deadline.clear()
            self.status_label.clear()
            return
        self.heading.setText(record.event_title)
        view = report_deadline(self.store, record.event_id)
        if view is None:
            self.deadline.clear()
        elif view.state is ObligationState.DONE:
            self.deadline.setText(_("p.46: sent to the MFA on {date}").format(
                date=format_date(view.obligation.done_on, "long")))
        else:
            left = view.working_days_left or 0
            due = format_date(view.obligation.planned_due, "long")
            if left >= 0:
                text = ngettext("p.46: due {due}, {count} working day left.",
                                "p.46: due {due}, {count} working days left.", left).format(due=due, count=left)
            else:
                text = ngettext("p.46: was due {due}, {count} working day overdue.",
                                "p.46: was due {due}, {count} working days overdue.", -left).format(due=due, count=-left)
            self.deadline.setText(text)
            self.deadline.setStyleSheet("color: #b00020; font-weight: bold;" if left < 0 else "")
        self.status_label.setText(_("Status: {status}").format(status=_(STATUS_LABELS[record.status])))
        self.ready_button.setEnabled(record.status == "draft")
        self.draft_button.setEnabled(record.status in ("ready", "exported"))
        self.sent_button.setEnabled(record.status in ("ready", "exported"))
        self.ack_button.setEnabled(record.status == "sent")
        self._refresh_marks()

    def retranslate_ui(self) -> None:
        for index, language in enumerate(REPORT_LANGUAGES):
            self.tabs.setTabText(index, _(LANGUAGE_NAMES[language]))
            self.language_tabs[language].retranslate()
        self.ready_button.setText(_("Mark ready"))
        self.draft_button.setText(_("Back to draft"))
        self.sent_button.setText(_("Record sent…"))
        self.ack_button.setText(_("Record acknowledged…"))
        self.copy_button.setText(_("Copy participants from the event"))
        self.preview_button.setText(_("Preview…"))
        self.pdf_button.setText(_("Save PDF…"))
        self.request_box.setTitle(_("The MFA's request (p.46)"))
        self.request_received.setText(_("The MFA requested this report"))
        self.request_date_label.setText(_("Date"))
        self.request_ref_label.setText(_("Reference"))
        if self.record is not None:
            self.record = get_report(self.store, self.record.id, current_language())
        self._refresh_header()
