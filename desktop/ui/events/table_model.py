"""The Events table: a model over plain `EventRow`s and a proxy that filters them cheaply.

Built for 100,000 rows. The model keeps, beside each row, a precomputed `FilterKey` and whether the current
filter accepts it: a filter change tests all keys in one list comprehension, and the proxy's `filterAcceptsRow`,
which Qt calls once per row, only looks the answer up (never through `index()`/`data()`). Sorting is done by
the model on its own list with Python's sort, because a proxy sort would call back into Python for each of
~1.7 million comparisons.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush

from desktop.i18n import _, country_name, current_language, format_datetime
from desktop.rules.event_validation import KAZAKHSTAN
from desktop.rules.obligations import ObligationState
from desktop.services.events import EventRow, display_title, kind_label
from desktop.services.obligations import STATE_LABELS
from desktop.ui.dashboard.page import STATE_COLOURS

COLUMNS = ("starts", "ends", "title", "kind", "place", "abroad", "role", "obligations")
ROW_ROLE = Qt.ItemDataRole.UserRole
DISPLAY = Qt.ItemDataRole.DisplayRole

# Most urgent first, so sorting the column brings what needs doing to the top; events without any last.
STATE_ORDER = (ObligationState.OVERDUE, ObligationState.DUE_TODAY, ObligationState.DUE_SOON,
               ObligationState.UPCOMING, ObligationState.DONE, ObligationState.NOT_APPLICABLE)
_STATE_RANK = {state: rank for rank, state in enumerate(STATE_ORDER)}

# Kazakh Cyrillic order; Russian letters keep their own order within it, so one key serves both languages
# (code-point order would put ә, ғ, қ, ң, ө, ұ, ү, һ, і and ё after я).
CYRILLIC_ORDER = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_COLLATION = str.maketrans({letter: chr(0xE000 + rank) for rank, letter in enumerate(CYRILLIC_ORDER)})


def collation_key(text: str) -> str:
    """A case-insensitive sort key that orders Kazakh and Russian words alphabetically."""
    return text.casefold().translate(_COLLATION)


# A trip abroad is marked with a plane, in a column narrow enough to leave the title its room.
ABROAD_MARK = "✈"


def column_titles() -> tuple[str, ...]:
    return (_("Starts"), _("Ends"), _("Title"), _("Kind"), _("Place"), ABROAD_MARK, _("Role"), _("Obligations"))


class FilterKey(NamedTuple):
    """What the proxy tests a row against; `countries` holds the place and every party's code."""

    year: int
    kind: str
    countries: tuple[str, ...]
    state: ObligationState | None
    search_text: str


def filter_key(row: EventRow, state: ObligationState | None) -> FilterKey:
    return FilterKey(row.starts_at.year, row.kind, (row.country, *row.party_codes), state, row.search_text)


def _accept_all(_key: FilterKey) -> bool:
    return True


@functools.lru_cache(maxsize=4096)
def _short_datetime(value: dt.datetime, language: str) -> str:
    # Babel takes ~50 µs per call; scrolling asks for the same visible cells again and again.
    return format_datetime(value, "short", language)


@functools.lru_cache(maxsize=1024)
def _country(code: str, language: str) -> str:
    return country_name(code, language)


def place_label(row: EventRow, language: str) -> str:
    country = _country(row.country, language)
    return f"{row.city}, {country}" if row.city else country


def sort_keys(rows: Sequence[EventRow], column: str, states: Mapping[uuid.UUID, ObligationState],
              language: str) -> list[Any]:
    """One comparable key per row: dates as dates, names in alphabetical order. Safe on any thread."""
    if column == "starts":
        return [row.starts_at for row in rows]
    if column == "ends":
        return [row.ends_at for row in rows]
    if column == "title":
        return [collation_key(display_title(row.title_kk, row.title_ru, language)) for row in rows]
    if column == "kind":
        labels = {kind: collation_key(kind_label(kind)) for kind in {row.kind for row in rows}}
        return [labels[row.kind] for row in rows]
    if column == "place":
        return [collation_key(place_label(row, language)) for row in rows]
    if column == "abroad":
        return [row.country != KAZAKHSTAN for row in rows]
    if column == "role":
        return [row.held_by_body for row in rows]
    unranked = len(STATE_ORDER)
    return [_STATE_RANK.get(states.get(row.id), unranked) for row in rows]  # type: ignore[arg-type]


