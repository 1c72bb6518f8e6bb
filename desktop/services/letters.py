"""The letter log (issue 16): official correspondence in and out (p.44), the MFA's half-yearly positions (p.45,
p.47), attachments stored by content as event attachments are, links to events and treaties.

A direct urgent letter gives the p.44 notice obligation (hattama.rules.obligations.obligations_for_letters); it
closes when the notice letter is logged with `notice_for` naming it. An incoming MFA letter with a half-year
("2026-H2") closes that half-year's p.45 obligation; the latest one is shown beside an event abroad.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from hattama import clock
from hattama.db.models import Event, Letter, LetterAttachment, LetterLink, Treaty
from hattama.db.store import Store
from hattama.language import N_
from hattama.rules.event_validation import FIRST_YEAR, LAST_YEAR
from hattama.rules.letters import (
    CHANNEL_DIRECT_URGENT,
    check_channel,
    check_position_half,
    check_purpose,
    direct_letter_flag,
)
from hattama.services.attachments import attachment_info, keep_blob, read_attachment_file
from hattama.services.errors import ServiceError
from hattama.services.registration import registration_in

LINK_KINDS = {"event": Event, "treaty": Treaty}
MAX_TEXT = 100_000


@dataclass(frozen=True)
class LetterData:
    direction: str
    correspondent_kind: str
    dated_on: dt.date
    correspondent: str = ""
    subject: str = ""
    our_number: str = ""
    our_date: dt.date | None = None
    their_number: str = ""
    their_date: dt.date | None = None
    channel: str = ""
    urgency_reason: str = ""
    legal_basis: str = ""
    notice_for_id: UUID | None = None
    position_half: str = ""
    purpose: str = ""  # the drafted document this outgoing letter is (rules.letters.PURPOSES)
    text: str = ""
    notes: str = ""
    links: tuple[tuple[str, UUID], ...] = ()  # ("event" | "treaty", id)


@dataclass(frozen=True)
class LetterAttachmentInfo:
    id: UUID
    file_name: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class LinkedSubject:
    """An event or a treaty a letter is linked to, as the letter shows it: titles in both languages and the day
    it starts (an event) or was signed (a treaty); a subject gone from the store keeps its id and no title."""

    kind: str  # "event" | "treaty"
    id: UUID
    title_kk: str = ""
    title_ru: str = ""
    on: dt.date | None = None


@dataclass(frozen=True)
class LetterView:
    id: UUID
    data: LetterData
    flag: str | None  # msgid: a direct letter naming neither its urgency nor its legal basis (p.44)
    attachments: tuple[LetterAttachmentInfo, ...]
    notice_logged: bool  # a direct urgent letter: its p.44 notice to the MFA is in the log
    linked: tuple[LinkedSubject, ...] = ()  # data.links with their titles, in the same order


LETTER_FIELDS = tuple(f.name for f in dataclasses.fields(LetterData) if f.name != "links")


def _check_date(value: dt.date | None, today: dt.date) -> None:
    if value is None:
        return
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ServiceError(N_("The date {date} is outside the years {first}–{last}."),
                           date=value.isoformat(), first=FIRST_YEAR, last=LAST_YEAR)
    if value > today:
        raise ServiceError(N_("The date {date} is in the future."), date=value.isoformat())


def _validate(session: Session, data: LetterData, today: dt.date) -> None:
    check_channel(data.direction, data.correspondent_kind, data.channel)
    check_purpose(data.purpose, data.direction, data.correspondent_kind,
                  sum(1 for kind, _subject in data.links if kind == "event"))
    for value in (data.dated_on, data.our_date, data.their_date):
        _check_date(value, today)
    for text in (data.subject, data.text, data.notes, data.urgency_reason):
        if len(text) > MAX_TEXT:
            raise ServiceError(N_("A text of the letter is longer than {limit} characters."), limit=MAX_TEXT)
    if data.position_half:
        if (data.direction, data.correspondent_kind) != ("incoming", "mfa"):
            raise ServiceError(N_("Only a letter received from the MFA carries its half-yearly position (p.45)."))
        check_position_half(data.position_half)
    if data.notice_for_id is not None:
        if (data.direction, data.correspondent_kind) != ("outgoing", "mfa"):
            raise ServiceError(N_("The notice of a direct letter is a letter sent to the MFA (p.44)."))
        direct = session.get(Letter, data.notice_for_id)
        if direct is None or direct.channel != CHANNEL_DIRECT_URGENT:
            raise ServiceError(N_("There is no direct urgent letter with the id {id}."), id=str(data.notice_for_id))
    for kind, subject_id in data.links:
        _check_link(session, kind, subject_id)


def _check_link(session: Session, kind: str, subject_id: UUID) -> None:
    model = LINK_KINDS.get(kind)
    if model is None or session.get(model, subject_id) is None:
        raise ServiceError(N_("There is no {kind} with the id {id}."), kind=kind, id=str(subject_id))


def add_letter(store: Store, data: LetterData, attachment_paths: Sequence[Path] = (),
               today: dt.date | None = None) -> UUID:
    """Log a letter with copies of its attached files (each read and checked before anything is written)."""
    files = [(path.name, read_attachment_file(path)) for path in attachment_paths]
    return add_letter_with_files(store, data, files, today)


def add_letter_with_files(store: Store, data: LetterData, files: Sequence[tuple[str, bytes]],
                          today: dt.date | None = None) -> UUID:
    """Log a letter with files given as (name, content), e.g. a drafted document's PDF; one transaction."""
    today = today or clock.today()
    with store.session(write=True) as session:
        _validate(session, data, today)
        letter = Letter()
        _write(session, letter, data, files)
        session.add(letter)
        session.flush()
        return letter.id


