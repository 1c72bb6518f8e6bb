"""A preview of a rendered PDF inside the app, before it is saved or exported.

Pages are drawn by PDFium (pypdfium2) into images, so the app needs only Qt's essential modules (QtPdf lives
in the 440 MB Addons wheel; QtPrintSupport is in Essentials). The officer pages through (buttons, Page Up/Down,
Home/End), zooms (in, out, fit the width), prints through Qt's print dialog, saves a copy, or hands the file to
the system's PDF viewer. The window starts within the screen (a 1366×768 laptop included) and can be resized
or maximised (issue 19.8).
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, QSize, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hattama.i18n import N_, _, describe
from hattama.services.errors import ServiceError
from hattama.services.pdf.render import write_atomically
from hattama.ui.workers import write_in_background

POINTS_PER_INCH = 72
ZOOM_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
# The size it opens at when the screen has room: an A4 page's width at 100 %, and most of its height.
PREFERRED_SIZE = QSize(900, 1000)
SCREEN_MARGIN = 48  # left free around the window (task bar, title bar)


def page_image(page: pdfium.PdfPage, scale: float) -> QImage:
    """The page drawn at `scale` pixels per point, as a QImage that owns its pixels."""
    bitmap = page.render(scale=scale, prefer_bgrx=True, rev_byteorder=True)
    try:
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888)
        return image.copy()  # the bitmap's memory is freed on close
    finally:
        bitmap.close()


def _write_copy(data: bytes, path: Path) -> Path:
    try:
        return write_atomically(data, path)
    except OSError as error:
        raise ServiceError(N_("The PDF could not be written to {path}: {reason}."), path=str(path),
                           reason=error.strerror or str(error)) from error


class PdfPreviewDialog(QDialog):
    """`file_name`: what "Save as" proposes."""

    def __init__(self, data: bytes, parent: QWidget | None = None, file_name: str = "report.pdf") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Report preview"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setSizeGripEnabled(True)
        self.data = data
        self.file_name = file_name
        self.document = pdfium.PdfDocument(data)
        self.page_index = 0
        self.zoom_index = ZOOM_STEPS.index(1.0)
        self.fit_width = True  # until the officer zooms

        self.page_label = QLabel()
        self.previous_button = QPushButton(_("Previous page"))
        self.next_button = QPushButton(_("Next page"))
        self.zoom_out_button = QPushButton(_("Zoom out"))
        self.zoom_in_button = QPushButton(_("Zoom in"))
        self.fit_button = QPushButton(_("Fit width"))
        self.print_button = QPushButton(_("Print…"))
        self.save_button = QPushButton(_("Save as…"))
        self.open_button = QPushButton(_("Open in PDF viewer"))
        self.previous_button.clicked.connect(lambda: self.show_page(self.page_index - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page_index + 1))
        self.zoom_out_button.clicked.connect(lambda: self.set_zoom(self.zoom_index - 1))
        self.zoom_in_button.clicked.connect(lambda: self.set_zoom(self.zoom_index + 1))
        self.fit_button.clicked.connect(self.set_fit_width)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.open_button.clicked.connect(self.open_externally)

        tools = QHBoxLayout()
        for widget in (self.previous_button, self.page_label, self.next_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        for widget in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.print_button,
                       self.save_button, self.open_button):
            tools.addWidget(widget)
        keys = ((QKeySequence.StandardKey.MoveToPreviousPage, lambda: self.show_page(self.page_index - 1)),
                (QKeySequence.StandardKey.MoveToNextPage, lambda: self.show_page(self.page_index + 1)),
                (QKeySequence.StandardKey.MoveToStartOfDocument, lambda: self.show_page(0)),
                (QKeySequence.StandardKey.MoveToEndOfDocument, lambda: self.show_page(self.page_count() - 1)),
                (QKeySequence.StandardKey.ZoomIn, lambda: self.set_zoom(self.zoom_index + 1)),
                (QKeySequence.StandardKey.ZoomOut, lambda: self.set_zoom(self.zoom_index - 1)),
                (QKeySequence.StandardKey.Print, self.print_document),
                (QKeySequence.StandardKey.SaveAs, self.save_as))
        for key, action in keys:
            QShortcut(QKeySequence(key), self, action)

        self.canvas = QLabel()
        self.canvas.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(buttons)
        screen = self.screen() or QGuiApplication.primaryScreen()
        self.resize(fitted_size(screen.availableGeometry().size()))
        self.show_page(0)

    def page_count(self) -> int:
        return len(self.document)

    def zoom(self) -> float:
        """Screen pixels per CSS pixel (1.0: the page at its printed size on a 96-dpi screen)."""
        if not self.fit_width:
            return ZOOM_STEPS[self.zoom_index]
        page_width = self.document[self.page_index].get_width() * 96 / POINTS_PER_INCH
        room = self.scroll_area.viewport().width() - 2 * self.scroll_area.frameWidth() - 8
        return max(0.2, room / page_width)

    def set_zoom(self, index: int) -> None:
        if self.fit_width:
            # From the width that fitted to the nearest step in the direction asked.
            fitted, rising = self.zoom(), index > self.zoom_index
            steps = [i for i, step in enumerate(ZOOM_STEPS) if (step > fitted if rising else step < fitted)]
            index = (steps[0] if rising else steps[-1]) if steps else (len(ZOOM_STEPS) - 1 if rising else 0)
            self.fit_width = False
        self.zoom_index = max(0, min(index, len(ZOOM_STEPS) - 1))
        self.show_page(self.page_index)

    def set_fit_width(self) -> None:
        self.fit_width = True
        self.show_page(self.page_index)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.fit_width:
            self.show_page(self.page_index)

    def show_page(self, index: int) -> None:
        self.page_index = max(0, min(index, self.page_count() - 1))
        ratio = self.devicePixelRatioF()
        # 96 screen pixels to the inch at 100 %, as other viewers show an A4 page.
        image = page_image(self.document[self.page_index], self.zoom() * ratio * 96 / POINTS_PER_INCH)
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self.canvas.setPixmap(pixmap)
        self.page_label.setText(_("Page {number} of {count}").format(number=self.page_index + 1,
                                                                    count=self.page_count()))
        self.previous_button.setEnabled(self.page_index > 0)
        self.next_button.setEnabled(self.page_index < self.page_count() - 1)
        self.zoom_out_button.setEnabled(self.fit_width or self.zoom_index > 0)
        self.zoom_in_button.setEnabled(self.fit_width or self.zoom_index < len(ZOOM_STEPS) - 1)
        self.fit_button.setEnabled(not self.fit_width)

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, _("Print"), _("The printer could not be started."))
            return
        try:
            for index in range(self.page_count()):
                if index:
                    printer.newPage()
                target: QRect = painter.viewport()
                page = self.document[index]
                scale = printer.resolution() / POINTS_PER_INCH
                image = page_image(page, scale)
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), size), image)
        finally:
            painter.end()

    def save_as(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Save as…"), self.file_name, _("PDF files (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        """A copy of the previewed PDF, written whole or not at all, off the GUI thread."""
        data = self.data
        self.save_button.setEnabled(False)

        def failed(error: Any) -> None:
            self.save_button.setEnabled(True)
            QMessageBox.warning(self, _("Report preview"), describe(error))

        write_in_background(lambda: _write_copy(data, path), on_success=lambda _path: self.save_button.setEnabled(True),
                            on_failure=failed, owner=self)

    def open_externally(self) -> None:
        # A folder of its own per file, so nothing else in the temporary folder can be overwritten or opened.
        folder = Path(tempfile.gettempdir()) / f"hattama-{uuid.uuid4()}"
        folder.mkdir(mode=0o700)
        path = folder / "report.pdf"
        path.write_bytes(self.data)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(self, _("Report preview"), _("No PDF viewer is set up on this computer."))

    def done(self, result: int) -> None:
        self.document.close()
        super().done(result)


def fitted_size(available: QSize) -> QSize:
    """The preferred size, within a screen's free area (a 1366×768 screen leaves about 1366×728)."""
    return PREFERRED_SIZE.boundedTo(available - QSize(SCREEN_MARGIN, SCREEN_MARGIN))