def sorted_positions(keys: list[Any], descending: bool) -> list[int]:
    # Python's sort is stable, so ties keep their previous order (start time, as rows first arrive).
    return sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)


@dataclass(frozen=True)
class TableRows:
    """Rows ready for the model, in display order with their filter keys; built on a worker for large loads."""

    rows: list[EventRow]
    filter_keys: list[FilterKey]
    states: Mapping[uuid.UUID, ObligationState]
    sort_column: int
    descending: bool


def table_rows(rows: Sequence[EventRow], states: Mapping[uuid.UUID, ObligationState], sort_column: int,
               descending: bool, language: str) -> TableRows:
    positions = sorted_positions(sort_keys(rows, COLUMNS[sort_column], states, language), descending)
    ordered = [rows[position] for position in positions]
    return TableRows(ordered, [filter_key(row, states.get(row.id)) for row in ordered], states, sort_column,
                     descending)


class EventTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[EventRow] = []
        self.filter_keys: list[FilterKey] = []
        # Kept in step with `rows` by every change, before Qt hears of it, so the proxy never reads a stale one.
        self.accepted: list[bool] = []
        self._accepts: Callable[[FilterKey], bool] = _accept_all
        self.states: Mapping[uuid.UUID, ObligationState] = {}
        self._sort_column = COLUMNS.index("starts")
        self._sort_order = Qt.SortOrder.DescendingOrder

    # ------------------------------------------------------------------------------------------- contents

    def set_rows(self, rows: Sequence[EventRow], states: Mapping[uuid.UUID, ObligationState]) -> None:
        """Prepares the rows here, on the calling thread; for many rows prepare them with `table_rows` on a
        worker and pass the result to `set_table`."""
        self.set_table(table_rows(rows, states, self._sort_column, self._descending(), current_language()))

    def set_table(self, table: TableRows) -> None:
        self.beginResetModel()
        self.rows, self.filter_keys, self.states = table.rows, table.filter_keys, table.states
        self.accepted = self._test(self.filter_keys)
        self.endResetModel()
        if (table.sort_column, table.descending) != (self._sort_column, self._descending()):
            # The header was clicked while the rows were being prepared.
            self.sort(self._sort_column, self._sort_order)

    def remove_ids(self, ids: set[uuid.UUID]) -> list[EventRow]:
        """Takes the rows of these events out (e.g. moved to the bin) and returns them."""
        removed = []
        for position in range(len(self.rows) - 1, -1, -1):
            if self.rows[position].id in ids:
                self.beginRemoveRows(QModelIndex(), position, position)
                removed.append(self.rows.pop(position))
                del self.filter_keys[position]
                del self.accepted[position]
                self.endRemoveRows()
        return removed

    def add_rows(self, rows: Sequence[EventRow]) -> None:
        """Puts rows back (e.g. after undo) in their sorted places."""
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        keys = [filter_key(row, self.states.get(row.id)) for row in rows]
        self.rows.extend(rows)
        self.filter_keys.extend(keys)
        self.accepted.extend(self._test(keys))
        self.endInsertRows()
        self.sort(self._sort_column, self._sort_order)

    def set_predicate(self, accepts: Callable[[FilterKey], bool]) -> None:
        """Tests every row now; the proxy re-filters next."""
        self._accepts = accepts
        self.accepted = self._test(self.filter_keys)

    def _test(self, keys: list[FilterKey]) -> list[bool]:
        if self._accepts is _accept_all:
            return [True] * len(keys)
        return list(map(self._accepts, keys))

    def row_of(self, event_id: uuid.UUID) -> int | None:
        return next((position for position, row in enumerate(self.rows) if row.id == event_id), None)

    # -------------------------------------------------------------------------------------------- Qt API

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == DISPLAY:
            return column_titles()[section]
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section] == "abroad":
            return _("Abroad")
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == DISPLAY:
            return self._display(row, column)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == "obligations":
            state = self.states.get(row.id)
            return QBrush(STATE_COLOURS[state]) if state is not None else None
        return None

    def _display(self, row: EventRow, column: str) -> str:
        if column == "starts":
            return _short_datetime(row.starts_at, current_language())
        if column == "ends":
            return _short_datetime(row.ends_at, current_language())
        if column == "title":
            return display_title(row.title_kk, row.title_ru)
        if column == "kind":
            return kind_label(row.kind)
        if column == "place":
            return place_label(row, current_language())
        if column == "abroad":
            return ABROAD_MARK if row.country != KAZAKHSTAN else ""
        if column == "role":
            return _("Held by us") if row.held_by_body else _("Attended")
        state = self.states.get(row.id)
        return _(STATE_LABELS[state]) if state is not None else ""

    def _tooltip(self, row: EventRow, column: str) -> str:
        # Narrow columns elide; the tooltip gives the whole text (and both titles).
        if column == "title":
            return "\n".join(title for title in (row.title_kk, row.title_ru) if title)
        if column == "abroad":
            return _("Abroad") if row.country != KAZAKHSTAN else _("In Kazakhstan")
        return self._display(row, column)

    # ---------------------------------------------------------------------------------------------- sort

    def _descending(self) -> bool:
        return self._sort_order == Qt.SortOrder.DescendingOrder

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_ids = [self.rows[index.row()].id for index in old_persistent]
        keys = sort_keys(self.rows, COLUMNS[column], self.states, current_language())
        positions = sorted_positions(keys, self._descending())
        self.rows = [self.rows[position] for position in positions]
        self.filter_keys = [self.filter_keys[position] for position in positions]
        self.accepted = [self.accepted[position] for position in positions]
        if old_persistent:
            new_row = {row.id: position for position, row in enumerate(self.rows)}
            self.changePersistentIndexList(
                old_persistent, [self.index(new_row[event_id], index.column()) for event_id, index
                                 in zip(old_ids, old_persistent, strict=True)])
        self.layoutChanged.emit()

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    # ---------------------------------------------------------------------------------------------- language

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if COLUMNS[self._sort_column] in ("title", "kind", "place"):
            self.sort(self._sort_column, self._sort_order)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))


