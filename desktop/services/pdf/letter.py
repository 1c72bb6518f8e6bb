"""An official letter as PDF (issue 16): the drafts Hattama writes from what it knows — first the p.44 notice to
the MFA of a letter sent directly — on the report's page, header, registration line and signature."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph, Spacer

from hattama.services.errors import ServiceError
from hattama.services.pdf.fonts import register_fonts
from hattama.services.pdf.render import (
    LEADING,
    UNCOVERED_CHARACTERS,
    build_official_pdf,
    official_header,
    official_styles,
    paragraphs,
    registration_line,
    signature_block,
)
from hattama.services.pdf.text import clean_pasted_text, uncovered_characters


@dataclass(frozen=True, kw_only=True)
class LetterDocument:
    """Texts in the document's language; `body` holds one paragraph per line and may be edited before rendering.
    `registered_on` None and `number` "": a draft."""

    language: str
    body_name: str
    unit_name: str
    addressee: str
    title: str
    body: str
    signer_position: str
    signer_name: str
    author: str
    registered_on: dt.date | None = None
    number: str = ""


def render_letter_pdf(doc: LetterDocument) -> bytes:
    body = clean_pasted_text(doc.body)
    missing = uncovered_characters("".join((doc.body_name, doc.unit_name, doc.addressee, doc.title, body,
                                            doc.signer_position, doc.signer_name, doc.number)))
    if missing:
        shown = ", ".join(f"«{char}» U+{ord(char):04X}" for char in sorted(missing))
        raise ServiceError(UNCOVERED_CHARACTERS, chars=shown)
    family = register_fonts()
    styles = official_styles(family)
    story: list[Flowable] = [
        *official_header(doc.body_name, doc.unit_name),
        Paragraph(escape(registration_line(doc.registered_on, doc.number, doc.language)), styles.registration),
        Paragraph(escape(doc.addressee), styles.signer_name),
        Paragraph(escape(doc.title), styles.title),
        *paragraphs(body, styles.body),
        Spacer(0, 2 * LEADING),
        signature_block(doc.signer_position, doc.signer_name),
    ]
    return build_official_pdf(story, family, doc.language, title=doc.title, subject=doc.addressee,
                              author=doc.author, keywords=[doc.number] if doc.number else [])
