"""Settings page: what the unit's details are now, and the way to change them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from hattama.i18n import _
from hattama.services.settings import FIELDS, UnitDetails, field_labels
from hattama.ui.retranslate import Retranslating

SHOWN_FIELDS = tuple(name for name in FIELDS if name not in {"language", "signing_key_path"})


class SettingsPage(Retranslating, QWidget):
    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._details = UnitDetails()
        self.box = QGroupBox()
        # A grid, not a form layout: wrapped captions and values then get the height they need.
        self.form = QGridLayout(self.box)
        self.form.setColumnStretch(1, 1)
        self.form.setColumnMinimumWidth(0, 280)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for row, name in enumerate(SHOWN_FIELDS):
            caption, value = QLabel(), QLabel()
            caption.setWordWrap(True)
            value.setWordWrap(True)
            self.captions[name], self.values[name] = caption, value
            self.form.addWidget(caption, row, 0)
            self.form.addWidget(value, row, 1)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_requested)
        # The groups scroll together, so long names and translations wrap instead of being clipped.
        content = QWidget()
        self.content_layout = QVBoxLayout(content)
        self.content_layout.addWidget(self.box)
        self.content_layout.addWidget(self.edit_button)
        self.content_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.retranslate_ui()

    def add_group(self, widget: QWidget) -> None:
        """Another settings group below the unit details (e.g. signing keys and trusted roots)."""
        self.content_layout.insertWidget(self.content_layout.count() - 1, widget)

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
