"""The list of reports: a windowed model over the listing hattama.services.report_list serves (issue 18.2) —
the store searches the event titles and sorts; the model shows a window of rows at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt

from hattama.i18n import N_, _, format_date
from hattama.services.reports import STATUS_LABELS, ReportRow
from hattama.ui.column_widths import FULL_TEXT_ROLE
from hattama.ui.windowed_model import DISPLAY, WindowedTableModel

COLUMNS = ("ends", "event", "status", "languages")
# A status in the list's narrow column, short (the whole of it in the tooltip): beside the editor at 1024 px,
# "Получение подтверждено МИД" was elided to "Получение п…ерждено МИД" (issue 19).
SHORT_STATUS_LABELS: dict[str, str] = {**STATUS_LABELS, "acknowledged": N_("Acknowledged")}


def languages_label(languages: Sequence[str]) -> str:
    return ", ".join(language.upper() for language in languages)


def column_titles() -> tuple[str, ...]:
    return (_("Event ended"), _("Event"), _("Status"), _("Languages"))


class ReportsTableModel(WindowedTableModel):
    """Reports of the listing, a window at a time."""

    COLUMNS = COLUMNS
    SERVED_ROLES = frozenset((DISPLAY, Qt.ItemDataRole.ToolTipRole, FULL_TEXT_ROLE))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("ends", Qt.SortOrder.DescendingOrder, parent)

    def column_titles(self) -> tuple[str, ...]:
        return column_titles()

    def cell(self, row: ReportRow, column_number: int, role: int) -> Any:
        column = COLUMNS[column_number]
        if role == Qt.ItemDataRole.ToolTipRole:  # columns elide in the middle, a status shows short: the whole text
            return _(STATUS_LABELS[row.status]) if column == "status" else self._display(row, column)
        if role == FULL_TEXT_ROLE:  # where the column has room (WholeWhereRoom)
            return _(STATUS_LABELS[row.status]) if column == "status" else None
        return self._display(row, column) if role == DISPLAY else None

    @staticmethod
    def _display(row: ReportRow, column: str) -> str:
        if column == "ends":
            return format_date(row.event_ends_at.date(), "medium")
        if column == "event":
            return row.event_title
        if column == "status":
            return _(SHORT_STATUS_LABELS[row.status])
        return languages_label(row.languages)
