"""Hostile interchange files (issue 10) and records of one body rewritten by another (issue 21).

Classes of hostile input, each built by `tests/hostile/interchange_hazards.py` from a valid export:
- parser differentials: a key twice (`title_kk`, `id`, the top-level `events`), a lone surrogate escape, raw
  surrogate bytes;
- resource exhaustion: nesting 900 and 100,000 deep, a 100 MB string, a file over the size limit;
- invisible data: titles of only spaces, zero-width or format characters, participants and parties likewise;
- identity clashes: an attachment id already stored for another event;
- clocks: a record changed more than a day after the importing machine's now (9999-12-31 included);
- ownership: another body's copy (file or signed bundle) that would change or bin a record it does not own;
- late hazards in a file read a piece at a time (issue 18.4): a file cut inside a record, a key twice, a lone
  surrogate, deep nesting or a 100 MB string in the last of 1,500 records, after batches were merged, and a
  top-level name written again after the records — refused as the whole-document reader refuses them.
Every refusal is one translated sentence naming what is wrong, and the store is byte-for-byte as it was.
Edge years the decree's calendar must live with (1995, ending 2100-12-31) are accepted.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import sqlite3
import uuid
from typing import Any

import pytest

from hattama.db.store import open_store
from hattama.i18n import describe
from hattama.services.errors import ServiceError
from hattama.services.events import get_event
from hattama.services.interchange import import_file, import_interchange, importer, stream
from hattama.services.interchange.importer import parse_json_bytes
from hattama.services.interchange.records import utc_from_text, utc_text
from hattama.services.interchange.stream import MAX_TEXT_BYTES
from hattama.services.listed_events import all_listed_events
from hattama.services.settings import load_settings, owner_identity, update_settings
from tests.hostile.interchange_hazards import (
    BODY_A_BIN,
    BODY_B_BIN,
    as_body,
    changed,
    encoded,
    later,
    long_string,
    many_events,
    nested,
    valid_export,
    with_duplicate_key,
    with_raw_value,
)

MFA_BIN = "960540000061"


@pytest.fixture(scope="module")
def export_a(tmp_path_factory) -> dict[str, Any]:
    return valid_export(tmp_path_factory.mktemp("body-a"))


@pytest.fixture
def mfa(store, export_a):
    """The MFA's store, holding body A's records."""
    update_settings(store, body_bin=MFA_BIN)
    import_interchange(store, export_a)
    return store


def dump(store) -> str:
    with sqlite3.connect(store.path) as connection:
        return "\n".join(connection.iterdump())


def refused(store, raw: bytes, **options: Any) -> ServiceError:
    """The refusal of a document given as bytes; the store must be exactly as it was."""
    before = dump(store)
    with pytest.raises(ServiceError) as caught:
        import_interchange(store, parse_json_bytes(raw), **options)
    assert dump(store) == before
    return caught.value


def refused_document(store, document: dict[str, Any], **options: Any) -> ServiceError:
    return refused(store, encoded(document), **options)


# ------------------------------------------------------------------------------------------ parser differentials

@pytest.mark.parametrize(("path", "key", "value"), [
    (("events", 0), "title_kk", "Басқа тақырып"),
    (("events", 0), "id", "7b0c5a52-0a52-4a6c-9c52-2d0c3c6f0a11"),
    ((), "events", []),
    (("source",), "body_bin", BODY_B_BIN),
])
def test_a_key_twice_is_refused_and_named(store, export_a, path, key, value) -> None:
    error = refused(store, with_duplicate_key(export_a, path, key, value))
    assert error.msgid.startswith("The file names the field “{key}” twice in one object")
    assert error.params == {"key": key}


def test_a_lone_surrogate_escape_is_refused_not_a_traceback(store, export_a) -> None:
    raw = with_raw_value(export_a, ("events", 0), "title_kk", b'"\\ud800 talks"')
    assert "lone surrogate" in refused(store, raw).msgid


def test_surrogate_bytes_are_not_utf8(store, export_a) -> None:
    raw = with_raw_value(export_a, ("events", 0), "title_kk", b'"\xed\xa0\x80"')
    assert refused(store, raw).msgid.startswith("The file is not UTF-8 text")


# ------------------------------------------------------------------------------------------ resource exhaustion

@pytest.mark.parametrize("depth", [900, 100_000])
def test_deep_nesting_is_refused_with_the_limit(store, export_a, depth) -> None:
    error = refused(store, with_raw_value(export_a, ("events", 0), "notes", nested(depth)))
    assert error.msgid.startswith("The file nests lists and objects more than {limit} levels deep")


def test_a_100_mb_string_is_refused_before_parsing(store, export_a, monkeypatch) -> None:
    def no_parsing(_text):
        raise AssertionError("parsed")
    monkeypatch.setattr("hattama.services.strict_json.loads", no_parsing)
    raw = with_raw_value(export_a, ("events", 0), "notes", long_string(100 * 1024 * 1024))
    error = refused(store, raw)
    assert error.msgid.startswith("The file holds a text longer than {limit} MB")
    assert error.params["limit"] == MAX_TEXT_BYTES // (1024 * 1024)


def test_the_longest_text_the_format_allows_still_passes_the_scan(store, export_a) -> None:
    report_text = "\\u04d9" * 50_000  # 50,000 characters, each escaped to six bytes: 300,000 bytes
    document = changed(export_a, lambda d: d["reports"][0]["texts"][0].update(issues="@"))
    raw = encoded(document).replace(b'"issues":"@"', b'"issues":"' + report_text.encode() + b'"', 1)
    import_interchange(store, parse_json_bytes(raw))
    assert len(all_listed_events(store)) > 0


def test_data_over_the_size_limit_is_refused_unread(store, export_a, monkeypatch) -> None:
    raw = encoded(export_a)
    monkeypatch.setattr("hattama.services.interchange.importer.MAX_FILE_BYTES", len(raw) - 1)
    assert "larger than" in refused(store, raw).msgid


# ------------------------------------------------------------------------------------------ invisible data

@pytest.mark.parametrize("title", [" ", "\t\n ", "\u200b", "\u200b\u200c\u200d\u2060\ufeff", "\u3000\u00a0",
                                   "\u3164", "\u2800\u202e"])
def test_a_title_of_nothing_visible_is_refused(store, export_a, title) -> None:
    document = changed(export_a, lambda d: d["events"][0].update(title_kk=title, title_ru=title))
    error = refused_document(store, document)
    assert error.params["path"] == "$.events[0]"
    assert "title" in describe(error.params["problem"])


def test_a_participant_of_nothing_visible_is_refused(store, export_a) -> None:
    def blank(document: dict[str, Any]) -> None:
        event = next(e for e in document["events"] if e["participants"])
        event["participants"][0]["full_name"] = "\u200b\u200b"
    assert "participant" in describe(refused_document(store, changed(export_a, blank)).params["problem"])


# ------------------------------------------------------------------------------------------ identity clashes

def test_an_attachment_id_stored_for_another_event_is_refused_naming_both_events(store, export_a) -> None:
    content = b"%PDF-1.7 agenda\n"
    sha256 = hashlib.sha256(content).hexdigest()
    attachment = {"id": str(uuid.uuid4()), "file_name": "agenda.pdf", "media_type": "application/pdf",
                  "size": len(content), "sha256": sha256}
    first = changed(export_a, lambda d: d["events"][0].update(attachments=[attachment]))
    import_interchange(store, first, {sha256: content})
    second = changed(later(first), lambda d: (d["events"][0].update(attachments=[]),
                                              d["events"][1].update(attachments=[attachment])))
    error = refused_document(store, second)
    assert error.msgid.startswith("The attachment {id} (“{file_name}”) of the event {event_id}")
    assert error.params == {"id": attachment["id"], "file_name": "agenda.pdf",
                            "event_id": first["events"][1]["id"], "other": first["events"][0]["id"]}


# ------------------------------------------------------------------------------------------ clocks

def export_time(document: dict[str, Any]) -> dt.datetime:
    """The latest modification time in the document: the "now" of these tests (its records are real exports)."""
    return max(utc_from_text(record["updated_at"]) for record in (*document["events"], *document["reports"]))


@pytest.mark.parametrize(("kind", "ahead"), [
    ("events", None),  # 9999-12-31T23:59:59.999999Z, which would win every later merge
    ("events", dt.timedelta(days=1, microseconds=1)),
    ("reports", dt.timedelta(days=30)),
])
def test_a_record_changed_more_than_a_day_from_now_is_refused_and_named(store, export_a, kind, ahead) -> None:
    now = export_time(export_a)
    stamp = "9999-12-31T23:59:59.999999Z" if ahead is None else utc_text(now + ahead)
    document = changed(export_a, lambda d: d[kind][0].update(updated_at=stamp))
    error = refused_document(store, document, now=now)
    assert error.params["id"] == export_a[kind][0]["id"]
    assert error.params["time"] == stamp
    assert "more than a day after now" in error.msgid


def test_a_record_a_day_ahead_of_now_is_still_accepted(store, export_a) -> None:
    now = export_time(export_a)
    stamp = utc_text(now + dt.timedelta(days=1))
    document = changed(export_a, lambda d: [record.update(updated_at=stamp)
                                            for record in (*d["events"], *d["reports"])])
    result = import_interchange(store, document, now=now)
    assert result.created == len(export_a["events"]) + len(export_a["reports"])


# ------------------------------------------------------------------------------------------ edge years

@pytest.mark.parametrize(("starts_at", "ends_at"), [
    ("1995-06-01T10:00:00", "1995-06-01T12:00:00"),
    ("2100-12-30T09:00:00", "2100-12-31T18:00:00"),
])
def test_events_at_the_edges_of_the_accepted_years_import(store, export_a, starts_at, ends_at) -> None:
    def edge(document: dict[str, Any]) -> None:
        event = document["events"][0]
        event.update(starts_at=starts_at, ends_at=ends_at, departs_on=None)
        event.pop("consultation_on", None)  # a p.48 date before the event, where the format has one
    document = changed(export_a, edge)
    import_interchange(store, document)
    stored = get_event(store, uuid.UUID(document["events"][0]["id"]))
    assert stored.data.ends_at == dt.datetime.fromisoformat(ends_at)


# ------------------------------------------------------------------------------------------ ownership (issue 21)

def test_an_export_names_its_body_and_every_record_its_owner(store, export_a) -> None:
    assert export_a["source"]["body_bin"] == BODY_A_BIN
    uuid.UUID(export_a["source"]["body_id"])
    assert {record["owner"] for record in (*export_a["events"], *export_a["reports"])} == {BODY_A_BIN}


def test_another_bodys_file_reusing_a_bodys_ids_changes_nothing(mfa, export_a) -> None:
    """Issue 21: body B's copy of body A's records, changed later, would move A's event and reset its report."""
    error = refused_document(mfa, as_body(later(export_a), BODY_B_BIN))
    assert error.params["owner"] == BODY_A_BIN
    assert error.params["other"] == BODY_B_BIN
    assert error.params["id"] in {record["id"] for record in (*export_a["events"], *export_a["reports"])}


