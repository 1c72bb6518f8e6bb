"""p.2 demo data: thirty treaties in force, signed and terminated, measures linked to demo events."""

from __future__ import annotations

from collections import Counter

from hattama import clock
from hattama.services.demo import fill_demo
from hattama.services.events import get_event
from hattama.services.forms.tables import build_form_table
from hattama.services.treaties import get_treaty, list_treaty_rows, validate


def test_demo_fills_thirty_valid_treaties_linked_to_its_events_p2(store) -> None:
    fill_demo(store, events=200, seed=5)
    rows = list_treaty_rows(store)
    assert len(rows) == 30
    assert Counter(row.status for row in rows) == {"in_force": 19, "signed": 8, "terminated": 3}
    linked = 0
    for row in rows:
        data = get_treaty(store, row.id).data
        assert validate(data) == []
        partners = {party.code for party in data.parties}
        for measure in data.measures:
            for event_id in measure.event_ids:
                event = get_event(store, event_id).data
                assert partners & ({event.country} | {party.code for party in event.parties})
                assert event.starts_at.date() == measure.taken_on
                linked += 1
        if row.status == "signed":
            assert data.steps and data.steps[-1].completed_on is None and data.steps[-1].reason
    assert linked >= 10
    last_year = clock.today().year - 1
    for form in (1, 4, 5):
        assert build_form_table(store, form, last_year, "kk").row_count > 0, form
