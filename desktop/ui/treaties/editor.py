"""The treaty editor (p.2): the treaty's details, its parties, the year's measures (linked to events) and, for a
signed treaty, the domestic procedure steps with the reasons they are not completed."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hattama import clock
from hattama.db.store import Store
from hattama.i18n import N_, _, current_language, describe, format_date
from hattama.rules.event_validation import FieldProblem
from hattama.rules.treaty_validation import (
    CONSENT_ACT_KINDS,
    MEASURE_KINDS,
    PROCEDURE_STAGES,
    TREATY_KINDS,
    TREATY_STATUSES,
    Measure,
    ProcedureStep,
    TreatyData,
)
from hattama.services.event_reference import display_title
from hattama.services.listed_events import all_listed_events
from hattama.services.treaties import DuplicateTreaty, InvalidTreaty, create_treaty, get_treaty, update_treaty
from hattama.ui.date_edit import DateCellDelegate, DateEdit, OptionalDate
from hattama.ui.events.parts import PartiesEditor, ProblemLabel, compact_combo
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import Job, start

EVENT_IDS_ROLE = Qt.ItemDataRole.UserRole
MEASURE_COLUMNS = ("year", "kind", "taken_on", "description", "result", "organisation", "events")
STEP_COLUMNS = ("stage", "description", "started_on", "completed_on", "reason")


def parse_cell_date(text: str) -> dt.date | None:
    """A date typed in a table cell: 2025-04-15 or 15.04.2025; blank is none; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _combo(vocabulary: dict[str, str], empty: bool = False) -> QComboBox:
    combo = compact_combo()
    if empty:
        combo.addItem("", "")
    for code in vocabulary:
        combo.addItem(code, code)
    return combo


def _cell_combo(table: QTableWidget, row: int, column: int) -> QComboBox:
    """The choice a measure's or a step's cell holds (every such cell is given a combo box when the row is made)."""
    return cast(QComboBox, table.cellWidget(row, column))


def _event_ids(measures: QTableWidget, row: int) -> list[str]:
    """The ids of the registry events a measure relates to, kept in its last cell."""
    item = measures.item(row, len(MEASURE_COLUMNS) - 1)
    return list(item.data(EVENT_IDS_ROLE) or []) if item is not None else []


def _label_combo(combo: QComboBox, vocabulary: dict[str, str]) -> None:
    for index in range(combo.count()):
        code = combo.itemData(index)
        if code:
            combo.setItemText(index, _(vocabulary[code]))


def _select(combo: QComboBox, code: str) -> None:
    combo.setCurrentIndex(max(0, combo.findData(code)))


