"""Documents Hattama drafts from what it knows (issue 16), as official PDFs in Kazakh or Russian, the text
editable before rendering: the p.44 notice to the MFA of a letter sent directly to the foreign side (once the
notice is logged — a letter to the MFA naming the direct letter — and registered, it prints that number and date,
else it is a draft); the p.48 request for consultations before departure; the p.49 written briefing of the next
receiving official and the p.49 notice to the MFA of a meeting it did not attend (participants and agreements:
the event's participants and its report's agreements). Those three are drafts until logged and registered."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from sqlalchemy import and_, or_, select

from hattama.db.models import Event, Letter, Report, ReportText
from hattama.db.store import Store
from hattama.language import N_, translate_in
from hattama.rules.event_validation import EventData
from hattama.rules.letters import CHANNEL_DIRECT_URGENT
from hattama.rules.registration import bare_number
from hattama.services.errors import ServiceError
from hattama.services.event_language import participant_line, place_in, require_translations
from hattama.services.event_reference import display_title
from hattama.services.events import get_event
from hattama.services.letters import latest_mfa_position
from hattama.services.pdf.document import DOCUMENT_LANGUAGES
from hattama.services.pdf.letter import LetterDocument, render_letter_pdf
from hattama.services.pdf.official_dates import document_date, event_dates
from hattama.services.pdf.render import write_atomically
from hattama.services.registration import registration_in
from hattama.services.settings import load_settings

MFA_ADDRESSEE = N_("Ministry of Foreign Affairs of the Republic of Kazakhstan")
P44_TITLE = N_("On a letter sent directly to the foreign side")
P44_BODY = N_("Under paragraph 44 of the Rules, {body} informs that on {date} it sent letter No. {number} directly "
              "to {correspondent} on {subject}, as the issue had to be worked out with the foreign side within five "
              "days: {reason}.")
# The direct letter not registered (no number of ours): no "No. —" in the notice.
P44_BODY_UNNUMBERED = N_("Under paragraph 44 of the Rules, {body} informs that on {date} it sent a letter directly "
                         "to {correspondent} on {subject}, as the issue had to be worked out with the foreign side "
                         "within five days: {reason}.")
P44_CONTENT = N_("The content of the letter: {text}")
P48_TITLE = N_("On consultations before departure")
P48_BODY = N_("Under paragraph 48 of the Rules, the delegation of {body} leaves on {departs} for {place} for "
              "«{event}» ({dates}). We ask you to hold written consultations with the head of the delegation on "
              "the position of the Republic of Kazakhstan on current foreign-policy issues.")
P48_POSITION = N_("The MFA's position of {date} No. {number} ({half}) has been taken into account.")
P49_BRIEFING_TITLE = N_("On the meeting held and the agreements reached")
P49_BRIEFING_BODY = N_("Under paragraph 49 of the Rules, we inform you of the content of the meeting «{event}» "
                       "held on {dates} and of the agreements reached, before the next meeting «{next}».")
P49_NOTICE_TITLE = N_("On the participants of a meeting and the agreements reached")
P49_NOTICE_BODY = N_("Under paragraph 49 of the Rules, as the MFA did not take part, we inform you of the "
                     "participants of the meeting «{event}» held on {dates} and of the agreements reached.")
PARTICIPANTS_LINE = N_("Participants:")
AGREEMENTS_LINE = N_("Agreements reached:")
NEXT_OFFICIAL = N_("The next receiving official")


def draft_p44_notice(store: Store, direct_id: UUID, language: str) -> LetterDocument:
    """The p.44 notice of the direct urgent letter, from the letter and the unit's details."""
    _checked_language(language)
    settings = load_settings(store)
    with store.session() as session:
        direct = session.get(Letter, direct_id)
        if direct is None or direct.channel != CHANNEL_DIRECT_URGENT:
            raise ServiceError(N_("There is no direct urgent letter with the id {id}."), id=str(direct_id))
        notice_id = session.scalars(select(Letter.id).where(Letter.notice_for_id == direct_id)
                                    .order_by(Letter.dated_on)).first()
        registered = registration_in(session, "letter", notice_id) if notice_id else None
        body_name = settings.body_name(language)
        number = bare_number(direct.our_number)
        lines = [translate_in(language, P44_BODY if number else P44_BODY_UNNUMBERED).format(
            body=body_name, date=document_date(direct.our_date or direct.dated_on, language),
            number=number, correspondent=direct.correspondent or "—",
            subject=f"«{direct.subject}»" if direct.subject else "—", reason=direct.urgency_reason or "—")]
        if direct.text:
            lines.append(translate_in(language, P44_CONTENT).format(text=direct.text))
    return LetterDocument(
        language=language, body_name=body_name, unit_name=settings.unit_name(language),
        addressee=translate_in(language, MFA_ADDRESSEE), title=translate_in(language, P44_TITLE),
        body="\n".join(lines), signer_position=settings.officer_position(language), signer_name=settings.officer_name,
        author=settings.officer_name, registered_on=registered.registered_on if registered else None,
        number=registered.number if registered else "")


