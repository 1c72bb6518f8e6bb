"""The report preview: PDFium draws the pages; the officer pages through, zooms, prints and opens a viewer."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter

from hattama.services.pdf.render import render_report_pdf
from hattama.ui.reports.preview import PdfPreviewDialog
from tests.pdf.pdf_samples import sample_report

pytestmark = pytest.mark.gui


@pytest.fixture
def long_report() -> bytes:
    document = sample_report("kk")
    pdf = render_report_pdf(document)
    if len(pdfium.PdfDocument(pdf)) < 2:
        pytest.fail("the sample report should span two pages or more for these tests")
    return pdf


def _ink_pixels(dialog: PdfPreviewDialog) -> int:
    image = dialog.canvas.pixmap().toImage()
    white = QColor("white").rgb()
    step = 7
    return sum(image.pixel(x, y) != white
               for x in range(0, image.width(), step) for y in range(0, image.height(), step))


def test_the_first_page_is_drawn_with_ink(qtbot, widgets, long_report: bytes) -> None:
    dialog = PdfPreviewDialog(long_report)
    widgets.append(dialog)
    assert dialog.page_count() == len(pdfium.PdfDocument(long_report))
    assert not dialog.canvas.pixmap().isNull()
    assert _ink_pixels(dialog) > 100
    assert not dialog.previous_button.isEnabled() and dialog.next_button.isEnabled()


def test_paging_and_zoom_stay_within_the_document(qtbot, widgets, long_report: bytes) -> None:
    dialog = PdfPreviewDialog(long_report)
    widgets.append(dialog)
    width_at_100 = dialog.canvas.pixmap().width()
    dialog.zoom_in_button.click()
    assert dialog.canvas.pixmap().width() > width_at_100
    for _step in range(dialog.page_count() + 3):
        dialog.next_button.click()
    assert dialog.page_index == dialog.page_count() - 1
    assert not dialog.next_button.isEnabled()
    for _step in range(20):
        dialog.set_zoom(dialog.zoom_index - 1)
    assert dialog.zoom_index == 0 and not dialog.zoom_out_button.isEnabled()


def test_printing_sends_every_page_to_the_printer(qtbot, widgets, long_report: bytes, tmp_path: Path) -> None:
    dialog = PdfPreviewDialog(long_report)
    widgets.append(dialog)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    dialog.print_to(printer)
    assert len(pdfium.PdfDocument(out.read_bytes())) == dialog.page_count()



def test_the_window_fits_a_1366_by_768_screen_and_can_grow() -> None:
    from PySide6.QtCore import QSize

    from hattama.ui.reports.preview import PREFERRED_SIZE, fitted_size

    small = fitted_size(QSize(1366, 728))  # 768 less a task bar
    assert small.width() <= 1366 and small.height() <= 728 - 40
    assert fitted_size(QSize(2560, 1400)) == PREFERRED_SIZE


def test_fit_width_follows_the_window_until_the_officer_zooms(qtbot, widgets, long_report: bytes) -> None:
    dialog = PdfPreviewDialog(long_report)
    widgets.append(dialog)
    dialog.show()
    assert dialog.fit_width and not dialog.fit_button.isEnabled()
    dialog.resize(600, 600)
    qtbot.waitUntil(lambda: dialog.canvas.pixmap().width() < dialog.scroll_area.viewport().width())
    narrow = dialog.canvas.pixmap().width()
    dialog.resize(1000, 600)
    qtbot.waitUntil(lambda: dialog.canvas.pixmap().width() > narrow)
    fitted = dialog.zoom()
    dialog.zoom_in_button.click()
    assert not dialog.fit_width and dialog.zoom() > fitted and dialog.fit_button.isEnabled()
    dialog.fit_button.click()
    assert dialog.fit_width and dialog.zoom() == pytest.approx(fitted)


def test_page_keys_move_through_the_document(qtbot, widgets, long_report: bytes) -> None:
    from PySide6.QtCore import Qt

    dialog = PdfPreviewDialog(long_report)
    widgets.append(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # shortcuts work in the active window
    qtbot.keyClick(dialog, Qt.Key.Key_PageDown)
    assert dialog.page_index == 1
    qtbot.keyClick(dialog, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert dialog.page_index == dialog.page_count() - 1
    qtbot.keyClick(dialog, Qt.Key.Key_PageUp)
    assert dialog.page_index == dialog.page_count() - 2


def test_save_as_writes_the_previewed_pdf(qtbot, widgets, long_report: bytes, tmp_path: Path) -> None:
    dialog = PdfPreviewDialog(long_report)
    widgets.append(dialog)
    target = tmp_path / "copy.pdf"
    dialog.save_to(target)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled())
    assert target.read_bytes() == long_report


def test_save_as_into_a_missing_folder_says_so(qtbot, widgets, long_report: bytes, tmp_path: Path,
                                               monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    dialog = PdfPreviewDialog(long_report)
    widgets.append(dialog)
    dialog.save_to(tmp_path / "no such folder" / "copy.pdf")
    qtbot.waitUntil(lambda: bool(warnings))
    assert "could not be written" in warnings[0] and dialog.save_button.isEnabled()
