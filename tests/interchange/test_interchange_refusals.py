"""Files that must be refused, each with one clear sentence, and with nothing written to the store."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hattama import i18n
from hattama.i18n import describe
from hattama.services.errors import ServiceError
from hattama.services.events import create_event
from hattama.services.interchange import import_file, import_interchange, importer
from tests.events.samples import sample_event
from tests.interchange.helpers import table_counts

SCHEMA_PREFIX = "The file does not follow the interchange format at {path}"


@pytest.fixture
def target(store):
    """A store that already holds an event, so "nothing written" means more than "still empty"."""
    create_event(store, sample_event(title_ru="Уже здесь"))
    return store


def refused(store, document: Any) -> ServiceError:
    before = table_counts(store)
    with pytest.raises(ServiceError) as raised:
        import_interchange(store, document)
    assert table_counts(store) == before
    assert "{" not in i18n.describe(raised.value)  # every placeholder is filled
    return raised.value


def mutate(document: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    change(changed)
    return changed


def first_event(document: dict[str, Any]) -> dict[str, Any]:
    return document["events"][0]


SCHEMA_CASES: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("title-not-text", lambda d: first_event(d).update(title_kk=42), "type", "$.events[0].title_kk"),
    ("held-by-body-as-text", lambda d: first_event(d).update(held_by_body="yes"), "type", "$.events[0].held_by_body"),
    ("events-not-a-list", lambda d: d.update(events={}), "type", "$.events"),
    ("missing-id", lambda d: first_event(d).pop("id"), "required", "$.events[0]"),
    ("missing-updated-at", lambda d: d["reports"][0].pop("updated_at"), "required", "$.reports[0]"),
    ("huge-title", lambda d: first_event(d).update(title_ru="Ж" * 5_000_000), "maxLength", "$.events[0].title_ru"),
    ("huge-participant-name", lambda d: first_event(d)["participants"][0].update(full_name="Ә" * 301), "maxLength",
     "$.events[0].participants[0].full_name"),
    ("too-many-parties", lambda d: first_event(d).update(parties=[{"kind": "other", "code": "", "name": "x"}] * 101),
     "maxItems", "$.events[0].parties"),
    ("unknown-field", lambda d: first_event(d).update(secret="x"), "additionalProperties", "$.events[0]"),
    ("bad-uuid", lambda d: first_event(d).update(id="not-a-uuid"), "pattern", "$.events[0].id"),
    ("time-with-zone-offset", lambda d: first_event(d).update(updated_at="2025-01-01T10:00:00+05:00"), "pattern",
     "$.events[0].updated_at"),
    ("non-ascii-digits", lambda d: first_event(d).update(starts_at="٢٠٢٥-01-01T10:00:00"), "pattern",
     "$.events[0].starts_at"),
    ("unknown-kind", lambda d: first_event(d).update(kind="banquet"), "enum", "$.events[0].kind"),
    ("unknown-exemption-area", lambda d: first_event(d).update(exemption_area="tax"), "enum",
     "$.events[0].exemption_area"),
    ("unknown-report-status", lambda d: d["reports"][0].update(status="lost"), "enum", "$.reports[0].status"),
    ("negative-size", lambda d: first_event(d).update(attachments=[{
        "id": "00000000-0000-4000-8000-000000000001", "file_name": "a.pdf", "size": -1, "sha256": "0" * 64}]),
     "range", "$.events[0].attachments[0].size"),
    ("wrong-format-name-inside", lambda d: d.update(attachments_included="no"), "type", "$.attachments_included"),
]


@pytest.mark.parametrize(("change", "keyword", "path"), [case[1:] for case in SCHEMA_CASES],
                         ids=[case[0] for case in SCHEMA_CASES])
def test_schema_breaches_name_the_json_path(target, valid_document, change, keyword: str, path: str) -> None:
    error = refused(target, mutate(valid_document, change))
    assert error.msgid.startswith(SCHEMA_PREFIX)
    assert error.params["path"] == path
    assert len(i18n.describe(error)) < 400  # a 5-million-character title is not repeated back


def test_an_unknown_version_says_so(target, valid_document) -> None:
    error = refused(target, mutate(valid_document, lambda d: d.update(version=2)))
    assert error.params == {"version": 2, "supported": 1}
    assert "newer Hattama" in i18n.describe(error)


@pytest.mark.parametrize("document", [[], "text", {"format": "other", "version": 1}, {"version": 1}],
                         ids=["list", "string", "other-format", "no-format"])
def test_something_that_is_not_an_interchange_document_is_refused(target, document) -> None:
    assert refused(target, document).msgid == "This is not a Hattama interchange file."


def test_duplicate_event_ids_are_refused(target, valid_document) -> None:
    error = refused(target, mutate(valid_document, lambda d: d["events"].append(copy.deepcopy(d["events"][0]))))
    assert error.params == {"id": valid_document["events"][0]["id"]}


def test_a_report_with_an_events_id_is_a_duplicate_too(target, valid_document) -> None:
    error = refused(target, mutate(valid_document, lambda d: d["reports"][0].update(id=d["events"][0]["id"])))
    assert "more than once" in error.msgid


def test_two_reports_for_one_event_are_refused(target, valid_document) -> None:
    def second_report(document: dict[str, Any]) -> None:
        extra = copy.deepcopy(document["reports"][0])
        extra["id"] = "00000000-0000-4000-8000-0000000000ff"
        document["reports"].append(extra)
    assert "two reports" in refused(target, mutate(valid_document, second_report)).msgid


def test_an_impossible_date_is_refused_with_its_place(target, valid_document) -> None:
    error = refused(target, mutate(valid_document, lambda d: d["events"][1].update(starts_at="2025-02-30T10:00:00")))
    assert error.params == {"path": "$.events[1]"}


def test_an_event_that_fails_validation_is_refused_with_the_reason(target, valid_document) -> None:
    def ends_first(document: dict[str, Any]) -> None:
        event = document["events"][2]
        event["ends_at"] = "2020-01-01T00:00:00"
    error = refused(target, mutate(valid_document, ends_first))
    assert error.params["path"] == "$.events[2]"
    assert "ends before it starts" in describe(error.params["problem"])


def test_a_country_code_that_is_no_country_is_refused(target, valid_document) -> None:
    error = refused(target, mutate(valid_document, lambda d: first_event(d).update(country="ZZ")))
    assert "ZZ" in describe(error.params["problem"])


# ------------------------------------------------------------------------------------------------ files

def write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "incoming.json"
    path.write_bytes(content)
    return path


def refused_file(store, path: Path) -> ServiceError:
    before = table_counts(store)
    with pytest.raises(ServiceError) as raised:
        import_file(store, path)
    assert table_counts(store) == before
    return raised.value


def test_not_json_names_line_and_column(target, tmp_path: Path) -> None:
    error = refused_file(target, write(tmp_path, b'{"format": "hattama-interchange",\n  "version": 1,\n  oops}'))
    assert error.msgid == "The file is not valid JSON (line {line}, column {column})."
    assert error.params == {"line": 3, "column": 3}


def test_truncated_json_is_refused(target, valid_document, tmp_path: Path) -> None:
    content = json.dumps(valid_document, ensure_ascii=False)
    # Cut between characters (a cut inside a letter's UTF-8 bytes is refused as not UTF-8, tested apart).
    error = refused_file(target, write(tmp_path, content[: len(content) // 2].encode()))
    assert error.msgid == "The file is not valid JSON (line {line}, column {column})."
    assert error.params["line"] == 1


def test_invalid_utf8_names_line_and_column(target, tmp_path: Path) -> None:
    error = refused_file(target, write(tmp_path, '{\n "title": "Қа'.encode() + b"\xff\xfe" + b'"}'))
    assert error.msgid == "The file is not UTF-8 text (line {line}, column {column})."
    assert error.params == {"line": 2, "column": 14}


def test_a_file_over_the_limit_is_refused_unread(target, valid_document, tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, json.dumps(valid_document).encode())
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", path.stat().st_size - 1)
    error = refused_file(target, path)
    assert "larger than" in error.msgid


def test_absurdly_deep_nesting_is_refused(target, tmp_path: Path) -> None:
    error = refused_file(target, write(tmp_path, b"[" * 100_000 + b"]" * 100_000))
    assert error.msgid.startswith("The file nests lists and objects more than {limit} levels deep")


def test_a_missing_file_is_refused(target, tmp_path: Path) -> None:
    assert "cannot be read" in refused_file(target, tmp_path / "absent.json").msgid


def test_a_byte_order_mark_is_accepted(store, valid_document, tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + json.dumps(valid_document, ensure_ascii=False).encode())
    assert import_file(store, path).created == len(valid_document["events"]) + len(valid_document["reports"])


def test_refusals_are_translated(target, valid_document) -> None:
    i18n.set_language("ru")
    error = refused(target, mutate(valid_document, lambda d: first_event(d).pop("id")))
    assert "$.events[0]" in i18n.describe(error)
