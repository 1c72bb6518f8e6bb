"""Hostile attachment names and types (issue 10, item 6).

Classes of hostile input (names from `tests/hostile/interchange_hazards.HOSTILE_NAMES`, documents built from a
valid export): absolute paths, `..` climbs with `/` and `\\`, drive letters and UNC shares, control, bidi and
zero-width characters, characters Windows refuses, alternate data streams, device names (CON, NUL, COM1…),
trailing dots and spaces, names empty after cleaning, over-long names; and executable content — program and
script types by name (double extensions included) and programs without an extension.

A stored name is display text: the importer stores a safe name, and every use (the copy written to open it, the
name offered to save it) cleans it again, so even a store written before this fix cannot make Hattama write
outside `<temp>/<uuid>/`. A program or script opens only once the officer confirms.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import update

from hattama.db.models import Attachment
from hattama.rules.attachments import FALLBACK_NAME, MAX_SAFE_NAME_LENGTH, asks_before_opening, safe_file_name
from hattama.services.attachments import add_attachment, write_for_opening
from hattama.services.events import create_event, get_event
from hattama.services.interchange import import_interchange
from tests.events.samples import sample_event
from tests.hostile.interchange_hazards import HOSTILE_NAMES, changed, valid_export

RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))}


def assert_harmless(name: str) -> None:
    assert name and len(name) <= MAX_SAFE_NAME_LENGTH
    assert not any(character in name for character in '/\\:<>"|?*')
    assert not any(unicodedata.category(character)[0] == "C" for character in name)
    assert name == name.strip(" .")
    assert name.split(".")[0].upper() not in RESERVED
    assert name not in (".", "..")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_every_hostile_name_becomes_one_harmless_name(name) -> None:
    assert_harmless(safe_file_name(name))


def test_cleaning_keeps_what_can_be_kept() -> None:
    assert safe_file_name("Күн тәртібі.pdf") == "Күн тәртібі.pdf"
    assert safe_file_name("../../.config/autostart/evil.desktop") == "evil.desktop"
    assert safe_file_name("C:\\Users\\x\\Startup\\evil.exe") == "evil.exe"
    assert safe_file_name("con.txt") == "_con.txt"
    assert safe_file_name("report.pdf. . .") == "report.pdf"
    assert safe_file_name("..") == safe_file_name("") == safe_file_name(" \u200b ") == FALLBACK_NAME
    assert safe_file_name("x" * 1000 + ".pdf").endswith("x.pdf")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_the_copy_to_open_stays_in_a_fresh_folder_of_the_temporary_folder(tmp_path, name) -> None:
    root = tmp_path / "temp"
    root.mkdir()
    written = write_for_opening(b"payload", name, root)
    assert written.parent.parent == root and uuid.UUID(written.parent.name)
    assert written.resolve().is_relative_to(root.resolve())
    assert_harmless(written.name)
    everything = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert everything == [written] and written.read_bytes() == b"payload"


def test_two_copies_of_one_name_never_collide(tmp_path) -> None:
    first, second = (write_for_opening(content, "agenda.pdf", tmp_path) for content in (b"1", b"2"))
    assert first != second and (first.read_bytes(), second.read_bytes()) == (b"1", b"2")


def test_an_imported_hostile_name_is_stored_as_a_safe_one(store, tmp_path) -> None:
    export = valid_export(tmp_path)
    content = b"%PDF-1.7\n"
    sha256 = hashlib.sha256(content).hexdigest()
    attachments = [{"id": str(uuid.uuid4()), "file_name": name[:400], "size": len(content), "sha256": sha256}
                   for name in HOSTILE_NAMES]
    document = changed(export, lambda d: d["events"][0].update(attachments=attachments))
    import_interchange(store, document, {sha256: content})
    stored = get_event(store, uuid.UUID(export["events"][0]["id"])).attachments
    assert sorted(info.file_name for info in stored) == sorted(safe_file_name(name[:400]) for name in HOSTILE_NAMES)
    for info in stored:
        assert_harmless(info.file_name)


@pytest.mark.parametrize(("name", "head", "asks"), [
    ("evil.exe", b"MZ\x90\x00", True),
    ("EVIL.ExE", b"", True),
    ("report.pdf.exe", b"%PDF", True),
    ("report.pdf.exe. . .", b"%PDF", True),
    ("invoice\u202efdp.exe", b"", True),
    ("run.bat", b"@echo off", True),
    ("run.cmd", b"", True),
    ("old.com", b"", True),
    ("screen.scr", b"", True),
    ("script.js", b"", True),
    ("script.vbs", b"", True),
    ("script.ps1", b"", True),
    ("setup.msi", b"", True),
    ("shortcut.lnk", b"", True),
    ("app.hta", b"", True),
    ("tool.jar", b"PK\x03\x04", True),
    ("autostart.desktop", b"[Desktop Entry]", True),
    ("program", b"MZ\x90\x00", True),
    ("program", b"\x7fELF\x02\x01", True),
    ("program", b"#!/bin/sh\n", True),
    ("program", b"\xcf\xfa\xed\xfe", True),
    ("agenda.pdf", b"%PDF-1.7", False),
    ("Күн тәртібі.docx", b"PK\x03\x04", False),
    ("notes", b"plain words", False),
    ("photo.jpg", b"\xff\xd8\xff\xe0", False),
])
def test_opening_asks_first_only_for_programs_and_scripts(name, head, asks) -> None:
    assert asks_before_opening(name, head) is asks


# ------------------------------------------------------------------------------------------ the Open button

@pytest.fixture
def stored_attachment(store, tmp_path):
    """Store an attachment, then give it a hostile name as a store written before the fix could hold."""
    def make(name: str, content: bytes):
        source = tmp_path / "plain.bin"
        source.write_bytes(content)
        event_id = create_event(store, sample_event())
        info = add_attachment(store, event_id, source)
        with store.session() as session:
            session.execute(update(Attachment).where(Attachment.id == info.id).values(file_name=name))
        return get_event(store, event_id).attachments[0]
    return make


@pytest.fixture
def opened(monkeypatch, tmp_path):
    """The URLs handed to the system, and the officer's answer to "open a program?" (Cancel unless changed)."""
    urls: list[Path] = []
    asked: list[str] = []
    answer = {"button": QMessageBox.StandardButton.Cancel}
    root = tmp_path / "temp"
    root.mkdir()
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(root))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(Path(url.toLocalFile())) or True)

    def warning(_parent, _title, text, *_buttons):
        asked.append(text)
        return answer["button"]
    monkeypatch.setattr(QMessageBox, "warning", warning)
    return urls, asked, answer, root


