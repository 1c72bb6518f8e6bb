"""The Events table: a model over plain `EventRow`s and a proxy that shows the rows a filter accepts.

Built for 100,000 rows. The model keeps, beside each row, a precomputed `FilterKey`, and the rows' search texts
in a `RowSearch`. The proxy keeps the list of source rows it shows, in source order, and computes it with one
list comprehension per active filter and `RowSearch.find` for the search; typing a longer needle narrows the
rows already shown, and recent results are remembered. Qt never calls back into Python per row: a
`QSortFilterProxyModel` would call `filterAcceptsRow` 100,000 times a keystroke. Sorting is done by the model
on its own list with Python's sort, because a proxy sort would call back into Python for each of ~1.7 million
comparisons.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush

from desktop.i18n import _, country_name, current_language, format_datetime
from desktop.rules.event_validation import KAZAKHSTAN
from desktop.rules.obligations import ObligationState
from desktop.services.events import EventRow, display_title, kind_label
from desktop.services.obligations import STATE_LABELS, STATES_BY_URGENCY
from desktop.ui.dashboard.page import STATE_COLOURS
from desktop.ui.events.row_search import RowSearch

COLUMNS = ("starts", "ends", "title", "kind", "place", "abroad", "role", "obligations")
ROW_ROLE = Qt.ItemDataRole.UserRole
DISPLAY = Qt.ItemDataRole.DisplayRole

# Most urgent first, so sorting the column brings what needs doing to the top; events without any last.
_STATE_RANK = {state: rank for rank, state in enumerate(STATES_BY_URGENCY)}

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
    """What the proxy tests a row against, besides its search text; `countries` holds the place and every
    party's code."""

    year: int
    kind: str
    countries: tuple[str, ...]
    state: ObligationState | None


def filter_key(row: EventRow, state: ObligationState | None) -> FilterKey:
    return FilterKey(row.starts_at.year, row.kind, (row.country, *row.party_codes), state)


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
    unranked = len(STATES_BY_URGENCY)
    return [_STATE_RANK.get(states.get(row.id), unranked) for row in rows]  # type: ignore[arg-type]


def sorted_positions(keys: list[Any], descending: bool) -> list[int]:
    # Python's sort is stable, so ties keep their previous order (start time, as rows first arrive).
    return sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)


@dataclass(frozen=True)
class TableRows:
    """Rows ready for the model, in display order with their filter keys; built on a worker for large loads."""

    rows: list[EventRow]
    filter_keys: list[FilterKey]
    search: RowSearch
    states: Mapping[uuid.UUID, ObligationState]
    sort_column: int
    descending: bool


def table_rows(rows: Sequence[EventRow], states: Mapping[uuid.UUID, ObligationState], sort_column: int,
               descending: bool, language: str) -> TableRows:
    positions = sorted_positions(sort_keys(rows, COLUMNS[sort_column], states, language), descending)
    ordered = [rows[position] for position in positions]
    keys = [filter_key(row, states.get(row.id)) for row in ordered]
    return TableRows(ordered, keys, RowSearch(row.search_text for row in ordered), states, sort_column, descending)


_SERVED_ROLES = frozenset((DISPLAY, ROW_ROLE, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole))
# Rows are plain, selectable and never have children, as in any table model.
_CELL_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren


class EventTableModel(QAbstractTableModel):
    """The rows in display order with their filter keys. Rows leaving or coming back (the bin, undo) are
    announced as one layout change, as a filtering proxy does, so removing many events costs one re-filter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[EventRow] = []
        # Kept in step with `rows` by every change, before Qt hears of it, so the proxy never reads a stale one.
        self.filter_keys: list[FilterKey] = []
        self.search = RowSearch()
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
        self.search = table.search
        self.endResetModel()
        if (table.sort_column, table.descending) != (self._sort_column, self._descending()):
            # The header was clicked while the rows were being prepared.
            self.sort(self._sort_column, self._sort_order)

    def remove_ids(self, ids: set[uuid.UUID]) -> list[EventRow]:
        """Takes the rows of these events out (e.g. moved to the bin) and returns them."""
        removed = [row for row in self.rows if row.id in ids]
        if removed:
            self._rearrange([position for position, row in enumerate(self.rows) if row.id not in ids])
        return removed

    def add_rows(self, rows: Sequence[EventRow]) -> None:
        """Puts rows back (e.g. after undo) in their sorted places."""
        if not rows:
            return
        order = sort_keys([*self.rows, *rows], COLUMNS[self._sort_column], self.states, current_language())
        self._rearrange(sorted_positions(order, self._descending()), added=rows)

    def _rearrange(self, positions: list[int], added: Sequence[EventRow] = ()) -> None:
        """Shows, in one layout change, the row at each of `positions` of the current rows followed by `added`;
        a persistent index follows its event, or becomes invalid if the event left."""
        rows = [*self.rows, *added]
        keys = [*self.filter_keys, *(filter_key(row, self.states.get(row.id)) for row in added)]
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_ids = [self.rows[index.row()].id for index in old_persistent]
        self.rows = [rows[position] for position in positions]
        self.filter_keys = [keys[position] for position in positions]
        self.search.rearrange(positions, added=[row.search_text for row in added])
        if old_persistent:
            new_row = {row.id: position for position, row in enumerate(self.rows)}
            self.changePersistentIndexList(old_persistent, [
                self.index(new_row[event_id], index.column()) if event_id in new_row else QModelIndex()
                for event_id, index in zip(old_ids, old_persistent, strict=True)])
        self.layoutChanged.emit()

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
        return self.cell(index.row(), index.column(), role) if index.isValid() else None

    def cell(self, position: int, column_number: int, role: int) -> Any:
        """What the cell shows in this role; the proxy asks here directly, without making an index."""
        if role not in _SERVED_ROLES:
            # Painting asks a dozen roles a cell; most are answered here, before any work.
            return None
        row = self.rows[position]
        column = COLUMNS[column_number]
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
        keys = sort_keys(self.rows, COLUMNS[column], self.states, current_language())
        self._rearrange(sorted_positions(keys, self._descending()))

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


def needle(filters: EventFilters) -> str:
    """The search as the rows' casefolded search texts hold it; blank searches nothing."""
    return filters.search.strip().casefold()


def key_matches(keys: Sequence[FilterKey], filters: EventFilters) -> list[int]:
    """The positions of the keys that pass every active filter but the search, ascending."""
    positions: Sequence[int] = range(len(keys))
    if (year := filters.year) is not None:
        positions = [position for position in positions if keys[position].year == year]
    if (kind := filters.kind) is not None:
        positions = [position for position in positions if keys[position].kind == kind]
    if (country := filters.country) is not None:
        positions = [position for position in positions if country in keys[position].countries]
    if (state := filters.state) is not None:
        positions = [position for position in positions if keys[position].state is state]
    return list(positions)


