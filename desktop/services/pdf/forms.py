"""The annual treaty forms (p.2, annexes 1–5) as a landscape A4 PDF in the look of the reports.

Same font, header and signature as the post-event report (`render.py`); the table's header rows repeat on every
page, pages are numbered at the top centre from the second, and each form starts on a new page.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from functools import cache, partial
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from hattama.language import N_, translate_in
from hattama.services.errors import ServiceError
from hattama.services.forms.tables import FormTable
from hattama.services.pdf.fonts import FontFamily, register_fonts
from hattama.services.pdf.render import (
    CREATOR,
    PAGE_NUMBER_SIZE,
    PDF_LANGUAGE_TAGS,
    UNCOVERED_CHARACTERS,
    official_header,
    official_styles,
    registration_line,
    signature_block,
)
from hattama.services.pdf.text import clean_pasted_text, uncovered_characters

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
LEFT_MARGIN, RIGHT_MARGIN, TOP_MARGIN, BOTTOM_MARGIN = 20 * mm, 15 * mm, 20 * mm, 15 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
CELL_SIZE = 10
CELL_LEADING = 12
TITLE_SIZE = 13
PAGE_NUMBER_BASELINE = PAGE_HEIGHT - 12 * mm
FORM_LABEL = N_("Form {form} ({item})")
FORMS_TITLE = N_("Annual information on international treaties for {year}")
# The registration date and number (hattama.services.registration); None for a draft.
Registration = tuple[dt.date, str] | None


@cache
def _styles(family: FontFamily) -> dict[str, ParagraphStyle]:
    cell = ParagraphStyle("form-cell", fontName=family.regular, fontSize=CELL_SIZE, leading=CELL_LEADING)
    return {
        "cell": cell,
        "head": ParagraphStyle("form-head", parent=cell, fontName=family.bold, alignment=TA_CENTER),
        "group": ParagraphStyle("form-group", parent=cell, fontName=family.bold),
        "label": ParagraphStyle("form-label", parent=cell, fontSize=12, leading=14, alignment=TA_RIGHT),
        "title": ParagraphStyle("form-title", parent=cell, fontName=family.bold, fontSize=TITLE_SIZE,
                                leading=TITLE_SIZE * 1.2, alignment=TA_CENTER, spaceBefore=6, spaceAfter=10),
    }


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph("<br/>".join(escape(line) for line in clean_pasted_text(text).split("\n")), style)


def _table(table: FormTable, styles: dict[str, ParagraphStyle], family: FontFamily) -> Table:
    count = len(table.headings)
    rows: list[list[object]] = []
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), family.regular, CELL_SIZE, CELL_LEADING),
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    grouped = any(text is not None for text, _first, _span in table.header_groups)
    if grouped:
        top: list[object] = [""] * count
        for text, first, span in table.header_groups:
            if text is None:  # a column without a group heading takes both header rows
                commands.append(("SPAN", (first, 0), (first, 1)))
                top[first] = _paragraph(table.headings[first], styles["head"])
            else:
                top[first] = _paragraph(text, styles["head"])
                if span > 1:
                    commands.append(("SPAN", (first, 0), (first + span - 1, 0)))
        rows.append(top)
        rows.append([_paragraph(heading, styles["head"]) if not _alone(table, index) else ""
                     for index, heading in enumerate(table.headings)])
    else:
        rows.append([_paragraph(heading, styles["head"]) for heading in table.headings])
    header_rows = len(rows)
    rows.append([str(number) for number in range(1, count + 1)])  # column numbers, as official tables have
    commands += [("ALIGN", (0, header_rows), (-1, header_rows), "CENTER"),
                 ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE")]
    header_rows += 1
    for section in table.sections:
        if section.heading is not None:
            # A group heading never ends a page: it stays with its first row.
            commands += [("SPAN", (0, len(rows)), (-1, len(rows))), ("NOSPLIT", (0, len(rows)), (-1, len(rows) + 1))]
            rows.append([_paragraph(section.heading, styles["group"])] + [""] * (count - 1))
        rows.extend([_paragraph(cell, styles["cell"]) for cell in row] for row in section.rows)
    if not table.sections:
        commands.append(("SPAN", (0, len(rows)), (-1, len(rows))))
        rows.append([_paragraph(table.empty_note, styles["cell"])] + [""] * (count - 1))
    total = sum(table.widths)
    widths = [TEXT_WIDTH * width / total for width in table.widths]
    result = Table(rows, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    result.setStyle(TableStyle(commands))
    return result


def _alone(table: FormTable, index: int) -> bool:
    return any(text is None and first == index for text, first, _span in table.header_groups)


def refuse_uncovered_characters(tables: Sequence[FormTable], *more: str) -> None:
    texts: list[str] = list(more)
    for table in tables:
        texts += [table.title, table.body_name, table.unit_name, table.signer_position, table.signer_name,
                  *table.headings, *(text for text, _first, _span in table.header_groups if text)]
        for section in table.sections:
            texts += [section.heading or ""] + [cell for row in section.rows for cell in row]
    missing = uncovered_characters(clean_pasted_text("\n".join(texts)))
    if missing:
        raise ServiceError(UNCOVERED_CHARACTERS, chars=", ".join(f"«{c}» U+{ord(c):04X}" for c in sorted(missing)))


def _draw_page_number(font_name: str, canvas: Canvas, _template: BaseDocTemplate) -> None:
    """As on the reports: from the second page, at the top centre."""
    if canvas.getPageNumber() == 1:
        return
    canvas.saveState()
    canvas.setFont(font_name, PAGE_NUMBER_SIZE)
    canvas.drawCentredString(LEFT_MARGIN + TEXT_WIDTH / 2, PAGE_NUMBER_BASELINE, str(canvas.getPageNumber()))
    canvas.restoreState()


def registration_paragraph(registered: Registration, language: str, family: FontFamily) -> Paragraph:
    """Under the header, as on the reports: the registered date and number, or the draft mark (issue 16.4)."""
    on, number = registered if registered is not None else (None, "")
    return Paragraph(escape(registration_line(on, number, language)), official_styles(family).registration)


def _story(tables: Sequence[FormTable], family: FontFamily, registered: Registration) -> list[Flowable]:
    styles = _styles(family)
    story: list[Flowable] = []
    for index, table in enumerate(tables):
        if index:
            story.append(PageBreak())
        story += official_header(table.body_name, table.unit_name)
        if index == 0:
            story.append(registration_paragraph(registered, table.language, family))
        if table.form is not None:
            label = translate_in(table.language, FORM_LABEL).format(form=table.form, item=table.item)
            story.append(Paragraph(escape(label), styles["label"]))
        story += [
            _paragraph(table.title, styles["title"]),
            _table(table, styles, family),
            Spacer(0, 14 * mm),
            signature_block(table.signer_position, table.signer_name, TEXT_WIDTH),
        ]
    return story


def render_forms_pdf(tables: Sequence[FormTable], author: str = "", registered: Registration = None) -> bytes:
    """One or more forms of one year and language in a PDF (also the p.46 plan), under their registration date
    and number or marked a draft; raises ServiceError for characters the font lacks."""
    if not tables:
        raise ValueError("no forms to render")
    family = register_fonts()
    refuse_uncovered_characters(tables, registered[1] if registered else "")
    first = tables[0]
    title = translate_in(first.language, FORMS_TITLE).format(year=first.year) if len(tables) > 1 else first.title
    return build_document(_story(tables, family, registered), family, title, first.language, author)


def table_flowables(table: FormTable, family: FontFamily) -> list[Flowable]:
    """A table's title and the table itself, for a document that is not a form (the p.46 activity report)."""
    styles = _styles(family)
    return [_paragraph(table.title, styles["title"]), _table(table, styles, family)]


def build_document(story: list[Flowable], family: FontFamily, title: str, language: str, author: str) -> bytes:
    """A landscape A4 PDF of the story, pages numbered from the second as on the reports."""
    buffer = io.BytesIO()
    frame = Frame(LEFT_MARGIN, BOTTOM_MARGIN, TEXT_WIDTH, PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")
    template = BaseDocTemplate(
        buffer,
        pageTemplates=[PageTemplate("form", frames=[frame], onPage=partial(_draw_page_number, family.regular))],
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=LEFT_MARGIN, rightMargin=RIGHT_MARGIN, topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN,
        title=title, author=author, creator=CREATOR, lang=PDF_LANGUAGE_TAGS[language], displayDocTitle=True,
        initialFontName=family.regular, initialFontSize=CELL_SIZE, initialLeading=CELL_LEADING,
    )
    template.build(story)
    return buffer.getvalue()
