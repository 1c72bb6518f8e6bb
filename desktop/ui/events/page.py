"""Events page: the officer's daily list — search as you type, filters, the bin, and the editor a double-click away.

The store serves the list (issue 18.2): on each change of search, filter or sort a worker opens a listing (count
and first window, hattama.services.event_list) and the windowed model reads further windows as the view scrolls.
Each row shows its event's most urgent obligation, read from the stored obligations with its window.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
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
from hattama.i18n import _, country_name, current_language, describe, format_datetime, ngettext
from hattama.presentation.obligations import SHORT_STATE_LABELS, STATE_LABELS
from hattama.rules.event_validation import EVENT_KINDS
from hattama.rules.obligations import ObligationState
from hattama.rules.plans import STATUS_LABELS, EventStatus
from hattama.services.errors import ServiceError
from hattama.services.event_list import (
    EventListRow,
    EventQuery,
    event_listing,
    event_years,
    open_listing,
    prepare_search,
    search_words,
)
from hattama.services.event_reference import known_countries
from hattama.services.events import delete_event, restore_event
from hattama.services.obligations import STATES_BY_URGENCY
from hattama.ui.column_widths import TableLayout
from hattama.ui.events.editor import EventEditor
from hattama.ui.events.parts import CountryComboBox, compact_combo
from hattama.ui.events.table_model import (
    ABROAD_MARK,
    COLUMNS,
    SHORT_STATUS_LABELS,
    EventTableModel,
    column_titles,
)
from hattama.ui.loading import BackgroundLoad
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import Job, ProgressReport, follow_up_pool, start, write_in_background

# The pause after a keystroke before the store is asked: none beyond the events already queued (letters typed
# while the window was busy are merged into one search), so the results follow the typing.
SEARCH_DELAY_MS = 0
# A search's rows show before they are counted; the count waits until the typing pauses this long, so that
# counting tens of thousands of matches of a first letter never takes the processor from the next keystroke.
COUNT_DELAY_MS = 250
# A date-time as wide as any (two-digit day, month and hour) to size the date columns in each language.
WIDEST_DATETIME = dt.datetime(2026, 12, 28, 22, 58)
ROW_HEIGHT = 26
# Selected events found again in a new listing (a sort, a filter): a handful, each one count query.
KEPT_SELECTION = 20


@dataclass(frozen=True)
class Loaded:
    """What a worker read for the page: the listing, its first window, where the kept selection now stands
    and (after a change of the records) the years to offer."""

    listing: Any
    first_rows: list[EventListRow]
    positions: dict[uuid.UUID, int]
    years: list[int] | None
    total: int | None


def load_listing(store: Store, query: EventQuery, keep: Sequence[uuid.UUID], with_years: bool, window: int,
                 report: ProgressReport) -> Loaded:
    """Runs on a worker: the listing for `query` and its first window. A search's rows, and those of a filter on
    an obligation state, are shown before they are counted (a first letter matches most events; a state is
    worked out for every event): `count_listing` follows on another worker."""
    report(0, 1)
    count = with_years or not (search_words(query.search) or query.state is not None)
    listing = open_listing(store, query, window=window, changed_elsewhere=with_years, count=count)
    first = listing.first_rows
    positions = {event_id: position for event_id in keep[:KEPT_SELECTION]
                 if (position := listing.position(event_id)) is not None}
    years = total = None
    if with_years:  # the records changed: the years to offer and how many events there are
        years = event_years(store, query.deleted)
        unfiltered = dataclasses.replace(query, search="", year=None, kind=None, country=None, status=None,
                                         state=None)
        total = listing.count if unfiltered == query else event_listing(store, unfiltered).open(0).count
        prepare_search()  # on this worker, not in the officer's first keystroke
    report(1, 1)
    return Loaded(listing, first, positions, years, total)


class EventsPage(Retranslating, QWidget):
    report_requested = Signal(object)  # an event's id, from its editor: the main window opens the report

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = EventTableModel(self)
        self.editor: EventEditor | None = None
        self.loading = BackgroundLoad()
        self.loading.loaded.connect(self._loaded)
        self.loading.failed.connect(lambda message: QMessageBox.warning(self, _("Events"), message))
        self._select_after_load: uuid.UUID | None = None
        self._last_deleted: list[EventListRow] = []
        self._query: EventQuery | None = None
        self._counting: Job | None = None
        self._uncounted: Any = None  # a listing shown before its count, waiting for the typing to pause
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._start_count)
        self.total = 0
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
        self.year, self.kind, self.status, self.state = compact_combo(), compact_combo(), compact_combo(), compact_combo()
        self.year.addItem("", None)
        self.kind.addItem("", "")
        for code in EVENT_KINDS:
            self.kind.addItem("", code)
        self.status.addItem("", "")
        for status in EventStatus:
            self.status.addItem("", status.value)
        self.state.addItem("", "")
        for state in STATES_BY_URGENCY:
            self.state.addItem("", state.value)
        for combo in (self.year, self.kind, self.status, self.state):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.country = CountryComboBox(any_label=lambda: _("All countries"))
        self.country.code_changed.connect(self._search_timer.start)
        row = QHBoxLayout()
        row.addWidget(self.year, 1)
        row.addWidget(self.kind, 2)
        row.addWidget(self.country, 2)
        row.addWidget(self.status, 2)
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
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        rows_header = self.table.verticalHeader()
        rows_header.hide()
        # Fixed heights: Qt then never measures 100,000 rows.
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows_header.setDefaultSectionSize(ROW_HEIGHT)
        self.layout_keeper = TableLayout(self.table, "events", COLUMNS, stretch="title",
                                         elidable=("kind", "place", "status", "obligations", "role"),
                                         droppable=("ends", "role", "abroad"), keep=("status", "obligations"),
                                         spare=("ends", "role", "kind"), shortened=("status", "obligations"))
        self.model.set_sort(*self._named_sort(self.layout_keeper.remembered_sort("starts", descending=True)))
        self.table.setSortingEnabled(True)
        self.model.sort_requested.connect(self.apply_filters)
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        return self.table

    @staticmethod
    def _named_sort(sort: tuple[int, Qt.SortOrder]) -> tuple[str, Qt.SortOrder]:
        return COLUMNS[sort[0]], sort[1]

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
        """Reads the list again after the records changed."""
        self._open_listing(with_years=True)

    def _open_listing(self, with_years: bool) -> None:
        self._stop_counting()  # the listing shown is about to be replaced
        query = self.current_query()
        self._query = query
        store, window = self.store, self.model.WINDOW
        keep = [row.id for row in self.selected_rows()]
        if self._select_after_load is not None:
            keep.insert(0, self._select_after_load)
        self.loading.start(lambda report: load_listing(store, query, keep, with_years, window, report))

    def _count_listing(self, listing: Any) -> None:
        """Counts a listing shown before it was counted, on a worker, once the typing pauses; the rows past its
        first window are listed when the count comes (if the page still shows that listing)."""
        self._uncounted = listing
        self._count_timer.start()

    def _stop_counting(self) -> None:
        self._count_timer.stop()
        self._uncounted = None
        if self._counting is not None:
            self._counting.cancel()
            self._counting = None

    def _start_count(self) -> None:
        listing, self._uncounted = self._uncounted, None
        if listing is None or listing is not self.model.listing:
            return

        def count(report: ProgressReport) -> int:
            report(0, 1)  # a count no longer wanted before it starts is not run
            return listing.exact_count()

        job = Job(count)
        job.succeeded.connect(lambda counted: self._counted(listing, counted))
        job.finished.connect(lambda: self._count_ended(job))
        self._counting = job
        start(job, follow_up_pool())

    def _counted(self, listing: Any, count: int) -> None:
        if self.model.take_count(listing, count):
            self._update_count()

    def _count_ended(self, job: Job) -> None:
        if job is self._counting:  # counted, or failed (the label then keeps "100+")
            self._counting = None

    def is_counting(self) -> bool:
        return self._counting is not None or self._uncounted is not None

    def _loaded(self, loaded: Loaded) -> None:
        selected = [row.id for row in self.selected_rows()]
        current = self.current_event_id()
        self.model.set_listing(loaded.listing, loaded.first_rows)
        self._stop_counting()
        if not loaded.listing.counted:
            self._count_listing(loaded.listing)
        if loaded.total is not None:
            self.total = loaded.total
        if loaded.years is not None:
            self._fill_years(loaded.years)
        self._update_count()
        wanted, self._select_after_load = self._select_after_load, None
        if wanted is not None:
            self._select_positions([loaded.positions[wanted]] if wanted in loaded.positions else [], wanted)
        else:
            self._select_positions([loaded.positions[event_id] for event_id in selected
                                    if event_id in loaded.positions], current)

    def _select_positions(self, positions: Sequence[int], current: uuid.UUID | None) -> None:
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for position in positions:
            index = self.model.index(position, 0)
            selection.select(index, flags)
            row = self.model.row(position)
            if row is not None and row.id == current:
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.table.scrollTo(index)
        self._update_buttons()

    def _fill_years(self, years: Sequence[int]) -> None:
        chosen = self.year.currentData()
        self.year.blockSignals(True)
        while self.year.count() > 1:
            self.year.removeItem(1)
        for year in years:
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(self.year.findData(chosen), 0) if chosen is not None else 0)
        self.year.blockSignals(False)
        if self.year.currentData() != chosen:
            self._open_listing(with_years=False)

    # ----------------------------------------------------------------------------------------------- filters

    def current_query(self) -> EventQuery:
        country = self.country.code()
        state = self.state.currentData()
        return EventQuery(
            search=self.search.text(),
            year=self.year.currentData(),
            kind=self.kind.currentData() or None,
            # A half-typed name filters nothing until it names a country.
            country=country if country in known_countries() else None,
            status=self.status.currentData() or None,
            state=ObligationState(state) if state and not self.in_bin() else None,
            deleted=self.in_bin(),
            sort=self.model.sort_name(),
            descending=self.model.descending(),
            language=current_language(),
        )

    def apply_filters(self) -> None:
        self._search_timer.stop()
        if self.current_query() != self._query:
            self._open_listing(with_years=False)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _update_count(self) -> None:
        # A listing shown before it is counted: "100+" until the count comes.
        shown = self.model.rowCount()
        counted = self.model.listing.counted
        self.count_label.setText(_("Shown: {shown} of {total}").format(
            shown=shown if counted else f"{shown}+", total=self.total))

    # --------------------------------------------------------------------------------------------- selection

    def selected_rows(self) -> list[EventListRow]:
        rows = (self.model.row_at(index) for index in self.table.selectionModel().selectedRows())
        return [row for row in rows if row is not None]

    def current_event_id(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        row = self.model.row_at(index) if index.isValid() else None
        return row.id if row is not None else None

    def select_event(self, event_id: uuid.UUID) -> bool:
        """Selects the event: at once if among the rows read (True), else once a listing finds where it stands
        (a count query on a worker)."""
        position = next((position for position, row in enumerate(self.model.rows) if row.id == event_id), None)
        self.table.clearSelection()
        if position is None:
            self._select_after_load = event_id
            self._open_listing(with_years=False)
            return False
        self._select_positions([position], event_id)
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
        row = self.model.row_at(index)
        if not self.in_bin() and row is not None:
            self.open_event(row.id)

    def new_event(self) -> None:
        if not self.in_bin():
            self.open_event(None)

    def open_event(self, event_id: uuid.UUID | None) -> EventEditor:
        """Opens the editor (window-modal, not blocking); an unfinished entry for the event is offered back."""
        editor = EventEditor(self.store, event_id, self)
        editor.saved.connect(self._saved)
        editor.report_requested.connect(self.report_requested)
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

    def _deleted(self, moved: list[EventListRow]) -> None:
        if moved:
            self._last_deleted = moved
            self.table.clearSelection()
            self.reload()
            self._show_undo()

    def undo_delete(self) -> None:
        if not self._last_deleted or self.in_bin():
            return
        rows, self._last_deleted = self._last_deleted, []
        self._apply(rows, restore_event, self._undone)

    def _undone(self, restored: list[EventListRow]) -> None:
        self.undo_bar.hide()
        if restored:
            self._select_after_load = restored[0].id
            self.reload()

    def restore_selected(self) -> None:
        rows = self.selected_rows()
        if not self.in_bin() or not rows:
            return
        self._apply(rows, restore_event, self._restored)

    def _restored(self, restored: list[EventListRow]) -> None:
        if restored:
            self.table.clearSelection()
            self.reload()

    def _apply(self, rows: Sequence[EventListRow], action: Callable[[Store, uuid.UUID], None],
               then: Callable[[list[EventListRow]], None]) -> None:
        """Runs a service action per event on the writing thread (never the GUI thread: the store may be busy
        with another Hattama); stops at the first refusal, which is shown. `then` gets the rows done."""
        store = self.store
        done: list[EventListRow] = []
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
        self.layout_keeper.fit(column_titles(), {
            "starts": [widest_datetime],
            "ends": [widest_datetime],
            "kind": [_(label) for label in EVENT_KINDS.values()],
            "place": [f"Almaty, {country_name('KZ')}"],
            "abroad": [ABROAD_MARK],
            "role": [_("Held by us"), _("Attended")],
            "status": [_(label) for label in SHORT_STATUS_LABELS.values()],
            "obligations": [_(label) for label in SHORT_STATE_LABELS.values()],
        })

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(_("Search titles, parties and participants (Ctrl+F)"))
        self.year.setItemText(0, _("All years"))
        self.kind.setItemText(0, _("All kinds"))
        for position, code in enumerate(EVENT_KINDS, start=1):
            self.kind.setItemText(position, _(EVENT_KINDS[code]))
        self.status.setItemText(0, _("Any status"))
        for position, status in enumerate(EventStatus, start=1):
            self.status.setItemText(position, _(STATUS_LABELS[status]))
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
        if self._query is not None:
            self.apply_filters()  # titles, kinds and places sort by their names in the new language