class EventFilterProxy(QAbstractProxyModel):
    """Shows the model's rows that the filters accept, in the model's order.

    The shown rows are a list of source rows, ascending, so mapping either way is a lookup or a bisection.
    A filter change is one layout change, and persistent indexes (the selection) follow their rows.
    """

    # Enough to step back through what was typed, and to flip between a few filters, without a pass.
    REMEMBERED = 32

    def __init__(self, model: EventTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.filters = EventFilters()
        self._shown: list[int] = list(range(len(model.rows)))
        self._remembered: dict[EventFilters, list[int]] = {}
        self._kept_ids: list[uuid.UUID | None] = []
        self.setSourceModel(model)
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        model.layoutAboutToBeChanged.connect(self._source_layout_about_to_change)
        model.layoutChanged.connect(self._source_layout_changed)
        model.dataChanged.connect(self._source_data_changed)
        model.headerDataChanged.connect(self.headerDataChanged)

    # ------------------------------------------------------------------------------------------- filtering

    def set_filters(self, filters: EventFilters) -> None:
        if filters == self.filters:
            return
        shown = self._matching(filters)
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_sources = [self._shown[index.row()] for index in old_persistent]
        self.filters, self._shown = filters, shown
        self.changePersistentIndexList(old_persistent, [
            self._proxy_index(source_row, index.column())
            for source_row, index in zip(old_sources, old_persistent, strict=True)])
        self.layoutChanged.emit()

    def _matching(self, filters: EventFilters) -> list[int]:
        """The source rows for these filters: remembered, or searched among rows that pass a weaker filter."""
        if (known := self._remembered.get(filters)) is not None:
            return known
        searched, previous = needle(filters), needle(self.filters)
        if previous and previous in searched and replace(self.filters, search="") == replace(filters, search=""):
            # Typing on: whatever contains the longer needle contains the shorter one too.
            return self._remember(filters, self._model.search.find(searched, self._shown))
        return self._matching_afresh(filters)

    def _matching_afresh(self, filters: EventFilters) -> list[int]:
        without_search = replace(filters, search="")
        candidates = self._remembered.get(without_search)
        if candidates is None:
            candidates = self._remember(without_search, key_matches(self._model.filter_keys, without_search))
        searched = needle(filters)
        return self._remember(filters, self._model.search.find(searched, candidates)) if searched else candidates

    def _remember(self, filters: EventFilters, shown: list[int]) -> list[int]:
        if len(self._remembered) >= self.REMEMBERED:
            del self._remembered[next(iter(self._remembered))]
        self._remembered[filters] = shown
        return shown

    def _refilter(self) -> None:
        self._remembered.clear()
        self._shown = self._matching_afresh(self.filters)

    # ------------------------------------------------------------------------------- following the model

    def _source_reset(self) -> None:
        self._refilter()
        self.endResetModel()

    def _source_layout_about_to_change(self) -> None:
        self.layoutAboutToBeChanged.emit()
        rows = self._model.rows
        self._kept_ids = [rows[self._shown[index.row()]].id if index.isValid() else None
                          for index in self.persistentIndexList()]

    def _source_layout_changed(self) -> None:
        old_persistent = self.persistentIndexList()
        self._refilter()
        if old_persistent:
            wanted = set(self._kept_ids)
            source_row = {row.id: position for position, row in enumerate(self._model.rows) if row.id in wanted}
            self.changePersistentIndexList(old_persistent, [
                self._proxy_index(source_row[event_id], index.column()) if event_id in source_row else QModelIndex()
                for event_id, index in zip(self._kept_ids, old_persistent, strict=True)])
        self._kept_ids = []
        self.layoutChanged.emit()

    def _source_data_changed(self, *_arguments: object) -> None:
        # Only the language changes cells in place, and then all of them.
        if self._shown:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._shown) - 1, len(COLUMNS) - 1))

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

    # Painting reads every visible cell in many roles: these answer without mapping an index each time.
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        return self._model.cell(self._shown[index.row()], index.column(), role) if index.isValid() else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mapFromSource(self, source_index: QModelIndex | QPersistentModelIndex) -> QModelIndex:  # noqa: N802
        if not source_index.isValid():
            return QModelIndex()
        return self._proxy_index(source_index.row(), source_index.column())

    def index(self, row: int, column: int,
              parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._shown) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: QModelIndex | QPersistentModelIndex | None = None) -> Any:  # type: ignore[override]
        # Without an argument this is QObject's parent; every row is top-level.
        return super().parent() if child is None else QModelIndex()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and bool(self._shown)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        # Columns are never filtered; Qt's default maps the section through row 0, absent when nothing matches.
        return self._model.headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._model.sort(column, order)

    def row_at(self, index: QModelIndex | QPersistentModelIndex) -> EventRow:
        return self._model.rows[self._shown[index.row()]]
