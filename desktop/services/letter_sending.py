"""Sending a document Hattama drafted (issue 16.3): it is logged as the outgoing letter it is, its PDF attached,
which closes its obligation (hattama.rules.letters.PURPOSE_CLOSES; p.44 through `notice_for_id`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from uuid import UUID

from hattama import clock
from hattama.db.store import Store
from hattama.language import N_
from hattama.rules.letters import PURPOSE_ADDRESSEE
from hattama.services.errors import ServiceError
from hattama.services.letter_drafts import DRAFTS
from hattama.services.letters import LetterData, add_letter_with_files
from hattama.services.pdf.letter import render_letter_pdf


def log_drafted_document(store: Store, kind: str, record_id: UUID, language: str, body: str | None = None,
                         sent_on: dt.date | None = None, today: dt.date | None = None) -> UUID:
    """Log a drafted document as the outgoing letter it is, with its PDF attached, in one transaction; that closes
    its obligation (p.44 notice of the direct letter; p.48 and p.49 of the event). `body` is the officer's
    edited text, if any."""
    if kind not in DRAFTS:
        raise ServiceError(N_("“{value}” is not a kind of drafted document."), value=kind)
    doc = DRAFTS[kind](store, record_id, language)
    if body is not None:
        doc = dataclasses.replace(doc, body=body)
    pdf = render_letter_pdf(doc)
    today = today or clock.today()
    letter = LetterData(direction="outgoing", correspondent_kind=PURPOSE_ADDRESSEE.get(kind, "mfa"),
                        correspondent=doc.addressee, subject=doc.title, dated_on=sent_on or today, text=doc.body)
    if kind == "p44-notice":
        letter = dataclasses.replace(letter, notice_for_id=record_id)
    else:
        letter = dataclasses.replace(letter, purpose=kind, links=(("event", record_id),))
    return add_letter_with_files(store, letter, [(f"{kind}-{language}.pdf", pdf)], today)