@dataclass(frozen=True)
class EventFilters:
    """What the page asks for; None means "any"."""

    search: str = ""
    year: int | None = None
    kind: str | None = None
    country: str | None = None
    state: ObligationState | None = None


def make_predicate(filters: EventFilters) -> Callable[[FilterKey], bool]:
    """One small function per active filter, combined once, so testing a row does only what is needed."""
    needle = filters.search.strip().casefold()
    year, kind, country, state = filters.year, filters.kind, filters.country, filters.state
    checks: list[Callable[[FilterKey], bool]] = []
    if needle:
        checks.append(lambda key: needle in key.search_text)
    if year is not None:
        checks.append(lambda key: key.year == year)
    if kind is not None:
        checks.append(lambda key: key.kind == kind)
    if country is not None:
        checks.append(lambda key: country in key.countries)
    if state is not None:
        checks.append(lambda key: key.state is state)
    if not checks:
        return _accept_all
    if len(checks) == 1:
        return checks[0]
    return lambda key: all(check(key) for check in checks)


class EventFilterProxy(QSortFilterProxyModel):
    """Filters by the model's precomputed keys; sorting is handed to the model (see the module's docstring)."""

    def __init__(self, model: EventTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.filters = EventFilters()
        self.setSourceModel(model)

    def set_filters(self, filters: EventFilters) -> None:
        if filters == self.filters:
            return
        self.filters = filters
        self._model.set_predicate(make_predicate(filters))
        # A full re-filter behind one layout change: refiltering row by row would emit a removal or insertion
        # for every scattered run of rows, seconds for 100,000 rows.
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        return self._model.accepted[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._model.sort(column, order)

    def row_at(self, index: QModelIndex) -> EventRow:
        return self._model.rows[self.mapToSource(index).row()]
