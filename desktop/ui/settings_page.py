"""Settings page: the officer's own choices (interface language; the key below), what the unit's details are
now and the way to change them, and the first-run assistant to run again."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hattama import i18n
from hattama.i18n import _
from hattama.presentation.settings import field_labels, officer_field_labels, setting_value
from hattama.services.settings import FIELDS, UnitDetails
from hattama.ui.retranslate import Retranslating

# The unit's details as the page lists them (whether the assistant ran is the store's business).
SHOWN_FIELDS = tuple(name for name in FIELDS if name != "setup_done")


class LanguageChoice(QComboBox):
    """The interface languages, each named in itself; `chosen` when the officer picks one."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for code in i18n.LANGUAGES:
            self.addItem(i18n.LANGUAGE_NATIVE_NAMES[code], code)
        self.show_language(i18n.current_language())
        self.activated.connect(lambda index: self.chosen.emit(self.itemData(index)))

    def show_language(self, code: str) -> None:
        self.setCurrentIndex(max(self.findData(code), 0))


class SettingsPage(Retranslating, QWidget):
    edit_requested = Signal()
    setup_requested = Signal()
    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._details = UnitDetails()
        # The officer's own: kept in their config folder, not in the unit's store (issue 17.4).
        self.officer_box = QGroupBox()
        officer_form = QFormLayout(self.officer_box)
        self.language_caption = QLabel()
        self.language = LanguageChoice()
        self.language.chosen.connect(self.language_chosen)
        officer_form.addRow(self.language_caption, self.language)
        self.officer_hint = QLabel()
        self.officer_hint.setWordWrap(True)
        self.officer_hint.setStyleSheet("color: palette(placeholder-text);")
        officer_form.addRow(self.officer_hint)

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
        self.setup_button = QPushButton()
        self.setup_button.setObjectName("run_setup")
        self.setup_button.clicked.connect(self.setup_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.setup_button)
        buttons.addStretch(1)
        # The groups scroll together, so long names and translations wrap instead of being clipped.
        content = QWidget()
        self.content_layout = QVBoxLayout(content)
        self.content_layout.addWidget(self.officer_box)
        self.content_layout.addWidget(self.box)
        self.content_layout.addLayout(buttons)
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
            self.values[name].setText(setting_value(getattr(self._details, name)))

    def retranslate_ui(self) -> None:
        self.officer_box.setTitle(_("Your settings on this computer"))
        self.language_caption.setText(officer_field_labels()["language"])
        self.language.show_language(i18n.current_language())
        self.officer_hint.setText(_("Kept for you, not in the unit's store: colleagues sharing the store keep "
                                    "their own. Your signing key is chosen under “Signed bundles” below."))
        self.box.setTitle(_("Unit details"))
        labels = field_labels()
        for name in SHOWN_FIELDS:
            self.captions[name].setText(labels[name])
        self.edit_button.setText(_("Edit unit details…"))
        self.setup_button.setText(_("Run the setup assistant…"))
        self._fill_values()