def update_letter(store: Store, letter_id: UUID, data: LetterData, added_paths: Sequence[Path] = (),
                  removed_attachments: Sequence[UUID] = (), today: dt.date | None = None) -> None:
    """Change a logged letter: its fields and links, files added and removed, in one transaction. A registered
    letter keeps its number and date (a registration never changes)."""
    today = today or clock.today()
    files = [(path.name, read_attachment_file(path)) for path in added_paths]
    with store.session(write=True) as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise ServiceError(N_("There is no letter with the id {id}."), id=str(letter_id))
        _validate(session, data, today)
        registered = registration_in(session, "letter", letter_id)
        if registered is not None and (data.our_number, data.our_date) != (letter.our_number, letter.our_date):
            raise ServiceError(N_("The document is already registered as No. {number} of {date}; a registration "
                                  "never changes."), number=registered.number,
                               date=registered.registered_on.isoformat())
        letter.attachments = [a for a in letter.attachments if a.id not in set(removed_attachments)]
        _write(session, letter, data, files)


def attach_letter_files(store: Store, letter_id: UUID, files: Sequence[tuple[str, bytes]]) -> None:
    """Add files given as (name, content) to a logged letter, e.g. a registered document's PDF printing its
    number (a bundle's covering letter)."""
    with store.session(write=True) as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise ServiceError(N_("There is no letter with the id {id}."), id=str(letter_id))
        _attach(session, letter, files)


def _write(session: Session, letter: Letter, data: LetterData, files: Sequence[tuple[str, bytes]]) -> None:
    for name in LETTER_FIELDS:
        setattr(letter, name, getattr(data, name))
    letter.links = [LetterLink(subject_kind=kind, subject_id=subject_id, position=position)
                    for position, (kind, subject_id) in enumerate(data.links)]
    _attach(session, letter, files)


def _attach(session: Session, letter: Letter, files: Sequence[tuple[str, bytes]]) -> None:
    for name, content in files:
        info = attachment_info(name, content)
        keep_blob(session, info.sha256, content)
        letter.attachments.append(LetterAttachment(
            id=info.id, file_name=info.file_name, media_type=info.media_type, size=info.size, sha256=info.sha256))


def _view(letter: Letter, noticed: set[UUID], subjects: dict[tuple[str, UUID], LinkedSubject] | None = None
          ) -> LetterView:
    values = {name: getattr(letter, name) for name in LETTER_FIELDS}
    links = tuple((link.subject_kind, link.subject_id) for link in letter.links)
    data = LetterData(**values, links=links)
    known = subjects or {}
    return LetterView(
        letter.id, data, direct_letter_flag(letter.channel, letter.urgency_reason, letter.legal_basis),
        tuple(LetterAttachmentInfo(a.id, a.file_name, a.media_type, a.size, a.sha256) for a in letter.attachments),
        letter.id in noticed, tuple(known.get(link, LinkedSubject(*link)) for link in links),
    )