def _event_draft(store: Store, language: str, addressee: str, title: str, lines: list[str]) -> LetterDocument:
    settings = load_settings(store)
    return LetterDocument(
        language=language, body_name=settings.body_name(language), unit_name=settings.unit_name(language),
        addressee=addressee, title=translate_in(language, title), body="\n".join(lines),
        signer_position=settings.officer_position(language), signer_name=settings.officer_name,
        author=settings.officer_name)


def _checked_language(language: str) -> None:
    if language not in DOCUMENT_LANGUAGES:
        raise ServiceError(N_("Documents are written in Kazakh or Russian, not “{language}”."), language=language)


def draft_p48_request(store: Store, event_id: UUID, language: str) -> LetterDocument:
    """p.48: the request to the MFA for written consultations before the delegation leaves, with the MFA's
    latest position (p.47) named when one is logged."""
    _checked_language(language)
    event = get_event(store, event_id).data
    require_translations(event, language, venue=False, participants=False)
    place = place_in(event, language, venue=False)
    lines = [translate_in(language, P48_BODY).format(
        body=load_settings(store).body_name(language),
        departs=document_date(event.departs_on or event.starts_at.date(), language), place=place,
        event=display_title(event.title_kk, event.title_ru, language),
        dates=event_dates(event.starts_at.date(), event.ends_at.date(), language))]
    position = latest_mfa_position(store)
    if position is not None:
        lines.append(translate_in(language, P48_POSITION).format(
            date=document_date(position.data.dated_on, language),
            number=bare_number(position.data.their_number) or "—", half=position.data.position_half))
    return _event_draft(store, language, translate_in(language, MFA_ADDRESSEE), P48_TITLE, lines)


def _next_meeting(store: Store, event_id: UUID) -> Event | None:
    """The meeting of the same series that follows this one (ordered by start, then id, as the p.49 rule does)."""
    with store.session() as session:
        event = session.get(Event, event_id)
        if event is None or event.series_id is None:
            return None
        later = session.scalars(select(Event).where(
            Event.series_id == event.series_id, Event.deleted_at.is_(None),
            or_(Event.starts_at > event.starts_at, and_(Event.starts_at == event.starts_at, Event.id > event.id)))
            .order_by(Event.starts_at, Event.id)).first()
        if later is not None:
            session.expunge(later)
        return later


def _report_agreements(store: Store, event_id: UUID, language: str) -> str:
    with store.session() as session:
        return session.scalar(select(ReportText.agreements).join(Report, Report.id == ReportText.report_id).where(
            Report.event_id == event_id, ReportText.language == language)) or ""


def _participants_and_agreements(store: Store, event_id: UUID, event: EventData, language: str) -> list[str]:
    require_translations(event, language, venue=False)  # issue 19.2: title, city, participants in this language
    lines = [translate_in(language, PARTICIPANTS_LINE)]
    lines.extend(f"- {participant_line(person, language)}" for person in event.participants)
    agreements = _report_agreements(store, event_id, language)
    if agreements:
        lines.append(translate_in(language, AGREEMENTS_LINE))
        lines.extend(agreements.splitlines())
    return lines


def draft_p49_briefing(store: Store, event_id: UUID, language: str) -> LetterDocument:
    """p.49: the written briefing of the next receiving official of the series (the next meeting is named)."""
    _checked_language(language)
    event = get_event(store, event_id).data
    following = _next_meeting(store, event_id)
    if following is None:
        raise ServiceError(N_("The event is not followed by another meeting of its series (p.49)."))
    lines = [translate_in(language, P49_BRIEFING_BODY).format(
        event=display_title(event.title_kk, event.title_ru, language),
        dates=event_dates(event.starts_at.date(), event.ends_at.date(), language),
        next=display_title(following.title_kk, following.title_ru, language)),
        *_participants_and_agreements(store, event_id, event, language)]
    return _event_draft(store, language, translate_in(language, NEXT_OFFICIAL), P49_BRIEFING_TITLE, lines)


def draft_p49_notice(store: Store, event_id: UUID, language: str) -> LetterDocument:
    """p.49 ¶2: the notice to the MFA of the participants of a meeting it did not attend and the agreements."""
    _checked_language(language)
    event = get_event(store, event_id).data
    lines = [translate_in(language, P49_NOTICE_BODY).format(
        event=display_title(event.title_kk, event.title_ru, language),
        dates=event_dates(event.starts_at.date(), event.ends_at.date(), language)),
        *_participants_and_agreements(store, event_id, event, language)]
    return _event_draft(store, language, translate_in(language, MFA_ADDRESSEE), P49_NOTICE_TITLE, lines)


DRAFTS = {"p44-notice": draft_p44_notice, "p48-request": draft_p48_request, "p49-briefing": draft_p49_briefing,
          "p49-notice": draft_p49_notice}


def write_letter_pdf(doc: LetterDocument, path: Path) -> Path:
    try:
        return write_atomically(render_letter_pdf(doc), path)
    except OSError as error:
        raise ServiceError(N_("The PDF could not be written to {path}: {reason}."), path=str(path),
                           reason=error.strerror or str(error)) from error
