"""The 20 December submission (p.46): next year's plan and the activity report rendered (PDF or XLSX, kk or ru)
and recorded as sent, the report's narrative autosaved, and the register of image projects."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hattama import clock
from hattama.db.store import Store
from hattama.i18n import _, current_language, describe, format_date
from hattama.presentation.documents import DOCUMENT_LANGUAGE_NAMES
from hattama.rules.event_validation import FIRST_YEAR, LAST_YEAR
from hattama.rules.plans import MFA_ANSWERS, PROJECT_STATUSES, ImageProjectData
from hattama.services.errors import ServiceError
from hattama.services.event_reference import display_title
from hattama.services.forms.definitions import FORM_LANGUAGES
from hattama.services.image_projects import (
    ImageProjectRecord,
    create_project,
    delete_project,
    list_projects,
    update_project,
)
from hattama.services.plans import (
    ACTIVITY,
    DOCUMENT_FORMATS,
    PLAN,
    load_narrative,
    record_sent,
    render_activity,
    render_plan,
    save_narrative,
    write_document,
)
from hattama.services.registration import register_submission_document, submission_subject
from hattama.ui.column_widths import TableLayout
from hattama.ui.date_edit import DateEdit
from hattama.ui.registration_prompt import ask_registration_number
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import run_with_progress, write_in_background

NARRATIVE_DELAY_MS = 800
PROJECT_COLUMNS = ("project", "starts", "status", "answer", "agreed")


class PlanPage(Retranslating, QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        today = clock.today()
        self.language, self.format = QComboBox(), QComboBox()
        for code in FORM_LANGUAGES:
            self.language.addItem(DOCUMENT_LANGUAGE_NAMES[code], code)
        for code in DOCUMENT_FORMATS:
            self.format.addItem(code.upper(), code)
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(today.year + 1)
        self.start, self.end = DateEdit(dt.date(today.year, 1, 1)), DateEdit(today)
        self.narrative = QPlainTextEdit()
        self.sent_on = DateEdit(today)
        self.reference = QLineEdit()
        self.render_plan_button, self.plan_sent_button = QPushButton(), QPushButton()
        self.render_activity_button, self.activity_sent_button = QPushButton(), QPushButton()
        self.register_plan_button, self.register_activity_button = QPushButton(), QPushButton()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.projects = QTableWidget(0, 5)
        self.projects.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.projects.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # The project's title stretches, the other columns fit their content (issue 19: at 1024 px the table
        # scrolled sideways).
        self.projects_layout = TableLayout(self.projects, "image_projects", PROJECT_COLUMNS, stretch="project",
                                           elidable=("answer", "status"), droppable=("agreed", "starts"), keep=("status",))
        self.add_project_button, self.edit_project_button = QPushButton(), QPushButton()
        self.delete_project_button = QPushButton()
        self._records: list[ImageProjectRecord] = []

        self.labels: dict[str, QLabel] = {name: QLabel() for name in (
            "language", "format", "year", "start", "end", "narrative", "sent_on", "reference")}
        common = QFormLayout()
        for name, widget in (("language", self.language), ("format", self.format)):
            common.addRow(self.labels[name], widget)
        self.plan_box = QGroupBox()
        plan_form = QFormLayout(self.plan_box)
        plan_form.addRow(self.labels["year"], self.year)
        # "Record … as sent" on a row of its own: beside the others, in Russian at 1024 px it was cut to "…тить план
        # как отправле" (issue 19).
        plan_form.addRow(self._buttons(self.render_plan_button, self.register_plan_button))
        plan_form.addRow(self._buttons(self.plan_sent_button))
        self.activity_box = QGroupBox()
        activity_form = QFormLayout(self.activity_box)
        activity_form.addRow(self.labels["start"], self.start)
        activity_form.addRow(self.labels["end"], self.end)
        activity_form.addRow(self.labels["narrative"], self.narrative)
        activity_form.addRow(self._buttons(self.render_activity_button, self.register_activity_button))
        activity_form.addRow(self._buttons(self.activity_sent_button))
        self.sent_box = QGroupBox()
        sent_form = QFormLayout(self.sent_box)
        sent_form.addRow(self.labels["sent_on"], self.sent_on)
        sent_form.addRow(self.labels["reference"], self.reference)
        self.projects_box = QGroupBox()
        projects_layout = QVBoxLayout(self.projects_box)
        projects_layout.addWidget(self.projects, 1)
        projects_layout.addLayout(self._buttons(self.add_project_button, self.edit_project_button,
                                                self.delete_project_button))
        left = QVBoxLayout()
        left.addLayout(common)
        left.addWidget(self.plan_box)
        left.addWidget(self.activity_box, 1)
        left.addWidget(self.sent_box)
        left.addWidget(self.status)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.projects_box, 1)

        self._narrative_timer = QTimer(self)
        self._narrative_timer.setSingleShot(True)
        self._narrative_timer.setInterval(NARRATIVE_DELAY_MS)
        self._narrative_timer.timeout.connect(self.save_narrative)
        self._loading_narrative = self._narrative_pending = False
        self._narrative_key: tuple[dt.date, dt.date, str] | None = None  # the period and language shown
        self.narrative.textChanged.connect(self._narrative_changed)
        for signal in (self.start.dateChanged, self.end.dateChanged, self.language.currentIndexChanged):
            signal.connect(self.load_narrative)
        self.render_plan_button.clicked.connect(self.render_plan)
        self.render_activity_button.clicked.connect(self.render_activity)
        self.plan_sent_button.clicked.connect(lambda: self.record_sent(PLAN))
        self.register_plan_button.clicked.connect(lambda: self.register_document("plan"))
        self.register_activity_button.clicked.connect(lambda: self.register_document("activity"))
        self.activity_sent_button.clicked.connect(lambda: self.record_sent(ACTIVITY))
        self.add_project_button.clicked.connect(lambda: self.edit_project(None))
        self.edit_project_button.clicked.connect(self._edit_selected)
        self.delete_project_button.clicked.connect(lambda: self.delete_selected())
        self.projects.doubleClicked.connect(self._edit_selected)
        self.load_narrative()
        self.reload_projects()
        self.retranslate_ui()

    @staticmethod
    def _buttons(*buttons: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        return row

    def period(self) -> tuple[dt.date, dt.date]:
        return self.start.value(), self.end.value()

    # ------------------------------------------------------------------------------------------- narrative

    def load_narrative(self) -> None:
        self.save_narrative()  # what was typed belongs to the period shown until now
        start, end = self.period()
        language = self.language.currentData()
        self._narrative_key = (start, end, language) if start <= end else None
        self._loading_narrative = True
        self.narrative.setPlainText(load_narrative(self.store, start, end, language) if start <= end else "")
        self._loading_narrative = False

    def _narrative_changed(self) -> None:
        if not self._loading_narrative:
            self._narrative_pending = True
            self._narrative_timer.start()

    def save_narrative(self) -> None:
        """Autosaved shortly after typing stops, on the writing thread (like the reports)."""
        if not self._narrative_pending or self._narrative_key is None:
            return
        self._narrative_pending = False
        self._narrative_timer.stop()
        store, (start, end, language), text = self.store, self._narrative_key, self.narrative.toPlainText()
        write_in_background(lambda: save_narrative(store, start, end, language, text),
                            on_success=lambda _result: None, on_failure=self._failed, owner=self)

    def _failed(self, error: Exception) -> None:
        QMessageBox.warning(self, _("Plan and activity"), describe(error))

    # -------------------------------------------------------------------------------------------- documents

    def _render(self, make, suggested: str) -> None:
        suffix = self.format.currentData()
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the document"), f"{suggested}.{suffix}",
                                                    f"*.{suffix}")
        if not path:
            return
        run_with_progress(self, lambda _report: write_document(make(), Path(path)), label=_("Rendering…"),
                          on_success=lambda written: self.status.setText(_("Saved: {path}").format(path=written)),
                          on_failure=lambda message: QMessageBox.warning(self, _("Plan and activity"), message))

    def render_plan(self) -> None:
        store, year, language, format = self.store, self.year.value(), self.language.currentData(), \
            self.format.currentData()
        self._render(lambda: render_plan(store, year, language, format), f"plan-{year}-{language}")

    def render_activity(self) -> None:
        self.save_narrative()
        store, (start, end), language, format = self.store, self.period(), self.language.currentData(), \
            self.format.currentData()
        self._render(lambda: render_activity(store, start, end, language, format),
                     f"activity-{start.isoformat()}-{end.isoformat()}-{language}")

    def register_document(self, kind: str, number: str | None = None) -> None:
        """Issue 16.4: the plan of the year or the activity report of the period gets its number and date (from
        ESEDO, or left empty the local register's next), fixed from then on and printed on its PDF."""
        try:
            subject = (submission_subject("plan", year=self.year.value()) if kind == "plan"
                       else submission_subject("activity", period=self.period()))
        except ServiceError as error:
            self._failed(error)
            return
        if number is None:
            number = ask_registration_number(self, _("Register the document"))
            if number is None:
                return
        store, given = self.store, number.strip() or None
        write_in_background(
            lambda: register_submission_document(store, kind, subject, number=given),
            on_success=lambda registered: self.status.setText(_("Registered: No. {number} of {date}").format(
                number=registered.number, date=format_date(registered.registered_on))),
            on_failure=self._failed, owner=self)

    def record_sent(self, document: str) -> None:
        """The plan of year Y goes with the submission of 20 December Y-1; the activity report with that of the
        year its period ends in. Both recorded close that submission's obligation."""
        year = self.year.value() - 1 if document == PLAN else self.period()[1].year
        store, sent_on, reference = self.store, self.sent_on.value(), self.reference.text()
        names = {PLAN: _("Plan for {year}").format(year=year + 1), ACTIVITY: _("Activity report")}
        write_in_background(
            lambda: record_sent(store, year, document, sent_on, reference),
            on_success=lambda _result: self.status.setText(_("{document}: sent on {date}.").format(
                document=names[document], date=format_date(sent_on))),
            on_failure=self._failed, owner=self)

    # ---------------------------------------------------------------------------------------- image projects

    def reload_projects(self) -> None:
        self._records = list_projects(self.store)
        self.projects.setRowCount(len(self._records))
        language = current_language()
        for row, record in enumerate(self._records):
            data = record.data
            agreed = format_date(data.mfa_agreement_on, "short") if data.mfa_agreement_on else ""
            cells = (display_title(data.title_kk, data.title_ru, language), format_date(data.starts_on, "short"),
                     _(PROJECT_STATUSES.get(data.status, data.status)), _(MFA_ANSWERS.get(data.mfa_answer, "")),
                     agreed)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # the whole text of a cell elided in the middle
                self.projects.setItem(row, column, item)

    def _edit_selected(self) -> None:
        row = self.projects.currentRow()
        if 0 <= row < len(self._records):
            self.edit_project(self._records[row])

    def open_project(self, project_id: uuid.UUID) -> None:
        """Selects the project and opens it (from the Dashboard's p.46 agreement obligation)."""
        for row, record in enumerate(self._records):
            if record.id == project_id:
                self.projects.selectRow(row)
                self.edit_project(record)
                return

    def delete_selected(self, confirmed: bool = False) -> None:
        row = self.projects.currentRow()
        if not 0 <= row < len(self._records):
            return
        record, store = self._records[row], self.store
        title = display_title(record.data.title_kk, record.data.title_ru, current_language())
        if not confirmed and QMessageBox.question(
                self, _("Image project"), _("Delete the image project “{title}”?").format(title=title)
        ) != QMessageBox.StandardButton.Yes:
            return
        write_in_background(lambda: delete_project(store, record.id), on_success=lambda _result: self.reload_projects(),
                            on_failure=self._failed, owner=self)

    def edit_project(self, record: ImageProjectRecord | None) -> None:
        dialog = ImageProjectDialog(record.data if record else None, self)
        if not dialog.exec():
            return
        data, store = dialog.project_data(), self.store

        def write() -> uuid.UUID | None:
            if record is None:
                return create_project(store, data)
            update_project(store, record.id, data)
            return None

        write_in_background(write, on_success=lambda _result: self.reload_projects(), on_failure=self._failed,
                            owner=self)

    def retranslate_ui(self) -> None:
        texts = {"language": _("Language of the document"), "format": _("Format"), "year": _("Year planned"),
                 "start": _("From"), "end": _("To"), "narrative": _("Narrative"), "sent_on": _("Sent on"),
                 "reference": _("Outgoing letter No.")}
        for name, text in texts.items():
            self.labels[name].setText(text)
        self.plan_box.setTitle(_("Plan of international events (p.46)"))
        self.activity_box.setTitle(_("Information on international activity (p.46)"))
        self.sent_box.setTitle(_("Sent to the MFA with the 20 December submission"))
        self.projects_box.setTitle(_("Image projects agreed with the MFA (p.46)"))
        self.render_plan_button.setText(_("Render the plan…"))
        self.render_activity_button.setText(_("Render the report…"))
        self.plan_sent_button.setText(_("Record the plan as sent"))
        self.register_plan_button.setText(_("Register…"))
        self.register_activity_button.setText(_("Register…"))
        self.activity_sent_button.setText(_("Record the report as sent"))
        self.add_project_button.setText(_("New project…"))
        self.edit_project_button.setText(_("Edit…"))
        self.delete_project_button.setText(_("Delete…"))
        self.narrative.setPlaceholderText(_("What the body did in the period; saved as you type."))
        titles = [_("Project"), _("Starts"), _("Status"), _("MFA's answer"), _("Agreed on")]
        self.projects.setHorizontalHeaderLabels(titles)
        widest_date = format_date(dt.date(2026, 9, 28), "short")
        self.projects_layout.fit(titles, {
            "starts": [widest_date], "agreed": [widest_date],
            "status": [_(label) for label in PROJECT_STATUSES.values()],
            "answer": [_(label) for label in MFA_ANSWERS.values() if label],
        })
        self.reload_projects()


class ImageProjectDialog(Retranslating, QDialog):
    """An image project and the MFA's agreement; the service checks it on saving."""

    def __init__(self, data: ImageProjectData | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        today = clock.today()
        data = data or ImageProjectData("", "", today)
        self._data = data
        self.texts = {name: QLineEdit(getattr(data, name)) for name in (
            "title_kk", "title_ru", "partners", "budget_source", "mfa_agreement_ref")}
        self.description = QPlainTextEdit(data.description)
        self.starts_on = DateEdit(data.starts_on)
        self.status, self.answer = QComboBox(), QComboBox()
        for combo, codes, selected in ((self.status, PROJECT_STATUSES, data.status),
                                       (self.answer, MFA_ANSWERS, data.mfa_answer)):
            for code in codes:
                combo.addItem("", code)
            combo.setCurrentIndex(max(combo.findData(selected), 0))
        self.agreed_on = DateEdit(data.mfa_agreement_on or today)
        self.labels = {name: QLabel() for name in (
            "title_kk", "title_ru", "description", "starts_on", "partners", "budget_source", "status", "mfa_answer",
            "mfa_agreement_on", "mfa_agreement_ref")}
        form = QFormLayout()
        widgets = {**self.texts, "description": self.description, "starts_on": self.starts_on,
                   "status": self.status, "mfa_answer": self.answer, "mfa_agreement_on": self.agreed_on}
        for name, label in self.labels.items():
            form.addRow(label, widgets[name])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.retranslate_ui()

    def project_data(self) -> ImageProjectData:
        answer = self.answer.currentData()
        texts: dict[str, Any] = {name: edit.text().strip() for name, edit in self.texts.items()}
        return dataclasses.replace(
            self._data, **texts,
            description=self.description.toPlainText().strip(), starts_on=self.starts_on.value(),
            status=self.status.currentData(), mfa_answer=answer,
            mfa_agreement_on=self.agreed_on.value() if answer else None)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Image project"))
        texts = {"title_kk": _("Title in Kazakh"), "title_ru": _("Title in Russian"), "description": _("Description"),
                 "starts_on": _("Launch"), "partners": _("Partners"), "budget_source": _("Source of funding"),
                 "status": _("Status"), "mfa_answer": _("MFA's answer"), "mfa_agreement_on": _("Answer dated"),
                 "mfa_agreement_ref": _("Reference")}
        for name, text in texts.items():
            self.labels[name].setText(text)
        for combo, labels in ((self.status, PROJECT_STATUSES), (self.answer, MFA_ANSWERS)):
            for position in range(combo.count()):
                combo.setItemText(position, _(labels[combo.itemData(position)]))
