"""Pieces of the event editor: the country picker, problem labels, and the parties, participants and attachments
lists. Each keeps its own state and says `changed` when the user alters it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hattama.db.store import Store
from hattama.i18n import _, country_name, current_language, describe
from hattama.rules.attachments import HEAD_BYTES, asks_before_opening, safe_file_name
from hattama.rules.event_validation import KAZAKHSTAN, PARTICIPANT_SIDES, PARTY_KINDS, FieldProblem
from hattama.services.attachments import read_attachment, write_for_opening
from hattama.services.errors import ServiceError
from hattama.services.event_reference import known_countries
from hattama.services.event_storage import AttachmentInfo
from hattama.services.events import Participant, Party
from hattama.services.gazetteer import city_names, find_city
from hattama.services.organisations import organisations, party_label
from hattama.ui.open_file import confirm_program
from hattama.ui.retranslate import Retranslating
from hattama.ui.row_table_model import collation_key

PROBLEM_COLOUR = QColor("#fde2e1")
# Short lists keep the whole editor on one screen; they scroll when longer.
LIST_HEIGHT = 76
# What a participant's side cell needs beside its combo's size hint.
SIDE_CELL_ROOM = 12


def problem_text(problem: FieldProblem) -> str:
    return describe(problem)  # type: ignore[arg-type]  # a FieldProblem carries msgid and params like an error


def list_index(field: str) -> int | None:
    """2 for "participants[2].full_name"; None for a problem with the whole list."""
    if "[" not in field:
        return None
    return int(field.split("[", 1)[1].split("]", 1)[0])


def searchable_combo(combo: QComboBox) -> None:
    """Editable, nothing typed is added as an item, and typing any part of a name offers the matches."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    assert completer is not None, "an editable combo box has a completer"
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


def typed_text(combo: QComboBox) -> QLineEdit:
    """The line an editable combo box is typed in."""
    line = combo.lineEdit()
    assert line is not None, "the combo box is editable (searchable_combo)"
    return line


def compact_combo(combo: QComboBox | None = None) -> QComboBox:
    """A combo whose width follows the layout, not its longest item (some p.50 areas run to a line)."""
    combo = combo or QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


