"""Issue 16: letters travel in the interchange format as an optional top-level `letters` array (the version is not
bumped): a whole export carries them, an import merges them by id and time with their owner, attachments and
links, and the p.44 notice and p.45 position close the same obligations in the receiving store; files without
`letters` still import; hostile letters (a way p.44 does not allow, a date that does not exist, a hostile
attachment name) are refused or cleaned."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import uuid
from pathlib import Path

import jsonschema
import pytest

from hattama.db.store import open_store
from hattama.services.errors import ServiceError
from hattama.services.events import create_event
from hattama.services.interchange import export_interchange, import_interchange
from hattama.services.interchange.records import utc_from_text, utc_text
from hattama.services.interchange.schema import interchange_schema
from hattama.services.letters import LetterData, add_letter, get_letter, list_letters
from tests.events.samples import sample_event

TODAY = dt.date(2026, 12, 4)


@pytest.fixture
def other(tmp_path: Path):
    opened = open_store(tmp_path / "other.sqlite3")
    yield opened
    opened.close()


def letters_of(store, tmp_path: Path) -> tuple[dict, bytes]:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF scan of the letter")
    event_id = create_event(store, sample_event())
    direct = add_letter(store, LetterData(direction="outgoing", correspondent_kind="diplomatic_mission",
                                          dated_on=dt.date(2026, 12, 1), channel="direct_urgent",
                                          urgency_reason="visit", links=(("event", event_id),)), [scan], today=TODAY)
    add_letter(store, LetterData(direction="outgoing", correspondent_kind="mfa", dated_on=dt.date(2026, 12, 2),
                                 notice_for_id=direct), today=TODAY)
    add_letter(store, LetterData(direction="incoming", correspondent_kind="mfa", dated_on=dt.date(2026, 12, 3),
                                 position_half="2026-H2", text="Position"), today=TODAY)
    return export_interchange(store), scan.read_bytes()


def test_a_whole_export_carries_the_letters_and_they_round_trip_p44_p45(store, other, tmp_path: Path) -> None:
    document, scan = letters_of(store, tmp_path)
    jsonschema.validate(document, interchange_schema())
    assert len(document["letters"]) == 3 and "letters" not in export_interchange(store, year=2026)
    result = import_interchange(other, document, {hashlib.sha256(scan).hexdigest(): scan})
    assert (result.letters_created, result.letters_updated, result.letters_unchanged) == (3, 0, 0)
    mine = {letter.id: letter for letter in list_letters(store)}
    theirs = {letter.id: letter for letter in list_letters(other)}
    assert mine == theirs  # data, flags, attachments, links (the event came along) and the notice
    again = import_interchange(other, document)
    assert (again.letters_created, again.letters_unchanged) == (0, 3)


def test_an_attachment_whose_content_did_not_come_is_left_out_and_hostile_names_are_cleaned(
        store, other, tmp_path: Path) -> None:
    document, _scan = letters_of(store, tmp_path)
    hostile = copy.deepcopy(document)
    [with_file] = [letter for letter in hostile["letters"] if letter["attachments"]]
    import_interchange(other, hostile)
    assert get_letter(other, uuid.UUID(with_file["id"])).attachments == ()
    with_file["attachments"][0]["file_name"] = "..\\..\\Startup\\evil.bat"
    with_file["updated_at"] = utc_text(utc_from_text(with_file["updated_at"]) + dt.timedelta(minutes=1))
    import_interchange(other, hostile, {with_file["attachments"][0]["sha256"]: b"%PDF scan of the letter"})
    [attachment] = get_letter(other, uuid.UUID(with_file["id"])).attachments
    assert "\\" not in attachment.file_name and "/" not in attachment.file_name


@pytest.mark.parametrize(("field", "value", "message"), [
    ("channel", "", "needs its way"), ("dated_on", "2026-02-30", "does not exist"),
])
def test_a_letter_p44_does_not_allow_or_an_impossible_date_is_refused_with_its_place(
        store, other, tmp_path: Path, field: str, value: str, message: str) -> None:
    document, _scan = letters_of(store, tmp_path)
    broken = copy.deepcopy(document)
    direct = next(letter for letter in broken["letters"] if letter["channel"] == "direct_urgent")
    direct[field] = value
    with pytest.raises(ServiceError, match=message) as refused:
        import_interchange(other, broken)
    assert "$.letters[" in str(refused.value) or "does not exist" in str(refused.value)
    assert list_letters(other) == []


def test_a_file_without_letters_still_imports(store, other, tmp_path: Path) -> None:
    document, _scan = letters_of(store, tmp_path)
    del document["letters"]
    result = import_interchange(other, document)
    assert result.created == 1 and result.letters_created == 0
