"""The Dashboard's tree: one row per group ("Overdue (12)"), the group's obligations as its children.

Built for 200,000 obligations. The store serves the groups (hattama.services.obligations.ObligationGroups): how
many each holds, then its rows a window at a time in due-date order, read when the view first paints them (an
indexed range, a few milliseconds) and the last few windows kept; the worker reads the first windows of the
groups that open. Every cell is worded when a view asks for it, and a view asks only for the rows on screen.
Hiding the closed groups drops the last rows and reads nothing.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Protocol

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from hattama.i18n import _, current_language, format_date
from hattama.presentation import obligations as words
from hattama.rules.obligations import ObligationState
from hattama.services.obligations import ObligationView
from hattama.ui.column_widths import FULL_TEXT_ROLE
from hattama.ui.dashboard.groups import GROUPS, OPEN_GROUPS, group_titles

STATE_COLOURS = {
    ObligationState.OVERDUE: QColor("#f4b6b6"),
    ObligationState.DUE_TODAY: QColor("#f7c98b"),
    ObligationState.DUE_SOON: QColor("#fbe7a1"),
    ObligationState.UPCOMING: QColor("#ffffff"),
    ObligationState.AWAITING_REQUEST: QColor("#dde9f7"),
    ObligationState.NO_CALENDAR: QColor("#eadcf2"),
    ObligationState.DONE: QColor("#d5eedb"),
    ObligationState.NOT_REQUESTED: QColor("#e3e6ea"),
    ObligationState.NOT_APPLICABLE: QColor("#e3e6ea"),
    ObligationState.BEFORE_TRACKING: QColor("#e3e6ea"),
}
STATE_BRUSHES = {state: QBrush(colour) for state, colour in STATE_COLOURS.items()}

COLUMNS = ("due", "state", "days_left", "item", "obligation", "event")
VIEW_ROLE = Qt.ItemDataRole.UserRole
DISPLAY = Qt.ItemDataRole.DisplayRole
_SERVED_ROLES = frozenset((DISPLAY, VIEW_ROLE, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole,
                           Qt.ItemDataRole.FontRole, FULL_TEXT_ROLE))
# An index's internal id says where it is, so one call answers what Qt asks: 0 is the invisible root's (any
# invalid index), 1 + r group row r's, and 1 + len(GROUPS) + r that of an obligation in group r.
_ROOT_ID = 0
_OBLIGATION_IDS = 1 + len(GROUPS)


def column_titles() -> tuple[str, ...]:
    return (_("Due"), _("State"), _("WD left"), _("Item"), _("Obligation"), _("Event"))


class Groups(Protocol):
    """What the model shows: the size of each group of GROUPS and its rows, a window at a time."""

    counts: dict[str, int]

    def rows(self, group: str, offset: int, limit: int) -> list[ObligationView]: ...


class _NoGroups:
    counts: dict[str, int] = dict.fromkeys(GROUPS, 0)

    def rows(self, group: str, offset: int, limit: int) -> list[ObligationView]:
        return []


class ObligationTreeModel(QAbstractItemModel):
    WINDOW = 200
    KEPT_WINDOWS = 12

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.groups: Groups = _NoGroups()
        self._counts = tuple(0 for _key in GROUPS)
        self._windows: OrderedDict[tuple[int, int], list[ObligationView]] = OrderedDict()
        self.windows_read = 0
        self._closed_shown = False
        self._group_font = QFont()
        self._group_font.setBold(True)

    # ------------------------------------------------------------------------------------------- contents

    def set_groups(self, groups: Groups) -> None:
        self.beginResetModel()
        self.groups = groups
        self._counts = tuple(groups.counts.get(key, 0) for key in GROUPS)
        self._windows.clear()
        self.endResetModel()

    def view(self, group: int, row: int) -> ObligationView | None:
        """The obligation on `row` of group `group`, read with its window when first asked for."""
        start = row - row % self.WINDOW
        window = self._windows.get((group, start))
        if window is None:
            window = self.groups.rows(GROUPS[group], start, self.WINDOW)
            self.windows_read += 1
            self._windows[group, start] = window
            while len(self._windows) > self.KEPT_WINDOWS:
                self._windows.popitem(last=False)
        else:
            self._windows.move_to_end((group, start))
        offset = row - start
        # The store changed under groups read before (another Hattama): a row gone reads as blank.
        return window[offset] if offset < len(window) else None

    def show_closed(self, shown: bool) -> None:
        """Shows or hides the done and not-applicable groups, the last rows."""
        if shown == self._closed_shown:
            return
        first, last = len(OPEN_GROUPS), len(GROUPS) - 1
        if shown:
            self.beginInsertRows(QModelIndex(), first, last)
            self._closed_shown = True
            self.endInsertRows()
        else:
            self.beginRemoveRows(QModelIndex(), first, last)
            self._closed_shown = False
            self.endRemoveRows()

    def group_index(self, key: str) -> QModelIndex:
        """The row of that group; invalid while the group is hidden."""
        return self.index(GROUPS.index(key), 0)

    def _group_count(self) -> int:
        return len(GROUPS) if self._closed_shown else len(OPEN_GROUPS)

    # -------------------------------------------------------------------------------------------- Qt API

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        # QTreeView asks for every child of an expanded group, twice, when it lays the group out: stay lean.
        parent_id = parent.internalId()
        if not 0 <= column < len(COLUMNS) or parent_id >= _OBLIGATION_IDS:
            return QModelIndex()
        if parent_id == _ROOT_ID:
            return self.createIndex(row, column, 1 + row) if 0 <= row < self._group_count() else QModelIndex()
        if parent.column() != 0 or not 0 <= row < self._counts[parent_id - 1]:
            return QModelIndex()
        return self.createIndex(row, column, _OBLIGATION_IDS + parent_id - 1)

    def parent(self, index: QModelIndex | QPersistentModelIndex) -> QModelIndex:  # type: ignore[override]
        index_id = index.internalId()
        if index_id < _OBLIGATION_IDS:
            return QModelIndex()
        group = index_id - _OBLIGATION_IDS
        return self.createIndex(group, 0, 1 + group)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        # Asked of every obligation too, when a group is laid out.
        parent_id = parent.internalId()
        if parent_id == _ROOT_ID:
            return self._group_count()
        if parent_id < _OBLIGATION_IDS and parent.column() == 0:
            return self._counts[parent_id - 1]
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return column_titles()[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or role not in _SERVED_ROLES:
            # Painting asks a dozen roles a cell; most are answered here, before any work.
            return None
        index_id = index.internalId()
        if index_id < _OBLIGATION_IDS:
            return self._group_data(index.row(), index.column(), role)
        view = self.view(index_id - _OBLIGATION_IDS, index.row())
        return None if view is None else _obligation_data(view, COLUMNS[index.column()], role)

    def _group_data(self, row: int, column: int, role: int) -> Any:
        if column != 0:
            return None
        if role == DISPLAY:
            return f"{group_titles()[GROUPS[row]]} ({self._counts[row]})"
        if role == Qt.ItemDataRole.FontRole:
            return self._group_font
        return None

    # ---------------------------------------------------------------------------------------------- language

    def retranslate(self) -> None:
        """Tells the views every text changed; they ask again only for the rows on screen (read again: a row's
        event title is the one of the language)."""
        self._windows.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        groups = self._group_count()
        self.dataChanged.emit(self.index(0, 0), self.index(groups - 1, 0))
        for row in range(groups):
            if members := self._counts[row]:
                parent = self.index(row, 0)
                self.dataChanged.emit(self.index(0, 0, parent), self.index(members - 1, len(COLUMNS) - 1, parent))


def _obligation_data(view: ObligationView, column: str, role: int) -> Any:
    if role == DISPLAY:
        return _display(view, column)
    if role == VIEW_ROLE:
        return view
    if role == Qt.ItemDataRole.BackgroundRole:
        return STATE_BRUSHES[view.state]
    if role == Qt.ItemDataRole.ToolTipRole:
        return _tooltip(view, column)
    if role == FULL_TEXT_ROLE:  # the state and title whole, where the column has room (WholeWhereRoom)
        if column == "state":
            return words.state_label(view, current_language())
        if column == "obligation":
            return words.title(view, current_language())
    return None


def _tooltip(view: ObligationView, column: str) -> str | None:
    """The whole text of a cell shown short or elided: the state's whole name, the obligation's whole title and
    what it asks, the event's title."""
    language = current_language()
    if column == "state":
        return words.state_label(view, language)
    if column == "obligation":
        return f"{words.title(view, language)}\n\n{words.explanation(view, language)}"
    if column == "event":
        return words.event_title(view, language) or None
    return None


def _display(view: ObligationView, column: str) -> str:
    obligation = view.obligation
    language = current_language()
    if column == "due":
        return format_date(obligation.planned_due, "short")
    if column == "state":
        return words.short_state_label(view, language)
    if column == "days_left":
        return "" if view.working_days_left is None else str(view.working_days_left)
    if column == "item":
        return words.item_label(obligation.item, language)
    if column == "obligation":
        return words.short_title(view, language)
    return words.event_title(view, language)
