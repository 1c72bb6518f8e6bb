"""Issue 20.2 for events: the one status machine of a p.46 event (hattama.rules.plans), every allowed and refused
move checked through the event service, so the editor, the importer and the service cannot disagree."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import update

from hattama.db.models import Event
from hattama.rules.plans import INITIAL_STATUSES, NEEDS_REASON, TRANSITIONS, EventStatus, next_statuses
from hattama.services.events import InvalidEvent, create_event, get_event, update_event
from tests.events.samples import sample_event

STATUSES = [status.value for status in EventStatus]
ALLOWED = {
    ("planned", "confirmed"), ("planned", "held"), ("planned", "cancelled"), ("planned", "postponed"),
    ("confirmed", "held"), ("confirmed", "cancelled"), ("confirmed", "postponed"), ("confirmed", "planned"),
    ("postponed", "planned"), ("postponed", "confirmed"), ("postponed", "cancelled"),
    ("cancelled", "planned"),
}
REASON = "The partner asked to move it to spring"


def test_the_machine_is_the_table_this_test_states() -> None:
    assert {(current.value, new.value) for current, targets in TRANSITIONS.items() for new in targets} == ALLOWED
    assert next_statuses("held") == ()  # held is final: the registry's record of it
    assert set(next_statuses(None)) == set(INITIAL_STATUSES) == {EventStatus.PLANNED, EventStatus.CONFIRMED,
                                                                  EventStatus.HELD}


def _put(store, event_id, status: str) -> None:
    with store.session() as session:
        session.execute(update(Event).where(Event.id == event_id).values(status=status, status_reason=REASON))


@pytest.mark.parametrize(("current", "new"), list(itertools.product(STATUSES, repeat=2)))
def test_p46_the_service_allows_and_refuses_exactly_the_machines_moves(store, current: str, new: str) -> None:
    event_id = create_event(store, sample_event(status="planned"))
    _put(store, event_id, current)
    reason = REASON if EventStatus(new) in NEEDS_REASON else ""
    if current == new or (current, new) in ALLOWED:
        update_event(store, event_id, sample_event(status=new, status_reason=reason))
        assert get_event(store, event_id).data.status == new
    else:
        with pytest.raises(InvalidEvent) as refused:
            update_event(store, event_id, sample_event(status=new, status_reason=reason))
        assert refused.value.problems[0].field == "status"
        assert get_event(store, event_id).data.status == current


@pytest.mark.parametrize("status", STATUSES)
def test_p46_a_new_event_starts_planned_confirmed_or_held(store, status: str) -> None:
    reason = REASON if EventStatus(status) in NEEDS_REASON else ""
    if EventStatus(status) in INITIAL_STATUSES:
        assert get_event(store, create_event(store, sample_event(status=status))).data.status == status
    else:
        with pytest.raises(InvalidEvent):
            create_event(store, sample_event(status=status, status_reason=reason))


@pytest.mark.parametrize("status", sorted(NEEDS_REASON))
def test_p46_cancelling_or_postponing_needs_a_reason(store, status: str) -> None:
    event_id = create_event(store, sample_event(status="planned"))
    with pytest.raises(InvalidEvent):
        update_event(store, event_id, sample_event(status=status, status_reason="  "))
    update_event(store, event_id, sample_event(status=status, status_reason=REASON))
    assert get_event(store, event_id).data.status_reason == REASON
