"""The post-event report (Decree 1037, p.46) as an A4 PDF in the look of Kazakh official documents.

Layout follows the usual rules for Kazakh state-body papers: Times-like serif 14 pt, margins 30/10/20/20 mm,
justified paragraphs with a 1.25 cm first-line indent, page numbers at the top centre from page 2, the
signer's position on the left and name on the right.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from hattama.language import N_, translate_in
from hattama.services.errors import ServiceError
from hattama.services.pdf.document import (
    DRAFT_MARKS,
    PARTICIPANTS_HEADING,
    Participant,
    ReportDocument,
    Section,
)
from hattama.services.pdf.fonts import FontFamily, register_fonts
from hattama.services.pdf.official_dates import document_date, event_dates
from hattama.services.pdf.text import clean_pasted_text, clean_single_line, uncovered_characters

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN, RIGHT_MARGIN, TOP_MARGIN, BOTTOM_MARGIN = 30 * mm, 10 * mm, 20 * mm, 20 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
BODY_SIZE = 14
LEADING = 16.5  # ≈ 1.18 × 14 pt
SMALL_SIZE = 10
PAGE_NUMBER_SIZE = 12
PAGE_NUMBER_BASELINE = PAGE_HEIGHT - 12 * mm
FIRST_LINE_INDENT = 1.25 * cm
LABEL_GAP = 6
SIGNER_POSITION_COLUMN = 0.62 * TEXT_WIDTH
# A heading never ends a page: it needs room for itself (up to two lines) and two lines of what follows.
# keepWithNext would do the same but wraps the following paragraph twice and copies the frame per heading.
HEADING_NEEDS = 18 + 4 * LEADING
SIDE_NEEDS = 3 + 3 * LEADING

PDF_LANGUAGE_TAGS = {"kk": "kk-KZ", "ru": "ru-RU"}
CREATOR = "Hattama"

UNCOVERED_CHARACTERS = N_("The text contains characters the document font cannot show: {chars}")
REGISTRATION_LINE = N_("{date} No. {number}")
EVENT_LABEL = N_("Event")
KIND_LABEL = N_("Kind of event")
PLACE_LABEL = N_("Place")
DATES_LABEL = N_("Dates")
FOREIGN_PARTIES_LABEL = N_("Foreign party")
MFA_REQUEST_LABEL = N_("MFA request")
OUR_SIDE = N_("Kazakh side")
FOREIGN_SIDE = N_("Foreign side")
EXECUTOR_LINE = N_("Executor: {name}")


@dataclasses.dataclass(frozen=True)
class _Styles:
    font: FontFamily
    body_name: ParagraphStyle
    unit_name: ParagraphStyle
    registration: ParagraphStyle
    title: ParagraphStyle
    value: ParagraphStyle
    heading: ParagraphStyle
    side: ParagraphStyle
    participant: ParagraphStyle
    body: ParagraphStyle
    signer_position: ParagraphStyle
    signer_name: ParagraphStyle
    executor: ParagraphStyle


@cache
def official_styles(family: FontFamily) -> _Styles:
    # Built once per process: reportlab only reads styles, so every render can share them.
    base = ParagraphStyle("hattama-base", fontName=family.regular, fontSize=BODY_SIZE, leading=LEADING)
    bold = ParagraphStyle("hattama-bold", parent=base, fontName=family.bold)

    def style(name: str, parent: ParagraphStyle, **overrides: object) -> ParagraphStyle:
        return ParagraphStyle(f"hattama-{name}", parent=parent, **overrides)

    body = style("body", base, alignment=TA_JUSTIFY, firstLineIndent=FIRST_LINE_INDENT, allowWidows=0)
    return _Styles(
        font=family,
        body_name=style("body-name", bold, alignment=TA_CENTER),
        unit_name=style("unit-name", base, alignment=TA_CENTER),
        registration=style("registration", base, alignment=TA_LEFT, spaceBefore=6),
        title=style("title", bold, alignment=TA_CENTER, spaceBefore=18, spaceAfter=12),
        value=style("value", base, alignment=TA_LEFT),
        heading=style("heading", bold, firstLineIndent=FIRST_LINE_INDENT, spaceBefore=12, spaceAfter=6),
        side=style("side", base, firstLineIndent=FIRST_LINE_INDENT, spaceBefore=3),
        # Names and positions do not stretch well: lists of people stay ragged-right.
        participant=style("participant", body, alignment=TA_LEFT),
        body=body,
        signer_position=style("signer-position", bold, alignment=TA_LEFT),
        signer_name=style("signer-name", bold, alignment=TA_RIGHT),
        executor=style("executor", base, fontSize=SMALL_SIZE, leading=SMALL_SIZE * 1.2),
    )


def render_report_pdf(doc: ReportDocument) -> bytes:
    """The report as PDF bytes; raises ServiceError if the text has characters the font cannot draw."""
    family = register_fonts()
    doc = _cleaned(doc)
    _refuse_uncovered_characters(doc)
    return build_official_pdf(_story(doc, official_styles(family)), family, doc.language, title=doc.title,
                              subject=doc.event_title, author=doc.author, keywords=[doc.report_id])


def build_official_pdf(story: list[Flowable], family: FontFamily, language: str, *, title: str, subject: str,
                       author: str, keywords: list[str]) -> bytes:
    """An official document's pages (A4, the official margins, page numbers from page 2) around `story`."""
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pageTemplates=[_page_template(family)],
        pagesize=A4,
        leftMargin=LEFT_MARGIN,
        rightMargin=RIGHT_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        subject=subject,
        author=author,
        creator=CREATOR,
        keywords=keywords,
        lang=PDF_LANGUAGE_TAGS[language],
        displayDocTitle=True,
        # Without these the canvas starts in Helvetica and the PDF lists it, unembedded.
        initialFontName=family.regular,
        initialFontSize=BODY_SIZE,
        initialLeading=LEADING,
    )
    template.build(story)
    return buffer.getvalue()


