"""Letters page (issue 16): the letter log, searchable; a letter's details beside the list, with the p.44 flag of
a direct letter and whether its notice to the MFA is logged; the latest MFA position (p.45, p.47) on top.

The list comes from the store on a worker thread (with a busy bar), as on the Events and Treaties pages.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hattama.db.store import Store
from hattama.i18n import _, describe, format_date
from hattama.presentation.letters import CHANNEL_LABELS, CORRESPONDENT_LABELS, DIRECTION_LABELS, subject_title
from hattama.rules.letters import CHANNEL_DIRECT_URGENT
from hattama.services.letters import (
    LetterView,
    latest_mfa_position,
    list_letters,
)
from hattama.services.registration import register_document
from hattama.ui.column_widths import TableLayout
from hattama.ui.letters.draft_dialog import DraftDialog
from hattama.ui.letters.editor import LetterEditor
from hattama.ui.loading import BackgroundLoad
from hattama.ui.registration_prompt import ask_registration_number
from hattama.ui.retranslate import Retranslating
from hattama.ui.row_filter_proxy import RowFilterProxy
from hattama.ui.row_table_model import DISPLAY, RowTableModel, collation_key, needle, sorted_positions
from hattama.ui.workers import ProgressReport, write_in_background

COLUMNS = ("date", "direction", "kind", "correspondent", "subject", "channel", "number")
ROW_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class LetterTable:
    rows: list[LetterView]
    search_texts: list[str]
    latest_position: LetterView | None
    sort_column: int
    descending: bool


def sort_keys(rows: Sequence[LetterView], column: str) -> list[Any]:
    if column == "date":
        return [row.data.dated_on for row in rows]
    if column == "number":
        return [collation_key(row.data.our_number or row.data.their_number) for row in rows]
    attribute = {"direction": "direction", "kind": "correspondent_kind", "correspondent": "correspondent",
                 "subject": "subject", "channel": "channel"}[column]
    return [collation_key(getattr(row.data, attribute)) for row in rows]


def letter_table(store: Store, sort_column: int, descending: bool, report: ProgressReport) -> LetterTable:
    """Runs on a worker thread: the letters sorted, their search texts, and the latest MFA position."""
    report(0, 2)
    rows = list_letters(store)
    latest = latest_mfa_position(store)
    report(1, 2)
    positions = sorted_positions(sort_keys(rows, COLUMNS[sort_column]), descending)
    rows = [rows[p] for p in positions]
    texts = [" ".join((row.data.correspondent, row.data.subject, row.data.our_number, row.data.their_number,
                       row.data.text, row.data.notes)).casefold() for row in rows]
    report(2, 2)
    return LetterTable(rows, texts, latest, sort_column, descending)


def column_titles() -> tuple[str, ...]:
    return (_("Date"), _("Direction"), _("Correspondent"), _("Name"), _("Subject of the letter"), _("Way (p.44)"),
            _("Number"))


class LettersTableModel(RowTableModel):
    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("date", Qt.SortOrder.DescendingOrder, parent)
        self.rows: list[LetterView] = []
        self.search_texts: list[str] = []

    def _take(self, table: LetterTable) -> None:
        self.rows, self.search_texts = table.rows, table.search_texts

    def _reorder(self, positions: Sequence[int], added: Sequence[LetterView]) -> None:
        super()._reorder(positions, added)
        self.search_texts = [self.search_texts[position] for position in positions]

    def sort_keys(self, column: str) -> list[Any]:
        return sort_keys(self.rows, column)

    def column_titles(self) -> tuple[str, ...]:
        return column_titles()

    def cell(self, position: int, column_number: int, role: int) -> Any:
        row = self.rows[position]
        if role == ROW_ROLE:
            return row
        column = COLUMNS[column_number]
        if role == Qt.ItemDataRole.ToolTipRole:
            # The flag, else the whole text where the column elides it.
            return _(row.flag) if row.flag else self.cell(position, column_number, DISPLAY)
        if role != DISPLAY:
            return None
        data = row.data
        if column == "date":
            return format_date(data.dated_on)
        if column == "direction":
            return _(DIRECTION_LABELS[data.direction])
        if column == "kind":
            return _(CORRESPONDENT_LABELS[data.correspondent_kind])
        if column == "channel":
            return ("⚠ " if row.flag else "") + (_(CHANNEL_LABELS[data.channel]) if data.channel else "")
        if column == "number":
            return data.our_number or data.their_number
        return getattr(data, column)


class LettersProxy(RowFilterProxy):
    def __init__(self, model: LettersTableModel, parent: QObject | None = None) -> None:
        super().__init__(model, parent)
        self.needle = ""

    def set_search(self, text: str) -> None:
        searched = needle(text)
        if searched != self.needle:
            self.needle = searched
            self.show_rows(self.matching_rows())

    def matching_rows(self) -> list[int]:
        texts, searched = self._model.search_texts, self.needle
        return [position for position, text in enumerate(texts) if not searched or searched in text]


def letter_details(letter: LetterView) -> str:
    """The selected letter as the panel beside the list shows it."""
    data = letter.data
    lines = [f"{format_date(data.dated_on)} — {_(DIRECTION_LABELS[data.direction])} — "
             f"{_(CORRESPONDENT_LABELS[data.correspondent_kind])} {data.correspondent}".strip(), data.subject]
    if data.our_number or data.our_date:
        lines.append(_("Our number: {number} {date}").format(
            number=data.our_number, date=format_date(data.our_date) if data.our_date else "").strip())
    if data.their_number or data.their_date:
        lines.append(_("Their number: {number} {date}").format(
            number=data.their_number, date=format_date(data.their_date) if data.their_date else "").strip())
    if data.channel:
        lines.append(_(CHANNEL_LABELS[data.channel]))
        lines.extend(value for value in (data.urgency_reason, data.legal_basis) if value)
    if letter.flag:
        lines.append("⚠ " + _(letter.flag))
    if data.channel == CHANNEL_DIRECT_URGENT:
        lines.append(_("The notice to the MFA is logged (p.44).") if letter.notice_logged
                     else _("The notice to the MFA is not logged yet (p.44)."))
    if data.position_half:
        lines.append(_("The MFA's position for {half} (p.45)").format(half=data.position_half))
    lines.extend(value for value in (data.text, data.notes) if value)
    lines.extend(subject_title(subject) for subject in letter.linked)
    lines.extend(_("Attachment: {name} ({size} bytes, SHA-256 {sha256})").format(
        name=a.file_name, size=a.size, sha256=a.sha256) for a in letter.attachments)
    return "\n".join(line for line in lines if line)


class LettersPage(Retranslating, QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = LettersTableModel(self)
        self.proxy = LettersProxy(self.model, self)
        self.loading = BackgroundLoad()
        self.loading.loaded.connect(self._loaded)
        self.loading.failed.connect(lambda message: QMessageBox.warning(self, _("Letters"), message))
        self.position = QLabel()
        self.position.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.new_button, self.register_button = QPushButton(), QPushButton()
        self.edit_button, self.notice_button = QPushButton(), QPushButton()
        self.new_button.clicked.connect(self.new_letter)
        self.edit_button.clicked.connect(self.edit_current)
        self.notice_button.clicked.connect(self.draft_notice)
        self.register_button.clicked.connect(lambda: self.register_current())
        self.table = QTableView()
        self.table.setModel(self.proxy)
        # Beside the details on a narrow window the way, then the number, give way to the subject (issue 19).
        self.layout_keeper = TableLayout(self.table, "letters", COLUMNS, stretch="subject",
                                         elidable=("correspondent", "channel", "kind"), droppable=("channel", "number"))
        self.model.sort(*self.layout_keeper.remembered_sort(COLUMNS[0], descending=True))
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._show_current())
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.details)
        self.details.setMinimumWidth(260)
        self.details.setContentsMargins(8, 4, 4, 4)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.search, 2)
        actions.addWidget(self.new_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.notice_button)
        actions.addWidget(self.register_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.position)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        layout.addWidget(self.loading)
        self._latest: LetterView | None = None
        self.retranslate_ui()
        self.reload()

    def is_loading(self) -> bool:
        return self.loading.is_loading()

    def reload(self, select: uuid.UUID | None = None) -> None:
        store = self.store
        sort_column, descending = self.model.sort_state()[0], self.model.descending()
        self._select_after_load = select
        self.loading.start(lambda report: letter_table(store, sort_column, descending, report))

    def _loaded(self, table: LetterTable) -> None:
        self.model.set_table(table)
        self._latest = table.latest_position
        self._show_position()
        if self._select_after_load is not None:
            source_row = self.model.row_of(self._select_after_load)
            index = self.proxy.mapFromSource(self.model.index(source_row, 0)) if source_row is not None else None
            if index is not None and index.isValid():
                self.table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._show_current()

    def current(self) -> LetterView | None:
        index = self.table.currentIndex()
        return self.proxy.row_at(index) if index.isValid() else None

    def _show_current(self) -> None:
        letter = self.current()
        self.details.setText(letter_details(letter) if letter else self._empty_text())
        self.register_button.setEnabled(letter is not None and letter.data.direction == "outgoing"
                                        and not letter.data.our_number)
        self.edit_button.setEnabled(letter is not None)
        self.notice_button.setEnabled(letter is not None and letter.data.channel == CHANNEL_DIRECT_URGENT
                                      and not letter.notice_logged)

    def _empty_text(self) -> str:
        """What the details pane says with no letter selected (issue 19: it was blank): what to do here."""
        if self.model.rowCount():
            return _("Select a letter to see its details, its attachments and what it is linked to.")
        return _("No letters are logged yet.\n\nLog here every letter to or from the MFA and the other bodies "
                 "(p.44, p.45, p.47): “Log a letter…” above. Outgoing letters get a registration number; the "
                 "documents Hattama drafts (p.44 notice, p.48 request, p.49 briefing) are logged here too.")

    def _show_position(self) -> None:
        latest = self._latest
        self.position.setText(_("No MFA position on current foreign-policy issues is logged yet (p.45).")
                              if latest is None else _("The MFA's latest position (p.45, p.47): {half}, received "
                                                       "{date}").format(half=latest.data.position_half,
                                                                        date=format_date(latest.data.dated_on)))

    def new_letter(self) -> LetterEditor:
        return self._open_editor(None)

    def edit_current(self) -> LetterEditor | None:
        letter = self.current()
        return None if letter is None else self._open_editor(letter)

    def _open_editor(self, letter: LetterView | None) -> LetterEditor:
        direct = [row for row in self.model.rows
                  if row.data.channel == CHANNEL_DIRECT_URGENT and (not row.notice_logged or (
                      letter is not None and letter.data.notice_for_id == row.id))]
        editor = LetterEditor(self.store, direct, self, letter=letter)
        editor.saved.connect(lambda letter_id: self.reload(select=letter_id))
        editor.open()
        return editor

    def draft_notice(self) -> DraftDialog | None:
        """p.44: the notice to the MFA of the selected direct urgent letter."""
        letter = self.current()
        if letter is None:
            return None
        about = " — ".join(part for part in (format_date(letter.data.dated_on), letter.data.correspondent,
                                             letter.data.subject) if part)
        return self.draft("p44-notice", letter.id, about)

    def draft(self, kind: str, record_id: uuid.UUID, about: str) -> DraftDialog:
        """Opens the draft of a document (also from an event or an obligation); logging it reloads the list."""
        dialog = DraftDialog(self.store, kind, record_id, about, self)
        dialog.logged.connect(lambda letter_id: self.reload(select=letter_id))
        dialog.open()
        return dialog

    def register_current(self, number: str | None = None) -> None:
        """Registers the selected outgoing letter: the number from ESEDO, or (left empty) the local register's."""
        letter = self.current()
        if letter is None:
            return
        if number is None:
            number = ask_registration_number(self, _("Register the letter"))
            if number is None:
                return
        store, letter_id = self.store, letter.id
        write_in_background(
            lambda: register_document(store, "letter", letter_id, number=number.strip() or None),
            on_success=lambda _result: self.reload(select=letter_id),
            on_failure=lambda error: QMessageBox.warning(self, _("Letters"), describe(error)), owner=self)

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(_("Search letters"))
        self.new_button.setText(_("Log a letter…"))
        self.edit_button.setText(_("Edit…"))
        self.notice_button.setText(_("Draft the p.44 notice…"))
        self.register_button.setText(_("Register…"))
        self.model.retranslate()
        self.layout_keeper.fit(column_titles(), {
            "date": [format_date(dt.date(2026, month, 28)) for month in range(1, 13)],
            "direction": [_(label) for label in DIRECTION_LABELS.values()],
            "kind": [_(label) for label in CORRESPONDENT_LABELS.values()],
            "channel": ["⚠ " + _(label) for label in CHANNEL_LABELS.values()],
        })
        self._show_position()
        self._show_current()
