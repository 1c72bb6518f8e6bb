"""The list of reports: a table model over plain ReportRecord objects, with a proxy for sorting and search."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from desktop.i18n import _, format_date
from desktop.services.reports import STATUS_LABELS, ReportRecord

COLUMNS = ("ends", "event", "status", "languages")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole


class ReportsTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[ReportRecord] = []

    def set_records(self, records: list[ReportRecord]) -> None:
        self.beginResetModel()
        self.records = records
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("Event ended"), _("Event"), _("Status"), _("Languages"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        record = self.records[index.row()]
        column = COLUMNS[index.column()]
        if role == RECORD_ROLE:
            return record
        if role == SORT_ROLE:
            return {"ends": record.event_ends_at.isoformat(), "event": record.event_title.casefold(),
                    "status": record.status, "languages": ",".join(record.languages)}[column]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "ends":
                return format_date(record.event_ends_at.date(), "medium")
            if column == "event":
                return record.event_title
            if column == "status":
                return _(STATUS_LABELS[record.status])
            return ", ".join(language.upper() for language in record.languages)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.records) - 1, len(COLUMNS) - 1))


class ReportsProxy(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self.needle = ""

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self.needle = text.casefold().strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        if not self.needle:
            return True
        record = self.sourceModel().records[source_row]
        return self.needle in record.event_title.casefold()
