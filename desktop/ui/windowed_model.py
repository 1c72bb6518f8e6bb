"""A table model over a listing the store serves (issue 18.2): it knows how many rows there are and reads them a
window at a time, so a list of 100,000 rows holds a few hundred.

A listing (hattama.services.event_list.Listing, or the reports') has `count`, `rows(offset, limit)` and
`position(id)`. A page opens it on a worker, with its first window, and hands both to `set_listing`; windows
further down are read when the view first paints them (a query of `WINDOW` rows by offset) and the last
`KEPT_WINDOWS` are kept. A listing opened without its count (a keystroke's: `counted` False) lists its first
window until `take_count` gets the count a worker read after it. Sorting is the listing's `ORDER BY`: `sort` only records the column and order and asks
the page (`sort_requested`) to open a listing sorted so.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

DISPLAY = Qt.ItemDataRole.DisplayRole
ROW_ROLE = Qt.ItemDataRole.UserRole


class Listing(Protocol):
    count: int
    counted: bool

    def rows(self, offset: int, limit: int) -> list[Any]: ...

    def position(self, row_id: Any) -> int | None: ...


class _Empty:
    count = 0
    counted = True

    def rows(self, offset: int, limit: int) -> list[Any]:
        return []

    def position(self, row_id: Any) -> int | None:
        return None


class WindowedTableModel(QAbstractTableModel):
    """Rows of a listing, read a window at a time. A subclass names its `COLUMNS` and answers `cell` and
    `column_titles`."""

    COLUMNS: tuple[str, ...] = ()
    # The roles `cell` answers; painting asks a dozen a cell, and the others are refused before any work.
    SERVED_ROLES: frozenset[int] = frozenset((DISPLAY, Qt.ItemDataRole.ToolTipRole))
    WINDOW = 100
    KEPT_WINDOWS = 8

    sort_requested = Signal()

    def __init__(self, sort_column: str, sort_order: Qt.SortOrder, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listing: Listing = _Empty()
        self._windows: OrderedDict[int, list[Any]] = OrderedDict()
        self._sort_column = self.COLUMNS.index(sort_column)
        self._sort_order = sort_order
        self.windows_read = 0  # windows read after the first (which comes with the listing)

    # ------------------------------------------------------------------------------------------- contents

    def set_listing(self, listing: Listing, first_rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.listing = listing
        self._windows = OrderedDict([(0, list(first_rows))])
        self.endResetModel()

    def take_count(self, listing: Listing, count: int) -> bool:
        """The count of `listing`, read after its first window: the rows past it are listed (False if the model
        shows another listing by now)."""
        if listing is not self.listing or listing.counted:
            return False
        shown = listing.count
        if count > shown:
            self.beginInsertRows(QModelIndex(), shown, count - 1)
            listing.count, listing.counted = count, True
            self.endInsertRows()
        elif count < shown:  # the store changed under it (another Hattama)
            self.beginRemoveRows(QModelIndex(), count, shown - 1)
            listing.count, listing.counted = count, True
            self.endRemoveRows()
        else:
            listing.counted = True
        return True

    def row(self, position: int) -> Any:
        start = position - position % self.WINDOW
        window = self._windows.get(start)
        if window is None:
            window = self.listing.rows(start, self.WINDOW)
            self.windows_read += 1
            self._windows[start] = window
            while len(self._windows) > self.KEPT_WINDOWS:
                self._windows.popitem(last=False)
        else:
            self._windows.move_to_end(start)
        offset = position - start
        # The store changed under a listing opened before (another Hattama): a row gone reads as blank.
        return window[offset] if offset < len(window) else None

    @property
    def rows(self) -> list[Any]:
        """The rows read so far from the top, in order (all of them for a list shorter than a window)."""
        read: list[Any] = []
        start = 0
        while (window := self._windows.get(start)) is not None:
            read += window
            start += self.WINDOW
        return read[:self.listing.count]

    def row_at(self, index: QModelIndex | QPersistentModelIndex) -> Any:
        return self.row(index.row())

    # ------------------------------------------------------------------------------------- for subclasses

    def cell(self, row: Any, column_number: int, role: int) -> Any:
        raise NotImplementedError

    def column_titles(self) -> Sequence[str]:
        raise NotImplementedError

    # ------------------------------------------------------------------------------------------- sorting

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS) or (column, order) == (self._sort_column, self._sort_order):
            return
        self._sort_column, self._sort_order = column, order
        self.sort_requested.emit()

    def set_sort(self, column: str, order: Qt.SortOrder) -> None:
        """Takes a remembered sort without asking for a listing (the page opens its first one after)."""
        if column in self.COLUMNS:
            self._sort_column, self._sort_order = self.COLUMNS.index(column), order

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    def sort_name(self) -> str:
        return self.COLUMNS[self._sort_column]

    def descending(self) -> bool:
        return self._sort_order == Qt.SortOrder.DescendingOrder

    # -------------------------------------------------------------------------------------------- Qt API

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.listing.count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != DISPLAY:
            return None
        return self.column_titles()[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or (role != ROW_ROLE and role not in self.SERVED_ROLES):
            return None
        row = self.row(index.row())
        if row is None:
            return None
        return row if role == ROW_ROLE else self.cell(row, index.column(), role)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self.listing.count:
            self.dataChanged.emit(self.index(0, 0), self.index(self.listing.count - 1, len(self.COLUMNS) - 1))
