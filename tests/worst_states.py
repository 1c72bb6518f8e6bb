"""The oracle the Events page's obligation column is held to: each event's most urgent obligation state, taken
from the full obligation views (`compute_obligations`, whose states the rules' `Dating` gives in Python), not
from the SQL the page runs."""

from __future__ import annotations

import datetime as dt
import uuid

from hattama.db.store import Store
from hattama.rules.obligations import ObligationState
from hattama.services.obligations import STATES_BY_URGENCY, compute_obligations


def worst_states(store: Store, today: dt.date | None = None) -> dict[uuid.UUID, ObligationState]:
    worst: dict[uuid.UUID, ObligationState] = {}
    for view in compute_obligations(store, today):
        if view.event_id is None:
            continue
        current = worst.get(view.event_id)
        if current is None or STATES_BY_URGENCY.index(view.state) < STATES_BY_URGENCY.index(current):
            worst[view.event_id] = view.state
    return worst


def listed_states(store: Store, today: dt.date | None = None) -> dict[uuid.UUID, ObligationState | None]:
    """What the Events page shows: each listed event's state as its own query reads it (hattama.services.event_list)."""
    from hattama.services.event_list import EventQuery, open_listing

    listing = open_listing(store, EventQuery(), today)
    return {row.id: row.state for row in listing.rows(0, listing.count + 1)}