def country_names(exclude: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(name, code) in the UI language, Kazakhstan first, the rest alphabetically."""
    excluded = set(exclude)
    named = [(country_name(code), code) for code in known_countries() if code not in excluded]
    return sorted(named, key=lambda item: (item[1] != KAZAKHSTAN, collation_key(item[0])))


class ProblemLabel(QLabel):
    """What is wrong with the field above it; hidden while nothing is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #b3261e;")
        self.hide()

    def show_problems(self, texts: Sequence[str]) -> None:
        self.setText("\n".join(texts))
        self.setVisible(bool(texts))


class CountryComboBox(Retranslating, QComboBox):
    """Countries by name in the UI language, typed with completion. `code()` is the ISO code chosen, "" when
    nothing (or the "any" entry) is, and the typed text itself when it names no country, so validation can say so.
    """

    code_changed = Signal()

    def __init__(self, any_label: Callable[[], str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._any_label = any_label
        searchable_combo(self)
        compact_combo(self)
        self.setMaxVisibleItems(20)
        self.currentIndexChanged.connect(self.code_changed)
        self.editTextChanged.connect(self.code_changed)
        self.retranslate_ui()

    def code(self) -> str:
        text = self.currentText().strip()
        if not text:
            return ""
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.itemData(index) if index >= 0 else text

    def set_code(self, code: str) -> None:
        index = self.findData(code)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(code)

    def retranslate_ui(self) -> None:
        code = self.code() if self.count() else ""
        self.blockSignals(True)
        self.clear()
        if self._any_label is not None:
            self.addItem(self._any_label(), "")
        for name, country in country_names():
            self.addItem(name, country)
        self.blockSignals(False)
        self.set_code(code)


class CityForms(QWidget):
    """The city in Kazakh and in Russian (issue 19.2), each completing from the bundled gazetteer; a city the
    gazetteer knows fills the other form when that one is empty. `changed` on any edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kk, self.ru = QLineEdit(), QLineEdit()
        for language, edit in (("kk", self.kk), ("ru", self.ru)):
            completer = QCompleter(city_names(language), edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
            edit.setCompleter(completer)
            edit.textChanged.connect(self.changed)
            edit.editingFinished.connect(lambda language=language: self.fill_other(language))
            completer.activated.connect(lambda _text, language=language: self.fill_other(language))

    def edit(self, language: str) -> QLineEdit:
        return self.ru if language == "ru" else self.kk

    def fill_other(self, language: str) -> None:
        """The gazetteer's other form of the city just typed or chosen, where the other field is still empty."""
        other = "kk" if language == "ru" else "ru"
        city = find_city(self.edit(language).text())
        if city is not None and not self.edit(other).text().strip():
            self.edit(other).setText(city.name(other))

    def forms(self) -> tuple[str, str]:
        return self.kk.text().strip(), self.ru.text().strip()

    def set_forms(self, kk: str, ru: str) -> None:
        self.kk.setText(kk)
        self.ru.setText(ru)


class PartiesEditor(Retranslating, QWidget):
    """Foreign parties: a country or organisation picked from the lists, or any name typed freely."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parties: list[Party] = []
        self.picker = compact_combo()
        searchable_combo(self.picker)
        self.picker.setMaxVisibleItems(20)
        typed_text(self.picker).returnPressed.connect(self.add_typed)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_typed)
        self.list = QListWidget()
        self.list.setMaximumHeight(LIST_HEIGHT)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        QShortcut(QKeySequence.StandardKey.Delete, self.list, self.remove_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        self.problems = ProblemLabel()
        picker_row = QHBoxLayout()
        picker_row.addWidget(self.picker, 1)
        picker_row.addWidget(self.add_button)
        list_row = QHBoxLayout()
        list_row.addWidget(self.list, 1)
        list_row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(picker_row)
        layout.addLayout(list_row)
        layout.addWidget(self.problems)
        self.retranslate_ui()

    def parties(self) -> tuple[Party, ...]:
        return tuple(self._parties)

    def set_parties(self, parties: Iterable[Party]) -> None:
        self._parties = list(parties)
        self._fill()

    def add_typed(self) -> None:
        text = self.picker.currentText().strip()
        if not text:
            return
        index = self.picker.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            kind, code = self.picker.itemData(index).split(":", 1)
            party = Party(kind, code)
        else:
            party = Party("other", "", text)
        self.picker.setEditText("")
        if party in self._parties:
            self.list.setCurrentRow(self._parties.index(party))
            return
        self._parties.append(party)
        self._fill()
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted((self.list.row(item) for item in self.list.selectedItems()), reverse=True)
        for row in rows:
            del self._parties[row]
        if rows:
            self._fill()
            self.changed.emit()

    def show_problems(self, problems: Sequence[FieldProblem]) -> None:
        lines = []
        marked: set[int] = set()
        for problem in problems:
            index = list_index(problem.field)
            if index is None or index >= len(self._parties):
                lines.append(problem_text(problem))
                continue
            marked.add(index)
            lines.append(_("{item}: {problem}").format(item=self.list.item(index).text(),
                                                       problem=problem_text(problem)))
        for row in range(self.list.count()):
            self.list.item(row).setBackground(QBrush(PROBLEM_COLOUR) if row in marked else QBrush())
        self.problems.show_problems(lines)

    def _fill(self) -> None:
        self.list.clear()
        for party in self._parties:
            item = QListWidgetItem(party_label(party, current_language()))
            item.setToolTip(_(PARTY_KINDS.get(party.kind, PARTY_KINDS["other"])))
            self.list.addItem(item)

    def retranslate_ui(self) -> None:
        language = current_language()
        self.picker.clear()
        for name, code in country_names(exclude=(KAZAKHSTAN,)):
            self.picker.addItem(name, f"country:{code}")
        listed = sorted(organisations(), key=lambda organisation: collation_key(organisation.name(language)))
        for organisation in listed:
            self.picker.addItem(f"{organisation.name(language)} ({organisation.abbreviation(language)})",
                                f"organisation:{organisation.code}")
        self.picker.setEditText("")
        typed_text(self.picker).setPlaceholderText(_("Country, organisation or any other name"))
        self.add_button.setText(_("Add"))
        self.remove_button.setText(_("Remove"))
        self._fill()


class ParticipantsEditor(Retranslating, QWidget):
    """Who took part, on our side and the foreign side: one table row each, the position and the organisation in
    Kazakh and in Russian (issue 19.2; a form left empty reads the same in both languages)."""

    changed = Signal()
    SIDE, NAME, JOB, JOB_RU, ORGANISATION, ORGANISATION_RU = range(6)
    TEXT_COLUMNS = {NAME: "full_name", JOB: "job_title", JOB_RU: "job_title_ru", ORGANISATION: "organisation",
                    ORGANISATION_RU: "organisation_ru"}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 6)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(120)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.SIDE, QHeaderView.ResizeMode.Fixed)
        # Below this the text columns scroll sideways rather than shrink to a few letters.
        header.setMinimumSectionSize(110)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        self.problems = ProblemLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.problems)
        self.retranslate_ui()

    def participants(self) -> tuple[Participant, ...]:
        return tuple(
            Participant(self._side(row).currentData(),
                        **{name: self._text(row, column) for column, name in self.TEXT_COLUMNS.items()})
            for row in range(self.table.rowCount())
        )

    def set_participants(self, participants: Iterable[Participant]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for participant in participants:
            self._append(participant)
        self.table.blockSignals(False)

    def add_row(self) -> None:
        self.table.blockSignals(True)
        self._append(Participant("ours", ""))
        self.table.blockSignals(False)
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, self.NAME)
        name = self.table.item(row, self.NAME)
        if name is not None:  # _append has made it
            self.table.editItem(name)
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.changed.emit()

    def show_problems(self, problems: Sequence[FieldProblem]) -> None:
        lines = []
        marked: set[tuple[int, int]] = set()
        columns = {"side": self.SIDE, **{name: column for column, name in self.TEXT_COLUMNS.items()}}
        for problem in problems:
            index = list_index(problem.field)
            if index is None or index >= self.table.rowCount():
                lines.append(problem_text(problem))
                continue
            marked.add((index, columns.get(problem.field.rsplit(".", 1)[-1], self.NAME)))
            name = self._text(index, self.NAME) or _("Participant {number}").format(number=index + 1)
            lines.append(_("{item}: {problem}").format(item=name, problem=problem_text(problem)))
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            for column in self.TEXT_COLUMNS:
                item = self.table.item(row, column)
                if item is None:  # _append makes every text cell; none is missing
                    continue
                item.setBackground(QBrush(PROBLEM_COLOUR) if (row, column) in marked else QBrush())
        self.table.blockSignals(False)
        self.problems.show_problems(lines)

    @staticmethod
    def _side_combo() -> QComboBox:
        side = QComboBox()
        for code, label in PARTICIPANT_SIDES.items():
            side.addItem(_(label), code)
        return side

    def _append(self, participant: Participant) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        side = self._side_combo()
        side.setCurrentIndex(max(side.findData(participant.side), 0))
        side.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.table.setCellWidget(row, self.SIDE, side)
        for column, name in self.TEXT_COLUMNS.items():
            item = QTableWidgetItem(getattr(participant, name))
            item.setToolTip(item.text())  # the whole text of a cell too narrow for it
            self.table.setItem(row, column, item)

    def _side(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, self.SIDE)  # type: ignore[return-value]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels([
            _("Side"), _("Full name"), _("Position (kk)"), _("Position (ru)"), _("Organisation (kk)"),
            _("Organisation (ru)")])
        # The combo's own width, and the cell's grid line and margins: at its bare size hint "Қазақстан тарапынан"
        # ran under the arrow (issue 19).
        self.table.setColumnWidth(self.SIDE, self._side_combo().sizeHint().width() + SIDE_CELL_ROOM)
        for row in range(self.table.rowCount()):
            side = self._side(row)
            for position, label in enumerate(PARTICIPANT_SIDES.values()):
                side.setItemText(position, _(label))
        self.add_button.setText(_("Add participant"))
        self.remove_button.setText(_("Remove"))


class AttachmentsEditor(Retranslating, QWidget):
    """Files kept with the event. Additions and removals wait for the event to be saved; stored files open
    from the store and can be saved elsewhere."""

    changed = Signal()
    ROLE = Qt.ItemDataRole.UserRole

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.stored: tuple[AttachmentInfo, ...] = ()
        self.added: list[Path] = []
        self.removed: set[uuid.UUID] = set()
        self.list = QListWidget()
        self.list.setMaximumHeight(LIST_HEIGHT)
        self.list.itemActivated.connect(lambda _item: self.open_selected())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.choose_files)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_selected)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_selected)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.save_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.retranslate_ui()

    def set_state(self, stored: Iterable[AttachmentInfo], added: Iterable[Path] = (),
                  removed: Iterable[uuid.UUID] = ()) -> None:
        self.stored = tuple(stored)
        self.added = list(added)
        self.removed = set(removed) & {info.id for info in self.stored}
        self._fill()

    def add_files(self, paths: Iterable[Path]) -> None:
        new = [path for path in paths if path not in self.added]
        if new:
            self.added.extend(new)
            self._fill()
            self.changed.emit()

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Attach files"))
        self.add_files(Path(name) for name in names)

    def selected(self) -> AttachmentInfo | Path | None:
        item = self.list.currentItem()
        return item.data(self.ROLE) if item is not None else None

    def open_selected(self) -> None:
        """Hand the file to the system: a stored one as a fresh copy in the temporary folder (under a safe name),
        and a program or script only once the officer confirms."""
        chosen = self.selected()
        if chosen is None:
            return
        try:
            if isinstance(chosen, Path):
                with chosen.open("rb") as handle:
                    head, name = handle.read(HEAD_BYTES), chosen.name
            else:
                content, name = read_attachment(self.store, chosen.id), chosen.file_name
                head = content[:HEAD_BYTES]
        except ServiceError as error:
            QMessageBox.warning(self, _("Attachments"), describe(error))
            return
        except OSError as error:
            QMessageBox.warning(self, _("Attachments"), _("The file {path} cannot be read: {reason}.").format(
                path=str(chosen), reason=error.strerror or str(error)))
            return
        if asks_before_opening(name, head) and not confirm_program(self, safe_file_name(name)):
            return
        try:
            path = chosen if isinstance(chosen, Path) else write_for_opening(content, name)
        except ServiceError as error:
            QMessageBox.warning(self, _("Attachments"), describe(error))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def save_selected(self) -> None:
        chosen = self.selected()
        if not isinstance(chosen, AttachmentInfo):
            return
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Save attachment as"), str(Path.home() / safe_file_name(chosen.file_name)))
        if target:
            self._write(chosen, Path(target))

    def remove_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if isinstance(chosen, Path):
            self.added.remove(chosen)
        else:
            self.removed.add(chosen.id)
        self._fill()
        self.changed.emit()

    def _write(self, info: AttachmentInfo, target: Path) -> bool:
        try:
            target.write_bytes(read_attachment(self.store, info.id))
        except ServiceError as error:
            QMessageBox.warning(self, _("Attachments"), describe(error))
            return False
        except OSError as error:
            QMessageBox.warning(self, _("Attachments"), _("The file {path} cannot be written: {reason}.").format(
                path=str(target), reason=error.strerror or str(error)))
            return False
        return True

    def _fill(self) -> None:
        self.list.clear()
        locale = QLocale()
        for info in self.stored:
            if info.id in self.removed:
                continue
            size = locale.formattedDataSize(info.size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)
            item = QListWidgetItem(f"{info.file_name} · {size}")
            item.setData(self.ROLE, info)
            item.setToolTip(f"SHA-256: {info.sha256}")
            self.list.addItem(item)
        for path in self.added:
            item = QListWidgetItem(path.name)
            item.setData(self.ROLE, path)
            font = QFont(item.font())
            font.setItalic(True)
            item.setFont(font)
            item.setToolTip(_("{path} — stored when the event is saved").format(path=str(path)))
            self.list.addItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.open_button.setEnabled(chosen is not None)
        self.save_button.setEnabled(isinstance(chosen, AttachmentInfo))
        self.remove_button.setEnabled(chosen is not None)

    def retranslate_ui(self) -> None:
        self.add_button.setText(_("Add…"))
        self.open_button.setText(_("Open"))
        self.save_button.setText(_("Save as…"))
        self.remove_button.setText(_("Remove"))
        self._fill()
