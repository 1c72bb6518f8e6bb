"""Migration 0011 (p.46 plan): an existing store upgrades in place; its events, with their reports, are held."""

from __future__ import annotations

import sqlite3

from hattama.db.store import create_sqlite_engine, open_store, upgrade
from hattama.rules.obligations import ObligationKind
from hattama.services.events import get_event
from hattama.services.obligations import compute_obligations
from tests.interchange.test_interchange_owner import EVENT_ID, store_at_0004_with_a_record


def test_p46_events_stored_before_the_plan_are_held_after_migration_0011(tmp_path) -> None:
    path = tmp_path / "old.sqlite3"
    store_at_0004_with_a_record(path, with_settings=True)
    engine = create_sqlite_engine(path)
    try:
        upgrade(engine, "0010")
        upgrade(engine, "0011")
    finally:
        engine.dispose()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT status, foreign_economic, tentative_period FROM event").fetchall() == [
            ("held", 0, "")]
        assert connection.execute("SELECT count(*) FROM report").fetchone() == (1,)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"plan_submission", "activity_narrative", "image_project"} <= tables
    store = open_store(path)
    try:
        assert get_event(store, EVENT_ID).data.status == "held"
        kinds = {view.obligation.kind for view in compute_obligations(store, years=())}
        assert ObligationKind.POST_EVENT_REPORT in kinds  # a held event keeps its p.46 report
    finally:
        store.close()
