"""What the lists held whole in memory (treaties, letters: hundreds of rows) share: a table model over plain rows
kept in display order, sorted by one Python sort of one key per row, and the text helpers their sorting and
searching use. The lists that grow to 100,000 rows (events, reports) are served by the store instead
(hattama.ui.windowed_model).

A `QSortFilterProxyModel` sort would call back into Python for each of ~1.7 million comparisons at 100,000 rows;
here a header click costs one key per row and one `sorted`. Pair the model with a `RowFilterProxy`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from hattama.db.search import collation_key

DISPLAY = Qt.ItemDataRole.DisplayRole
__all__ = ["DISPLAY", "RowTableModel", "collation_key", "needle", "sorted_positions"]

def sorted_positions(keys: list[Any], descending: bool) -> list[int]:
    # Python's sort is stable, so ties keep their previous order.
    return sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)


def needle(text: str) -> str:
    """What the officer typed, as casefolded search texts hold it; blank searches nothing."""
    return text.strip().casefold()


class RowTableModel(QAbstractTableModel):
    """Rows (each with an `id`) in display order. A subclass names its `COLUMNS`, answers `_take`, `cell`,
    `column_titles` and `sort_keys`, and keeps any list parallel to `rows` in step by extending `_reorder`. A re-ordering, rows leaving or coming back
    included, is one layout change in which each persistent index (the selection) follows its row."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, sort_column: str, sort_order: Qt.SortOrder, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self._sort_column = self.COLUMNS.index(sort_column)
        self._sort_order = sort_order

    # ------------------------------------------------------------------------------------------- contents

    def set_table(self, table: Any) -> None:
        """Swaps in rows a worker prepared, sorted by `table.sort_column` and `table.descending`; sorts them again
        if the header was clicked meanwhile."""
        self.beginResetModel()
        self._take(table)
        self.endResetModel()
        if (table.sort_column, table.descending) != (self._sort_column, self.descending()):
            self.sort(self._sort_column, self._sort_order)

    def row_of(self, row_id: object) -> int | None:
        """The position of the row with this `id`, if shown."""
        return next((position for position, row in enumerate(self.rows) if row.id == row_id), None)

    # ------------------------------------------------------------------------------------- for subclasses

    def _take(self, table: Any) -> None:
        """Keeps the rows of `table`, and whatever else the subclass keeps in step with them."""
        raise NotImplementedError

    def cell(self, position: int, column_number: int, role: int) -> Any:
        """What the cell shows in this role; the proxy asks here directly, without making an index."""
        raise NotImplementedError

    def column_titles(self) -> Sequence[str]:
        raise NotImplementedError

    def sort_keys(self, column: str) -> list[Any]:
        """One comparable key per row of `rows`, for sorting by this column."""
        raise NotImplementedError

    def _reorder(self, positions: Sequence[int], added: Sequence[Any]) -> None:
        """Keeps the row at each of `positions` of the current rows followed by `added`."""
        rows = [*self.rows, *added]
        self.rows = [rows[position] for position in positions]

    # ------------------------------------------------------------------------------------------- sorting

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        self._sort_column, self._sort_order = column, order
        self._rearrange(sorted_positions(self.sort_keys(self.COLUMNS[column]), self.descending()))

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    def descending(self) -> bool:
        return self._sort_order == Qt.SortOrder.DescendingOrder

    def _rearrange(self, positions: Sequence[int], added: Sequence[Any] = ()) -> None:
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_rows = [self.rows[index.row()] for index in old_persistent]
        self._reorder(positions, added)
        if old_persistent:
            # Rows are found by identity: hashing every row's id would cost more than the sort itself.
            new_row = {id(row): position for position, row in enumerate(self.rows)}
            self.changePersistentIndexList(old_persistent, [
                self.index(new_row[id(row)], index.column()) if id(row) in new_row else QModelIndex()
                for row, index in zip(old_rows, old_persistent, strict=True)])
        self.layoutChanged.emit()

    # -------------------------------------------------------------------------------------------- Qt API

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != DISPLAY:
            return None
        return self.column_titles()[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        return self.cell(index.row(), index.column(), role) if index.isValid() else None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.COLUMNS) - 1))
