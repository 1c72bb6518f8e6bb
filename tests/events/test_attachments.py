"""Attachments: a copy of the file per event, its content stored once per SHA-256."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hattama.db.models import Attachment, AttachmentBlob
from hattama.services import attachments
from hattama.services.attachments import add_attachment, read_attachment, remove_attachment
from hattama.services.errors import ServiceError
from hattama.services.events import create_event, delete_event, get_event
from tests.events.samples import abroad_event, sample_event


def count(store, model) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def agenda(tmp_path: Path) -> Path:
    path = tmp_path / "Күн тәртібі.pdf"
    path.write_bytes(b"%PDF-1.7 agenda of the talks\n")
    return path


def test_an_attachment_is_listed_with_the_event_and_reads_back(store, agenda: Path) -> None:
    event_id = create_event(store, sample_event())
    before = get_event(store, event_id).updated_at
    info = add_attachment(store, event_id, agenda)
    assert (info.file_name, info.media_type, info.size) == ("Күн тәртібі.pdf", "application/pdf", agenda.stat().st_size)
    assert info.sha256 == hashlib.sha256(agenda.read_bytes()).hexdigest()
    record = get_event(store, event_id)
    assert record.attachments == (info,)
    assert record.updated_at > before  # attachments travel with the event, so the event changed
    assert read_attachment(store, info.id) == agenda.read_bytes()


def test_the_same_content_on_two_events_is_stored_once_and_dropped_with_its_last_attachment(
        store, agenda: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy-with-another-name.pdf"
    copy.write_bytes(agenda.read_bytes())
    first = add_attachment(store, create_event(store, sample_event()), agenda)
    second = add_attachment(store, create_event(store, abroad_event()), copy)
    assert first.sha256 == second.sha256
    assert count(store, Attachment) == 2
    assert count(store, AttachmentBlob) == 1

    remove_attachment(store, first.id)
    assert count(store, AttachmentBlob) == 1
    assert read_attachment(store, second.id) == agenda.read_bytes()
    remove_attachment(store, second.id)
    assert count(store, AttachmentBlob) == 0
    with pytest.raises(ServiceError):
        read_attachment(store, second.id)


def test_adding_to_an_unknown_or_binned_event_stores_nothing(store, agenda: Path) -> None:
    with pytest.raises(ServiceError):
        add_attachment(store, uuid.uuid4(), agenda)
    binned = create_event(store, sample_event())
    delete_event(store, binned)
    with pytest.raises(ServiceError):
        add_attachment(store, binned, agenda)
    assert count(store, Attachment) == 0
    assert count(store, AttachmentBlob) == 0


def test_a_missing_file_is_one_clear_error(store, tmp_path: Path) -> None:
    event_id = create_event(store, sample_event())
    with pytest.raises(ServiceError) as raised:
        add_attachment(store, event_id, tmp_path / "absent.docx")
    assert raised.value.msgid == "The file {path} cannot be read: {reason}."
    assert "absent.docx" in str(raised.value)


def test_a_file_over_the_limit_is_refused_before_reading(store, agenda: Path, monkeypatch) -> None:
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(ServiceError) as raised:
        add_attachment(store, create_event(store, sample_event()), agenda)
    assert "larger than" in raised.value.msgid
    assert count(store, AttachmentBlob) == 0


def test_removing_an_unknown_attachment_is_refused(store) -> None:
    with pytest.raises(ServiceError):
        remove_attachment(store, uuid.uuid4())
