"""Events page: the officer's daily list — search as you type, filters, the bin, and the editor a double-click away.

Rows come from the store on a worker thread (with a busy bar), so even 100,000 events never freeze the window.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hattama.db.store import Store
from hattama.i18n import _, current_language, describe, format_datetime, ngettext
from hattama.rules.event_validation import EVENT_KINDS
from hattama.rules.obligations import ObligationState
from hattama.services.errors import ServiceError
from hattama.services.events import EventRow, delete_event, known_countries, list_event_rows, restore_event
from hattama.services.obligations import STATE_LABELS, STATES_BY_URGENCY, worst_state_by_event
from hattama.ui.column_widths import fit_to_samples
from hattama.ui.events.editor import EventEditor
from hattama.ui.events.parts import CountryComboBox, compact_combo
from hattama.ui.events.table_model import (
    ABROAD_MARK,
    COLUMNS,
    EventFilterProxy,
    EventFilters,
    EventTableModel,
    TableRows,
    column_titles,
    table_rows,
)
from hattama.ui.loading import BackgroundLoad
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import ProgressReport, write_in_background

SEARCH_DELAY_MS = 150
# Elided with a tooltip; the title column takes whatever is left.
LABEL_COLUMN_WIDTH = 140
# A date-time as wide as any (two-digit day, month and hour) to size the date columns in each language.
WIDEST_DATETIME = dt.datetime(2026, 12, 28, 22, 58)
ROW_HEIGHT = 26


def load_events(store: Store, deleted: bool, sort_column: int, descending: bool, language: str,
                report: ProgressReport) -> TableRows:
    """Runs on a worker thread: the rows, (outside the bin) each event's most urgent obligation, and the rows
    sorted with their filter keys, so the GUI thread only swaps them in."""
    report(0, 3)
    rows = list_event_rows(store, deleted=deleted)
    report(1, 3)
    states = {} if deleted else worst_state_by_event(store)
    report(2, 3)
    table = table_rows(rows, states, sort_column, descending, language)
    report(3, 3)
    return table


class EventsPage(Retranslating, QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = EventTableModel(self)
        self.proxy = EventFilterProxy(self.model, self)
        self.editor: EventEditor | None = None
        self.loading = BackgroundLoad()
        self.loading.loaded.connect(self._loaded)
        self.loading.failed.connect(lambda message: QMessageBox.warning(self, _("Events"), message))
        self._select_after_load: uuid.UUID | None = None
        self._last_deleted: list[EventRow] = []
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_actions())
        layout.addLayout(self._build_filters())
        layout.addWidget(self._build_undo_bar())
        layout.addWidget(self._build_table(), 1)
        layout.addLayout(self._build_status())
        self.new_action = self._action(QKeySequence.StandardKey.New, self.new_event)
        self.delete_action = self._action(QKeySequence.StandardKey.Delete, self.delete_selected)
        self.find_action = self._action(QKeySequence.StandardKey.Find, self.focus_search)
        self.undo_action = self._action(QKeySequence.StandardKey.Undo, self.undo_delete)
        self.reload_action = self._action(QKeySequence.StandardKey.Refresh, self.reload)
        self.retranslate_ui()
        self._update_buttons()
        self.reload()

    def _build_actions(self) -> QHBoxLayout:
        self.new_button, self.delete_button, self.restore_button = QPushButton(), QPushButton(), QPushButton()
        self.new_button.clicked.connect(self.new_event)
        self.delete_button.clicked.connect(self.delete_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_timer.start)
        self.bin_button = QPushButton()
        self.bin_button.setCheckable(True)
        self.bin_button.toggled.connect(self._bin_toggled)
        row = QHBoxLayout()
        for widget in (self.new_button, self.delete_button, self.restore_button):
            row.addWidget(widget)
        row.addWidget(self.search, 1)
        row.addWidget(self.bin_button)
        return row

    def _build_filters(self) -> QHBoxLayout:
        self.year, self.kind, self.state = compact_combo(), compact_combo(), compact_combo()
        self.year.addItem("", None)
        self.kind.addItem("", "")
        for code in EVENT_KINDS:
            self.kind.addItem("", code)
        self.state.addItem("", "")
        for state in STATES_BY_URGENCY:
            self.state.addItem("", state.value)
        for combo in (self.year, self.kind, self.state):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.country = CountryComboBox(any_label=lambda: _("All countries"))
        self.country.code_changed.connect(self._search_timer.start)
        row = QHBoxLayout()
        row.addWidget(self.year, 1)
        row.addWidget(self.kind, 2)
        row.addWidget(self.country, 2)
        row.addWidget(self.state, 2)
        return row

    def _build_undo_bar(self) -> QFrame:
        self.undo_bar = QFrame()
        self.undo_bar.setObjectName("undoBar")
        self.undo_bar.setStyleSheet("#undoBar { background: #eef3fb; border: 1px solid #b9c9e4; border-radius: 4px; }")
        self.undo_label = QLabel()
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo_delete)
        row = QHBoxLayout(self.undo_bar)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.undo_label, 1)
        row.addWidget(self.undo_button)
        self.undo_bar.hide()
        return self.undo_bar

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        rows_header = self.table.verticalHeader()
        rows_header.hide()
        # Fixed heights: Qt then never measures 100,000 rows.
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows_header.setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch)
        for name in ("kind", "place"):
            header.resizeSection(COLUMNS.index(name), LABEL_COLUMN_WIDTH)
        header.setSortIndicator(COLUMNS.index("starts"), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        return self.table

    def _build_status(self) -> QHBoxLayout:
        self.count_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.count_label)
        row.addStretch(1)
        row.addWidget(self.loading)
        return row

    def _action(self, keys: QKeySequence.StandardKey, slot: Callable[[], object]) -> QAction:
        # Window-wide, yet only while this page is the one shown (Qt ignores shortcuts of hidden widgets);
        # a focused line edit keeps its own Delete and Ctrl+Z.
        action = QAction(self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # ----------------------------------------------------------------------------------------------- loading

    def in_bin(self) -> bool:
        return self.bin_button.isChecked()

    def is_loading(self) -> bool:
        return self.loading.is_loading()

    def reload(self) -> None:
        store, deleted, language = self.store, self.in_bin(), current_language()
        sort_column, descending = self.model.sort_state()[0], self.model.descending()
        self.loading.start(lambda report: load_events(store, deleted, sort_column, descending, language, report))

    def _loaded(self, table: TableRows) -> None:
        self.model.set_table(table)
        self._fill_years(table.rows)
        self._update_count()
        if self._select_after_load is not None:
            self.select_event(self._select_after_load)
            self._select_after_load = None

    def _fill_years(self, rows: Sequence[EventRow]) -> None:
        chosen = self.year.currentData()
        self.year.blockSignals(True)
        while self.year.count() > 1:
            self.year.removeItem(1)
        for year in sorted({row.starts_at.year for row in rows}, reverse=True):
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(self.year.findData(chosen), 0) if chosen is not None else 0)
        self.year.blockSignals(False)
        self.apply_filters()

    # ----------------------------------------------------------------------------------------------- filters

    def current_filters(self) -> EventFilters:
        country = self.country.code()
        state = self.state.currentData()
        return EventFilters(
            search=self.search.text(),
            year=self.year.currentData(),
            kind=self.kind.currentData() or None,
            # A half-typed name filters nothing until it names a country.
            country=country if country in known_countries() else None,
            state=ObligationState(state) if state else None,
        )

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.proxy.set_filters(self.current_filters())
        self._update_count()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _update_count(self) -> None:
        self.count_label.setText(_("Shown: {shown} of {total}").format(
            shown=self.proxy.rowCount(), total=self.model.rowCount()))

    # --------------------------------------------------------------------------------------------- selection

    def selected_rows(self) -> list[EventRow]:
        return [self.proxy.row_at(index) for index in self.table.selectionModel().selectedRows()]

    def select_event(self, event_id: uuid.UUID) -> bool:
        source_row = self.model.row_of(event_id)
        if source_row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def _update_buttons(self) -> None:
        selected = self.table.selectionModel().hasSelection()
        in_bin = self.in_bin()
        self.new_button.setEnabled(not in_bin)
        self.new_action.setEnabled(not in_bin)
        self.delete_button.setEnabled(selected and not in_bin)
        self.delete_action.setEnabled(not in_bin)
        self.restore_button.setVisible(in_bin)
        self.restore_button.setEnabled(selected)

    # ------------------------------------------------------------------------------------------------ editing

    def _activated(self, index: QModelIndex) -> None:
        if not self.in_bin():
            self.open_event(self.proxy.row_at(index).id)

    def new_event(self) -> None:
        if not self.in_bin():
            self.open_event(None)

    def open_event(self, event_id: uuid.UUID | None) -> EventEditor:
        """Opens the editor (window-modal, not blocking); an unfinished entry for the event is offered back."""
        editor = EventEditor(self.store, event_id, self)
        editor.saved.connect(self._saved)
        editor.finished.connect(editor.deleteLater)
        editor.offer_draft()
        editor.setWindowModality(Qt.WindowModality.WindowModal)
        editor.show()
        self.editor = editor
        return editor

    def _saved(self, event_id: uuid.UUID) -> None:
        self._select_after_load = event_id
        self.reload()

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if self.in_bin() or not rows:
            return
        self._apply(rows, delete_event, self._deleted)

    def _deleted(self, moved: list[EventRow]) -> None:
        if moved:
            self._last_deleted = self.model.remove_ids({row.id for row in moved})
            self._update_count()
            self._show_undo()

    def undo_delete(self) -> None:
        if not self._last_deleted or self.in_bin():
            return
        rows, self._last_deleted = self._last_deleted, []
        self._apply(rows, restore_event, self._undone)

    def _undone(self, restored: list[EventRow]) -> None:
        self.model.add_rows(restored)
        self.undo_bar.hide()
        self._update_count()
        for row in restored:
            self.select_event(row.id)

    def restore_selected(self) -> None:
        rows = self.selected_rows()
        if not self.in_bin() or not rows:
            return
        self._apply(rows, restore_event, self._restored)

    def _restored(self, restored: list[EventRow]) -> None:
        self.model.remove_ids({row.id for row in restored})
        self._update_count()

    def _apply(self, rows: Sequence[EventRow], action: Callable[[Store, uuid.UUID], None],
               then: Callable[[list[EventRow]], None]) -> None:
        """Runs a service action per event on the writing thread (never the GUI thread: the store may be busy
        with another Hattama); stops at the first refusal, which is shown. `then` gets the rows done."""
        store = self.store
        done: list[EventRow] = []
        refusal: list[Exception] = []

        def write() -> None:
            for row in rows[len(done):]:  # a retry after a busy store goes on where it stopped
                try:
                    action(store, row.id)
                except ServiceError as error:
                    refusal.append(error)
                    return
                done.append(row)

        def finished(error: Exception | None = None) -> None:
            then(done)
            if error or refusal:
                QMessageBox.warning(self, _("Events"), describe(error or refusal[0]))

        write_in_background(write, on_success=lambda _result: finished(), on_failure=finished, owner=self)

    def _show_undo(self) -> None:
        count = len(self._last_deleted)
        self.undo_label.setText(ngettext("{count} event moved to the bin.", "{count} events moved to the bin.",
                                         count).format(count=count))
        self.undo_bar.setVisible(bool(count))

    def _bin_toggled(self) -> None:
        self._last_deleted = []
        self.undo_bar.hide()
        self.table.clearSelection()
        self._update_buttons()
        self.table.setColumnHidden(COLUMNS.index("obligations"), self.in_bin())
        self.reload()

    # ---------------------------------------------------------------------------------------------- language

    def _fit_columns(self) -> None:
        widest_datetime = format_datetime(WIDEST_DATETIME, "short")
        fit_to_samples(self.table, COLUMNS, column_titles(), {
            "starts": [widest_datetime],
            "ends": [widest_datetime],
            "abroad": [ABROAD_MARK],
            "role": [_("Held by us"), _("Attended")],
            "obligations": [_(label) for label in STATE_LABELS.values()],
        })

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(_("Search titles, parties and participants (Ctrl+F)"))
        self.year.setItemText(0, _("All years"))
        self.kind.setItemText(0, _("All kinds"))
        for position, code in enumerate(EVENT_KINDS, start=1):
            self.kind.setItemText(position, _(EVENT_KINDS[code]))
        self.state.setItemText(0, _("Any obligation state"))
        for position, state in enumerate(STATES_BY_URGENCY, start=1):
            self.state.setItemText(position, _(STATE_LABELS[state]))
        self.country.setToolTip(_("Where the event is held, or a foreign party"))
        self.new_button.setText(_("New event (Ctrl+N)"))
        self.delete_button.setText(_("Move to bin (Del)"))
        self.restore_button.setText(_("Restore"))
        self.bin_button.setText(_("Bin"))
        self.bin_button.setToolTip(_("Show deleted events, to restore them"))
        self.undo_button.setText(_("Undo (Ctrl+Z)"))
        self.loading.label.setText(_("Loading events…"))
        self.model.retranslate()
        self._fit_columns()
        self._update_count()
        if self._last_deleted:
            self._show_undo()
