"""The annual forms on treaties (p.2): render them for a year (PDF or XLSX, kk or ru), register them (issue 16.4:
the number and date their PDF prints from then on), or record them as sent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hattama.db.store import Store
from hattama.i18n import _, describe, format_date
from hattama.presentation.documents import DOCUMENT_LANGUAGE_NAMES
from hattama.rules.event_validation import FIRST_YEAR, LAST_YEAR
from hattama.services.forms import FORM_FORMATS, record_forms_sent, write_forms
from hattama.services.forms.definitions import FORM_LANGUAGES, FORM_NUMBERS
from hattama.services.registration import (
    register_submission_document,
    submission_registration,
    submission_subject,
)
from hattama.ui.date_edit import DateEdit
from hattama.ui.registration_prompt import ask_registration_number
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import run_with_progress, write_in_background


class _FormsChoice(Retranslating, QDialog):
    """The year reported on and the forms; subclasses add their own fields to `form`."""

    def __init__(self, store: Store, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(year)
        self.boxes = {number: QCheckBox(str(number)) for number in FORM_NUMBERS}
        boxes_row = QHBoxLayout()
        for box in self.boxes.values():
            box.setChecked(True)
            boxes_row.addWidget(box)
        boxes_row.addStretch(1)
        self.form = QFormLayout()
        self.labels: list[QLabel] = []
        self.add_row(self.year)
        self.add_row(boxes_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def forms(self) -> tuple[int, ...]:
        return tuple(number for number, box in self.boxes.items() if box.isChecked())

    def run(self) -> None:
        raise NotImplementedError

    def add_row(self, field: QWidget | QHBoxLayout) -> None:
        self.labels.append(QLabel())
        self.form.addRow(self.labels[-1], field)

    def _label(self, row: int, text: str) -> None:
        self.labels[row].setText(text)

    def retranslate_ui(self) -> None:
        self._label(0, _("Year reported on"))
        self._label(1, _("Forms"))


class RenderFormsDialog(_FormsChoice):
    """Writes the chosen forms to a file, off the GUI thread; `rendered` carries the path."""

    rendered = Signal(Path)

    def __init__(self, store: Store, year: int, parent: QWidget | None = None) -> None:
        super().__init__(store, year, parent)
        self.language = QComboBox()
        for code in FORM_LANGUAGES:
            self.language.addItem(DOCUMENT_LANGUAGE_NAMES[code], code)
        self.format = QComboBox()
        for code in FORM_FORMATS:
            self.format.addItem(code.upper(), code)
        self.add_row(self.language)
        self.add_row(self.format)
        self.registration = QLabel()
        self.registration.setWordWrap(True)
        self.register_button = QPushButton()
        self.register_button.clicked.connect(lambda: self.register_forms())
        registration_row = QHBoxLayout()
        registration_row.addWidget(self.registration, 1)
        registration_row.addWidget(self.register_button)
        self.add_row(registration_row)
        self.year.valueChanged.connect(lambda _year: self.show_registration())
        self.retranslate_ui()

    def show_registration(self) -> None:
        """The year's forms registered (their number and date) or not yet (their PDF is a draft)."""
        registered = submission_registration(self.store, "forms", submission_subject("forms", year=self.year.value()))
        self.registration.setText(_("Not registered: the PDF is marked as a draft.") if registered is None else
                                  _("Registered: No. {number} of {date}").format(
                                      number=registered.number, date=format_date(registered.registered_on)))
        self.register_button.setEnabled(registered is None)

    def register_forms(self, number: str | None = None) -> None:
        """Issue 16.4: the number from ESEDO, or (left empty) the local register's next; fixed from then on."""
        if number is None:
            number = ask_registration_number(self, _("Register the document"))
            if number is None:
                return
        store, subject, given = self.store, submission_subject("forms", year=self.year.value()), number.strip()
        write_in_background(
            lambda: register_submission_document(store, "forms", subject, number=given or None),
            on_success=lambda _registered: self.show_registration(),
            on_failure=lambda error: QMessageBox.warning(self, _("Render forms"), describe(error)), owner=self)

    def choose_path(self) -> Path | None:
        suffix = self.format.currentData()
        suggested = f"forms-{self.year.value()}-{self.language.currentData()}.{suffix}"
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the forms"), suggested, f"*.{suffix}")
        return Path(path) if path else None

    def run(self) -> None:
        forms = self.forms()
        if not forms:
            QMessageBox.information(self, _("Render forms"), _("Choose at least one form."))
            return
        path = self.choose_path()
        if path is None:
            return
        store, year = self.store, self.year.value()
        language, format = self.language.currentData(), self.format.currentData()
        run_with_progress(self, lambda _report: write_forms(store, year, language, format, path, forms),
                          label=_("Rendering the forms…"), on_success=self._done,
                          on_failure=lambda message: QMessageBox.warning(self, _("Render forms"), message))

    def _done(self, path: Path) -> None:
        self.rendered.emit(path)
        self.accept()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Render forms"))
        self._label(2, _("Language of the forms"))
        self._label(3, _("Format"))
        self._label(4, _("Registration"))
        self.register_button.setText(_("Register…"))
        self.show_registration()


class FormsSentDialog(_FormsChoice):
    """Records the chosen forms as sent to the MFA (which closes p.2 once all of an item's forms went)."""

    recorded = Signal()

    def __init__(self, store: Store, year: int, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(store, year, parent)
        self.today = today
        self.sent_on = DateEdit(today)
        self.reference = QLineEdit()
        self.add_row(self.sent_on)
        self.add_row(self.reference)
        self.retranslate_ui()

    def run(self) -> None:
        forms = self.forms()
        if not forms:
            QMessageBox.information(self, _("Forms sent"), _("Choose at least one form."))
            return
        store, year, today, reference = self.store, self.year.value(), self.today, self.reference.text()
        sent_on = self.sent_on.value()
        run_with_progress(self, lambda _report: record_forms_sent(store, year, forms, sent_on, reference, today),
                          label=_("Recording…"), on_success=lambda _result: self._done(),
                          on_failure=lambda message: QMessageBox.warning(self, _("Forms sent"), message))

    def _done(self) -> None:
        self.recorded.emit()
        self.accept()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Forms sent to the MFA"))
        self._label(2, _("Sent on"))
        self._label(3, _("Outgoing letter No."))
