"""Documents Hattama drafts from what it knows (issue 16), as official PDFs in Kazakh or Russian, the text
editable before rendering. So far the p.44 notice to the MFA of a letter sent directly to the foreign side; once
the notice is logged (a letter to the MFA naming the direct letter) and registered, it prints that number and
date, else it is a draft."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from sqlalchemy import select

from db.models import Letter
from db.store import Store
from desktop.i18n import N_, translate_in
from desktop.rules.letters import CHANNEL_DIRECT_URGENT
from desktop.rules.registration import bare_number
from desktop.services.errors import ServiceError
from desktop.services.pdf.document import DOCUMENT_LANGUAGES
from desktop.services.pdf.letter import LetterDocument, render_letter_pdf
from desktop.services.pdf.official_dates import document_date
from desktop.services.pdf.render import write_atomically
from desktop.services.registration import registration_in
from desktop.services.settings import load_settings

MFA_ADDRESSEE = N_("Ministry of Foreign Affairs of the Republic of Kazakhstan")
P44_TITLE = N_("On a letter sent directly to the foreign side")
P44_BODY = N_("Under paragraph 44 of the Rules, {body} informs that on {date} it sent letter No. {number} directly "
              "to {correspondent} on {subject}, as the issue had to be worked out with the foreign side within five "
              "days: {reason}.")
P44_CONTENT = N_("The content of the letter: {text}")


def draft_p44_notice(store: Store, direct_id: UUID, language: str) -> LetterDocument:
    """The p.44 notice of the direct urgent letter, from the letter and the unit's details."""
    if language not in DOCUMENT_LANGUAGES:
        raise ServiceError(N_("Documents are written in Kazakh or Russian, not “{language}”."), language=language)
    settings = load_settings(store)
    with store.session() as session:
        direct = session.get(Letter, direct_id)
        if direct is None or direct.channel != CHANNEL_DIRECT_URGENT:
            raise ServiceError(N_("There is no direct urgent letter with the id {id}."), id=str(direct_id))
        notice_id = session.scalars(select(Letter.id).where(Letter.notice_for_id == direct_id)
                                    .order_by(Letter.dated_on)).first()
        registered = registration_in(session, "letter", notice_id) if notice_id else None
        body_name = settings.body_name(language)
        lines = [translate_in(language, P44_BODY).format(
            body=body_name, date=document_date(direct.our_date or direct.dated_on, language),
            number=bare_number(direct.our_number) or "—", correspondent=direct.correspondent or "—",
            subject=f"«{direct.subject}»" if direct.subject else "—", reason=direct.urgency_reason or "—")]
        if direct.text:
            lines.append(translate_in(language, P44_CONTENT).format(text=direct.text))
    return LetterDocument(
        language=language, body_name=body_name, unit_name=settings.unit_name(language),
        addressee=translate_in(language, MFA_ADDRESSEE), title=translate_in(language, P44_TITLE),
        body="\n".join(lines), signer_position=settings.officer_position(language), signer_name=settings.officer_name,
        author=settings.officer_name, registered_on=registered.registered_on if registered else None,
        number=registered.number if registered else "")


def write_letter_pdf(doc: LetterDocument, path: Path) -> Path:
    try:
        return write_atomically(render_letter_pdf(doc), path)
    except OSError as error:
        raise ServiceError(N_("The PDF could not be written to {path}: {reason}."), path=str(path),
                           reason=error.strerror or str(error)) from error