def test_a_forged_owner_in_a_bundle_signed_by_another_body_changes_nothing(mfa, export_a) -> None:
    """The records and source say body A, but the signer proves body B: the signature decides."""
    error = refused_document(mfa, later(export_a), proven_body=BODY_B_BIN)
    assert "signed for the body {other}" in error.msgid
    assert (error.params["owner"], error.params["other"]) == (BODY_A_BIN, BODY_B_BIN)


def test_binning_another_bodys_event_is_refused(mfa, export_a) -> None:
    binned = changed(later(export_a), lambda d: d["events"][0].update(deleted_at=d["events"][0]["updated_at"]))
    refused_document(mfa, as_body(binned, BODY_B_BIN))
    assert all(str(row.id) != export_a["events"][0]["id"] for row in all_listed_events(mfa, deleted=True))


def test_a_signer_proving_no_body_changes_nothing(mfa, export_a) -> None:
    assert refused_document(mfa, later(export_a), proven_body="").params["other"] == "—"


def test_the_owners_own_signed_copy_updates(mfa, export_a) -> None:
    result = import_interchange(mfa, later(export_a), proven_body=BODY_A_BIN)
    assert result.updated == len(export_a["events"]) + len(export_a["reports"])


def test_any_body_may_create_records_and_then_only_it_may_change_them(mfa, export_a) -> None:
    fresh = as_body(_new_ids(export_a), BODY_B_BIN)
    result = import_interchange(mfa, fresh, proven_body=BODY_B_BIN)
    assert result.created == len(fresh["events"]) + len(fresh["reports"])
    assert import_interchange(mfa, later(fresh), proven_body=BODY_B_BIN).updated == result.created
    refused_document(mfa, as_body(later(later(fresh)), BODY_A_BIN))


