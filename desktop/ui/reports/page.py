"""Reports page: the reports on the left (searchable), the editor on the right, and a way to start one.

The store serves the list (issue 18.2): a worker opens a listing (count and first window) for each search or
sort, and the windowed model reads further windows as the view scrolls, so tens of thousands of reports never
freeze the window nor fill its memory.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hattama.db.store import Store
from hattama.i18n import _, current_language, describe, format_date
from hattama.services.report_list import ReportQuery, report_listing
from hattama.services.reports import (
    REPORT_LANGUAGES,
    ReportRow,
    create_report,
    events_needing_report,
)
from hattama.ui.bundles.export_dialog import ExportBundleDialog
from hattama.ui.column_widths import TableLayout
from hattama.ui.loading import BackgroundLoad
from hattama.ui.reports.editor import ReportEditor
from hattama.ui.reports.table_model import (
    COLUMNS,
    SHORT_STATUS_LABELS,
    ReportsTableModel,
    column_titles,
    languages_label,
)
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import ProgressReport, write_in_background

# The pause after a keystroke before the store is asked (see the Events page).
SEARCH_DELAY_MS = 25


@dataclass(frozen=True)
class Loaded:
    listing: Any
    first_rows: list[ReportRow]
    positions: dict[uuid.UUID, int]


def load_reports(store: Store, query: ReportQuery, keep: list[uuid.UUID], window: int,
                 report: ProgressReport) -> Loaded:
    """Runs on a worker thread: the listing, its first window and where the reports to select stand."""
    report(0, 1)
    listing = report_listing(store, query, window)
    first = listing.first_rows
    positions = {report_id: position for report_id in keep if (position := listing.position(report_id)) is not None}
    report(1, 1)
    return Loaded(listing, first, positions)


class ReportsPage(Retranslating, QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = ReportsTableModel(self)
        self.loading = BackgroundLoad()
        self.loading.loaded.connect(self._loaded)
        self.loading.failed.connect(lambda message: QMessageBox.warning(self, _("Reports"), message))
        self._select_after_load: uuid.UUID | None = None
        self._query: ReportQuery | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_timer.start)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_report)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_bundle)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        # Beside the editor the list is narrow: the languages, then the date, give way to the title, then the
        # status elides (its whole text on hover).
        self.layout_keeper = TableLayout(self.table, "reports", COLUMNS, stretch="event", elidable=("status",),
                                         droppable=("languages", "ends"), keep=("status",),
                                         shortened=("status",))
        sort_column, sort_order = self.layout_keeper.remembered_sort("ends", descending=True)
        self.model.set_sort(COLUMNS[sort_column], sort_order)
        self.table.setSortingEnabled(True)
        self.model.sort_requested.connect(self.apply_search)
        self.table.selectionModel().currentRowChanged.connect(self._open_current)
        self.editor = ReportEditor(store)
        self.editor.status_changed.connect(self.reload)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        # The search gets a line of its own: beside two buttons it would shrink to nothing on a narrow pane.
        left_layout.addWidget(self.search)
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.export_button)
        top.addStretch(1)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        busy = QHBoxLayout()
        busy.addStretch(1)
        busy.addWidget(self.loading)
        left_layout.addLayout(busy)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        # A little more to the list at first: beside the editor its statuses leave its titles room (the editor
        # has its least width at 1024 px, issue 19).
        splitter.setSizes([660, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.retranslate_ui()
        self.reload()

    # ----------------------------------------------------------------------------------------------- loading

    def is_loading(self) -> bool:
        return self.loading.is_loading()

    def current_query(self) -> ReportQuery:
        return ReportQuery(search=self.search.text(), sort=self.model.sort_name(),
                           descending=self.model.descending(), language=current_language())

    def reload(self) -> None:
        """Reads the list again (the records changed)."""
        self._open_listing()

    def apply_search(self) -> None:
        self._search_timer.stop()
        if self.current_query() != self._query:
            self._open_listing()

    def _open_listing(self) -> None:
        store, query, window = self.store, self.current_query(), self.model.WINDOW
        self._query = query
        keep = [report_id for report_id in (self._select_after_load, self.editor.report_id) if report_id is not None]
        self.loading.start(lambda report: load_reports(store, query, keep, window, report))

    def _loaded(self, loaded: Loaded) -> None:
        self.model.set_listing(loaded.listing, loaded.first_rows)
        wanted, self._select_after_load = self._select_after_load, None
        if wanted is not None and wanted in loaded.positions:
            self._select(loaded.positions[wanted], wanted, open_editor=True)
        elif self.editor.report_id is not None and self.editor.report_id in loaded.positions:
            self._select(loaded.positions[self.editor.report_id], self.editor.report_id, open_editor=False)
            self.editor.refresh_record()  # its status may have changed elsewhere (issue 19.5: a bundle export)
        elif self.editor.report_id is None and self.model.rowCount():
            # Open the newest report, so the editor is never an empty grey form.
            self.table.selectRow(0)

    # --------------------------------------------------------------------------------------------- selection

    def select_report(self, report_id: uuid.UUID) -> None:
        """Selects the report and opens it in the editor: at once if among the rows read, else once the
        list, read again, finds where it stands."""
        position = next((position for position, row in enumerate(self.model.rows) if row.id == report_id), None)
        if position is not None and not self.is_loading():
            self._select(position, report_id, open_editor=True)
        else:
            self._select_after_load = report_id
            self._open_listing()

    def _select(self, position: int, report_id: uuid.UUID, open_editor: bool) -> None:
        index = self.model.index(position, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        if open_editor and self.editor.report_id != report_id:
            self.editor.load(report_id)

    def _open_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        row = self.model.row_at(current)
        if row is not None and row.id != self.editor.report_id:
            self.editor.load(row.id)

    def open_for_event(self, event_id: uuid.UUID) -> None:
        """Opens the event's report, starting one if there is none (used from the Events page). The report is
        started on the writing thread: the store may be busy with another Hattama."""
        store = self.store

        def started(report_id: uuid.UUID) -> None:
            # A new report is not in the list yet: it is selected once the list has been read again.
            self._select_after_load = report_id
            self.reload()

        write_in_background(lambda: create_report(store, event_id), on_success=started,
                            on_failure=lambda error: QMessageBox.information(self, _("Reports"), describe(error)),
                            owner=self)

    def new_report(self) -> None:
        choices = events_needing_report(self.store, current_language())
        if not choices:
            QMessageBox.information(self, _("New report"),
                                    _("Every event the body held already has a report (or is exempt under p.50)."))
            return
        labels = [f"{format_date(choice.ends_at.date(), 'medium')} — {choice.title}" for choice in choices]
        label, accepted = QInputDialog.getItem(self, _("New report"), _("Event the body held:"), labels, 0, False)
        if accepted:
            self.open_for_event(choices[labels.index(label)].event_id)

    def export_bundle(self) -> None:
        """The export dialog, with the report open in the editor already chosen."""
        current = [self.editor.report_id] if self.editor.report_id is not None else []
        dialog = ExportBundleDialog(self.store, current, self)
        dialog.exported.connect(lambda _result: self.reload())
        dialog.exec()

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(_("Search reports…"))
        self.new_button.setText(_("New report…"))
        self.export_button.setText(_("Export bundle…"))
        self.loading.label.setText(_("Loading reports…"))
        self.model.retranslate()
        self._fit_columns()
        if self._query is not None:
            self.apply_search()  # titles sort by the new language's title

    def _fit_columns(self) -> None:
        self.layout_keeper.fit(column_titles(), {
            # Month names differ in length; the 28th exists in every month.
            "ends": [format_date(dt.date(2026, month, 28), "medium") for month in range(1, 13)],
            "status": [_(label) for label in SHORT_STATUS_LABELS.values()],
            "languages": [languages_label(REPORT_LANGUAGES)],
        })
