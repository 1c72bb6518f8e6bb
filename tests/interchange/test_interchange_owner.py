"""Issue 21, items 1 and 2: the body's identity (BIN and a stable id) and the owner of every event and report."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from pathlib import Path

import pytest

from hattama.cli import main
from hattama.db.models import Report
from hattama.db.store import create_sqlite_engine, upgrade
from hattama.services.errors import ServiceError
from hattama.services.events import create_event, get_event
from hattama.services.interchange import export_interchange, import_interchange
from hattama.services.reports import create_report
from hattama.services.settings import load_settings, update_settings
from tests.events.samples import sample_event

EVENT_ID = uuid.UUID("5d7f6c1e-9a0b-4c2d-8e3f-0a1b2c3d4e5f")
REPORT_ID = uuid.UUID("6e8a7d2f-0b1c-4d3e-9f4a-1b2c3d4e5f60")


def store_at_0004_with_a_record(path: Path, *, with_settings: bool) -> None:
    engine = create_sqlite_engine(path)
    upgrade(engine, "0004")
    engine.dispose()
    stamp = "2025-03-01 09:00:00.000000"
    with sqlite3.connect(path) as connection:
        if with_settings:
            connection.execute(
                "INSERT INTO unit_settings VALUES (?, ?, ?, 'Орган', '', '', '', '', '', '', '', '', '', 0, 0, 'ru',"
                " 2, '')", (uuid.uuid4().hex, stamp, stamp))
        connection.execute(
            "INSERT INTO event (id, created_at, updated_at, title_kk, title_ru, kind, starts_at, ends_at, country,"
            " city, venue, held_by_body, mfa_participated, notes) VALUES (?, ?, ?, 'Келіссөздер', '', 'talks',"
            " '2025-03-12 10:00:00.000000', '2025-03-12 12:00:00.000000', 'KZ', '', '', 1, 0, '')",
            (EVENT_ID.hex, stamp, stamp))
        connection.execute(
            "INSERT INTO report (id, created_at, updated_at, event_id, status, mfa_request_ref, bundle_sha256)"
            " VALUES (?, ?, ?, ?, 'draft', '', '')", (REPORT_ID.hex, stamp, stamp, EVENT_ID.hex))


@pytest.mark.parametrize("with_settings", [True, False])
def test_existing_records_belong_to_the_stores_own_body_after_migration_0005(tmp_path, with_settings) -> None:
    path = tmp_path / "old.sqlite3"
    store_at_0004_with_a_record(path, with_settings=with_settings)
    engine = create_sqlite_engine(path)
    try:
        upgrade(engine, "0005")
    finally:
        engine.dispose()
    with sqlite3.connect(path) as connection:
        [(body_id, body_bin, language)] = connection.execute(
            "SELECT body_id, body_bin, language FROM unit_settings").fetchall()
        owners = {row[0] for table in ("event", "report") for row in connection.execute(f"SELECT owner FROM {table}")}
    assert body_bin == ""
    assert language == ("ru" if with_settings else "kk")
    assert owners == {str(uuid.UUID(body_id))}


def test_the_body_id_is_made_with_a_new_store_and_never_changes(store) -> None:
    made = load_settings(store).body_id
    assert made is not None
    update_settings(store, officer_name="Ә. Қасымова", body_id=uuid.uuid4())
    assert load_settings(store).body_id == made


@pytest.mark.parametrize("value", ["12345678901", "1234567890123", "12345678901a", "１２３４５６７８９０１２"])
def test_a_bin_is_twelve_digits(store, value) -> None:
    with pytest.raises(ServiceError) as caught:
        update_settings(store, body_bin=value)
    assert caught.value.msgid == "The BIN is 12 digits, not “{value}”."


def test_entering_the_bin_moves_the_stores_own_records_to_it_and_leaves_other_bodies_alone(store) -> None:
    event_id = create_event(store, sample_event())
    report_id = create_report(store, event_id)
    foreign = export_interchange(store)
    foreign["source"].update(body_bin="050540000031", body_id=str(uuid.uuid4()))
    foreign_event = str(uuid.uuid4())
    foreign["events"][0].update(id=foreign_event, owner="050540000031")
    foreign["reports"] = []
    import_interchange(store, foreign)
    update_settings(store, body_bin="990140000017")
    assert get_event(store, event_id).owner == "990140000017"
    with store.session() as session:
        assert session.get(Report, report_id).owner == "990140000017"
    assert get_event(store, uuid.UUID(foreign_event)).owner == "050540000031"
    document = export_interchange(store)
    assert document["source"]["body_bin"] == "990140000017"
    assert document["source"]["body_id"] == str(load_settings(store).body_id)


def test_the_command_line_sets_the_bin_and_refuses_the_identity(store_path, capsys) -> None:
    assert main(["--db", str(store_path), "settings", "set", "body_bin", "990140000017"]) == 0
    assert "990140000017" in capsys.readouterr().out
    assert main(["--db", str(store_path), "--lang", "en", "settings", "set", "body_bin", "99014"]) == 2
    assert "12 digits" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--db", str(store_path), "settings", "set", "body_id", str(uuid.uuid4())])


def test_a_report_made_here_is_the_stores_own(store) -> None:
    update_settings(store, body_bin="990140000017")
    report_id = create_report(store, create_event(store, sample_event(starts_at=dt.datetime(2025, 3, 12, 10))))
    with store.session() as session:
        assert session.get(Report, report_id).owner == "990140000017"


def test_the_settings_page_shows_the_bin_and_the_dialog_edits_it(qapp, store) -> None:
    from hattama.services.settings import save_settings
    from hattama.ui.settings_dialog import UnitSettingsDialog
    from hattama.ui.settings_page import SettingsPage

    dialog = UnitSettingsDialog(load_settings(store), lambda details: save_settings(store, details))
    dialog.edits["body_bin"].setText(" 990140000017 ")
    save_settings(store, dialog.details())
    page = SettingsPage()
    page.show_details(load_settings(store))
    assert page.values["body_bin"].text() == "990140000017"
    assert page.values["body_id"].text() == str(load_settings(store).body_id)
    dialog.deleteLater()
    page.deleteLater()
