"""Settings page: what the unit's details are now, and the way to change them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.services.settings import FIELDS, UnitDetails, field_labels
from desktop.ui.retranslate import Retranslating

SHOWN_FIELDS = tuple(name for name in FIELDS if name not in {"language", "signing_key_path"})


class SettingsPage(Retranslating, QWidget):
    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._details = UnitDetails()
        self.box = QGroupBox()
        self.form = QFormLayout(self.box)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for name in SHOWN_FIELDS:
            caption, value = QLabel(), QLabel()
            value.setWordWrap(True)
            self.captions[name], self.values[name] = caption, value
            self.form.addRow(caption, value)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.edit_button)
        layout.addStretch(1)
        self.retranslate_ui()

    def add_group(self, widget: QWidget) -> None:
        """Another settings group below the unit details (e.g. signing keys and trusted roots)."""
        layout = self.layout()
        layout.insertWidget(layout.count() - 1, widget)

    def show_details(self, details: UnitDetails) -> None:
        self._details = details
        self._fill_values()

    def _fill_values(self) -> None:
        for name in SHOWN_FIELDS:
            value = getattr(self._details, name)
            if isinstance(value, bool):
                value = _("yes") if value else _("no")
            self.values[name].setText(str(value) if value != "" else "—")

    def retranslate_ui(self) -> None:
        self.box.setTitle(_("Unit details"))
        labels = field_labels()
        for name in SHOWN_FIELDS:
            self.captions[name].setText(labels[name])
        self.edit_button.setText(_("Edit unit details…"))
        self._fill_values()
