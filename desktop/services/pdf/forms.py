"""The annual treaty forms (p.2, annexes 1–5) as a landscape A4 PDF in the look of the reports.

Same font, header and signature as the post-event report (`render.py`); the table's header rows repeat on every
page, pages are numbered at the top centre from the second, and each form starts on a new page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from functools import cache, partial
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
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
# A table whose longest words do not fit the page side by side at CELL_SIZE is set a little smaller, down to the
# last of these; a word is never cut across lines while the page can hold it (p.46 plan, p.2 forms).
CELL_SIZES = (CELL_SIZE, 9.5, 9, 8.5, 8)
CELL_PADDING = 3
# The margin a word keeps from its cell's edge against rounding in reportlab's line breaking.
WORD_SLACK = 0.5
# Paragraph breaks lines at spaces and line feeds only; a no-break space holds its neighbours together.
_BREAKS = re.compile(r"[ \n]+")
# A range ("26.02.2027–28.02.2027", "2025–2029") may also break after its dash, the dash ending the line.
_RANGE_DASH = re.compile(r"(?<=–)(?=\S)")
TITLE_SIZE = 13
SIGNATURE_SPACE = 14 * mm  # between the table and the signer's line
PAGE_NUMBER_BASELINE = PAGE_HEIGHT - 12 * mm
FORM_LABEL = N_("Form {form} ({item})")
FORMS_TITLE = N_("Annual information on international treaties for {year}")
# The registration date and number (hattama.services.registration); None for a draft.
Registration = tuple[dt.date, str] | None


@cache
def _styles(family: FontFamily, size: float = CELL_SIZE) -> dict[str, ParagraphStyle]:
    """The styles of a table's texts with its cells at `size` (the title and label keep their sizes)."""
    cell = ParagraphStyle("form-cell", fontName=family.regular, fontSize=size, leading=size * CELL_LEADING / CELL_SIZE)
    return {
        "cell": cell,
        "head": ParagraphStyle("form-head", parent=cell, fontName=family.bold, alignment=TA_CENTER),
        "group": ParagraphStyle("form-group", parent=cell, fontName=family.bold),
        "label": ParagraphStyle("form-label", parent=cell, fontSize=12, leading=14, alignment=TA_RIGHT),
        "title": ParagraphStyle("form-title", parent=cell, fontName=family.bold, fontSize=TITLE_SIZE,
                                leading=TITLE_SIZE * 1.2, alignment=TA_CENTER, spaceBefore=6, spaceAfter=10),
    }


def _paragraph(text: str, style: ParagraphStyle, width: float | None = None) -> Paragraph:
    """`text` in a cell `width` wide (padding included): a range wider than the cell breaks after its dash."""
    lines = clean_pasted_text(text).split("\n")
    if width is not None:
        room = width - 2 * CELL_PADDING - WORD_SLACK
        lines = [" ".join(_RANGE_DASH.sub(" ", word) if stringWidth(word, style.fontName, style.fontSize) > room
                          else word for word in line.split(" ")) for line in lines]
    return Paragraph("<br/>".join(escape(line) for line in lines), style)


