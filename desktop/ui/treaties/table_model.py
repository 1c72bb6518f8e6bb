"""The list of treaties (p.2): a model over plain `TreatyRow`s in display order, and a proxy that shows those
matching the search and the status chosen, as the Events and Reports lists do."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt

from hattama.i18n import N_, _, current_language, format_date
from hattama.presentation.treaties import treaty_label
from hattama.rules.treaty_validation import TREATY_STATUSES
from hattama.services.event_reference import display_title
from hattama.services.treaties import TreatyRow
from hattama.ui.column_widths import FULL_TEXT_ROLE
from hattama.ui.row_filter_proxy import RowFilterProxy
from hattama.ui.row_table_model import DISPLAY, RowTableModel, collation_key, needle, sorted_positions

COLUMNS = ("signed", "title", "kind", "status", "in_force", "body")
# A status in the table's narrow column, short (the whole of it in the tooltip): "Қол қойылған, күшіне енбеген"
# was cut to "Қол қойы… енбеген" at 1024 px (issue 19); beside "In force", "Signed" says it is not yet.
SHORT_STATUSES = {"signed": N_("Signed")}
ROW_ROLE = Qt.ItemDataRole.UserRole
_STATUS_RANK = {status: rank for rank, status in enumerate(TREATY_STATUSES)}


def sort_keys(rows: Sequence[TreatyRow], title_keys: list[str], column: str) -> list[Any]:
    if column == "signed":
        return [row.signed_on for row in rows]
    if column == "title":
        return title_keys
    if column == "status":
        return [_STATUS_RANK.get(row.status, len(_STATUS_RANK)) for row in rows]
    if column == "in_force":
        return [(row.in_force_on is None, row.in_force_on) for row in rows]
    if column == "kind":
        return [row.kind for row in rows]
    return [collation_key(row.responsible_body) for row in rows]


@dataclass(frozen=True)
class TreatyTable:
    rows: list[TreatyRow]
    title_keys: list[str]
    sort_column: int
    descending: bool


def treaty_table(rows: Sequence[TreatyRow], language: str, sort_column: int, descending: bool) -> TreatyTable:
    """Built on a worker: the rows sorted, with the title keys a sort by title reads."""
    title_keys = [collation_key(display_title(row.title_kk, row.title_ru, language)) for row in rows]
    positions = sorted_positions(sort_keys(rows, title_keys, COLUMNS[sort_column]), descending)
    return TreatyTable([rows[p] for p in positions], [title_keys[p] for p in positions], sort_column, descending)


def column_titles() -> tuple[str, ...]:
    return (_("Signed"), _("Treaty"), _("Kind"), _("Status"), _("In force since"), _("Responsible body"))


class TreatiesTableModel(RowTableModel):
    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("signed", Qt.SortOrder.DescendingOrder, parent)
        self.rows: list[TreatyRow] = []
        self.title_keys: list[str] = []

    def _take(self, table: TreatyTable) -> None:
        self.rows, self.title_keys = table.rows, table.title_keys

    def _reorder(self, positions: Sequence[int], added: Sequence[TreatyRow]) -> None:
        super()._reorder(positions, added)
        self.title_keys = [self.title_keys[position] for position in positions]

    def sort_keys(self, column: str) -> list[Any]:
        return sort_keys(self.rows, self.title_keys, column)

    def column_titles(self) -> tuple[str, ...]:
        return column_titles()

    def cell(self, position: int, column_number: int, role: int) -> Any:
        row = self.rows[position]
        if role == ROW_ROLE:
            return row
        column = COLUMNS[column_number]
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole text of a cell elided in the middle, or shown short (a status).
            return treaty_label("status", row.status) if column == "status" else self._text(row, column)
        if role == FULL_TEXT_ROLE:  # where the column has room (WholeWhereRoom)
            return treaty_label("status", row.status) if column == "status" else None
        if role != DISPLAY:
            return None
        if column == "status" and row.status in SHORT_STATUSES:
            return _(SHORT_STATUSES[row.status])
        return self._text(row, column)

    @staticmethod
    def _text(row: TreatyRow, column: str) -> str:
        if column == "signed":
            return format_date(row.signed_on, "medium")
        if column == "title":
            return display_title(row.title_kk, row.title_ru, current_language())
        if column in ("kind", "status"):
            return treaty_label(column, getattr(row, column))
        if column == "in_force":
            return format_date(row.in_force_on, "medium") if row.in_force_on else ""
        return row.responsible_body


class TreatiesProxy(RowFilterProxy):
    """Shows the treaties whose texts contain the search and whose status is the one chosen (None: any)."""

    def __init__(self, model: TreatiesTableModel, parent: QObject | None = None) -> None:
        super().__init__(model, parent)
        self.needle = ""
        self.status: str | None = None

    def set_search(self, text: str) -> None:
        searched = needle(text)
        if searched != self.needle:
            self.needle = searched
            self.show_rows(self.matching_rows())

    def set_status(self, status: str | None) -> None:
        if status != self.status:
            self.status = status
            self.show_rows(self.matching_rows())

    def matching_rows(self) -> list[int]:
        rows, searched, status = self._model.rows, self.needle, self.status
        return [position for position, row in enumerate(rows)
                if (status is None or row.status == status) and (not searched or searched in row.search_text)]
