"""What an export holds (everything, a year, chosen events or reports) and how the file is written."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path

import pytest

from hattama.services.errors import ServiceError
from hattama.services.events import create_event, delete_event
from hattama.services.interchange import FORMAT, VERSION, export_interchange, export_to_file
from hattama.services.interchange.records import utc_from_text
from hattama.services.listed_events import all_listed_events
from hattama.services.settings import load_settings
from tests.events.samples import abroad_event, sample_event
from tests.interchange.helpers import filled


def ids(records: list[dict]) -> set[str]:
    return {record["id"] for record in records}


def test_the_envelope_names_format_version_time_and_sender(store) -> None:
    filled(store, events=5)
    document = export_interchange(store)
    assert (document["format"], document["version"]) == (FORMAT, VERSION) == ("hattama-interchange", 1)
    assert document["attachments_included"] is False
    assert abs(utc_from_text(document["exported_at"]) - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert document["source"]["body_name_kk"] == load_settings(store).body_name_kk
    assert document["source"]["application"].startswith("Hattama ")


def test_times_are_utc_with_microseconds_and_wall_clock_times_have_no_zone(store) -> None:
    create_event(store, sample_event())
    [event] = export_interchange(store)["events"]
    assert event["updated_at"].endswith("Z") and len(event["updated_at"]) == len("2025-01-01T00:00:00.000000Z")
    assert event["starts_at"] == "2025-03-12T10:00:00"


def test_a_year_takes_its_events_with_their_reports_and_the_bin(store) -> None:
    filled(store, events=40)
    binned = [row for row in all_listed_events(store) if row.starts_at.year == 2025][0].id
    delete_event(store, binned)
    everything = export_interchange(store)
    year = export_interchange(store, year=2025)
    expected_events = {e["id"] for e in everything["events"] if e["starts_at"].startswith("2025")}
    assert ids(year["events"]) == expected_events
    assert str(binned) in expected_events
    assert ids(year["reports"]) == {r["id"] for r in everything["reports"] if r["event_id"] in expected_events}
    assert year["reports"]


def test_chosen_events_bring_their_reports(store) -> None:
    filled(store, events=40)
    everything = export_interchange(store)
    report = everything["reports"][0]
    other = create_event(store, abroad_event())
    chosen = export_interchange(store, event_ids=[uuid.UUID(report["event_id"]), other])
    assert ids(chosen["events"]) == {report["event_id"], str(other)}
    assert ids(chosen["reports"]) == {report["id"]}


def test_chosen_reports_bring_their_events_since_a_report_needs_one(store) -> None:
    filled(store, events=40)
    everything = export_interchange(store)
    first, second = everything["reports"][:2]
    chosen = export_interchange(store, report_ids=[uuid.UUID(first["id"]), uuid.UUID(second["id"])])
    assert ids(chosen["reports"]) == {first["id"], second["id"]}
    assert ids(chosen["events"]) == {first["event_id"], second["event_id"]}
    assert [e["starts_at"] for e in chosen["events"]] == sorted(e["starts_at"] for e in chosen["events"])


def test_an_unknown_id_is_refused(store) -> None:
    create_event(store, sample_event())
    with pytest.raises(ServiceError):
        export_interchange(store, event_ids=[uuid.uuid4()])
    with pytest.raises(ServiceError):
        export_interchange(store, report_ids=[uuid.uuid4()])


def test_the_file_is_utf8_json_and_replaces_the_old_one_whole(store, tmp_path: Path) -> None:
    create_event(store, sample_event())
    path = tmp_path / "exchange.json"
    path.write_text("old content", encoding="utf-8")
    summary = export_to_file(store, path)
    assert (summary.events, summary.reports, summary.path) == (1, 0, path)
    text = path.read_text(encoding="utf-8")
    assert "Қытай делегациясымен келіссөздер" in text  # not \u-escaped
    assert json.loads(text)["events"][0]["title_kk"] == "Қытай делегациясымен келіссөздер"
    assert [name for name in os.listdir(tmp_path) if name.endswith(".tmp")] == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(store, tmp_path: Path, monkeypatch) -> None:
    create_event(store, sample_event())
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "exchange.json"
    path.write_text("old content", encoding="utf-8")

    def failing_replace(*_args) -> None:
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(ServiceError) as raised:
        export_to_file(store, path)
    assert raised.value.params["reason"] == "No space left on device"
    assert path.read_text(encoding="utf-8") == "old content"
    assert os.listdir(folder) == ["exchange.json"]


def test_a_folder_that_does_not_exist_is_one_clear_error(store, tmp_path: Path) -> None:
    with pytest.raises(ServiceError) as raised:
        export_to_file(store, tmp_path / "missing" / "exchange.json")
    assert raised.value.msgid == "The file {path} cannot be written: {reason}."
