"""A year at a glance: twelve month grids, days coloured by kind; a click selects a day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from hattama import clock, i18n
from hattama.rules.calendar import DayInfo, DayKind

DAY_COLOURS: dict[DayKind, QColor] = {
    DayKind.WORKING: QColor("#ffffff"),
    DayKind.WEEKEND: QColor("#e3e6ea"),
    DayKind.HOLIDAY: QColor("#f4b6b6"),
    DayKind.TRANSFERRED_DAY_OFF: QColor("#f7d59c"),
    DayKind.WORKING_WEEKEND: QColor("#b9e3c6"),
    DayKind.OVERRIDE_OFF: QColor("#d3b8f0"),
    DayKind.OVERRIDE_WORKING: QColor("#a9d2f5"),
}
COLUMNS, ROWS = 4, 3
CELL = 26
MIN_CELL = 12
HEADER = 2 * CELL


class YearView(QWidget):
    day_selected = Signal(dt.date)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._days: dict[dt.date, DayInfo] = {}
        self._year = clock.today().year
        self._selected: dt.date | None = None
        self._today = clock.today()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(False)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(COLUMNS * (7 * CELL + CELL), ROWS * (HEADER + 6 * CELL + CELL // 2))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        # Cells shrink to MIN_CELL, so the year fits beside the side panel on a 1024-pixel screen.
        return QSize(COLUMNS * 8 * MIN_CELL, ROWS * 9 * MIN_CELL)

    def show_year(self, year: int, days: list[DayInfo]) -> None:
        self._year = year
        self._days = {info.day: info for info in days}
        if self._selected is not None and self._selected.year != year:
            self._selected = None
        self.update()

    def select(self, day: dt.date) -> None:
        self._selected = day
        self.update()
        self.day_selected.emit(day)

    def _month_rect(self, month: int) -> QRect:
        block_width = self.width() // COLUMNS
        block_height = self.height() // ROWS
        column, row = (month - 1) % COLUMNS, (month - 1) // COLUMNS
        return QRect(column * block_width, row * block_height, block_width, block_height)

    def _cell_size(self) -> int:
        return max(MIN_CELL, min(self.width() // COLUMNS // 8, (self.height() // ROWS) // 9))

    def _cell_rect(self, day: dt.date) -> QRect:
        block = self._month_rect(day.month)
        cell = self._cell_size()
        left = block.left() + (block.width() - 7 * cell) // 2
        first_weekday = dt.date(day.year, day.month, 1).weekday()
        index = first_weekday + day.day - 1
        return QRect(left + (index % 7) * cell, block.top() + 2 * cell + (index // 7) * cell, cell, cell)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cell = self._cell_size()
        base_font = QFont(self.font())
        base_font.setPixelSize(max(8, int(cell * 0.5)))
        bold_font = QFont(base_font)
        bold_font.setBold(True)
        weekdays = i18n.weekday_names(width="short")
        for month in range(1, 13):
            block = self._month_rect(month)
            left = block.left() + (block.width() - 7 * cell) // 2
            painter.setFont(bold_font)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRect(left, block.top(), 7 * cell, cell), Qt.AlignmentFlag.AlignCenter,
                             i18n.month_name(month).capitalize())
            painter.setFont(base_font)
            for index, name in enumerate(weekdays):
                painter.drawText(QRect(left + index * cell, block.top() + cell, cell, cell),
                                 Qt.AlignmentFlag.AlignCenter, name[:2])
            day = dt.date(self._year, month, 1)
            while day.month == month:
                self._paint_day(painter, day, bold_font, base_font)
                day += dt.timedelta(days=1)
        painter.end()

    def _paint_day(self, painter: QPainter, day: dt.date, bold_font: QFont, base_font: QFont) -> None:
        rect = self._cell_rect(day).adjusted(1, 1, -1, -1)
        info = self._days.get(day)
        colour = DAY_COLOURS[info.kind] if info else DAY_COLOURS[DayKind.WORKING]
        painter.fillRect(rect, colour)
        if day == self._selected:
            painter.setPen(QPen(QColor("#00708a"), 2))
            painter.drawRect(rect)
        elif day == self._today:
            painter.setPen(QPen(QColor("#c28f00"), 2))
            painter.drawRect(rect)
        painter.setPen(QColor("#202020"))
        painter.setFont(bold_font if info is not None and not info.is_working else base_font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(day.day))

    def date_at(self, x: int, y: int) -> dt.date | None:
        for month in range(1, 13):
            if not self._month_rect(month).contains(x, y):
                continue
            day = dt.date(self._year, month, 1)
            while day.month == month:
                if self._cell_rect(day).contains(x, y):
                    return day
                day += dt.timedelta(days=1)
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        day = self.date_at(int(event.position().x()), int(event.position().y()))
        if day is not None:
            self.select(day)
