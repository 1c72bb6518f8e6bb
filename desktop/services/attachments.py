"""Files kept with events (and letters): read within limits, stored once per SHA-256, written out safely
for opening."""

from __future__ import annotations

import dataclasses
import hashlib
import mimetypes
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from uuid import UUID, uuid4

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from hattama.db.models import Attachment, AttachmentBlob
from hattama.db.store import Store
from hattama.language import N_
from hattama.rules.attachments import safe_file_name
from hattama.services.errors import ServiceError
from hattama.services.event_storage import ATTACHMENT_TABLE, AttachmentInfo, drop_unreferenced_blobs, touch
from hattama.services.history import keep_version

MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024
MAX_FILE_NAME_LENGTH = 400


def read_file_within(path: Path, limit: int, too_big_msgid: str) -> bytes:
    """The file's bytes, refused unread when over `limit` (the msgid takes {path} and {limit} in MB)."""
    try:
        if path.stat().st_size > limit:
            raise ServiceError(too_big_msgid, path=str(path), limit=limit // (1024 * 1024))
        return path.read_bytes()
    except OSError as error:
        raise ServiceError(N_("The file {path} cannot be read: {reason}."),
                           path=str(path), reason=error.strerror or str(error)) from error


def read_attachment_file(file_path: Path) -> bytes:
    """The bytes of a file to attach (to an event or a letter), its name and size checked first."""
    if len(file_path.name) > MAX_FILE_NAME_LENGTH:
        raise ServiceError(N_("The file name is longer than {limit} characters."), limit=MAX_FILE_NAME_LENGTH)
    return read_file_within(file_path, MAX_ATTACHMENT_BYTES, N_(
        "The file {path} is larger than {limit} MB, the most an attachment can be."))


def attachment_info(file_name: str, content: bytes) -> AttachmentInfo:
    """A new attachment's row: a safe display name, the media type it suggests, size and SHA-256."""
    name = safe_file_name(file_name)
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return AttachmentInfo(uuid4(), name, media_type, len(content), hashlib.sha256(content).hexdigest())


def keep_blob(session: Session, sha256: str, content: bytes) -> None:
    """Store the content once, however many events and letters carry it."""
    if session.scalar(select(AttachmentBlob.id).where(AttachmentBlob.sha256 == sha256)) is None:
        session.add(AttachmentBlob(sha256=sha256, size=len(content), content=content))
        session.flush()


def change_attachments(session: Session, event_id: UUID, files: Sequence[tuple[str, bytes]],
                       removed: Sequence[UUID] = ()) -> list[AttachmentInfo]:
    """Within the caller's transaction: attach the files (name, content) to the event and drop the attachments
    `removed` (which must be the event's); contents no attachment refers to any more go too."""
    infos = []
    for name, content in files:
        info = attachment_info(name, content)
        keep_blob(session, info.sha256, content)
        session.execute(insert(ATTACHMENT_TABLE), [{**dataclasses.asdict(info), "event_id": event_id}])
        infos.append(info)
    if removed:
        found = dict(session.execute(select(Attachment.id, Attachment.sha256).where(
            Attachment.event_id == event_id, Attachment.id.in_(removed))).tuples().all())
        missing = [attachment_id for attachment_id in removed if attachment_id not in found]
        if missing:
            raise ServiceError(N_("There is no attachment with the id {id}."), id=str(missing[0]))
        session.execute(delete(Attachment).where(Attachment.id.in_(list(found))))
        drop_unreferenced_blobs(session, set(found.values()))
    return infos


def add_attachment(store: Store, event_id: UUID, file_path: Path) -> AttachmentInfo:
    """Attach a copy of the file; its content is stored once however many events carry it."""
    content = read_attachment_file(file_path)
    with store.session() as session:
        touch(session, event_id)
        [info] = change_attachments(session, event_id, [(file_path.name, content)])
        keep_version(session, "event", event_id)
    return info


def read_attachment(store: Store, attachment_id: UUID) -> bytes:
    query = select(AttachmentBlob.content).join(Attachment, Attachment.sha256 == AttachmentBlob.sha256).where(
        Attachment.id == attachment_id)
    with store.session() as session:
        content = session.scalar(query)
    if content is None:
        raise ServiceError(N_("There is no attachment with the id {id}."), id=str(attachment_id))
    return content


def write_for_opening(content: bytes, file_name: str, temp_root: Path | None = None) -> Path:
    """Write an attachment for the system to open: always `<temp_root>/<new uuid>/<safe name>` (the system's
    temporary folder by default), whatever the stored name says — it is display text, never a path. The folder
    and the file are the officer's alone. Whether to ask before opening: `rules.attachments.asks_before_opening`."""
    root = Path(tempfile.gettempdir() if temp_root is None else temp_root)
    folder = root / str(uuid4())
    target = folder / safe_file_name(file_name)
    if target.parent != folder:  # safe_file_name keeps one segment; a change there must not go unnoticed
        raise ValueError(f"unsafe attachment name: {file_name!r}")
    try:
        folder.mkdir(mode=0o700)
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
    except OSError as error:
        raise ServiceError(N_("The file {path} cannot be written: {reason}."),
                           path=str(target), reason=error.strerror or str(error)) from error
    return target


def remove_attachment(store: Store, attachment_id: UUID) -> None:
    with store.session() as session:
        event_id = session.scalar(select(Attachment.event_id).where(Attachment.id == attachment_id))
        if event_id is None:
            raise ServiceError(N_("There is no attachment with the id {id}."), id=str(attachment_id))
        touch(session, event_id)
        change_attachments(session, event_id, (), [attachment_id])
        keep_version(session, "event", event_id)
