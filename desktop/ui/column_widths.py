"""How the long tables lay out their columns (issue 19.4), one mechanism for the Events, Reports, Treaties and
Letters tables:

- the title column stretches and never collapses: when the window is narrow, the columns that can be spared are
  hidden (shown again when the window widens), then the others that may elide give up width, down to a floor;
- the other columns fit their content, sized from sample texts in the current language (never by measuring
  100,000 rows);
- long text elides in the middle (the models give the whole text as a tooltip);
- the widths the officer drags and the sort order the officer clicks are remembered per officer
  (`officer.json`, hattama.services.officer `table_layouts`), per table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
)

from hattama.services.errors import ServiceError
from hattama.services.officer import load_officer, save_officer

# Room beside a cell's text, and beside a header's title for its sort arrow.
CELL_PADDING = 16
# The title column keeps at least this; columns that elide give way down to their floor.
TITLE_MINIMUM = 220
# ... and, when the elidable columns can give it, this share of the table's width (issue 19: at 1366 px the Events
# titles were elided while the kinds and places kept their whole text).
TITLE_SHARE = 0.36
ELIDED_FLOOR = 70
# Below this an elided column shows too few letters to be read; a spare column gives its room first.
READABLE = 160
# What a cell leaves its text of the column's width (the style's margins, each side).
CELL_MARGINS = 8
# A cell shown in a short form ("Сұрату күтілуде") gives its whole text ("СІМ сұратуы күтілуде") for this role.
FULL_TEXT_ROLE = Qt.ItemDataRole.UserRole + 40
# A drag writes the officer's file once it pauses.
SAVE_DELAY_MS = 400


def header_of(view: QAbstractItemView) -> QHeaderView:
    """The column header of a table or a tree (the Dashboard's)."""
    return view.header() if isinstance(view, QTreeView) else view.horizontalHeader()  # type: ignore[attr-defined]


def fit_to_samples(table: QAbstractItemView, columns: Sequence[str], titles: Sequence[str],
                   samples: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """The width each named column needs for its widest sample text, or its title with the sort arrow (a tree's
    first column also holds its rows' indentation and branch marks)."""
    cells = table.fontMetrics()
    headers = header_of(table).fontMetrics()
    indent = 2 * table.indentation() if isinstance(table, QTreeView) else 0
    return {name: max([cells.horizontalAdvance(text) + (indent if columns.index(name) == 0 else 0) for text in texts]
                      + [headers.horizontalAdvance(titles[columns.index(name)]) + CELL_PADDING]) + CELL_PADDING
            for name, texts in samples.items()}


class WholeWhereRoom(QStyledItemDelegate):
    """Draws a cell's whole text (FULL_TEXT_ROLE) where its column has room for it, else its short form: the
    columns are sized for the short forms, an officer who widens one sees the whole words."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        whole = index.data(FULL_TEXT_ROLE)
        if whole and option.fontMetrics.horizontalAdvance(whole) <= option.rect.width() - CELL_MARGINS:
            option.text = whole


class TableLayout(QObject):
    """Lays out `table`'s columns (named `columns`) with `stretch` taking what is left; `elidable` columns give
    way to it on a narrow window, after `droppable` ones (in that order) are hidden. `key` names the table in
    the officer's settings."""

    def __init__(self, table: QTableView | QTreeView, key: str, columns: Sequence[str], stretch: str,
                 elidable: Sequence[str] = (), droppable: Sequence[str] = (), title_share: float = TITLE_SHARE,
                 keep: Sequence[str] = (), spare: Sequence[str] = (), shortened: Sequence[str] = ()) -> None:
        super().__init__(table)
        self.table, self.key, self.columns = table, key, tuple(columns)
        self.stretch, self.elidable, self.droppable = stretch, tuple(elidable), tuple(droppable)
        # Elidable columns whose words carry the meaning (a status): they give way only after the others are at
        # their floor, and only for the title's minimum, not its share (issue 19: in Kazakh at 1024 px the Events
        # status was "Жосп…нған").
        self.keep = tuple(keep)
        # Columns hidden (in their order) when the title's share would otherwise elide the other columns below
        # READABLE (issue 19: in Kazakh at 1024 px the Events kind and place were "Кон…рум", "Ас…тан").
        self.spare = tuple(spare)
        # Columns whose cells show a short form, the whole text where the column has room (WholeWhereRoom).
        self._whole_where_room = WholeWhereRoom(table)
        for name in shortened:
            table.setItemDelegateForColumn(self.columns.index(name), self._whole_where_room)
        self.title_share = title_share
        self._dropped: set[str] = set()
        self._adjusting = False
        self._fitted: dict[str, int] = {}
        remembered = _remembered(key)
        self.widths: dict[str, int] = {name: width for name, width in remembered.get("widths", {}).items()
                                       if name in self.columns and isinstance(width, int) and width > 0}
        sort = remembered.get("sort")
        self.sort: tuple[str, bool] | None = (
            (sort[0], sort[1]) if isinstance(sort, list) and len(sort) == 2 and sort[0] in self.columns
            and isinstance(sort[1], bool) else None)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        table.setWordWrap(False)
        header = header_of(table)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.columns.index(stretch), QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(self._resized)
        header.sortIndicatorChanged.connect(self._sorted)
        table.viewport().installEventFilter(self)

    # -------------------------------------------------------------------------------------------- sorting

    def remembered_sort(self, default: str, descending: bool) -> tuple[int, Qt.SortOrder]:
        """The sort to start with: the officer's last, else the default; shown on the header."""
        name, down = self.sort or (default, descending)
        order = Qt.SortOrder.DescendingOrder if down else Qt.SortOrder.AscendingOrder
        self._adjusting = True
        header_of(self.table).setSortIndicator(self.columns.index(name), order)
        self._adjusting = False
        return self.columns.index(name), order

    def _sorted(self, section: int, order: Qt.SortOrder) -> None:
        if self._adjusting or not 0 <= section < len(self.columns):
            return
        self.sort = (self.columns[section], order == Qt.SortOrder.DescendingOrder)
        self._save_timer.start()

    # --------------------------------------------------------------------------------------------- widths

    def fit(self, titles: Sequence[str], samples: Mapping[str, Sequence[str]]) -> None:
        """Sizes each sampled column to its content (in the current language) unless the officer set its
        width, then makes room for the title."""
        self._fitted = fit_to_samples(self.table, self.columns, titles, samples)
        header = header_of(self.table)
        self._adjusting = True
        try:
            for name in self.columns:
                if name == self.stretch:
                    continue
                width = self.widths.get(name, self._fitted.get(name))
                if width is not None:
                    header.resizeSection(self.columns.index(name), width)
        finally:
            self._adjusting = False
        self.make_room()

    def fitted_widths(self) -> dict[str, int]:
        """The width each sampled column needs for its content, in the current language."""
        return dict(self._fitted)

    def make_room(self) -> None:
        """Hides droppable columns (in their order) until the title has its minimum, and spare ones while the
        others would be elided below READABLE; then narrows the widest elidable ones to one level until the title
        has its share of the width (`title_share`), the `keep` ones only for its minimum; a column the officer
        sized stays as set."""
        header = header_of(self.table)
        self._adjusting = True
        try:
            for name in self._dropped:
                header.setSectionHidden(self.columns.index(name), False)
            self._dropped.clear()
            missing = self._missing(TITLE_MINIMUM)
            for name in self.droppable:
                column = self.columns.index(name)
                if missing <= 0:
                    break
                if not header.isSectionHidden(column):
                    missing -= header.sectionSize(column)
                    header.setSectionHidden(column, True)
                    self._dropped.add(name)
            share = max(TITLE_MINIMUM, int(self.table.viewport().width() * self.title_share))
            giving = [name for name in self.elidable if name not in self.keep]
            for name in self.spare:  # rather than two columns elided to a few letters each, one whole
                column = self.columns.index(name)
                if header.isSectionHidden(column):
                    continue
                if not self._squeezed(giving, self._missing(share)):
                    break
                header.setSectionHidden(column, True)
                self._dropped.add(name)
            self._level(giving, self._missing(share))
            self._level([name for name in self.elidable if name in self.keep], self._missing(TITLE_MINIMUM))
        finally:
            self._adjusting = False

    def _planned(self, names: Sequence[str], wanted: int) -> tuple[dict[int, int], dict[int, int]]:
        """The named columns' widths (not the officer's, not hidden), and those they would have narrowed to one
        level to give `wanted` pixels."""
        header = header_of(self.table)
        sizes = {self.columns.index(name): header.sectionSize(self.columns.index(name))
                 for name in names if name not in self.widths
                 and not header.isSectionHidden(self.columns.index(name))}
        model, metrics = self.table.model(), header.fontMetrics()
        floors = {column: max(ELIDED_FLOOR, metrics.horizontalAdvance(
            str(model.headerData(column, Qt.Orientation.Horizontal) or "")) + CELL_PADDING) for column in sizes}
        return sizes, _levelled(sizes, wanted, floors)

    def _squeezed(self, names: Sequence[str], wanted: int) -> bool:
        """Whether giving `wanted` pixels would elide one of the named columns below READABLE."""
        sizes, planned = self._planned(names, wanted)
        return any(width < min(sizes[column], READABLE) for column, width in planned.items())

    def _level(self, names: Sequence[str], wanted: int) -> None:
        """Narrows the named columns (not the officer's, not hidden) to one level to give `wanted` pixels."""
        header = header_of(self.table)
        for column, width in self._planned(names, wanted)[1].items():
            header.resizeSection(column, width)

    def _missing(self, title: int) -> int:
        """How much the title lacks of `title` pixels beside the other columns shown."""
        header = header_of(self.table)
        stretch = self.columns.index(self.stretch)
        others = sum(header.sectionSize(column) for column in range(len(self.columns))
                     if column != stretch and not header.isSectionHidden(column))
        return title - (self.table.viewport().width() - others)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and self._fitted:
            self._restore_fitted()
            self.make_room()
        return False

    def _restore_fitted(self) -> None:
        """Gives the elidable columns back their fitted widths before making room again (a wider window)."""
        header = header_of(self.table)
        self._adjusting = True
        try:
            for name in self.elidable:
                if name not in self.widths and name in self._fitted:
                    header.resizeSection(self.columns.index(name), self._fitted[name])
        finally:
            self._adjusting = False

    def _resized(self, section: int, _old: int, new: int) -> None:
        if self._adjusting or not 0 <= section < len(self.columns) or self.columns[section] == self.stretch:
            return
        self.widths[self.columns[section]] = new
        self._save_timer.start()

    # ------------------------------------------------------------------------------------------- the file

    def save(self) -> None:
        self._save_timer.stop()
        layouts = dict(load_officer().table_layouts)
        layouts[self.key] = {"widths": dict(self.widths), "sort": list(self.sort) if self.sort else None}
        try:
            save_officer(table_layouts=layouts)
        except ServiceError:
            pass  # a read-only config folder: the layout holds for this session


def _levelled(sizes: dict[int, int], wanted: int, floors: dict[int, int]) -> dict[int, int]:
    """The widest columns narrowed to one level (never below their floor: their header's title) so that together
    they give `wanted` pixels, or all they can: the short columns (a status) keep their text while the long ones
    give way."""
    if wanted <= 0 or not sizes:
        return sizes
    level = max(sizes.values())

    def given(level: int) -> int:
        return sum(max(width - max(level, floors[column]), 0) for column, width in sizes.items())

    while level > ELIDED_FLOOR and given(level) < wanted:
        level -= 1
    return {column: min(width, max(level, floors[column])) for column, width in sizes.items()}


def _remembered(key: str) -> dict[str, Any]:
    layout = load_officer().table_layouts.get(key)
    return layout if isinstance(layout, dict) else {}
