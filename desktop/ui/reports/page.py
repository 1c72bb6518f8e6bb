"""Reports page: the reports on the left (searchable), the editor on the right, and a way to start one.

The list comes from the store on a worker thread (with a busy bar), so tens of thousands of reports never freeze
the window.
"""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
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
from hattama.services.reports import (
    REPORT_LANGUAGES,
    STATUS_LABELS,
    create_report,
    events_needing_report,
    list_report_rows,
)
from hattama.ui.bundles.export_dialog import ExportBundleDialog
from hattama.ui.column_widths import fit_to_samples
from hattama.ui.loading import BackgroundLoad
from hattama.ui.reports.editor import ReportEditor
from hattama.ui.reports.table_model import (
    COLUMNS,
    ReportsProxy,
    ReportsTableModel,
    ReportTable,
    column_titles,
    languages_label,
    report_table,
)
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import ProgressReport, write_in_background


def load_reports(store: Store, language: str, sort_column: int, descending: bool,
                 report: ProgressReport) -> ReportTable:
    """Runs on a worker thread: the rows, sorted, with what search and sorting read of them, so the GUI thread
    only swaps them in."""
    report(0, 2)
    rows = list_report_rows(store, language)
    report(1, 2)
    table = report_table(rows, sort_column, descending)
    report(2, 2)
    return table


class ReportsPage(Retranslating, QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = ReportsTableModel(self)
        self.proxy = ReportsProxy(self.model, self)
        self.loading = BackgroundLoad()
        self.loading.loaded.connect(self._loaded)
        self.loading.failed.connect(lambda message: QMessageBox.warning(self, _("Reports"), message))
        self._select_after_load: uuid.UUID | None = None
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_report)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_bundle)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
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
        # Half and half at first: the list's dates, statuses and languages leave its titles half of its width.
        splitter.setSizes([640, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.retranslate_ui()
        self.reload()

    # ----------------------------------------------------------------------------------------------- loading

    def is_loading(self) -> bool:
        return self.loading.is_loading()

    def reload(self) -> None:
        store, language = self.store, current_language()
        sort_column, descending = self.model.sort_state()[0], self.model.descending()
        self.loading.start(lambda report: load_reports(store, language, sort_column, descending, report))

    def _loaded(self, table: ReportTable) -> None:
        self.model.set_table(table)
        wanted, self._select_after_load = self._select_after_load, None
        if wanted is not None and self._select(wanted, open_editor=True):
            return
        if self.editor.report_id is not None:
            self._select(self.editor.report_id, open_editor=False)
        elif self.proxy.rowCount():
            # Open the newest report, so the editor is never an empty grey form.
            self.table.selectRow(0)

    # --------------------------------------------------------------------------------------------- selection

    def select_report(self, report_id: uuid.UUID) -> None:
        """Selects the report and opens it in the editor; during a load, once the list holds it."""
        if self.is_loading():
            self._select_after_load = report_id
        else:
            self._select(report_id, open_editor=True)

    def _select(self, report_id: uuid.UUID, open_editor: bool) -> bool:
        """False when the list has no such report (its event is in the bin, say)."""
        source_row = self.model.row_of(report_id)
        if source_row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
        if open_editor:
            self.editor.load(report_id)
        return True

    def _open_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        row = self.proxy.row_at(current)
        if row.id != self.editor.report_id:
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

    def _fit_columns(self) -> None:
        fit_to_samples(self.table, COLUMNS, column_titles(), {
            # Month names differ in length; the 28th exists in every month.
            "ends": [format_date(dt.date(2026, month, 28), "medium") for month in range(1, 13)],
            "status": [_(label) for label in STATUS_LABELS.values()],
            "languages": [languages_label(REPORT_LANGUAGES)],
        })
