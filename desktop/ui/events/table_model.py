"""The Events table: a windowed model over the listing hattama.services.event_list serves (issue 18.2).

The store filters, searches (FTS5) and sorts; the model shows `WINDOW` rows at a time, each with its event's
most urgent obligation state as stored.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from hattama.i18n import N_, _, country_name, current_language, format_datetime
from hattama.presentation.obligations import SHORT_STATE_LABELS, STATE_LABELS
from hattama.rules.event_validation import KAZAKHSTAN
from hattama.rules.plans import STATUS_LABELS, EventStatus
from hattama.services.event_list import EventListRow
from hattama.services.event_reference import display_title, kind_label
from hattama.ui.column_widths import FULL_TEXT_ROLE
from hattama.ui.dashboard.obligations_model import STATE_BRUSHES
from hattama.ui.windowed_model import DISPLAY, ROW_ROLE, WindowedTableModel

COLUMNS = ("starts", "ends", "title", "kind", "place", "abroad", "role", "status", "obligations")
__all__ = ["ABROAD_MARK", "COLUMNS", "ROW_ROLE", "SHORT_STATUS_LABELS", "EventTableModel", "column_titles",
           "place_label", "short_status_label", "status_label"]

# A trip abroad is marked with a plane, in a column narrow enough to leave the title its room.
ABROAD_MARK = "✈"


# The statuses' short names, for the table's narrow column (the whole name in the tooltip): in Kazakh "Кейінге
# қалдырылған" left the column no room at 1024 px (issue 19).
SHORT_STATUS_LABELS: dict[EventStatus, str] = {**STATUS_LABELS, EventStatus.POSTPONED: N_("Deferred")}


def column_titles() -> tuple[str, ...]:
    # "Venue", not "Place": in Kazakh "Өткізілген орны" was the column's floor, and left the title short (issue 19).
    return (_("Starts"), _("Ends"), _("Title"), _("Kind"), _("Venue"), ABROAD_MARK, _("Role"), _("Status"),
            _("Obligations"))


def place_label(row: EventListRow, language: str) -> str:
    country = country_name(row.country, language)
    return f"{row.city}, {country}" if row.city else country


def status_label(status: str) -> str:
    return _(STATUS_LABELS[EventStatus(status)]) if status in EventStatus._value2member_map_ else status


def short_status_label(status: str) -> str:
    return _(SHORT_STATUS_LABELS[EventStatus(status)]) if status in EventStatus._value2member_map_ else status


class EventTableModel(WindowedTableModel):
    """Events of the listing, a window at a time."""

    COLUMNS = COLUMNS
    SERVED_ROLES = frozenset((DISPLAY, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole, FULL_TEXT_ROLE))
    # A screenful (about 25 rows at 768 px, 50 on a tall screen): each keystroke's first window is read and its
    # urgency worked out for half the rows of the default window (issue 18.2); as many rows are kept.
    WINDOW = 50
    KEPT_WINDOWS = 16

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("starts", Qt.SortOrder.DescendingOrder, parent)

    # ------------------------------------------------------------------------------------------- cells

    def column_titles(self) -> tuple[str, ...]:
        return column_titles()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and COLUMNS[section] == "abroad"):
            return _("Abroad")
        return super().headerData(section, orientation, role)

    def cell(self, row: EventListRow, column_number: int, role: int) -> Any:
        column = COLUMNS[column_number]
        if role == DISPLAY:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == FULL_TEXT_ROLE:  # the status and state whole, where the column has room (WholeWhereRoom)
            return self._tooltip(row, column) if column in ("status", "obligations") else None
        if column == "obligations":
            return STATE_BRUSHES[row.state] if row.state is not None else None
        return None

    def _display(self, row: EventListRow, column: str) -> str:
        if column == "starts":
            return format_datetime(row.starts_at, "short")
        if column == "ends":
            return format_datetime(row.ends_at, "short")
        if column == "title":
            return display_title(row.title_kk, row.title_ru, current_language())
        if column == "kind":
            return kind_label(row.kind, current_language())
        if column == "place":
            return place_label(row, current_language())
        if column == "abroad":
            return ABROAD_MARK if row.country != KAZAKHSTAN else ""
        if column == "role":
            return _("Held by us") if row.held_by_body else _("Attended")
        if column == "status":
            return short_status_label(row.status)
        return _(SHORT_STATE_LABELS[row.state]) if row.state is not None else ""

    def _tooltip(self, row: EventListRow, column: str) -> str:
        # Long text elides in the middle, a status shows short; the tooltip gives the whole of it (and both titles).
        if column == "title":  # the kind too: at 1024 px its column gives way to the title's
            titles = [title for title in (row.title_kk, row.title_ru) if title]
            return "\n".join([*titles, kind_label(row.kind, current_language())])
        if column == "abroad":
            return _("Abroad") if row.country != KAZAKHSTAN else _("In Kazakhstan")
        if column == "status":
            return status_label(row.status)
        if column == "obligations":
            return _(STATE_LABELS[row.state]) if row.state is not None else ""
        return self._display(row, column)
