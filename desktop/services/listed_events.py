"""The events as the command line lists them (`hattama event list --format json`), a window of rows at a time.

One query, its rows fetched `size` at a time, each row carrying its parties' codes: a list of 100,000 events is
written out as it is read instead of being held in memory (issue 18.4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple
from uuid import UUID

from sqlalchemy import ColumnElement, and_, func, select

from hattama.db.models import Event, EventParty
from hattama.db.store import Store
from hattama.services.event_storage import year_condition

# Separates the party codes inside one column (no code holds it).
_CODE_SEPARATOR = "\x1f"


class ListedEvent(NamedTuple):
    id: UUID
    title_kk: str
    title_ru: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    country: str
    city: str
    held_by_body: bool
    mfa_participated: bool
    exemption_area: str | None
    series_id: UUID | None
    party_codes: tuple[str, ...]


def listed_events(store: Store, *, year: int | None = None, deleted: bool = False,
                  size: int = 2000) -> Iterator[list[ListedEvent]]:
    """The events (those in the bin with `deleted`) starting in `year` (any if None), oldest first, `size` at
    a time."""
    condition: ColumnElement[bool] = Event.deleted_at.is_not(None) if deleted else Event.deleted_at.is_(None)
    if year is not None:
        condition = and_(condition, year_condition(year))
    ordered_codes = (select(EventParty.code).where(EventParty.event_id == Event.id, EventParty.code != "")
                     .order_by(EventParty.position).correlate(Event).subquery())
    codes = select(func.group_concat(ordered_codes.c.code, _CODE_SEPARATOR)).scalar_subquery()
    query = (select(Event.id, Event.title_kk, Event.title_ru, Event.kind, Event.starts_at, Event.ends_at,
                    Event.country, Event.city, Event.held_by_body, Event.mfa_participated, Event.exemption_area,
                    Event.series_id, codes)
             .where(condition).order_by(Event.starts_at, Event.id))
    with store.session() as session:
        for rows in session.execute(query.execution_options(yield_per=size)).partitions():
            yield [ListedEvent._make((*row[:-1], tuple(row[-1].split(_CODE_SEPARATOR)) if row[-1] else ()))
                   for row in rows]


def all_listed_events(store: Store, *, year: int | None = None, deleted: bool = False) -> list[ListedEvent]:
    """Every event of `year` (any if None; those in the bin with `deleted`) in one list, oldest first."""
    return [event for chunk in listed_events(store, year=year, deleted=deleted) for event in chunk]
