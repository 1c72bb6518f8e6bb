"""Issue 20.3: saving an event with its added and removed attachments is one service call and one transaction."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hattama.db.models import AttachmentBlob, RecordVersion
from hattama.services import attachments
from hattama.services.attachments import add_attachment
from hattama.services.errors import ServiceError
from hattama.services.events import get_event, save_event
from tests.events.samples import sample_event


def files(folder: Path, count: int) -> list[Path]:
    paths = []
    for number in range(1, count + 1):
        path = folder / f"document-{number}.txt"
        path.write_bytes(f"content {number}".encode())
        paths.append(path)
    return paths


def snapshot(store, event_id):
    with store.session() as session:
        blobs = session.scalar(select(func.count()).select_from(AttachmentBlob))
        versions = session.scalar(select(func.count()).select_from(RecordVersion))
    return get_event(store, event_id), blobs, versions


def test_the_event_its_new_files_and_its_removed_ones_are_saved_together(store, tmp_path: Path) -> None:
    event_id = save_event(store, None, sample_event())
    old = add_attachment(store, event_id, files(tmp_path, 1)[0])
    (tmp_path / "new").mkdir()
    added = files(tmp_path / "new", 2)
    save_event(store, event_id, sample_event(city="Алматы", city_ru="Алматы"), added, [old.id])
    record = get_event(store, event_id)
    assert record.data.city == "Алматы"
    assert sorted(info.file_name for info in record.attachments) == ["document-1.txt", "document-2.txt"]
    assert attachments.read_attachment(store, record.attachments[1].id) == b"content 2"


def test_a_new_event_comes_with_its_files_in_one_call(store, tmp_path: Path) -> None:
    event_id = save_event(store, None, sample_event(), files(tmp_path, 3))
    assert len(get_event(store, event_id).attachments) == 3


def test_a_failure_on_the_third_attachment_leaves_the_store_as_before(store, tmp_path: Path, monkeypatch) -> None:
    event_id = save_event(store, None, sample_event())
    kept = add_attachment(store, event_id, files(tmp_path, 1)[0])
    before = snapshot(store, event_id)
    folder = tmp_path / "new"
    folder.mkdir()
    stored = attachments.keep_blob
    calls = []

    def failing_third(session, sha256, content):
        calls.append(sha256)
        if len(calls) == 3:
            raise ServiceError("The disk is full.")
        stored(session, sha256, content)

    monkeypatch.setattr(attachments, "keep_blob", failing_third)
    changed = dataclasses.replace(sample_event(), title_kk="Өзгертілген атау")
    with pytest.raises(ServiceError):
        save_event(store, event_id, changed, files(folder, 3), [kept.id])
    assert len(calls) == 3
    assert snapshot(store, event_id) == before  # the title, the attachments, the contents and the history


def test_a_file_that_cannot_be_read_stops_the_save_before_anything_is_written(store, tmp_path: Path) -> None:
    event_id = save_event(store, None, sample_event())
    before = snapshot(store, event_id)
    present = files(tmp_path, 2)
    with pytest.raises(ServiceError) as raised:
        save_event(store, event_id, sample_event(title_kk="Басқа"), [*present, tmp_path / "gone.pdf"])
    assert "gone.pdf" in str(raised.value)
    assert snapshot(store, event_id) == before


def test_an_attachment_of_another_event_cannot_be_removed_with_this_one(store, tmp_path: Path) -> None:
    first, second = save_event(store, None, sample_event()), save_event(store, None, sample_event())
    other = add_attachment(store, second, files(tmp_path, 1)[0])
    with pytest.raises(ServiceError):
        save_event(store, first, sample_event(title_kk="Басқа"), (), [other.id])
    assert get_event(store, second).attachments == (other,)
    assert get_event(store, first).data.title_kk == sample_event().title_kk
