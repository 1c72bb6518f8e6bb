"""A preview of a rendered PDF inside the app, before it is saved or exported.

Pages are drawn by PDFium (pypdfium2) into images, so the app needs only Qt's essential modules (QtPdf lives
in the 440 MB Addons wheel). The officer pages through, zooms, prints through Qt's print dialog or hands the
file to the system's PDF viewer.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hattama.i18n import _

POINTS_PER_INCH = 72
ZOOM_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)


def page_image(page: pdfium.PdfPage, scale: float) -> QImage:
    """The page drawn at `scale` pixels per point, as a QImage that owns its pixels."""
    bitmap = page.render(scale=scale, prefer_bgrx=True, rev_byteorder=True)
    try:
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888)
        return image.copy()  # the bitmap's memory is freed on close
    finally:
        bitmap.close()


class PdfPreviewDialog(QDialog):
    def __init__(self, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Report preview"))
        self.resize(820, 980)
        self.data = data
        self.document = pdfium.PdfDocument(data)
        self.page_index = 0
        self.zoom_index = ZOOM_STEPS.index(1.0)

        self.page_label = QLabel()
        self.previous_button = QPushButton(_("Previous page"))
        self.next_button = QPushButton(_("Next page"))
        self.zoom_out_button = QPushButton(_("Zoom out"))
        self.zoom_in_button = QPushButton(_("Zoom in"))
        self.print_button = QPushButton(_("Print…"))
        self.open_button = QPushButton(_("Open in PDF viewer"))
        self.previous_button.clicked.connect(lambda: self.show_page(self.page_index - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page_index + 1))
        self.zoom_out_button.clicked.connect(lambda: self.set_zoom(self.zoom_index - 1))
        self.zoom_in_button.clicked.connect(lambda: self.set_zoom(self.zoom_index + 1))
        self.print_button.clicked.connect(self.print_document)
        self.open_button.clicked.connect(self.open_externally)

        tools = QHBoxLayout()
        for widget in (self.previous_button, self.page_label, self.next_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        for widget in (self.zoom_out_button, self.zoom_in_button, self.print_button, self.open_button):
            tools.addWidget(widget)

        self.canvas = QLabel()
        self.canvas.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.canvas)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(buttons)
        self.show_page(0)

    def page_count(self) -> int:
        return len(self.document)

    def zoom(self) -> float:
        return ZOOM_STEPS[self.zoom_index]

    def set_zoom(self, index: int) -> None:
        self.zoom_index = max(0, min(index, len(ZOOM_STEPS) - 1))
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
        self.zoom_out_button.setEnabled(self.zoom_index > 0)
        self.zoom_in_button.setEnabled(self.zoom_index < len(ZOOM_STEPS) - 1)

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
