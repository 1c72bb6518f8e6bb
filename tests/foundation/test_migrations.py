"""Migrations upgrade a user's file in place, keep its data, and match the models exactly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import hattama.db.models  # noqa: F401
from hattama.db.base import Base
from hattama.db.search import is_search_index_table
from hattama.db.store import create_sqlite_engine, head_revision, open_store, upgrade
from hattama.services.officer import officer_settings
from hattama.services.settings import load_settings

OLDEST = "0001"


def build_oldest_store_with_data(path: Path) -> None:
    engine = create_sqlite_engine(path)
    upgrade(engine, OLDEST)
    engine.dispose()
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO unit_settings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            "0b6f1c2e4a5d4e6f8a9b0c1d2e3f4a5b", "2025-01-10 09:00:00.000000", "2025-01-10 09:00:00.000000",
            "Қазақстан Республикасының Сауда және интеграция министрлігі",
            "Министерство торговли и интеграции Республики Казахстан", "Ministry of Trade and Integration",
            "Халықаралық ынтымақтастық департаменті", "Департамент международного сотрудничества",
            "International Cooperation Department", "Ә. Қасымова", "Директор", "Директор", "Director",
            1, 0, "ru",
        ),
    )
    connection.commit()
    connection.close()


def test_oldest_schema_with_data_upgrades_in_place_and_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    build_oldest_store_with_data(path)

    store = open_store(path)
    try:
        assert store.revision() == head_revision() != OLDEST
        details = load_settings(store)
        assert details.body_name_kk == "Қазақстан Республикасының Сауда және интеграция министрлігі"
        assert details.officer_name == "Ә. Қасымова"
        assert details.special_state_body is True
        # The officer's choice left the unit's settings (0014): parked, then moved to the officer's file.
        assert not hasattr(details, "language")
        assert officer_settings(store).language == "ru"
        assert store.read("SELECT count(*) FROM officer_handover") == [(0,)]
        assert details.due_soon_working_days == 2  # the column added by a later migration got its default
    finally:
        store.close()
    backups = list(tmp_path.glob("store.before-upgrade-0001-*.sqlite3"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == OLDEST
        assert backup.execute("SELECT officer_name FROM unit_settings").fetchone()[0] == "Ә. Қасымова"


def test_models_match_the_migrated_schema(store) -> None:
    with store.engine.connect() as connection:
        # The FTS5 search index (its virtual and shadow tables) is built by SQL the models cannot map.
        context = MigrationContext.configure(connection, opts={
            "compare_type": True,
            "include_name": lambda name, kind, _parents: not (kind == "table" and is_search_index_table(name))})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_a_store_holding_an_event_and_its_report_upgrades_to_the_newest_schema(tmp_path: Path) -> None:
    # Later migrations rebuild the event table (SQLite's batch mode) while a report still references it.
    from tests.interchange.test_interchange_owner import EVENT_ID, REPORT_ID, store_at_0004_with_a_record

    path = tmp_path / "old.sqlite3"
    store_at_0004_with_a_record(path, with_settings=True)
    store = open_store(path)
    try:
        assert store.revision() == head_revision()
    finally:
        store.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("SELECT id, title_kk FROM event").fetchall() == [(EVENT_ID.hex, "Келіссөздер")]
        assert connection.execute("SELECT id, event_id FROM report").fetchall() == [(REPORT_ID.hex, EVENT_ID.hex)]