def open_in_editor(store, info):
    from hattama.ui.events.parts import AttachmentsEditor
    editor = AttachmentsEditor(store)
    editor.set_state([info])
    editor.list.setCurrentRow(0)
    editor.open_selected()
    editor.deleteLater()


def test_a_hostile_name_opens_as_a_safe_copy_in_the_temporary_folder(qapp, store, stored_attachment, opened):
    urls, asked, _answer, root = opened
    info = stored_attachment("../../../../home/officer/.config/autostart/agenda.pdf", b"%PDF-1.7\n")
    open_in_editor(store, info)
    assert asked == []
    [path] = urls
    assert path.parent.parent == root and path.name == "agenda.pdf" and path.read_bytes() == b"%PDF-1.7\n"


@pytest.mark.parametrize(("name", "content"), [
    ("..\\..\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\evil.bat", b"@echo off\n"),
    ("program", b"MZ\x90\x00"),
])
def test_a_program_is_not_opened_unless_the_officer_confirms(qapp, store, stored_attachment, opened, name, content):
    urls, asked, answer, root = opened
    info = stored_attachment(name, content)
    open_in_editor(store, info)
    assert len(asked) == 1 and safe_file_name(name) in asked[0]
    assert urls == [] and not any(root.iterdir())  # declined: not even written

    answer["button"] = QMessageBox.StandardButton.Open
    open_in_editor(store, info)
    [path] = urls
    assert path.parent.parent == root and path.name == safe_file_name(name)