def test_an_old_file_without_owners_belongs_to_its_source_or_to_the_store(store, export_a) -> None:
    def strip(document: dict[str, Any]) -> None:
        for record in (*document["events"], *document["reports"]):
            del record["owner"]
    old_from_b = changed(as_body(export_a, BODY_B_BIN), strip)
    import_interchange(store, old_from_b)
    assert get_event(store, uuid.UUID(export_a["events"][0]["id"])).owner == BODY_B_BIN

    def anonymous(document: dict[str, Any]) -> None:
        strip(document)
        for name in ("body_bin", "body_id"):
            del document["source"][name]
    other = open_store(store.path.with_name("other.sqlite3"))
    try:
        import_interchange(other, changed(_new_ids(export_a), anonymous))
        own = owner_identity(load_settings(other))
        assert {row.owner for row in _events(other)} == {own}
    finally:
        other.close()


def _new_ids(document: dict[str, Any]) -> dict[str, Any]:
    """The document's records under new ids (the same content, as another body would have made it)."""
    copied = copy.deepcopy(document)
    events = {event["id"]: str(uuid.uuid4()) for event in copied["events"]}
    for event in copied["events"]:
        event["id"] = events[event["id"]]
        for attachment in event.get("attachments", ()):
            attachment["id"] = str(uuid.uuid4())
    for report in copied["reports"]:
        report["id"], report["event_id"] = str(uuid.uuid4()), events[report["event_id"]]
    return copied


