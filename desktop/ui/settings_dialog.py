"""The unit's details: body, unit, officer, and the p.50 status of the body."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hattama.i18n import _, describe
from hattama.presentation.settings import field_labels
from hattama.services.settings import MAX_DUE_SOON_WORKING_DAYS, UnitDetails
from hattama.ui.workers import write_in_background

# The yes/no settings that decide which obligations apply (p.46, p.49, p.50).
RULE_FLAGS = ("special_state_body", "presidential_administration", "prime_ministers_office",
              "mfa_requests_all_reports", "p49_notice_every_meeting")
TEXT_FIELDS = (
    "body_name_kk", "body_name_ru", "body_name_en",
    "unit_name_kk", "unit_name_ru", "unit_name_en",
    "officer_name", "officer_position_kk", "officer_position_ru", "officer_position_en",
    "body_bin", "registration_pattern",
)


class DetailsForm(QWidget):
    """Line edits for some of the unit's text details, labelled; shared by this dialog and the setup assistant."""

    def __init__(self, details: UnitDetails, names: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.edits: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        for name in names:
            edit = QLineEdit(getattr(details, name))
            edit.setObjectName(name)
            self.edits[name], self.labels[name] = edit, QLabel()
            self.labels[name].setBuddy(edit)
            self.layout_.addRow(self.labels[name], edit)
        self.retranslate()

    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.edits.items()}

    def retranslate(self) -> None:
        labels = field_labels()
        for name, label in self.labels.items():
            label.setText(labels[name])


class UnitSettingsDialog(QDialog):
    """Edits a copy of the details; `details()` returns the edited copy, the caller saves it through a service."""

    def __init__(self, details: UnitDetails, save, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = details
        self._save = save
        self.setWindowTitle(_("Unit details"))
        self.setMinimumWidth(640)
        labels = field_labels()
        body_box = QGroupBox(_("Body, unit and officer"))
        self.texts = DetailsForm(details, TEXT_FIELDS)
        self.edits = self.texts.edits
        QVBoxLayout(body_box).addWidget(self.texts)
        rules_box = QGroupBox(_("The body under Decree No. 1037"))
        rules_form = QFormLayout(rules_box)
        self.checks: dict[str, QCheckBox] = {}
        for name in RULE_FLAGS:
            check = QCheckBox(labels[name])
            check.setObjectName(name)
            check.setChecked(getattr(details, name))
            self.checks[name] = check
            rules_form.addRow(check)
        self.due_soon = QSpinBox()
        self.due_soon.setRange(0, MAX_DUE_SOON_WORKING_DAYS)
        self.due_soon.setValue(details.due_soon_working_days)
        rules_form.addRow(labels["due_soon_working_days"], self.due_soon)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(body_box)
        layout.addWidget(rules_box)
        layout.addWidget(buttons)

    def details(self) -> UnitDetails:
        # Texts and checks by field name: UnitDetails' fields of several types, so the mapping holds Any.
        edited: dict[str, Any] = {**self.texts.values(),
                                  **{name: check.isChecked() for name, check in self.checks.items()}}
        return dataclasses.replace(self._original, **edited, due_soon_working_days=self.due_soon.value())

    def accept(self) -> None:
        """Saves off the GUI thread (the store may be busy with another Hattama); closes once it is stored."""
        details = self.details()
        self.setEnabled(False)

        def refused(error: Exception) -> None:
            # The dialog stays open with everything typed, so nothing is lost.
            self.setEnabled(True)
            QMessageBox.warning(self, _("Unit details"), describe(error))

        write_in_background(lambda: self._save(details), on_success=lambda _result: QDialog.accept(self),
                            on_failure=refused, owner=self)
