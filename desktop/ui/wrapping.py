"""Widgets whose text wraps onto more lines rather than widening a narrow window (issue 19: at 1024 px the event
editor's and the report editor's long check boxes pushed their columns past the screen)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QCheckBox, QSizePolicy, QStyle, QStyleOptionButton, QStylePainter, QWidget

# A wrapped text is never narrower than this many average characters (or its own width, when shorter).
MINIMUM_CHARACTERS = 24
TEXT_FLAGS = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


class WrappingCheckBox(QCheckBox):
    """A check box whose text wraps beside the indicator; clicking the text toggles it, as a QCheckBox's does."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _indent(self) -> int:
        style = self.style()
        return (style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self)
                + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, self))

    def _line_height(self) -> int:
        return max(self.fontMetrics().height(),
                   self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight, None, self)) + 2

    def _text_height(self, width: int) -> int:
        flags = int(TEXT_FLAGS)
        bounds = self.fontMetrics().boundingRect(QRect(0, 0, max(width - self._indent(), 1), 100_000), flags,
                                                 self.text())
        return max(bounds.height() + 2, self._line_height())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._indent() + self.fontMetrics().horizontalAdvance(self.text()) + 4, self._line_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        narrow = self._indent() + self.fontMetrics().averageCharWidth() * MINIMUM_CHARACTERS
        width = min(self.sizeHint().width(), narrow)
        return QSize(width, self._text_height(width))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._text_height(width)

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802
        return self.rect().contains(pos)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        option.rect = QRect(0, 0, self._indent(), self._line_height())
        painter.drawControl(QStyle.ControlElement.CE_CheckBox, option)
        text = self.rect().adjusted(self._indent(), 1, 0, 0)
        painter.drawItemText(text, int(TEXT_FLAGS), self.palette(), self.isEnabled(), self.text(),
                             self.foregroundRole())
