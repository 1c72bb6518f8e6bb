"""Migration 0006 (issue 11): a store upgrades in place; p.50's single setting becomes the right one of two."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from hattama.db.store import create_sqlite_engine, open_store, upgrade
from hattama.services.events import get_event
from hattama.services.settings import load_settings
from tests.foundation.test_migrations import build_oldest_store_with_data


@pytest.mark.parametrize(("body_name_ru", "administration", "office"), [
    ("Канцелярия Премьер-Министра Республики Казахстан", False, True),
    ("Администрация Президента Республики Казахстан", True, False),
])
def test_p50_outside_chapter_becomes_the_named_body(tmp_path: Path, body_name_ru: str, administration: bool,
                                                    office: bool) -> None:
    """p.50 «Президент Әкімшілігі мен Премьер-Министр Кеңсесі»: the old single flag, set, becomes the Office when
    the body's name says so, else the Administration; the chapter stays lifted either way."""
    path = tmp_path / "store.sqlite3"
    build_oldest_store_with_data(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE unit_settings SET special_state_body = 0, outside_chapter = 1, body_name_ru = ?",
                           (body_name_ru,))
    store = open_store(path)
    try:
        details = load_settings(store)
        assert (details.presidential_administration, details.prime_ministers_office) == (administration, office)
        assert (details.mfa_requests_all_reports, details.p49_notice_every_meeting) == (False, False)
    finally:
        store.close()


def test_stored_videoconferences_become_remote_and_other_events_in_person(tmp_path: Path) -> None:
    """p.48 (consultations only where a delegation travels): events stored before the attendance mode existed
    are in person, unless their kind was a videoconference."""
    path = tmp_path / "store.sqlite3"
    engine = create_sqlite_engine(path)
    upgrade(engine, "0003")
    engine.dispose()
    ids = {kind: uuid.uuid4() for kind in ("talks", "videoconference")}
    with sqlite3.connect(path) as connection:
        for kind, event_id in ids.items():
            connection.execute(
                "INSERT INTO event (id, created_at, updated_at, title_kk, title_ru, kind, starts_at, ends_at, country,"
                " city, venue, held_by_body, mfa_participated, notes) VALUES (?, '2025-01-10 09:00:00.000000',"
                " '2025-01-10 09:00:00.000000', 'Кездесу', '', ?, '2025-03-12 10:00:00.000000',"
                " '2025-03-12 12:00:00.000000', 'CN', '', '', 1, 0, '')", (event_id.hex, kind))
    store = open_store(path)
    try:
        assert {kind: get_event(store, event_id).data.attendance for kind, event_id in ids.items()} == {
            "talks": "in_person", "videoconference": "videoconference"}
    finally:
        store.close()
