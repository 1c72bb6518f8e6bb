"""The Events table: a model over plain `EventRow`s and a proxy that shows the rows a filter accepts.

Built for 100,000 rows. The model (a `RowTableModel`) keeps, beside each row, a precomputed `FilterKey`, and the
rows' search texts in a `RowSearch`; it sorts its own list. The proxy (a `RowFilterProxy`) keeps the list of
source rows it shows and computes it with one list comprehension per active filter and `RowSearch.find` for
the search; typing a longer needle narrows the rows already shown, and recent results are remembered. Qt never
calls back into Python per row, as a `QSortFilterProxyModel` would, 100,000 times a keystroke.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QObject,
    Qt,
)

from hattama.i18n import _, country_name, current_language, format_datetime
from hattama.rules.event_validation import KAZAKHSTAN
from hattama.rules.obligations import ObligationState
from hattama.services.events import EventRow, display_title, kind_label
from hattama.services.obligations import STATE_LABELS, STATES_BY_URGENCY
from hattama.ui.dashboard.obligations_model import STATE_BRUSHES
from hattama.ui.events.row_search import RowSearch
from hattama.ui.row_filter_proxy import RowFilterProxy
from hattama.ui.row_table_model import DISPLAY, RowTableModel, collation_key, needle, sorted_positions

COLUMNS = ("starts", "ends", "title", "kind", "place", "abroad", "role", "obligations")
ROW_ROLE = Qt.ItemDataRole.UserRole

# Most urgent first, so sorting the column brings what needs doing to the top; events without any last.
_STATE_RANK = {state: rank for rank, state in enumerate(STATES_BY_URGENCY)}

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


def place_label(row: EventRow, language: str) -> str:
    country = country_name(row.country, language)
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


class EventTableModel(RowTableModel):
    """The rows in display order with their filter keys and search texts. Rows leaving or coming back (the bin,
    undo) are one layout change, as a filtering proxy's are, so removing many events costs one re-filter."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("starts", Qt.SortOrder.DescendingOrder, parent)
        self.rows: list[EventRow] = []
        # Kept in step with `rows` by every change, before Qt hears of it, so the proxy never reads a stale one.
        self.filter_keys: list[FilterKey] = []
        self.search = RowSearch()
        self.states: Mapping[uuid.UUID, ObligationState] = {}

    # ------------------------------------------------------------------------------------------- contents

    def set_rows(self, rows: Sequence[EventRow], states: Mapping[uuid.UUID, ObligationState]) -> None:
        """Prepares the rows here, on the calling thread; for many rows prepare them with `table_rows` on a
        worker and pass the result to `set_table`."""
        self.set_table(table_rows(rows, states, self._sort_column, self.descending(), current_language()))

    def _take(self, table: TableRows) -> None:
        self.rows, self.filter_keys, self.states, self.search = table.rows, table.filter_keys, table.states, table.search

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
        self._rearrange(sorted_positions(order, self.descending()), added=rows)

    def _reorder(self, positions: Sequence[int], added: Sequence[EventRow]) -> None:
        keys = [*self.filter_keys, *(filter_key(row, self.states.get(row.id)) for row in added)]
        super()._reorder(positions, added)
        self.filter_keys = [keys[position] for position in positions]
        self.search.rearrange(positions, added=[row.search_text for row in added])

    def sort_keys(self, column: str) -> list[Any]:
        return sort_keys(self.rows, column, self.states, current_language())

    # ------------------------------------------------------------------------------------------- cells

    def column_titles(self) -> tuple[str, ...]:
        return column_titles()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and COLUMNS[section] == "abroad"):
            return _("Abroad")
        return super().headerData(section, orientation, role)

    def cell(self, position: int, column_number: int, role: int) -> Any:
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
            return STATE_BRUSHES[state] if state is not None else None
        return None

    def _display(self, row: EventRow, column: str) -> str:
        if column == "starts":
            return format_datetime(row.starts_at, "short")
        if column == "ends":
            return format_datetime(row.ends_at, "short")
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

    # ---------------------------------------------------------------------------------------------- language

    def retranslate(self) -> None:
        if COLUMNS[self._sort_column] in ("title", "kind", "place"):
            self.sort(self._sort_column, self._sort_order)
        super().retranslate()


@dataclass(frozen=True)
class EventFilters:
    """What the page asks for; None means "any"."""

    search: str = ""
    year: int | None = None
    kind: str | None = None
    country: str | None = None
    state: ObligationState | None = None


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


class EventFilterProxy(RowFilterProxy):
    """Shows the model's rows that the filters accept, in the model's order."""

    # Enough to step back through what was typed, and to flip between a few filters, without a pass.
    REMEMBERED = 32

    def __init__(self, model: EventTableModel, parent: QObject | None = None) -> None:
        self.filters = EventFilters()
        self._remembered: dict[EventFilters, list[int]] = {}
        super().__init__(model, parent)

    def set_filters(self, filters: EventFilters) -> None:
        if filters == self.filters:
            return
        shown = self._matching(filters)
        self.filters = filters
        self.show_rows(shown)

    def matching_rows(self) -> list[int]:
        # The model's rows changed: what was remembered of the old ones no longer holds.
        self._remembered.clear()
        return self._matching_afresh(self.filters)

    def _matching(self, filters: EventFilters) -> list[int]:
        """The source rows for these filters: remembered, or searched among rows that pass a weaker filter."""
        if (known := self._remembered.get(filters)) is not None:
            return known
        searched, previous = needle(filters.search), needle(self.filters.search)
        if previous and previous in searched and replace(self.filters, search="") == replace(filters, search=""):
            # Typing on: whatever contains the longer needle contains the shorter one too.
            return self._remember(filters, self._model.search.find(searched, self._shown))
        return self._matching_afresh(filters)

    def _matching_afresh(self, filters: EventFilters) -> list[int]:
        without_search = replace(filters, search="")
        candidates = self._remembered.get(without_search)
        if candidates is None:
            candidates = self._remember(without_search, key_matches(self._model.filter_keys, without_search))
        searched = needle(filters.search)
        return self._remember(filters, self._model.search.find(searched, candidates)) if searched else candidates

    def _remember(self, filters: EventFilters, shown: list[int]) -> list[int]:
        if len(self._remembered) >= self.REMEMBERED:
            del self._remembered[next(iter(self._remembered))]
        self._remembered[filters] = shown
        return shown