def write_report_pdf(doc: ReportDocument, path: str | os.PathLike[str]) -> Path:
    """Render and save; the file appears whole or not at all."""
    return write_atomically(render_report_pdf(doc), path)


def write_atomically(data: bytes, path: str | os.PathLike[str]) -> Path:
    """Save a document whole or not at all (temp file in the same folder, then os.replace)."""
    path = Path(path)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return path


def _page_template(family: FontFamily) -> PageTemplate:
    # No frame padding: the margins are the official ones to the millimetre.
    frame = Frame(LEFT_MARGIN, BOTTOM_MARGIN, TEXT_WIDTH, PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")
    return PageTemplate("report", frames=[frame], onPage=partial(_draw_page_number, family.regular))


def _draw_page_number(font_name: str, canvas: Canvas, template: BaseDocTemplate) -> None:
    """Official papers number pages from the second, at the top centre."""
    if canvas.getPageNumber() == 1:
        return
    canvas.saveState()
    canvas.setFont(font_name, PAGE_NUMBER_SIZE)
    canvas.drawCentredString(LEFT_MARGIN + TEXT_WIDTH / 2, PAGE_NUMBER_BASELINE, str(canvas.getPageNumber()))
    canvas.restoreState()


def _cleaned(doc: ReportDocument) -> ReportDocument:
    """Pasted text made drawable: the service may hand over what an officer pasted from Word."""

    def participant(person: Participant) -> Participant:
        return Participant(*(clean_single_line(part) for part in dataclasses.astuple(person)))

    line = clean_single_line
    return dataclasses.replace(
        doc,
        body_name=line(doc.body_name), unit_name=line(doc.unit_name), title=line(doc.title),
        event_title=line(doc.event_title), event_kind_label=line(doc.event_kind_label), place=line(doc.place),
        signer_position=line(doc.signer_position), signer_name=line(doc.signer_name),
        report_id=line(doc.report_id), author=line(doc.author),
        foreign_parties=[clean_single_line(party) for party in doc.foreign_parties],
        participants_ours=[participant(person) for person in doc.participants_ours],
        participants_foreign=[participant(person) for person in doc.participants_foreign],
        sections=[Section(clean_single_line(s.heading), clean_pasted_text(s.body)) for s in doc.sections],
        mfa_request=clean_single_line(doc.mfa_request) if doc.mfa_request else None,
    )


def _refuse_uncovered_characters(doc: ReportDocument) -> None:
    texts: list[str] = [
        doc.body_name, doc.unit_name, doc.title, doc.event_title, doc.event_kind_label, doc.place,
        doc.signer_position, doc.signer_name, doc.report_id, doc.author, doc.mfa_request or "",
        *doc.foreign_parties,
    ]  # fmt: skip
    for person in (*doc.participants_ours, *doc.participants_foreign):
        texts.extend(dataclasses.astuple(person))
    for section in doc.sections:
        texts.extend((translate_in(doc.language, section.heading), section.body))
    missing = uncovered_characters("".join(texts))
    if missing:
        shown = ", ".join(f"«{char}» U+{ord(char):04X}" for char in sorted(missing))
        raise ServiceError(UNCOVERED_CHARACTERS, chars=shown)


def _story(doc: ReportDocument, styles: _Styles) -> list[Flowable]:
    tr = partial(translate_in, doc.language)
    story: list[Flowable] = [
        *official_header(doc.body_name, doc.unit_name),
        Paragraph(escape(registration_line(doc.document_date, doc.report_id, doc.language)), styles.registration),
        Paragraph(escape(doc.title), styles.title),
        _event_details(doc, styles, tr),
    ]
    numbered = _numbered_sections(doc, styles, tr)
    for number, (heading, flowables) in enumerate(numbered, start=1):
        story.extend([CondPageBreak(HEADING_NEEDS), Paragraph(f"{number}. {escape(heading)}", styles.heading)])
        story.extend(flowables)
    # The signature never stands alone on a page: it keeps the last paragraph with it.
    closing = [Spacer(0, 2 * LEADING), signature_block(doc.signer_position, doc.signer_name)]
    story.append(KeepTogether([story.pop(), *closing]))
    story.extend([Spacer(0, 2 * LEADING), Paragraph(escape(tr(EXECUTOR_LINE).format(name=doc.author)),
                                                     styles.executor)])
    return story


def registration_line(registered_on: dt.date | None, number: str, language: str) -> str:
    """The registered date and number, fixed at registration; a draft says it is one and has neither."""
    if registered_on is None or not number:
        return DRAFT_MARKS[language]
    return translate_in(language, REGISTRATION_LINE).format(date=document_date(registered_on, language),
                                                            number=number)


def _event_details(doc: ReportDocument, styles: _Styles, tr: Callable[[str], str]) -> Table:
    rows = [
        (EVENT_LABEL, doc.event_title),
        (KIND_LABEL, doc.event_kind_label),
        (PLACE_LABEL, doc.place),
        (DATES_LABEL, event_dates(doc.starts.date(), doc.ends.date(), doc.language)),
        (FOREIGN_PARTIES_LABEL, ", ".join(doc.foreign_parties)),
        (MFA_REQUEST_LABEL, doc.mfa_request or ""),
    ]
    shown = [(f"{tr(label)}:", value) for label, value in rows if value]
    # Labels are short strings of ours: drawn as plain cell text (no paragraph to wrap twice) in a column as
    # wide as the longest one; values are user text and wrap.
    label_column = LABEL_GAP + max(stringWidth(label, styles.font.bold, BODY_SIZE) for label, _ in shown)
    cells = [[label, Paragraph(escape(value), styles.value)] for label, value in shown]
    table = Table(cells, colWidths=[label_column, TEXT_WIDTH - label_column], hAlign="LEFT")
    table.setStyle(TableStyle([
        # Even paragraph cells get a font set: left at its default, Helvetica would land in the PDF.
        ("FONT", (0, 0), (-1, -1), styles.font.regular, BODY_SIZE, LEADING),
        ("FONT", (0, 0), (0, -1), styles.font.bold, BODY_SIZE, LEADING),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))  # fmt: skip
    return table


def _numbered_sections(doc: ReportDocument, styles: _Styles, tr: Callable[[str], str]) -> list[tuple[str, list[Flowable]]]:
    """Participants first, then the sections with text; a section headed PARTICIPANTS_HEADING (the service may
    pass the composition as free text) joins the lists under one heading."""
    participants = [
        *_participant_side(tr(OUR_SIDE), doc.participants_ours, styles),
        *_participant_side(tr(FOREIGN_SIDE), doc.participants_foreign, styles),
    ]
    numbered: list[tuple[str, list[Flowable]]] = []
    for section in doc.sections:
        lines = paragraphs(section.body, styles.body)
        if section.heading == PARTICIPANTS_HEADING:
            participants.extend(lines)
        elif lines:
            numbered.append((tr(section.heading), lines))
    if participants:
        numbered.insert(0, (tr(PARTICIPANTS_HEADING), participants))
    return numbered


def _participant_side(side: str, people: list[Participant], styles: _Styles) -> list[Flowable]:
    if not people:
        return []
    lines = [CondPageBreak(SIDE_NEEDS), Paragraph(escape(f"{side}:"), styles.side)]
    for number, person in enumerate(people, start=1):
        # One font per line, no bold name: mixed-font lines take reportlab's slow path (~0.3 ms each), and
        # official participant lists are set plain anyway.
        details = ", ".join(part for part in (person.position, person.organisation) if part)
        line = f"{number}. {person.full_name} – {details}" if details else f"{number}. {person.full_name}"
        lines.append(Paragraph(escape(line), styles.participant))
    return lines


def paragraphs(body: str, style: ParagraphStyle) -> list[Flowable]:
    """One paragraph per line: Word pastes a paragraph as a line. List items ("– ", "1.") read as indented
    paragraphs, as lists are typed in Kazakh official documents."""
    return [Paragraph(escape(line), style) for line in body.split("\n") if line.strip()]


def official_header(body_name: str, unit_name: str) -> list[Flowable]:
    """The top of every official document: the body's name in bold, its unit, a rule across the text width."""
    styles = official_styles(register_fonts())
    return [
        Paragraph(escape(body_name), styles.body_name),
        Paragraph(escape(unit_name), styles.unit_name),
        HRFlowable(width="100%", thickness=0.75, color="black", spaceBefore=4, spaceAfter=4),
    ]


def signature_block(position: str, name: str, width: float = TEXT_WIDTH) -> Table:
    """Position on the left, name at the right margin; the space between is for the signature."""
    styles = official_styles(register_fonts())
    position_column = SIGNER_POSITION_COLUMN * width / TEXT_WIDTH
    table = Table(
        [[Paragraph(escape(position), styles.signer_position), Paragraph(escape(name), styles.signer_name)]],
        colWidths=[position_column, width - position_column],
        hAlign="LEFT",
    )  # fmt: skip
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), styles.font.regular),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))  # fmt: skip
    return table