def _events(store):
    from hattama.services.event_storage import load_event_records
    with store.session() as session:
        return load_event_records(session)


# ------------------------------------------------------------------------------------------ late, in a long file

LATE = 1_500


@pytest.fixture(scope="module")
def long_export(export_a) -> dict[str, Any]:
    return many_events(export_a, LATE)


@pytest.fixture
def small_batches(monkeypatch) -> None:
    """Batches of 100 records and reads of 64 KiB: a hazard in the last record comes after 14 merged batches."""
    monkeypatch.setattr(importer, "BATCH", 100)
    monkeypatch.setattr(stream, "READ_BYTES", 64 * 1024)


def refused_file(store, raw: bytes, folder) -> ServiceError:
    """The refusal of `raw` as a file read a piece at a time; the store must be exactly as it was."""
    path = folder / "late.json"
    path.write_bytes(raw)
    before = dump(store)
    with pytest.raises(ServiceError) as caught:
        import_file(store, path)
    assert dump(store) == before
    return caught.value


def same_refusal_both_ways(store, raw: bytes, folder) -> ServiceError:
    from_file = refused_file(store, raw, folder)
    in_memory = refused(store, raw)
    assert (from_file.msgid, from_file.params) == (in_memory.msgid, in_memory.params)
    return from_file


LAST = ("events", LATE - 1)


def test_a_file_cut_inside_a_late_record_is_refused_where_it_ends(store, long_export, small_batches,
                                                                  tmp_path) -> None:
    raw = encoded(long_export)
    cut = raw[:raw.index(long_export["events"][-2]["id"].encode()) + 20]
    error = same_refusal_both_ways(store, cut, tmp_path)
    assert error.msgid == "The file is not valid JSON (line {line}, column {column})."


def test_a_key_twice_in_a_late_record_is_refused(store, long_export, small_batches, tmp_path) -> None:
    error = same_refusal_both_ways(store, with_duplicate_key(long_export, LAST, "title_kk", "Басқа"), tmp_path)
    assert error.params == {"key": "title_kk"}


def test_a_lone_surrogate_in_a_late_record_is_refused(store, long_export, small_batches, tmp_path) -> None:
    raw = with_raw_value(long_export, LAST, "title_ru", b'"\\udc00 talks"')
    assert "lone surrogate" in same_refusal_both_ways(store, raw, tmp_path).msgid


@pytest.mark.parametrize("depth", [40, 900, 100_000])
def test_deep_nesting_in_a_late_record_is_refused_with_the_limit(store, long_export, small_batches, tmp_path,
                                                                 depth) -> None:
    error = same_refusal_both_ways(store, with_raw_value(long_export, LAST, "notes", nested(depth)), tmp_path)
    assert error.msgid.startswith("The file nests lists and objects more than {limit} levels deep")


def test_a_top_level_name_again_after_the_records_is_refused(store, long_export, small_batches, tmp_path) -> None:
    raw = encoded(long_export)
    again = raw[:-1] + b', "events": []}'
    assert same_refusal_both_ways(store, again, tmp_path).params == {"key": "events"}


def test_a_100_mb_string_in_a_late_record_is_refused_before_it_is_held(store, long_export, small_batches,
                                                                        tmp_path, monkeypatch) -> None:
    """The file is written by pieces and read by pieces: the string is never whole in memory on either side."""
    head, tail = with_raw_value(long_export, LAST, "notes", b'"@huge@"').split(b"@huge@")
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.write(head)
        for _megabyte in range(100):
            handle.write(b"a" * 1024 * 1024)
        handle.write(tail)
    values: list[int] = []
    decode_at = stream.strict_json.decode_at

    def decoding(text: str, offset: int, depth, **options):
        values.append(len(text))
        return decode_at(text, offset, depth, **options)
    monkeypatch.setattr(stream.strict_json, "decode_at", decoding)
    before = dump(store)
    with pytest.raises(ServiceError) as caught:
        import_file(store, path)
    assert dump(store) == before
    assert caught.value.msgid.startswith("The file holds a text longer than {limit} MB")
    position = stream.advance((1, 1), head[:-1].decode())
    assert (caught.value.params["line"], caught.value.params["column"]) == position
    assert max(values) < 4 * MAX_TEXT_BYTES


def test_a_record_larger_than_any_the_format_allows_is_refused_unheld(store, long_export, small_batches,
                                                                      tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(stream, "MAX_VALUE_CHARS", 200_000)
    raw = with_raw_value(long_export, LAST, "participants", b"[" + b",".join([b'{"side": "ours"}'] * 20_000) + b"]")
    error = refused_file(store, raw, tmp_path)
    assert error.msgid.startswith("The file holds a record larger than {limit} MB")
