"""`hattama event list`, `export`, `import` and `demo` on the command line."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from hattama import clock
from hattama.cli import main
from hattama.db.store import open_store
from hattama.services.events import create_event, delete_event, update_event
from hattama.services.interchange import export_to_file
from hattama.services.listed_events import all_listed_events
from tests.events.samples import sample_event
from tests.interchange.helpers import table_counts


def run(store_path: Path, *args: str) -> int:
    return main(["--db", str(store_path), *args])


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite3"
    assert run(path, "--lang", "en", "demo", "--events", "60", "--seed", "3") == 0
    return path


def test_demo_reports_what_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path / "fresh.sqlite3", "--lang", "en", "demo", "--events", "25") == 0
    output = capsys.readouterr().out
    assert output.startswith("Demo data written. Events: 25; reports: ")


def test_demo_refuses_a_store_with_events(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(demo_path, "--lang", "en", "demo") == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "holds 60 events" in error


def test_demo_refuses_a_silly_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path / "fresh.sqlite3", "--lang", "en", "demo", "--events", "0") == 2
    assert "between 1 and" in capsys.readouterr().err


def test_list_as_json_has_the_columns(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(demo_path, "event", "list", "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 60
    assert {"id", "title_kk", "title_ru", "kind", "starts_at", "ends_at", "country", "city", "held_by_body",
            "mfa_participated", "exemption_area", "series_id", "parties"} <= set(rows[0])
    assert [row["starts_at"] for row in rows] == sorted(row["starts_at"] for row in rows)
    uuid.UUID(rows[0]["id"])


def test_list_filters_by_year(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    last_year = clock.today().year - 1  # the demo covers last year and this one
    capsys.readouterr()
    assert run(demo_path, "event", "list", "--format", "json", "--year", str(last_year)) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(row["starts_at"].startswith(f"{last_year}-") for row in rows)


def test_list_as_a_table_in_russian(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(demo_path, "--lang", "ru", "event", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 60
    assert any("Казахстан" in line for line in lines)
    assert all("г." in line.split("  ")[1] for line in lines)  # Babel's Russian medium date after the id
    store = open_store(demo_path)
    try:
        first = all_listed_events(store)[0]
    finally:
        store.close()
    assert lines[0].startswith(f"{first.id}  ") and lines[0].endswith(first.title_ru)


def test_list_of_the_bin(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(store_path)
    try:
        event_id = create_event(store, sample_event())
        delete_event(store, event_id)
    finally:
        store.close()
    assert run(store_path, "event", "list", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run(store_path, "event", "list", "--format", "json", "--deleted") == 0
    assert [row["id"] for row in json.loads(capsys.readouterr().out)] == [str(event_id)]


def test_export_then_import_into_another_store_then_again(demo_path: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    exchange = tmp_path / "exchange.json"
    target = tmp_path / "target.sqlite3"
    capsys.readouterr()
    assert run(demo_path, "--lang", "en", "export", "--out", str(exchange)) == 0
    exported = capsys.readouterr().out
    assert exported.startswith(f"Exported to {exchange}. Events: 60; reports: ")
    reports = int(exported.rsplit("reports: ", 1)[1].rstrip(".\n"))

    assert run(target, "--lang", "en", "import", str(exchange)) == 0
    assert capsys.readouterr().out == (f"Created: {60 + reports}; updated: 0; unchanged: 0.\n"
                                       "Treaties created: 30; updated: 0; unchanged: 0.\n")  # the demo's (p.2)
    assert run(target, "--lang", "en", "import", str(exchange)) == 0
    assert capsys.readouterr().out == (f"Created: 0; updated: 0; unchanged: {60 + reports}.\n"
                                       "Treaties created: 0; updated: 0; unchanged: 30.\n")


def test_export_of_one_year(demo_path: Path, tmp_path: Path) -> None:
    year = clock.today().year
    exchange = tmp_path / f"{year}.json"
    assert run(demo_path, "export", "--out", str(exchange), "--year", str(year)) == 0
    events = json.loads(exchange.read_text(encoding="utf-8"))["events"]
    assert events and all(event["starts_at"].startswith(f"{year}-") for event in events)


def test_import_prints_each_conflict(store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(store_path)
    try:
        event_id = create_event(store, sample_event())
        export_to_file(store, tmp_path / "old.json")
        update_event(store, event_id, sample_event(title_ru="Новее"))
    finally:
        store.close()
    assert run(store_path, "--lang", "en", "import", str(tmp_path / "old.json")) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Created: 0; updated: 0; unchanged: 0."
    assert lines[1].startswith(f"Conflict: the event {event_id} was kept as the store has it")


def test_a_bad_file_is_one_line_exit_2_and_nothing_written(store_path: Path, tmp_path: Path) -> None:
    store = open_store(store_path)
    try:
        create_event(store, sample_event())
        before = table_counts(store)
    finally:
        store.close()
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "hattama-interchange", "version": 1, "events": [', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from hattama.cli import main; sys.exit(main())",
         "--db", str(store_path), "--lang", "ru", "import", str(broken)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "hattama:" in result.stderr
    store = open_store(store_path)
    try:
        assert table_counts(store) == before
    finally:
        store.close()
