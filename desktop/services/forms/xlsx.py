"""The annual treaty forms (p.2) as an .xlsx workbook the MFA can merge: one sheet per form, the same table as
the PDF (header rows with their spans, column numbers, group headings, one row per treaty)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hattama.language import N_, translate_in
from hattama.services.forms.tables import FormTable
from hattama.services.pdf.fonts import FAMILY

SHEET_NAME = N_("Form {form}")
# Excel's widest column is 255 characters; a form's relative widths are spread over this many.
TOTAL_WIDTH_CHARACTERS = 180
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _put(sheet: Worksheet, row: int, column: int, value: str, *, bold: bool = False, boxed: bool = True,
         alignment: Alignment = _WRAP) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    cell.font = Font(name=FAMILY, size=10, bold=bold)
    cell.alignment = alignment
    if boxed:
        cell.border = _BOX


def _fill_sheet(sheet: Worksheet, table: FormTable) -> None:
    count = len(table.headings)
    total = sum(table.widths)
    for index, width in enumerate(table.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(4.0, TOTAL_WIDTH_CHARACTERS * width / total)
    _put(sheet, 1, 1, table.body_name, bold=True, boxed=False, alignment=_CENTRE)
    _put(sheet, 2, 1, table.title, bold=True, boxed=False, alignment=_CENTRE)
    for row in (1, 2):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=count)
    sheet.row_dimensions[2].height = 32
    row = 4
    if any(text is not None for text, _first, _span in table.header_groups):
        for text, first, span in table.header_groups:
            column = first + 1
            if text is None:
                _put(sheet, row, column, table.headings[first], bold=True, alignment=_CENTRE)
                _put(sheet, row + 1, column, "")
                sheet.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column)
            else:
                for offset in range(span):
                    _put(sheet, row, column + offset, text if offset == 0 else "", bold=True, alignment=_CENTRE)
                    _put(sheet, row + 1, column + offset, table.headings[first + offset], bold=True,
                         alignment=_CENTRE)
                if span > 1:
                    sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + span - 1)
        row += 2
    else:
        for column, heading in enumerate(table.headings, start=1):
            _put(sheet, row, column, heading, bold=True, alignment=_CENTRE)
        row += 1
    for column in range(1, count + 1):
        _put(sheet, row, column, str(column), alignment=_CENTRE)
    header_last = row
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    row += 1
    for section in table.sections:
        if section.heading is not None:
            _put(sheet, row, 1, section.heading, bold=True)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=count)
            row += 1
        for values in section.rows:
            for column, value in enumerate(values, start=1):
                _put(sheet, row, column, value)
            row += 1
    if not table.sections:
        _put(sheet, row, 1, table.empty_note)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=count)
        row += 1
    _put(sheet, row + 2, 1, table.signer_position, bold=True, boxed=False)
    _put(sheet, row + 2, count, table.signer_name, bold=True, boxed=False)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = f"4:{header_last}"  # the header again on every printed page


def render_forms_xlsx(tables: Sequence[FormTable]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        name = translate_in(table.language, SHEET_NAME).format(form=table.form) if table.form is not None else (
            table.title.split("\n")[-1])
        name = _NOT_IN_SHEET_NAMES.sub(" ", name)[:31]
        _fill_sheet(workbook.create_sheet(name), table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