def _table(table: FormTable, family: FontFamily, signed: bool = False) -> Table:
    """The table; `signed` ends it with the signer's row, unruled, which never starts a page of its own."""
    size, widths = column_layout(table, family)
    styles = _styles(family, size)
    count = len(table.headings)
    rows: list[list[object]] = []
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), family.regular, size, styles["cell"].leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    grouped = any(text is not None for text, _first, _span in table.header_groups)
    if grouped:
        top: list[object] = [""] * count
        for text, first, span in table.header_groups:
            if text is None:  # a column without a group heading takes both header rows
                commands.append(("SPAN", (first, 0), (first, 1)))
                top[first] = _paragraph(table.headings[first], styles["head"], widths[first])
            else:
                top[first] = _paragraph(text, styles["head"], sum(widths[first:first + span]))
                if span > 1:
                    commands.append(("SPAN", (first, 0), (first + span - 1, 0)))
        rows.append(top)
        rows.append([_paragraph(heading, styles["head"], widths[index]) if not _alone(table, index) else ""
                     for index, heading in enumerate(table.headings)])
    else:
        rows.append([_paragraph(heading, styles["head"], widths[index]) for index, heading in enumerate(table.headings)])
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
        rows.extend([_paragraph(cell, styles["cell"], widths[index]) for index, cell in enumerate(row)]
                    for row in section.rows)
    if not table.sections:
        commands.append(("SPAN", (0, len(rows)), (-1, len(rows))))
        rows.append([_paragraph(table.empty_note, styles["cell"])] + [""] * (count - 1))
    commands.append(("GRID", (0, 0), (-1, len(rows) - 1), 0.5, "black"))
    if signed:
        # As the table's last row, kept with the row above it, the signature never stands alone on the last page.
        signer = len(rows)
        commands += [("SPAN", (0, signer), (-1, signer)), ("NOSPLIT", (0, signer - 1), (-1, signer)),
                     ("TOPPADDING", (0, signer), (-1, signer), SIGNATURE_SPACE),
                     ("LEFTPADDING", (0, signer), (-1, signer), 0), ("RIGHTPADDING", (0, signer), (-1, signer), 0)]
        rows.append([signature_block(table.signer_position, table.signer_name, sum(widths))] + [""] * (count - 1))
    result = Table(rows, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    result.setStyle(TableStyle(commands))
    return result


def _alone(table: FormTable, index: int) -> bool:
    return any(text is None and first == index for text, first, _span in table.header_groups)


def unbreakable_words(text: str) -> list[str]:
    """The runs of `text` a cell never breaks: words between spaces and line feeds, a range cut after its dash."""
    return [piece for word in _BREAKS.split(clean_pasted_text(text)) for piece in _RANGE_DASH.split(word) if piece]


def longest_word_width(text: str, font_name: str, size: float) -> float:
    return max((stringWidth(word, font_name, size) for word in unbreakable_words(text)), default=0.0)


def column_needs(table: FormTable, family: FontFamily, size: float) -> list[float]:
    """Each column's narrowest width holding its longest word whole: of its heading (bold), of a group heading
    over it alone, and of its cells. Section headings and the empty note span the table and are left out."""
    texts: list[list[tuple[str, str]]] = [[(heading, family.bold), (str(index + 1), family.regular)]
                                          for index, heading in enumerate(table.headings)]
    for text, first, span in table.header_groups:
        if text is not None and span == 1:
            texts[first].append((text, family.bold))
    for section in table.sections:
        for row in section.rows:
            for index, cell in enumerate(row):
                texts[index].append((cell, family.regular))
    return [max(longest_word_width(text, font, size) for text, font in column) + 2 * CELL_PADDING + WORD_SLACK
            for column in texts]


def fit_widths(weights: Sequence[float], needs: Sequence[float], total: float) -> list[float] | None:
    """Widths summing to `total`, in the proportions of `weights` except that no column is narrower than its
    need: a column whose share falls short gets its need, the others share the rest in their proportions.
    None when the needs alone exceed `total`."""
    if sum(needs) > total:
        return None
    pinned: set[int] = set()
    while True:
        free = [index for index in range(len(weights)) if index not in pinned]
        room = total - sum(needs[index] for index in pinned)
        weight = sum(weights[index] for index in free)
        if not free or weight <= 0:  # every column at its need: what is left goes by the proportions
            spare = (total - sum(needs)) / sum(weights)
            return [need + spare * share for need, share in zip(needs, weights, strict=True)]
        short = {index for index in free if room * weights[index] / weight < needs[index]}
        if not short:
            return [needs[index] if index in pinned else room * weights[index] / weight
                    for index in range(len(weights))]
        pinned |= short


def column_layout(table: FormTable, family: FontFamily) -> tuple[float, list[float]]:
    """The cell size and column widths of a table: the definition's proportions, widened where a column's
    longest word needs it, at the largest of CELL_SIZES where every column's longest word fits. A word wider
    than the page allows even at the smallest size is the only one Paragraph cuts."""
    for size in CELL_SIZES:
        needs = column_needs(table, family, size)
        widths = fit_widths(table.widths, needs, TEXT_WIDTH)
        if widths is not None:
            return size, widths
    return size, [TEXT_WIDTH * need / sum(needs) for need in needs]


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
        story += table_flowables(table, family, signed=True)
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


def table_flowables(table: FormTable, family: FontFamily, signed: bool = False) -> list[Flowable]:
    """A table's title and the table itself: a form's (p.2, the p.46 plan) or one of the p.46 activity report's;
    a `signed` table ends with the signer's line (a form's, and the report's last table)."""
    styles = _styles(family)
    return [_paragraph(table.title, styles["title"]), _table(table, family, signed)]


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