def _noticed(session: Session) -> set[UUID]:
    return set(session.scalars(select(Letter.notice_for_id).where(Letter.notice_for_id.is_not(None))))


def linked_subjects_in(session: Session, links: Sequence[tuple[str, UUID]]) -> dict[tuple[str, UUID], LinkedSubject]:
    """The titles of the linked events and treaties: one query a kind (in chunks under SQLite's variable limit)."""
    found: dict[tuple[str, UUID], LinkedSubject] = {}
    event_ids = list(dict.fromkeys(subject_id for kind, subject_id in links if kind == "event"))
    treaty_ids = list(dict.fromkeys(subject_id for kind, subject_id in links if kind == "treaty"))
    for start in range(0, len(event_ids), 500):
        for row in session.execute(select(Event.id, Event.title_kk, Event.title_ru, Event.starts_at)
                                   .where(Event.id.in_(event_ids[start:start + 500]))):
            found["event", row.id] = LinkedSubject("event", row.id, row.title_kk, row.title_ru, row.starts_at.date())
    for start in range(0, len(treaty_ids), 500):
        for treaty in session.execute(select(Treaty.id, Treaty.title_kk, Treaty.title_ru, Treaty.signed_on)
                                      .where(Treaty.id.in_(treaty_ids[start:start + 500]))):
            found["treaty", treaty.id] = LinkedSubject("treaty", treaty.id, treaty.title_kk, treaty.title_ru,
                                                       treaty.signed_on)
    return found


def linked_subjects(store: Store, links: Sequence[tuple[str, UUID]]) -> list[LinkedSubject]:
    """The links as a letter shows them, e.g. the events and treaties an officer has just chosen."""
    with store.session() as session:
        known = linked_subjects_in(session, links)
    return [known.get(link, LinkedSubject(*link)) for link in links]


def _views(session: Session, letters: Sequence[Letter]) -> list[LetterView]:
    noticed = _noticed(session)
    subjects = linked_subjects_in(session, [(link.subject_kind, link.subject_id)
                                            for letter in letters for link in letter.links])
    return [_view(letter, noticed, subjects) for letter in letters]


def list_letters(store: Store) -> list[LetterView]:
    """Every letter, latest first."""
    with store.session() as session:
        letters = session.scalars(select(Letter).order_by(Letter.dated_on.desc(), Letter.created_at.desc())).all()
        return _views(session, letters)


def letters_of(store: Store, kind: str, subject_id: UUID) -> list[LetterView]:
    """The letters linked to an event or a treaty, latest first (the event's documents show them)."""
    with store.session() as session:
        linked = select(LetterLink.letter_id).where(LetterLink.subject_kind == kind,
                                                    LetterLink.subject_id == subject_id)
        letters = session.scalars(select(Letter).where(Letter.id.in_(linked))
                                  .order_by(Letter.dated_on.desc(), Letter.created_at.desc())).all()
        return _views(session, letters)


def get_letter(store: Store, letter_id: UUID) -> LetterView:
    with store.session() as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise ServiceError(N_("There is no letter with the id {id}."), id=str(letter_id))
        return _views(session, [letter])[0]


def latest_position_letter(session: Session, on: dt.date | None = None) -> Letter | None:
    """p.47: the latest MFA position received (on or before `on`), in the caller's session."""
    query = select(Letter).where(Letter.position_half != "").order_by(
        Letter.dated_on.desc(), Letter.created_at.desc()).limit(1)
    if on is not None:
        query = query.where(Letter.dated_on <= on)
    return session.scalars(query).first()


def latest_mfa_position(store: Store, on: dt.date | None = None) -> LetterView | None:
    """p.47: the latest MFA position received (on or before `on`), for an event or consultation being prepared."""
    with store.session() as session:
        letter = latest_position_letter(session, on)
        return None if letter is None else _view(letter, set())


def link_letter(store: Store, letter_id: UUID, kind: str, subject_id: UUID) -> None:
    """Link the letter to an event or a treaty (p.47: the MFA's position attached to a consultation record)."""
    with store.session(write=True) as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise ServiceError(N_("There is no letter with the id {id}."), id=str(letter_id))
        _check_link(session, kind, subject_id)
        if (kind, subject_id) not in {(link.subject_kind, link.subject_id) for link in letter.links}:
            letter.links.append(LetterLink(subject_kind=kind, subject_id=subject_id, position=len(letter.links)))
