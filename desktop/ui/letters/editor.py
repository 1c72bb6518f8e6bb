"""The letter editor (issue 16): logs a letter in or out (p.44: the way an outgoing letter to a foreign
correspondent goes; the notice of a direct urgent letter; p.45: the MFA's half-yearly position) with its files
and the events and treaties it is about (linked and unlinked here, saved with the letter in one transaction)."""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hattama import clock
from hattama.db.store import Store
from hattama.i18n import _, describe, format_date
from hattama.presentation.letters import CHANNEL_LABELS, CORRESPONDENT_LABELS, DIRECTION_LABELS
from hattama.rules.letters import (
    CHANNELS,
    CORRESPONDENT_KINDS,
    DIRECTIONS,
    channel_applies,
    direct_letter_flag,
    half_year_of,
)
from hattama.services.letters import (
    LetterData,
    LetterView,
    add_letter,
    update_letter,
)
from hattama.ui.date_edit import DateEdit, OptionalDate
from hattama.ui.events.parts import compact_combo
from hattama.ui.letters.links import LetterLinks
from hattama.ui.workers import write_in_background


class LetterEditor(QDialog):
    """Logs a new letter, or corrects `letter`; `saved` carries its id once it is stored. `direct_letters`: the
    direct urgent letters whose p.44 notice is not logged yet, offered for a letter to the MFA. A correction keeps
    the letter's purpose, and its links and files unless removed here."""

    saved = Signal(uuid.UUID)

    def __init__(self, store: Store, direct_letters: list[LetterView], parent: QWidget | None = None,
                 letter: LetterView | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.letter = letter
        self.setWindowTitle(_("Log a letter") if letter is None else _("Correct the letter"))
        self.direction = compact_combo()
        for code in DIRECTIONS:
            self.direction.addItem(_(DIRECTION_LABELS[code]), code)
        self.correspondent_kind = compact_combo()
        for code in CORRESPONDENT_KINDS:
            self.correspondent_kind.addItem(_(CORRESPONDENT_LABELS[code]), code)
        self.channel = compact_combo()
        for code in CHANNELS:
            self.channel.addItem(_(CHANNEL_LABELS[code]), code)
        self.correspondent, self.subject = QLineEdit(), QLineEdit()
        self.urgency_reason, self.legal_basis = QLineEdit(), QLineEdit()
        self.dated_on = DateEdit(clock.today())
        self.our_number, self.their_number = QLineEdit(), QLineEdit()
        self.our_date, self.their_date = OptionalDate(), OptionalDate()
        self.notice_for = compact_combo()
        self.notice_for.addItem("—", None)
        for direct in direct_letters:
            self.notice_for.addItem(f"{format_date(direct.data.dated_on)} — {direct.data.correspondent} — "
                                    f"{direct.data.subject}", direct.id)
        self.is_position = QCheckBox(_("The MFA's position on current foreign-policy issues (p.45)"))
        self.position_half = QLineEdit()
        self.position_half.setPlaceholderText(_("e.g. {example}").format(example=half_year_of(2026, 12)))
        self.text, self.notes = QPlainTextEdit(), QPlainTextEdit()
        self.text.setFixedHeight(90)
        self.notes.setFixedHeight(48)
        self.files = QListWidget()
        self.files.setFixedHeight(64)
        add_file = QPushButton(_("Attach a file…"))
        add_file.clicked.connect(self.choose_file)
        remove_file = QPushButton(_("Remove the file"))
        remove_file.clicked.connect(self.remove_file)
        self.links = LetterLinks(store, letter.linked if letter is not None else ())
        self.flag = QLabel()
        self.flag.setWordWrap(True)
        self.flag.setStyleSheet("color: #a15c00")

        form = QFormLayout()
        rows = ((_("Direction"), self.direction), (_("Correspondent"), self.correspondent_kind),
                (_("Name"), self.correspondent), (_("Subject of the letter"), self.subject),
                (_("Sent or received on"), self.dated_on), (_("Our number"), self.our_number),
                (_("Our date"), self.our_date), (_("Their number"), self.their_number),
                (_("Their date"), self.their_date), (_("Way (p.44)"), self.channel),
                (_("Issue due within five days"), self.urgency_reason), (_("Law, act or treaty"), self.legal_basis),
                (_("Notice of the direct letter"), self.notice_for))
        for label, widget in rows:
            form.addRow(label, widget)
            if widget is self.subject:  # what the letter is about, next to its subject
                form.addRow(_("Events and treaties"), self.links)
        form.addRow(self.is_position)
        form.addRow(_("Half-year"), self.position_half)
        form.addRow(_("Text"), self.text)
        form.addRow(_("Notes"), self.notes)
        files = QHBoxLayout()
        files.addWidget(self.files, 1)
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(add_file)
        file_buttons.addWidget(remove_file)
        files.addLayout(file_buttons)
        form.addRow(_("Files"), files)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        fields = QWidget()
        fields.setLayout(form)
        scroll = QScrollArea()  # on a 768 px screen the form scrolls rather than the buttons falling off
        scroll.setWidget(fields)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.flag)
        layout.addWidget(buttons)
        self._fit_screen(fields)
        for signal in (self.direction.currentIndexChanged, self.correspondent_kind.currentIndexChanged,
                       self.channel.currentIndexChanged, self.urgency_reason.textChanged,
                       self.legal_basis.textChanged, self.is_position.toggled, self.dated_on.dateChanged):
            signal.connect(self._update)
        self.dated_on.dateChanged.connect(lambda *_arguments: self._letter_year())
        self._letter_year()
        if letter is not None:
            self._fill(letter)
        self._update()

    def _fill(self, letter: LetterView) -> None:
        data = letter.data
        for combo, code in ((self.direction, data.direction), (self.correspondent_kind, data.correspondent_kind),
                            (self.channel, data.channel), (self.notice_for, data.notice_for_id)):
            if combo.findData(code) >= 0:
                combo.setCurrentIndex(combo.findData(code))
        for field, text in ((self.correspondent, data.correspondent), (self.subject, data.subject),
                            (self.urgency_reason, data.urgency_reason), (self.legal_basis, data.legal_basis),
                            (self.our_number, data.our_number), (self.their_number, data.their_number),
                            (self.position_half, data.position_half)):
            field.setText(text)
        self.dated_on.set_value(data.dated_on)
        self.our_date.set_value(data.our_date)
        self.their_date.set_value(data.their_date)
        self.is_position.setChecked(bool(data.position_half))
        self.text.setPlainText(data.text)
        self.notes.setPlainText(data.notes)
        for attachment in letter.attachments:
            item = QListWidgetItem(attachment.file_name)
            item.setData(Qt.ItemDataRole.UserRole, attachment.id)
            self.files.addItem(item)

    def _fit_screen(self, fields: QWidget) -> None:
        """The whole form when the screen has room, else the screen's height less 40 px (the form scrolls)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().height() - 40 if screen is not None else 728
        wanted = fields.sizeHint().height() + 24 + self.flag.sizeHint().height() + 48
        self.resize(max(720, fields.sizeHint().width() + 40), min(wanted, room))

    def _letter_year(self) -> None:
        self.links.year_of_letter = self.dated_on.value().year

    def _update(self, *_arguments: object) -> None:
        direction, kind = self.direction.currentData(), self.correspondent_kind.currentData()
        applies = channel_applies(direction, kind)
        channel = self.channel.currentData() if applies else ""
        self.channel.setEnabled(applies)
        self.urgency_reason.setEnabled(channel == "direct_urgent")
        self.legal_basis.setEnabled(channel == "direct_legal")
        self.notice_for.setEnabled((direction, kind) == ("outgoing", "mfa") and self.notice_for.count() > 1)
        position = (direction, kind) == ("incoming", "mfa")
        self.is_position.setEnabled(position)
        self.position_half.setEnabled(position and self.is_position.isChecked())
        if self.position_half.isEnabled() and not self.position_half.text():
            on = self.dated_on.value()
            self.position_half.setText(half_year_of(on.year, on.month))
        data = self.form_data()
        flag = direct_letter_flag(data.channel, data.urgency_reason, data.legal_basis)
        self.flag.setText(_(flag) if flag else (_(
            "Sent directly as urgent: the MFA is informed afterwards («кейін»); Hattama plans the notice for the "
            "next working day (p.44).") if data.channel == "direct_urgent" else ""))

    def form_data(self) -> LetterData:
        direction, kind = self.direction.currentData(), self.correspondent_kind.currentData()
        channel = self.channel.currentData() if channel_applies(direction, kind) else ""
        return LetterData(
            direction=direction, correspondent_kind=kind, dated_on=self.dated_on.value(),
            correspondent=self.correspondent.text().strip(), subject=self.subject.text().strip(),
            our_number=self.our_number.text().strip(), our_date=self.our_date.value(),
            their_number=self.their_number.text().strip(), their_date=self.their_date.value(), channel=channel,
            urgency_reason=self.urgency_reason.text().strip() if channel == "direct_urgent" else "",
            legal_basis=self.legal_basis.text().strip() if channel == "direct_legal" else "",
            notice_for_id=self.notice_for.currentData() if self.notice_for.isEnabled() else None,
            position_half=self.position_half.text().strip() if self.position_half.isEnabled() else "",
            text=self.text.toPlainText().strip(), notes=self.notes.toPlainText().strip(),
            links=self.links.links())

    def _file_items(self) -> list[QListWidgetItem]:
        return [self.files.item(row) for row in range(self.files.count())]

    def attached_paths(self) -> list[Path]:
        """Files chosen here (a stored file's item carries its attachment id instead)."""
        return [Path(item.text()) for item in self._file_items() if item.data(Qt.ItemDataRole.UserRole) is None]

    def removed_attachments(self) -> list[uuid.UUID]:
        kept = {item.data(Qt.ItemDataRole.UserRole) for item in self._file_items()}
        return [] if self.letter is None else [a.id for a in self.letter.attachments if a.id not in kept]

    def remove_file(self) -> None:
        row = self.files.currentRow()
        if row >= 0:
            self.files.takeItem(row)

    def choose_file(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(self, _("Attach a file"))
            if not chosen:
                return
            path = Path(chosen)
        self.files.addItem(str(path))

    def save(self) -> None:
        store, data, paths = self.store, self.form_data(), self.attached_paths()
        self.save_button.setEnabled(False)
        letter = self.letter

        def refused(error: Exception) -> None:
            self.save_button.setEnabled(True)
            QMessageBox.warning(self, _("Letter"), describe(error))

        if letter is None:
            write_in_background(lambda: add_letter(store, data, paths), on_success=self._saved, on_failure=refused,
                                owner=self)
            return
        kept = dataclasses.replace(data, purpose=letter.data.purpose)
        removed = self.removed_attachments()
        write_in_background(lambda: update_letter(store, letter.id, kept, paths, removed),
                            on_success=lambda _none: self._saved(letter.id), on_failure=refused, owner=self)

    def _saved(self, letter_id: object) -> None:
        self.saved.emit(letter_id)
        self.accept()

