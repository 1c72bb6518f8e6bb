"""The list of reports: a windowed model over the listing hattama.services.report_list serves (issue 18.2) —
the store searches the event titles and sorts; the model shows a window of rows at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt

from hattama.i18n import _, format_date
from hattama.services.reports import STATUS_LABELS, ReportRow
from hattama.ui.windowed_model import DISPLAY, WindowedTableModel

COLUMNS = ("ends", "event", "status", "languages")


def languages_label(languages: Sequence[str]) -> str:
    return ", ".join(language.upper() for language in languages)


def column_titles() -> tuple[str, ...]:
    return (_("Event ended"), _("Event"), _("Status"), _("Languages"))


class ReportsTableModel(WindowedTableModel):
    """Reports of the listing, a window at a time."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("ends", Qt.SortOrder.DescendingOrder, parent)

    def column_titles(self) -> tuple[str, ...]:
        return column_titles()

    def cell(self, row: ReportRow, column_number: int, role: int) -> Any:
        column = COLUMNS[column_number]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._display(row, column)  # columns elide in the middle: the whole text
        return self._display(row, column) if role == DISPLAY else None

    @staticmethod
    def _display(row: ReportRow, column: str) -> str:
        if column == "ends":
            return format_date(row.event_ends_at.date(), "medium")
        if column == "event":
            return row.event_title
        if column == "status":
            return _(STATUS_LABELS[row.status])
        return languages_label(row.languages)
