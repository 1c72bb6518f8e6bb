"""Builds hostile interchange documents and attachment names from a valid export (issue 10 and issue 21).

Every hostile document starts as a real export of a demo store (`valid_export`) and is damaged in one way, so a
refusal proves the damage was seen, not that the document was broken elsewhere. Documents travel as the bytes a
file or a bundle member would hold; `with_duplicate_key` and `with_raw_value` write what `json.dumps` cannot.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hattama.db.store import open_store
from hattama.services.events import create_event
from hattama.services.interchange import export_interchange
from hattama.services.interchange.records import utc_from_text, utc_text
from hattama.services.settings import update_settings
from tests.events.samples import abroad_event, sample_event
from tests.interchange.helpers import filled

BODY_A_BIN = "990140000017"
BODY_B_BIN = "050540000031"
# Marks the place in a document where `with_duplicate_key` / `with_raw_value` write their text.
_MARKER = "\u2063hostile\u2063"


def valid_export(folder: Path, body_bin: str = BODY_A_BIN, events: int = 6) -> dict[str, Any]:
    """A real export: demo events with reports, an event at home and one abroad, from a body with this BIN."""
    source = open_store(folder / "source.sqlite3")
    try:
        update_settings(source, body_bin=body_bin, body_name_en="Ministry A")
        filled(source, events=events)
        create_event(source, sample_event())
        create_event(source, abroad_event())
        return export_interchange(source)
    finally:
        source.close()


def encoded(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


def changed(document: dict[str, Any], change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    """A deep copy of the document with `change` applied to it."""
    copied = copy.deepcopy(document)
    change(copied)
    return copied


def _at(document: dict[str, Any], path: tuple[str | int, ...]) -> Any:
    target: Any = document
    for part in path:
        target = target[part]
    return target


def with_duplicate_key(document: dict[str, Any], path: tuple[str | int, ...], key: str, value: Any) -> bytes:
    """The document with `key` written a second time (first, with `value`) in the object at `path`."""
    copied = copy.deepcopy(document)
    target = _at(copied, path)
    copied_target = {_MARKER: value, **target}
    target.clear()
    target.update(copied_target)
    return encoded(copied).replace(json.dumps(_MARKER, ensure_ascii=False).encode(), json.dumps(key).encode(), 1)


def with_raw_value(document: dict[str, Any], path: tuple[str | int, ...], key: str, raw: bytes) -> bytes:
    """The document with the value of `key` in the object at `path` replaced by the raw JSON text `raw`."""
    copied = copy.deepcopy(document)
    _at(copied, path)[key] = _MARKER
    return encoded(copied).replace(json.dumps(_MARKER, ensure_ascii=False).encode(), raw, 1)


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def long_string(size: int) -> bytes:
    return b'"' + b"a" * size + b'"'


def as_body(document: dict[str, Any], body_bin: str) -> dict[str, Any]:
    """The document as another body would send it: its source and every record's owner say `body_bin`."""
    def rewrite(copied: dict[str, Any]) -> None:
        copied["source"].update(body_bin=body_bin, body_id=str(uuid.uuid4()), body_name_en="Ministry B")
        for record in (*copied["events"], *copied["reports"]):
            record["owner"] = body_bin
    return changed(document, rewrite)


def later(document: dict[str, Any]) -> dict[str, Any]:
    """Every record of the document changed a minute after the latest of them: a copy that would win the merge
    (and is no more than a day ahead of the clock that made the export)."""
    latest = max(record["updated_at"] for record in (*document["events"], *document["reports"]))
    stamp = utc_text(utc_from_text(latest) + dt.timedelta(minutes=1))

    def touch(copied: dict[str, Any]) -> None:
        for event in copied["events"]:
            event["updated_at"] = stamp
            event["notes"] = "rewritten by another body"
        for report in copied["reports"]:
            report["updated_at"] = stamp
            # A change the report's status machine allows from any status (issue 20.2: an acknowledged report
            # never goes back to draft by an import, so the status stays as the store has it).
            report["mfa_request_ref"] = "rewritten by another body"
    return changed(document, touch)


# Attachment names an attacker would choose: each tries to leave the temporary folder, hide its type, or name a
# device. `safe_file_name` must make each one a harmless single name.
HOSTILE_NAMES: tuple[str, ...] = (
    "/home/officer/.config/autostart/evil.desktop",
    "../../../../home/officer/.config/autostart/evil.desktop",
    "..\\..\\..\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\evil.bat",
    "C:\\Users\\officer\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\evil.exe",
    "C:evil.exe",
    "\\\\server\\share\\evil.exe",
    "folder/inner/evil.pdf",
    "..",
    ".",
    "",
    "   ",
    " . . ",
    "report.pdf. . .",
    "report\x00.pdf.exe",
    "report\r\nContent-Type: text/html.pdf",
    "\x1b[31mred\x1b[0m.txt",
    "invoice\u202efdp.exe",
    "zero\u200bwidth.docx",
    "CON",
    "con.txt",
    "NUL.pdf",
    "COM1",
    "lpt9.docx",
    "aux .txt",
    'a<b>c:d"e|f?g*h.txt',
    "evil.desktop:Zone.Identifier",
    "x" * 1000 + ".pdf",
    "Күн тәртібі.pdf",
)


def many_events(document: dict[str, Any], count: int) -> dict[str, Any]:
    """The document with `count` events, the export's own repeated under new ids (without their attachments
    and reports): hazards placed in its last records sit late in a long file."""
    copied = copy.deepcopy(document)
    templates = copied["events"]
    copied["events"] = [{**templates[index % len(templates)], "id": str(uuid.uuid4()), "attachments": []}
                        for index in range(count)]
    copied["reports"] = []
    return copied
