"""Reports page: the reports on the left (searchable), the editor on the right, and a way to start one."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QItemSelectionModel, Qt
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

from db.store import Store
from desktop.i18n import _, current_language, describe, format_date
from desktop.services.errors import ServiceError
from desktop.services.reports import create_report, events_needing_report, list_reports
from desktop.ui.bundles.export_dialog import ExportBundleDialog
from desktop.ui.reports.editor import ReportEditor
from desktop.ui.reports.table_model import RECORD_ROLE, ReportsProxy, ReportsTableModel
from desktop.ui.retranslate import Retranslating


class ReportsPage(Retranslating, QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = ReportsTableModel()
        self.proxy = ReportsProxy()
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_report)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_bundle)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
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
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 680])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.retranslate_ui()
        self.reload()

    def reload(self) -> None:
        current = self.editor.report_id
        self.model.set_records(list_reports(self.store, current_language()))
        for column in (0, 2, 3):
            self.table.resizeColumnToContents(column)
        if current is not None:
            self.select_report(current, open_editor=False)
        elif self.proxy.rowCount():
            # Open the newest report, so the editor is never an empty grey form.
            self.table.selectRow(0)

    def select_report(self, report_id: uuid.UUID, open_editor: bool = True) -> None:
        for row, record in enumerate(self.model.records):
            if record.id == report_id:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if index.isValid():
                    self.table.selectionModel().setCurrentIndex(
                        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                if open_editor:
                    self.editor.load(report_id)
                return

    def _open_current(self, current, _previous) -> None:
        if not current.isValid():
            return
        record = self.proxy.data(current, RECORD_ROLE)
        if record is not None and record.id != self.editor.report_id:
            self.editor.load(record.id)

    def open_for_event(self, event_id: uuid.UUID) -> None:
        """Opens the event's report, starting one if there is none (used from the Events page)."""
        try:
            report_id = create_report(self.store, event_id)
        except ServiceError as error:
            QMessageBox.information(self, _("Reports"), describe(error))
            return
        self.reload()
        self.select_report(report_id)

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
        self.model.retranslate()