class TreatyEditor(Retranslating, QDialog):
    """Edits one treaty (`treaty_id` None: a new one); `saved` carries its id once stored."""

    saved = Signal(uuid.UUID)

    def __init__(self, store: Store, treaty_id: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.treaty_id = treaty_id
        self.resize(1000, 760)
        self._build()
        if treaty_id is not None:
            self.show_data(get_treaty(store, treaty_id).data)
        self.retranslate_ui()

    # ------------------------------------------------------------------------------------------- building

    def _build(self) -> None:
        self.problems = ProblemLabel()
        self.title_kk = QLineEdit()
        self.title_ru = QLineEdit()
        self.title_original = QLineEdit()
        self.original_language = QLineEdit()
        self.original_language.setMaximumWidth(80)
        self.kind = _combo(TREATY_KINDS)
        self.status = _combo(TREATY_STATUSES)
        self.signed_on = DateEdit()
        self.signed_at = QLineEdit()
        self.parties = PartiesEditor()
        self.consent_act_kind = _combo(CONSENT_ACT_KINDS, empty=True)
        self.consent_act_number = QLineEdit()
        self.consent_act_date = OptionalDate()
        self.in_force_on = OptionalDate()
        self.duration = QLineEdit()
        self.terminated_on = OptionalDate()
        self.responsible_body = QLineEdit()
        self.co_executors = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(60)
        self.form = QFormLayout()
        self._rows = {
            "title_kk": self.title_kk, "title_ru": self.title_ru, "title_original": self.title_original,
            "original_language": self.original_language, "kind": self.kind, "status": self.status,
            "signed_on": self.signed_on, "signed_at": self.signed_at, "parties": self.parties,
            "consent_act_kind": self.consent_act_kind, "consent_act_number": self.consent_act_number,
            "consent_act_date": self.consent_act_date, "in_force_on": self.in_force_on,
            "duration": self.duration, "terminated_on": self.terminated_on,
            "responsible_body": self.responsible_body, "co_executors": self.co_executors, "notes": self.notes,
        }  # fmt: skip
        self._labels = {name: QLabel() for name in self._rows}
        for name, widget in self._rows.items():
            self.form.addRow(self._labels[name], widget)

        self.measures = self._table(len(MEASURE_COLUMNS))
        self.date_cells = DateCellDelegate(self)  # the date columns: picked, shown as the lists show dates
        self.measures.setItemDelegateForColumn(MEASURE_COLUMNS.index("taken_on"), self.date_cells)
        for column, width in ((1, 170), (3, 280), (4, 200)):
            self.measures.setColumnWidth(column, width)
        self.add_measure_button = QPushButton()
        self.add_measure_button.clicked.connect(lambda: self.add_measure(Measure(clock.today().year - 1,
                                                                                 "measure", "")))
        self.remove_measure_button = QPushButton()
        self.remove_measure_button.clicked.connect(lambda: self._remove_selected(self.measures))
        self.link_button = QPushButton()
        self.link_button.clicked.connect(self.link_events)
        self.measures_box = QGroupBox()
        self._table_box(self.measures_box, self.measures,
                        (self.add_measure_button, self.remove_measure_button, self.link_button))

        self.steps = self._table(len(STEP_COLUMNS))
        for name in ("started_on", "completed_on"):
            self.steps.setItemDelegateForColumn(STEP_COLUMNS.index(name), self.date_cells)
        for column, width in ((0, 220), (1, 220)):
            self.steps.setColumnWidth(column, width)
        self.add_step_button = QPushButton()
        self.add_step_button.clicked.connect(lambda: self.add_step(ProcedureStep("interagency_approval")))
        self.remove_step_button = QPushButton()
        self.remove_step_button.clicked.connect(lambda: self._remove_selected(self.steps))
        self.steps_box = QGroupBox()
        self._table_box(self.steps_box, self.steps, (self.add_step_button, self.remove_step_button))

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(self.form)
        body_layout.addWidget(self.measures_box)
        body_layout.addWidget(self.steps_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problems)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)

    @staticmethod
    def _table(columns: int) -> QTableWidget:
        table = QTableWidget(0, columns)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.setMinimumHeight(150)
        return table

    @staticmethod
    def _table_box(box: QGroupBox, table: QTableWidget, buttons: Sequence[QPushButton]) -> None:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(table)
        layout.addLayout(row)

    @staticmethod
    def _remove_selected(table: QTableWidget) -> None:
        for row in sorted({index.row() for index in table.selectedIndexes()}, reverse=True):
            table.removeRow(row)

    # --------------------------------------------------------------------------------------- measures, steps

    def add_measure(self, measure: Measure) -> None:
        row = self.measures.rowCount()
        self.measures.insertRow(row)
        kind = _combo(MEASURE_KINDS)
        _label_combo(kind, MEASURE_KINDS)
        _select(kind, measure.kind)
        self.measures.setCellWidget(row, 1, kind)
        texts = (str(measure.year), "", measure.taken_on.isoformat() if measure.taken_on else "",
                 measure.description, measure.result, measure.organisation)
        for column, text in enumerate(texts):
            if column != 1:
                self.measures.setItem(row, column, QTableWidgetItem(text))
        self._set_events(row, measure.event_ids)

    def _set_events(self, row: int, event_ids: Sequence[uuid.UUID]) -> None:
        item = QTableWidgetItem(_("{count} linked").format(count=len(event_ids)) if event_ids else "")
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        item.setData(EVENT_IDS_ROLE, [str(event_id) for event_id in event_ids])
        self.measures.setItem(row, len(MEASURE_COLUMNS) - 1, item)

    def add_step(self, step: ProcedureStep) -> None:
        row = self.steps.rowCount()
        self.steps.insertRow(row)
        stage = _combo(PROCEDURE_STAGES)
        _label_combo(stage, PROCEDURE_STAGES)
        _select(stage, step.stage)
        self.steps.setCellWidget(row, 0, stage)
        texts = ("", step.description, step.started_on.isoformat() if step.started_on else "",
                 step.completed_on.isoformat() if step.completed_on else "", step.reason)
        for column, text in enumerate(texts):
            if column:
                self.steps.setItem(row, column, QTableWidgetItem(text))

    def link_events(self) -> None:
        """Choose the registry events the selected measure relates to, among the events of its year."""
        row = self.measures.currentRow()
        if row < 0:
            QMessageBox.information(self, _("Link events"), _("Select a measure first."))
            return
        try:
            year = int(self._text(self.measures, row, 0))
        except ValueError:
            year = None
        linked = set(_event_ids(self.measures, row))
        dialog = QDialog(self)
        dialog.setWindowTitle(_("Link events"))
        choices = QListWidget()
        for event in all_listed_events(self.store, year=year):
            item = QListWidgetItem(f"{format_date(event.starts_at.date())} — "
                                   f"{display_title(event.title_kk, event.title_ru, current_language())}")
            item.setData(EVENT_IDS_ROLE, str(event.id))
            item.setCheckState(Qt.CheckState.Checked if str(event.id) in linked else Qt.CheckState.Unchecked)
            choices.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(choices)
        layout.addWidget(buttons)
        dialog.resize(640, 420)
        if dialog.exec():
            chosen = [uuid.UUID(choices.item(i).data(EVENT_IDS_ROLE)) for i in range(choices.count())
                      if choices.item(i).checkState() == Qt.CheckState.Checked]
            self._set_events(row, chosen)

    # --------------------------------------------------------------------------------------------- data

    @staticmethod
    def _text(table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text().strip() if item else ""

    def show_data(self, data: TreatyData) -> None:
        for name in ("title_kk", "title_ru", "title_original", "original_language", "signed_at",
                     "consent_act_number", "duration", "responsible_body", "co_executors"):
            getattr(self, name).setText(getattr(data, name))
        self.notes.setPlainText(data.notes)
        _select(self.kind, data.kind)
        _select(self.status, data.status)
        _select(self.consent_act_kind, data.consent_act_kind)
        self.signed_on.set_value(data.signed_on)
        for name in ("consent_act_date", "in_force_on", "terminated_on"):
            getattr(self, name).set_value(getattr(data, name))
        self.parties.set_parties(data.parties)
        self.measures.setRowCount(0)
        for measure in data.measures:
            self.add_measure(measure)
        self.steps.setRowCount(0)
        for step in data.steps:
            self.add_step(step)

    def data(self) -> tuple[TreatyData, list[FieldProblem]]:
        """The form as a treaty, and the cells that could not be read (dates, years)."""
        unreadable: list[FieldProblem] = []

        def cell_date(table: QTableWidget, row: int, column: int, field: str) -> dt.date | None:
            try:
                return parse_cell_date(self._text(table, row, column))
            except ValueError:
                unreadable.append(FieldProblem(field, N_("“{value}” is not a date (2025-04-15 or 15.04.2025)."),
                                               {"value": self._text(table, row, column)}))
                return None

        measures = []
        for row in range(self.measures.rowCount()):
            try:
                year = int(self._text(self.measures, row, 0))
            except ValueError:
                unreadable.append(FieldProblem(f"measures[{row}].year", N_("“{value}” is not a year."),
                                               {"value": self._text(self.measures, row, 0)}))
                year = 0
            events = _event_ids(self.measures, row)
            measures.append(Measure(
                year, _cell_combo(self.measures, row, 1).currentData(), self._text(self.measures, row, 3),
                cell_date(self.measures, row, 2, f"measures[{row}].taken_on"), self._text(self.measures, row, 4),
                self._text(self.measures, row, 5), tuple(uuid.UUID(text) for text in events)))
        steps = [ProcedureStep(_cell_combo(self.steps, row, 0).currentData(), self._text(self.steps, row, 1),
                               cell_date(self.steps, row, 2, f"steps[{row}].started_on"),
                               cell_date(self.steps, row, 3, f"steps[{row}].completed_on"),
                               self._text(self.steps, row, 4))
                 for row in range(self.steps.rowCount())]
        data = TreatyData(
            title_kk=self.title_kk.text().strip(), title_ru=self.title_ru.text().strip(),
            kind=self.kind.currentData(), status=self.status.currentData(),
            signed_on=self.signed_on.value(), title_original=self.title_original.text().strip(),
            original_language=self.original_language.text().strip(), signed_at=self.signed_at.text().strip(),
            consent_act_kind=self.consent_act_kind.currentData(),
            consent_act_number=self.consent_act_number.text().strip(),
            consent_act_date=self.consent_act_date.value(), in_force_on=self.in_force_on.value(),
            duration=self.duration.text().strip(), terminated_on=self.terminated_on.value(),
            responsible_body=self.responsible_body.text().strip(), co_executors=self.co_executors.text().strip(),
            notes=self.notes.toPlainText().strip(), parties=self.parties.parties(), measures=tuple(measures),
            steps=tuple(steps),
        )
        return data, unreadable

    def show_problems(self, problems: Sequence[FieldProblem]) -> None:
        labels = self.field_labels()
        lines = []
        for problem in problems:
            top = problem.field.split("[", 1)[0].split(".", 1)[0]
            lines.append(f"{labels.get(top, problem.field)}: {describe(problem)}")  # type: ignore[arg-type]
        self.problems.show_problems(lines)

    # --------------------------------------------------------------------------------------------- saving

    def save(self, allow_duplicate: bool = False) -> None:
        data, unreadable = self.data()
        if unreadable:
            self.show_problems(unreadable)
            return
        store, treaty_id = self.store, self.treaty_id

        def write(_report) -> uuid.UUID:
            if treaty_id is None:
                return create_treaty(store, data, allow_duplicate=allow_duplicate)
            update_treaty(store, treaty_id, data, allow_duplicate=allow_duplicate)
            return treaty_id

        self.buttons.setEnabled(False)
        job = Job(write)
        job.succeeded.connect(self._saved)
        job.raised.connect(self._refused)
        start(job)

    def _saved(self, treaty_id: uuid.UUID) -> None:
        self.buttons.setEnabled(True)
        self.treaty_id = treaty_id
        self.saved.emit(treaty_id)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, InvalidTreaty):
            self.show_problems(error.problems)
        elif isinstance(error, DuplicateTreaty):
            answer = QMessageBox.question(self, _("Treaty already registered"), describe(error) + "\n\n" + _(
                "Save it anyway, as a different treaty?"))
            if answer == QMessageBox.StandardButton.Yes:
                self.save(allow_duplicate=True)
        else:
            QMessageBox.warning(self, _("Treaty"), describe(error))

    # ---------------------------------------------------------------------------------------- translation

    @staticmethod
    def field_labels() -> dict[str, str]:
        return {
            "title_kk": _("Title in Kazakh"), "title_ru": _("Title in Russian"),
            "title_original": _("Title in the original language"), "original_language": _("Original language"),
            "kind": _("Kind"), "status": _("Status"), "signed_on": _("Signed on"), "signed_at": _("Signed at"),
            "parties": _("Parties"), "consent_act_kind": _("Act expressing consent"),
            "consent_act_number": _("Act number"), "consent_act_date": _("Act date"),
            "in_force_on": _("Entry into force"), "duration": _("Duration"), "terminated_on": _("Terminated on"),
            "responsible_body": _("Responsible body"), "co_executors": _("Co-executors"), "notes": _("Notes"),
            "measures": _("Measures"), "steps": _("Domestic procedure steps"),
        }  # fmt: skip

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("New treaty") if self.treaty_id is None else _("Treaty"))
        labels = self.field_labels()
        for name, label in self._labels.items():
            label.setText(labels[name])
        for combo, vocabulary in ((self.kind, TREATY_KINDS), (self.status, TREATY_STATUSES),
                                  (self.consent_act_kind, CONSENT_ACT_KINDS)):
            _label_combo(combo, vocabulary)
        self.measures_box.setTitle(_("Measures, problems and recommendations by year"))
        self.measures.setHorizontalHeaderLabels([_("Year"), _("Kind"), _("Date"), _("What was done"), _("Result"),
                                                 _("Organisation"), _("Events")])
        self.steps_box.setTitle(_("Domestic procedure steps (signed treaty)"))
        self.steps.setHorizontalHeaderLabels([_("Step"), _("Description"), _("Started"), _("Completed"),
                                              _("Why not completed")])
        self.add_measure_button.setText(_("Add"))
        self.remove_measure_button.setText(_("Remove"))
        self.link_button.setText(_("Link events…"))
        self.add_step_button.setText(_("Add"))
        self.remove_step_button.setText(_("Remove"))
        for row in range(self.measures.rowCount()):
            _label_combo(_cell_combo(self.measures, row, 1), MEASURE_KINDS)
        for row in range(self.steps.rowCount()):
            _label_combo(_cell_combo(self.steps, row, 0), PROCEDURE_STAGES)
