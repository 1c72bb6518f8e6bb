"""Letters (issue 16; p.44, p.45) in the interchange document: the optional top-level `letters` array, read,
checked and merged as treaties are — by id and `updated_at`, only the owning body's copy changing a stored
letter, an older copy kept out and reported as a conflict. Links to events or treaties that are neither in the
store nor merged before are dropped; an attachment is kept when its content came with the file (hash checked)
or is already in the store."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hattama.db.models import AttachmentBlob, Letter, LetterAttachment, LetterLink
from hattama.db.types import utc_now
from hattama.language import N_
from hattama.rules.attachments import safe_file_name
from hattama.rules.errors import RuleError
from hattama.rules.letters import check_channel
from hattama.services.attachments import keep_blob
from hattama.services.errors import ServiceError
from hattama.services.interchange.importer import Conflict, ImportResult
from hattama.services.interchange.records import utc_from_text, utc_text
from hattama.services.interchange.treaty_records import MAX_CLOCK_AHEAD
from hattama.services.letters import LETTER_FIELDS, LINK_KINDS, LetterAttachmentInfo, LetterData
from hattama.services.settings import identity_of, store_owner

_DATE_FIELDS = ("dated_on", "our_date", "their_date")


@dataclass(frozen=True)
class InterchangeLetter:
    id: UUID
    data: LetterData
    attachments: tuple[LetterAttachmentInfo, ...]
    created_at: dt.datetime
    updated_at: dt.datetime
    owner: str = ""


def letter_to_json(letter: Letter) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(letter, name) for name in LETTER_FIELDS}
    values.update({name: value.isoformat() if (value := getattr(letter, name)) else None for name in _DATE_FIELDS})
    values["notice_for_id"] = str(letter.notice_for_id) if letter.notice_for_id else None
    return {
        "id": str(letter.id), "created_at": utc_text(letter.created_at), "updated_at": utc_text(letter.updated_at),
        "owner": letter.owner, **values,
        "attachments": [{"id": str(a.id), "file_name": a.file_name, "media_type": a.media_type, "size": a.size,
                         "sha256": a.sha256} for a in letter.attachments],
        "links": [{"kind": link.subject_kind, "id": str(link.subject_id)} for link in letter.links],
    }


def load_letters(session: Session) -> list[Letter]:
    return list(session.scalars(select(Letter).options(selectinload(Letter.attachments), selectinload(Letter.links))
                                .order_by(Letter.dated_on, Letter.id)))


def letter_from_json(values: Mapping[str, Any], received_at: dt.datetime, owner: str = "") -> InterchangeLetter:
    """ValueError if a value the schema lets through is still impossible (30 February)."""
    fields = {name: values[name] for name in LETTER_FIELDS if name in values}
    fields.update({name: dt.date.fromisoformat(values[name]) if values.get(name) else None for name in _DATE_FIELDS})
    fields["notice_for_id"] = UUID(values["notice_for_id"]) if values.get("notice_for_id") else None
    data = LetterData(**fields, links=tuple((link["kind"], UUID(link["id"])) for link in values.get("links", ())))
    attachments = tuple(LetterAttachmentInfo(UUID(a["id"]), a["file_name"], a.get("media_type", ""), a["size"],
                                             a["sha256"]) for a in values.get("attachments", ()))
    created = values.get("created_at")
    return InterchangeLetter(UUID(values["id"]), data, attachments,
                             utc_from_text(created) if created else received_at, utc_from_text(values["updated_at"]),
                             values.get("owner") or owner)


def parse_letters(document: Mapping[str, Any], now: dt.datetime | None = None) -> list[InterchangeLetter]:
    """The letters of a document that passed the schema check (none if it has no `letters`): each readable, its
    way allowed (p.44), its id once and its time not ahead of `now` by more than a day; ServiceError otherwise."""
    received_at = utc_now() if now is None else now
    source = document.get("source", {})
    sender = identity_of(source.get("body_bin", ""), source.get("body_id"))
    letters, seen = [], set()
    for index, values in enumerate(document.get("letters", ())):
        path = f"$.letters[{index}]"
        try:
            record = letter_from_json(values, received_at, sender)
        except ValueError:
            raise ServiceError(N_("The file does not follow the interchange format at {path}: "
                                  "a date or time there does not exist."), path=path) from None
        try:
            check_channel(record.data.direction, record.data.correspondent_kind, record.data.channel)
        except RuleError as error:
            raise ServiceError(N_("The letter at {path} in the file cannot be imported: {problem}"), path=path,
                               problem=error) from None
        if record.updated_at > received_at + MAX_CLOCK_AHEAD:
            raise ServiceError(N_("The letter {id} in the file was changed at {time}, more than a day after now "
                                  "({now}); a record from the future would win every later merge, so the file is "
                                  "refused."), id=str(record.id), time=utc_text(record.updated_at),
                               now=utc_text(received_at))
        if record.id in seen:
            raise ServiceError(N_("The file lists the id {id} more than once."), id=str(record.id))
        seen.add(record.id)
        letters.append(record)
    return letters


def _refuse_foreign_change(record: InterchangeLetter, owner: str, proven_body: str | None) -> None:
    if record.owner != owner:
        raise ServiceError(N_("The letter {id} belongs to the body {owner}, but the file's copy, which would change "
                              "it, belongs to the body {other}. Nothing was imported."),
                           id=str(record.id), owner=owner, other=record.owner)
    if proven_body is not None and proven_body != owner:
        raise ServiceError(N_("The letter {id} belongs to the body {owner}, but the bundle, which would change it, "
                              "is signed for the body {other}. Nothing was imported."),
                           id=str(record.id), owner=owner, other=proven_body or "—")


def _kept_attachments(session: Session, record: InterchangeLetter,
                      files: Mapping[str, bytes]) -> list[LetterAttachmentInfo]:
    kept = []
    for attachment in record.attachments:
        content = files.get(attachment.sha256)
        if content is not None and hashlib.sha256(content).hexdigest() == attachment.sha256:
            keep_blob(session, attachment.sha256, content)
        elif session.scalar(select(AttachmentBlob.id).where(AttachmentBlob.sha256 == attachment.sha256)) is None:
            continue
        kept.append(attachment)
    return kept


def merge_letters(session: Session, letters: Sequence[InterchangeLetter], files: Mapping[str, bytes],
                  result: ImportResult, proven_body: str | None = None) -> ImportResult:
    """Merge checked letters in the caller's transaction, after the events and treaties."""
    if not letters:
        return result
    own = store_owner(session)
    stored = {letter.id: letter for letter in session.scalars(
        select(Letter).options(selectinload(Letter.attachments), selectinload(Letter.links))
        .where(Letter.id.in_([record.id for record in letters])))}
    created = updated = unchanged = 0
    conflicts = list(result.conflicts)
    for record in letters:
        local = stored.get(record.id)
        if local is not None and record.updated_at == local.updated_at:
            unchanged += 1
            continue
        if local is not None and record.updated_at < local.updated_at:
            conflicts.append(Conflict("letter", record.id, local.updated_at, record.updated_at))
            continue
        if local is None:
            local = Letter(id=record.id, created_at=record.created_at)
            session.add(local)
            created += 1
        else:
            _refuse_foreign_change(record, local.owner, proven_body)
            updated += 1
        for name in LETTER_FIELDS:
            setattr(local, name, getattr(record.data, name))
        local.links = [LetterLink(subject_kind=kind, subject_id=subject_id, position=position)
                       for position, (kind, subject_id) in enumerate(record.data.links)
                       if session.get(LINK_KINDS[kind], subject_id) is not None]
        existing = {attachment.id: attachment for attachment in local.attachments}
        local.attachments = [existing.get(a.id) or LetterAttachment(
            id=a.id, file_name=safe_file_name(a.file_name), media_type=a.media_type, size=a.size, sha256=a.sha256)
            for a in _kept_attachments(session, record, files)]
        local.owner, local.updated_at = record.owner or own, record.updated_at
        session.flush()
    return dataclasses.replace(result, letters_created=created, letters_updated=updated, letters_unchanged=unchanged,
                               conflicts=conflicts)
