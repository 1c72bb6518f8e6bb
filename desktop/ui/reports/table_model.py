"""The list of reports: a model over plain `ReportRow`s in display order, and a proxy that shows those whose
event title contains the search.

Built for tens of thousands of reports, as the Events table is: the rows arrive sorted from a worker, with their
search texts. A header click is one Python sort of one key per row, in the model, because a
`QSortFilterProxyModel` would call back into Python for each of ~600,000 comparisons; the proxy (a
`RowFilterProxy`) keeps the list of source rows it shows, so a keystroke is one list comprehension rather than a
Python call per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt

from hattama.i18n import _, format_date
from hattama.services.reports import STATUS_LABELS, STATUSES, ReportRow
from hattama.ui.row_filter_proxy import RowFilterProxy
from hattama.ui.row_table_model import DISPLAY, RowTableModel, collation_key, needle, sorted_positions

COLUMNS = ("ends", "event", "status", "languages")
ROW_ROLE = Qt.ItemDataRole.UserRole

# Along the workflow, so sorting by status lists drafts first and acknowledged reports last.
_STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}


def sort_keys(rows: Sequence[ReportRow], title_keys: list[str], column: str) -> list[Any]:
    """One comparable key per row: dates as dates, titles by their collation keys, statuses along the workflow."""
    if column == "ends":
        return [row.event_ends_at for row in rows]
    if column == "event":
        return title_keys
    if column == "status":
        return [_STATUS_RANK[row.status] for row in rows]
    return [row.languages for row in rows]


@dataclass(frozen=True)
class ReportTable:
    """Rows ready for the model, in display order with what search and a sort by title read of each; built on a
    worker, where making a Kazakh collation key for every title costs nobody a frozen window."""

    rows: list[ReportRow]
    search_texts: list[str]
    title_keys: list[str]
    sort_column: int
    descending: bool


def report_table(rows: Sequence[ReportRow], sort_column: int, descending: bool) -> ReportTable:
    title_keys = [collation_key(row.event_title) for row in rows]
    positions = sorted_positions(sort_keys(rows, title_keys, COLUMNS[sort_column]), descending)
    ordered = [rows[position] for position in positions]
    return ReportTable(ordered, [row.event_title.casefold() for row in ordered],
                       [title_keys[position] for position in positions], sort_column, descending)


def languages_label(languages: Sequence[str]) -> str:
    return ", ".join(language.upper() for language in languages)


def column_titles() -> tuple[str, ...]:
    return (_("Event ended"), _("Event"), _("Status"), _("Languages"))


class ReportsTableModel(RowTableModel):
    """The rows in display order with their search texts and title keys."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("ends", Qt.SortOrder.DescendingOrder, parent)
        self.rows: list[ReportRow] = []
        # Kept in step with `rows`, before Qt hears of a change, so the proxy never reads a stale one.
        self.search_texts: list[str] = []
        self.title_keys: list[str] = []

    def _take(self, table: ReportTable) -> None:
        self.rows, self.search_texts, self.title_keys = table.rows, table.search_texts, table.title_keys

    def _reorder(self, positions: Sequence[int], added: Sequence[ReportRow]) -> None:
        super()._reorder(positions, added)
        self.search_texts = [self.search_texts[position] for position in positions]
        self.title_keys = [self.title_keys[position] for position in positions]

    def sort_keys(self, column: str) -> list[Any]:
        return sort_keys(self.rows, self.title_keys, column)

    def column_titles(self) -> tuple[str, ...]:
        return column_titles()

    def cell(self, position: int, column_number: int, role: int) -> Any:
        if role == ROW_ROLE:
            return self.rows[position]
        column = COLUMNS[column_number]
        if role == Qt.ItemDataRole.ToolTipRole and column == "event":
            return self.rows[position].event_title  # the column is narrow beside the editor: titles elide
        if role != DISPLAY:
            return None
        row = self.rows[position]
        if column == "ends":
            return format_date(row.event_ends_at.date(), "medium")
        if column == "event":
            return row.event_title
        if column == "status":
            return _(STATUS_LABELS[row.status])
        return languages_label(row.languages)


class ReportsProxy(RowFilterProxy):
    """Shows the reports whose event title contains the search, in the model's order."""

    def __init__(self, model: ReportsTableModel, parent: QObject | None = None) -> None:
        super().__init__(model, parent)
        self.needle = ""

    def set_search(self, text: str) -> None:
        searched = needle(text)
        if searched == self.needle:
            return
        # Typing on: whatever contains the longer needle contains the shorter one too.
        candidates = self._shown if self.needle and self.needle in searched else range(len(self._model.rows))
        self.needle = searched
        self.show_rows(self._containing(candidates))

    def matching_rows(self) -> list[int]:
        return self._containing(range(len(self._model.rows)))

    def _containing(self, candidates: Sequence[int]) -> list[int]:
        if not self.needle:
            return list(candidates)
        texts, searched = self._model.search_texts, self.needle
        return [position for position in candidates if searched in texts[position]]
