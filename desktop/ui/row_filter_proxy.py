"""A proxy that shows some of a table model's rows, in the model's order, without a Python call per row.

For lists of tens of thousands of rows: a `QSortFilterProxyModel` would call `filterAcceptsRow` for every row at
each change, and back into Python for each comparison of a sort. Here the shown rows are a list of source row
numbers, ascending, that a subclass computes in one go (`matching_rows`), so mapping either way is a lookup or a
bisection, and sorting is left to the model. Showing other rows is one layout change, and persistent indexes (the
selection) follow their rows across the model's re-orderings.

The model has a fixed set of columns, keeps `rows` in display order and answers `cell(position, column, role)`
and `sort(column, order)`; it announces a re-ordering of the same row objects as a layout change, and other rows
as a reset.
"""

from __future__ import annotations

import bisect
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

DISPLAY = Qt.ItemDataRole.DisplayRole
# Rows are plain, selectable and never have children, as in any table model.
_CELL_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren


class RowFilterProxy(QAbstractProxyModel):
    """Shows the model's rows that `matching_rows` names; it starts with all of them."""

    def __init__(self, model: QAbstractTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model: Any = model
        self._columns = model.columnCount()
        self._shown: list[int] = list(range(model.rowCount()))
        self._kept_rows: list[object] = []
        self.setSourceModel(model)
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        model.layoutAboutToBeChanged.connect(self._source_layout_about_to_change)
        model.layoutChanged.connect(self._source_layout_changed)
        model.dataChanged.connect(self._source_data_changed)
        model.headerDataChanged.connect(self.headerDataChanged)

    def matching_rows(self) -> list[int]:
        """The source rows to show, ascending, for the model's current rows."""
        raise NotImplementedError

    def show_rows(self, shown: list[int]) -> None:
        """Shows these source rows (ascending) instead, as one layout change."""
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_sources = [self._shown[index.row()] for index in old_persistent]
        self._shown = shown
        self.changePersistentIndexList(old_persistent, [
            self._proxy_index(source_row, index.column())
            for source_row, index in zip(old_sources, old_persistent, strict=True)])
        self.layoutChanged.emit()

    # ------------------------------------------------------------------------------- following the model

    def _source_reset(self) -> None:
        self._shown = self.matching_rows()
        self.endResetModel()

    def _source_layout_about_to_change(self) -> None:
        self.layoutAboutToBeChanged.emit()
        rows = self._model.rows
        self._kept_rows = [rows[self._shown[index.row()]] if index.isValid() else None
                           for index in self.persistentIndexList()]

    def _source_layout_changed(self) -> None:
        old_persistent = self.persistentIndexList()
        self._shown = self.matching_rows()
        if old_persistent:
            # Rows are found by identity: hashing every row's id would cost more than the sort itself.
            wanted = {id(row) for row in self._kept_rows if row is not None}
            source_row = {id(row): position for position, row in enumerate(self._model.rows) if id(row) in wanted}
            self.changePersistentIndexList(old_persistent, [
                self._proxy_index(source_row[id(row)], index.column()) if id(row) in source_row else QModelIndex()
                for row, index in zip(self._kept_rows, old_persistent, strict=True)])
        self._kept_rows = []
        self.layoutChanged.emit()

    def _source_data_changed(self, *_arguments: object) -> None:
        # Cells change in place only with the language, and then all of them.
        if self._shown:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._shown) - 1, self._columns - 1))

    # ------------------------------------------------------------------------------------------- mapping

    def _proxy_index(self, source_row: int, column: int) -> QModelIndex:
        row = bisect.bisect_left(self._shown, source_row)
        if row < len(self._shown) and self._shown[row] == source_row:
            return self.createIndex(row, column)
        return QModelIndex()

    def mapToSource(self, proxy_index: QModelIndex | QPersistentModelIndex) -> QModelIndex:  # noqa: N802
        if not proxy_index.isValid():
            return QModelIndex()
        return self._model.index(self._shown[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: QModelIndex | QPersistentModelIndex) -> QModelIndex:  # noqa: N802
        if not source_index.isValid():
            return QModelIndex()
        return self._proxy_index(source_index.row(), source_index.column())

    # Painting reads every visible cell in many roles: these answer without mapping an index each time.
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        return self._model.cell(self._shown[index.row()], index.column(), role) if index.isValid() else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def index(self, row: int, column: int,
              parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._shown) and 0 <= column < self._columns):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: QModelIndex | QPersistentModelIndex | None = None) -> Any:
        # Without an argument this is QObject's parent; every row is top-level.
        return super().parent() if child is None else QModelIndex()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._columns

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and bool(self._shown)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        # Columns are never filtered; Qt's default maps the section through row 0, absent when nothing matches.
        return self._model.headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._model.sort(column, order)

    def row_at(self, index: QModelIndex | QPersistentModelIndex) -> Any:
        return self._model.rows[self._shown[index.row()]]
