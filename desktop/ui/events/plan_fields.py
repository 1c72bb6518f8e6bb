"""The event editor's p.46 part: status (the actions the status machine allows), tentative period, participation
level, initiator, funding, the treaty or programme, the foreign-economic flag and the diplomatic service's
participation agreed with the MFA. The level, initiator, funding and programme each have a Kazakh and a Russian
form (issue 19.2, migration 0018), as the place fields do: the plan is printed in one language."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hattama import clock
from hattama.i18n import _, current_language
from hattama.rules.event_validation import EventData, FieldProblem
from hattama.rules.plans import NEEDS_REASON, STATUS_LABELS, EventStatus, next_statuses
from hattama.services.event_reference import display_title
from hattama.ui.date_edit import DateEdit
from hattama.ui.events.parts import ProblemLabel, compact_combo, problem_text
from hattama.ui.retranslate import Retranslating

# Beside its label a field has at least this room, else the labels go above the fields.
FIELD_ROOM = 260
TEXT_FIELDS = ("status_reason", "tentative_period", "participation_level", "participation_level_ru", "initiator",
               "initiator_ru", "funding_source", "funding_source_ru", "programme", "programme_ru",
               "diplomatic_agreement_ref", "diplomatic_participants")
# The text fields between the status and the treaty.
_BEFORE_TREATY = TEXT_FIELDS[:8]


def plan_field_labels() -> dict[str, str]:
    """The p.46 fields as the editor labels them (also the history's and the trip merge's names of them)."""
    return {
        "status": _("Status"), "status_reason": _("Why cancelled or postponed"),
        "tentative_period": _("Tentative period"),
        "participation_level": _("Level of participation in Kazakh"),
        "participation_level_ru": _("Level of participation in Russian"),
        "initiator": _("Initiator in Kazakh"), "initiator_ru": _("Initiator in Russian"),
        "funding_source": _("Source of funding in Kazakh"), "funding_source_ru": _("Source of funding in Russian"),
        "treaty_id": _("Treaty"), "programme": _("Programme in Kazakh"), "programme_ru": _("Programme in Russian"),
        "foreign_economic": _("Foreign-economic event"),
        "diplomatic_agreement_on": _("Diplomatic service agreed"),
        "diplomatic_agreement_ref": _("Agreement reference"),
        "diplomatic_participants": _("Who takes part (diplomatic service)"),
    }


class PlanFieldsEditor(Retranslating, QWidget):
    """`set_data(data, stored_status)` shows an event; `apply(data)` returns it with these fields from the form."""

    changed = Signal()

    def __init__(self, treaties: Sequence[tuple[uuid.UUID, str, str]] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._treaties = treaties
        self._stored_status: str | None = None
        self.status = compact_combo()
        self.edits = {name: QLineEdit() for name in TEXT_FIELDS}
        self.treaty = compact_combo()
        self.foreign_economic = QCheckBox()
        self.agreed = QCheckBox()
        self.agreed_on = DateEdit()
        self.labels: dict[str, QLabel] = {}
        self.problems: dict[str, ProblemLabel] = {}
        agreed = QWidget()
        agreed_layout = QVBoxLayout(agreed)  # the date below its box: beside it the row was wider than the others
        agreed_layout.setContentsMargins(0, 0, 0, 0)
        agreed_layout.addWidget(self.agreed)
        agreed_layout.addWidget(self.agreed_on, 1)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)  # its group box has margins already
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # resizeEvent: all labels above, or none
        self.form = form
        rows = [("status", self.status), *((name, self.edits[name]) for name in _BEFORE_TREATY),
                ("treaty_id", self.treaty), ("programme", self.edits["programme"]),
                ("programme_ru", self.edits["programme_ru"]), ("foreign_economic", self.foreign_economic),
                ("diplomatic_agreement_on", agreed),
                ("diplomatic_agreement_ref", self.edits["diplomatic_agreement_ref"]),
                ("diplomatic_participants", self.edits["diplomatic_participants"])]
        for name, widget in rows:
            field = QWidget()
            layout = QVBoxLayout(field)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(2)
            layout.addWidget(widget)
            self.problems[name] = ProblemLabel()
            layout.addWidget(self.problems[name])
            self.labels[name] = QLabel()
            form.addRow(self.labels[name], field)
        for edit in self.edits.values():
            edit.textChanged.connect(self.changed)
        for combo in (self.status, self.treaty):
            combo.currentIndexChanged.connect(self.changed)
        for signal in (self.foreign_economic.toggled, self.agreed.toggled, self.agreed_on.dateChanged):
            signal.connect(self.changed)
        self.status.currentIndexChanged.connect(self._enable)
        self.agreed.toggled.connect(self._enable)
        self.retranslate_ui()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """In a narrow column every label goes above its field (issue 19: at 1024 px the fields beside the long
        labels were a few letters wide); in a wide one beside it."""
        widest = max(label.sizeHint().width() for label in self.labels.values())
        wide = event.size().width() >= widest + self.form.horizontalSpacing() + FIELD_ROOM
        policy = QFormLayout.RowWrapPolicy.WrapLongRows if wide else QFormLayout.RowWrapPolicy.WrapAllRows
        if self.form.rowWrapPolicy() != policy:
            self.form.setRowWrapPolicy(policy)
        super().resizeEvent(event)

    def set_data(self, data: EventData | None, stored_status: str | None) -> None:
        """`stored_status`: the event's status in the store (None for a new event) — the machine starts there."""
        self._stored_status = stored_status
        data = data or EventData("", "", "", clock.local_now(), clock.local_now(), "")
        self._fill_statuses(data.status)
        for name, edit in self.edits.items():
            edit.setText(getattr(data, name))
        self._fill_treaties(data.treaty_id)
        self.foreign_economic.setChecked(data.foreign_economic)
        self.agreed.setChecked(data.diplomatic_agreement_on is not None)
        self.agreed_on.set_value(data.diplomatic_agreement_on or clock.today())
        self._enable()

    def apply(self, data: EventData) -> EventData:
        status = self.status.currentData() or data.status
        agreed = self.agreed.isChecked()
        # The plan's text fields by name (Any: dataclasses.replace takes them as fields of several types).
        texts: dict[str, Any] = {name: edit.text().strip() for name, edit in self.edits.items()}
        if status not in NEEDS_REASON:
            texts["status_reason"] = ""
        if not agreed:
            texts["diplomatic_agreement_ref"] = texts["diplomatic_participants"] = ""
        treaty = self.treaty.currentData()
        return dataclasses.replace(
            data, status=status, **texts, treaty_id=uuid.UUID(treaty) if treaty else None,
            foreign_economic=self.foreign_economic.isChecked(),
            diplomatic_agreement_on=self.agreed_on.value() if agreed else None)

    def show_problems(self, by_field: Mapping[str, Sequence[FieldProblem]]) -> None:
        for name, label in self.problems.items():
            label.show_problems([problem_text(problem) for problem in by_field.get(name, ())])

    def _fill_statuses(self, selected: str) -> None:
        """The stored status and those the machine allows from it: the officer cannot pick a forbidden move."""
        choices = [] if self._stored_status is None else [self._stored_status]
        choices += [status.value for status in next_statuses(self._stored_status) if status.value not in choices]
        self.status.blockSignals(True)
        self.status.clear()
        for status in choices:
            self.status.addItem(_(STATUS_LABELS[EventStatus(status)]), status)
        self.status.setCurrentIndex(max(self.status.findData(selected), 0))
        self.status.blockSignals(False)

    def _fill_treaties(self, selected: uuid.UUID | None) -> None:
        self.treaty.blockSignals(True)
        self.treaty.clear()
        self.treaty.addItem(_("No treaty"), "")
        for treaty_id, title_kk, title_ru in self._treaties:
            self.treaty.addItem(display_title(title_kk, title_ru, current_language()), str(treaty_id))
        self.treaty.setCurrentIndex(max(self.treaty.findData(str(selected) if selected else ""), 0))
        self.treaty.blockSignals(False)

    def _enable(self) -> None:
        self.edits["status_reason"].setEnabled(self.status.currentData() in NEEDS_REASON)
        agreed = self.agreed.isChecked()
        for widget in (self.agreed_on, self.edits["diplomatic_agreement_ref"], self.edits["diplomatic_participants"]):
            widget.setEnabled(agreed)

    def retranslate_ui(self) -> None:
        for name, text in plan_field_labels().items():
            self.labels[name].setText(text)
        self.edits["tentative_period"].setPlaceholderText(_("While the dates are unknown: 2027-03 or 2027-Q2"))
        self.agreed.setText(_("Agreed with the MFA on"))
        for position in range(self.status.count()):
            self.status.setItemText(position, _(STATUS_LABELS[EventStatus(self.status.itemData(position))]))
        if self.treaty.count():
            self.treaty.setItemText(0, _("No treaty"))
