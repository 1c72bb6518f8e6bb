"""`hattama trip export|open|return|merge` and `hattama event history` end to end (issue 17)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from hattama.cli import main
from hattama.services import events as event_service
from tests.trips.helpers import PASSPHRASE


def run(capsys, store, *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", "--db", str(store.path), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_trip_goes_out_comes_back_and_merges_with_the_conflict_listed(trip, capsys, monkeypatch) -> None:
    monkeypatch.setenv("KIT_PASSPHRASE", PASSPHRASE)
    code, out, _err = run(capsys, trip.unit, "trip", "export", "--event", str(trip.talks), "--out", str(trip.kit),
                          "--passphrase-env", "KIT_PASSPHRASE")
    assert code == 0 and "1 events, 1 reports, 1 attachments" in out
    code, out, _err = run(capsys, trip.laptop, "trip", "open", str(trip.kit), "--passphrase-env", "KIT_PASSPHRASE")
    assert code == 0 and "2 created" in out
    for store, title in ((trip.unit, "Unit title"), (trip.laptop, "Trip title")):
        data = event_service.get_event(store, trip.talks).data
        event_service.update_event(store, trip.talks, dataclasses.replace(data, title_ru=title))
    code, out, _err = run(capsys, trip.laptop, "trip", "return", "--out", str(trip.returned),
                          "--passphrase-env", "KIT_PASSPHRASE")
    assert code == 0 and "1 events" in out
    code, out, _err = run(capsys, trip.unit, "trip", "merge", str(trip.returned), "--passphrase-env",
                          "KIT_PASSPHRASE", "--prefer", "trip")
    assert code == 0
    assert "1 with conflicts" in out
    assert "field title_ru: the unit has “Unit title”, the trip has “Trip title”; the trip's value was taken" in out
    code, out, _err = run(capsys, trip.unit, "event", "history", str(trip.talks), "--format", "json")
    versions = json.loads(out)
    assert [v["origin"] for v in versions].count("laptop") == 1
    assert {v["fields"]["title_ru"] for v in versions} >= {"Unit title", "Trip title"}
    assert all({"version_at", "author", "origin", "fields"} <= v.keys() for v in versions)
    assert versions[-1]["fields"]["title_ru"] == "Trip title"


@pytest.mark.parametrize("value", [None, ""])
def test_a_missing_passphrase_is_refused(trip, capsys, monkeypatch, value) -> None:
    monkeypatch.delenv("KIT_PASSPHRASE", raising=False)
    if value is not None:
        monkeypatch.setenv("KIT_PASSPHRASE", value)
    code, _out, err = run(capsys, trip.unit, "trip", "export", "--event", str(trip.talks), "--out", str(trip.kit),
                          "--passphrase-env", "KIT_PASSPHRASE")
    assert code == 2 and "KIT_PASSPHRASE holds no passphrase" in err
    assert not trip.kit.exists()


def test_history_records_each_save_with_author_and_origin(trip, capsys) -> None:
    code, out, _err = run(capsys, trip.unit, "event", "history", str(trip.talks), "--format", "json")
    versions = json.loads(out)
    assert code == 0
    assert [v["reason"] for v in versions] == ["saved", "saved"]  # created, then an attachment added
    assert {v["author"] for v in versions} == {"Aliya Kassymova"}
    assert {v["origin"] for v in versions} == {"unit"}
    assert len(versions[1]["fields"]["attachments"]) == 1
