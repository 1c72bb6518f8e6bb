"""Issue 11 on the command line: `report request`, `report not-requested`, and `obligations list --format json`
over stores built with `hattama import` (the way held-out scenarios build them)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest

from hattama.cli import main

TODAY = "2026-12-04"


@pytest.fixture(autouse=True)
def on_today(pinned_clock) -> None:
    """Requests and closings are refused when dated after the clock's today: the clock shows TODAY too."""
    pinned_clock.pin(dt.datetime(2026, 12, 4, 10))


def run(store_path: Path, *args: str) -> int:
    return main(["--db", str(store_path), "--lang", "en", *args])


def interchange_event(starts_at: str, ends_at: str, **more: object) -> dict[str, object]:
    """An event as files written before issue 11 carry it: no attendance, no consultation, no Commission flag."""
    return {"id": str(uuid.uuid4()), "updated_at": "2026-11-01T09:00:00.000000Z", "title_kk": "Кездесу",
            "title_ru": "Встреча", "kind": "talks", "starts_at": starts_at, "ends_at": ends_at, "country": "KZ",
            "held_by_body": True, "mfa_participated": False, **more}


def import_events(store_path: Path, tmp_path: Path, *events: dict[str, object]) -> None:
    document = {"format": "hattama-interchange", "version": 1, "exported_at": "2026-11-01T09:00:00.000000Z",
                "events": list(events), "reports": []}
    path = tmp_path / "events.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert run(store_path, "import", str(path)) == 0


def obligations(store_path: Path, capsys: pytest.CaptureFixture[str], today: str = TODAY) -> list[dict]:
    capsys.readouterr()
    assert run(store_path, "obligations", "list", "--format", "json", "--today", today) == 0
    return json.loads(capsys.readouterr().out)


def of_event(listed: list[dict], event: dict[str, object], kind: str) -> dict:
    [found] = [row for row in listed if row["subject_id"] == event["id"] and row["kind"] == kind]
    return found


def test_events_outside_the_calendar_never_break_the_list(store_path: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 11 point 8: a 1995 event and one ending 31 December 2100 are imported; the list works for the whole
    store, their p.46 report is `no_calendar` with the reason, and every other obligation is computed."""
    old = interchange_event("1995-05-10T10:00:00", "1995-05-10T12:00:00")
    last = interchange_event("2100-12-31T10:00:00", "2100-12-31T12:00:00")
    recent = interchange_event("2026-11-20T10:00:00", "2026-11-20T17:00:00")
    import_events(store_path, tmp_path, old, last, recent)
    listed = obligations(store_path, capsys)
    for event in (old, last):
        report = of_event(listed, event, "post_event_report")
        assert report["state"] == "no_calendar" and "calendar" in report["reason"]
    assert of_event(listed, recent, "post_event_report")["state"] == "awaiting_request"
    assert {row["state"] for row in listed if row["kind"] == "annual_plan_and_report"} >= {"upcoming"}


def test_report_request_makes_the_p46_report_due(store_path: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """p.46 «СІМ-нің сұратуы бойынша»: `report request EVENT_ID --on DATE --ref REF` creates the report and the
    obligation falls due 7 WD after the event (Fri 20 Nov 2026 + 7 WD = Tue 1 Dec 2026)."""
    event = interchange_event("2026-11-20T10:00:00", "2026-11-20T17:00:00")
    import_events(store_path, tmp_path, event)
    report = of_event(obligations(store_path, capsys), event, "post_event_report")
    assert (report["state"], report["planned_due"], report["mfa_request_date"]) == (
        "awaiting_request", "2026-12-01", None)
    assert run(store_path, "report", "request", str(event["id"]), "--on", "2026-11-23", "--ref", "12-1/345") == 0
    report = of_event(obligations(store_path, capsys), event, "post_event_report")
    assert (report["state"], report["planned_due"], report["late"]) == ("overdue", "2026-12-01", False)
    assert (report["mfa_request_date"], report["mfa_request_ref"]) == ("2026-11-23", "12-1/345")
    assert report["working_days_left"] < 0


def test_report_not_requested_closes_it_with_the_reason(store_path: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    event = interchange_event("2026-11-20T10:00:00", "2026-11-20T17:00:00")
    import_events(store_path, tmp_path, event)
    assert run(store_path, "report", "not-requested", str(event["id"]), "--reason", "The MFA did not ask",
               "--on", "2026-12-01") == 0
    report = of_event(obligations(store_path, capsys), event, "post_event_report")
    assert report["state"] == "not_requested" and "The MFA did not ask" in report["reason"]
    capsys.readouterr()
    assert run(store_path, "report", "not-requested", str(event["id"]), "--reason", "  ") == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_p49_json_carries_form_and_due_before(store_path: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """p.49: a dinner 20:00-00:30 then a meeting at 09:00 the next day: written («келесі күні»), due before 09:00."""
    series = str(uuid.uuid4())
    dinner = interchange_event("2026-11-16T20:00:00", "2026-11-17T00:30:00", series_id=series)
    morning = interchange_event("2026-11-17T09:00:00", "2026-11-17T10:00:00", series_id=series)
    import_events(store_path, tmp_path, dinner, morning)
    briefing = of_event(obligations(store_path, capsys, "2026-11-16"), dinner, "next_official_briefing")
    assert (briefing["form"], briefing["due_before"]) == ("written", "2026-11-17T09:00:00")


def test_p48_attendance_from_the_file_and_old_files_default_to_in_person(
        store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """p.48 only where a delegation travels: `attendance` videoconference creates no consultation; an event
    without the field (an older file) is in person."""
    remote = interchange_event("2026-12-20T10:00:00", "2026-12-20T12:00:00", country="CN",
                               attendance="videoconference")
    travelling = interchange_event("2026-12-20T10:00:00", "2026-12-20T12:00:00", country="CN")
    import_events(store_path, tmp_path, remote, travelling)
    listed = obligations(store_path, capsys)
    assert not [row for row in listed if row["subject_id"] == remote["id"]
                and row["kind"] == "pre_departure_consultation"]
    consultation = of_event(listed, travelling, "pre_departure_consultation")
    assert consultation["planned_due"] == "2026-12-18"  # no departure date: the last WD before Sunday 20 Dec
    assert "departure date is missing" in consultation["explanation"]
