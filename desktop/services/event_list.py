"""The Events list served by the store (issue 18.2): a count, then the rows of one window at a time, filtered,
searched and sorted by SQL, so a list of 100,000 events never lives in memory.

- Search: every word typed is a prefix query (the first letter included) over the FTS5 index of hattama.db.search
  — titles kk/ru and city, names of parties, participants' names and organisations — or names a country or an
  organisation in any language (found among the few hundred names in memory, then by code with an index). An
  event matches when every word does.
- Sort: `ORDER BY` the column's key (titles through their expression index in the Kazakh alphabet), then the
  start and the id, so equal keys keep one order.
- Obligations: each event's most urgent obligation state comes from the caller (`states`); a filter or a sort on
  it orders the ids here in Python (`IdListing`), every other listing pages with `LIMIT`/`OFFSET` (`SqlListing`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from hattama.db.models import Event, EventParticipant, EventParty
from hattama.db.search import collation_key, title_order_column
from hattama.db.store import Store
from hattama.i18n import country_name
from hattama.rules.event_validation import EVENT_KINDS, KAZAKHSTAN
from hattama.rules.obligations import ObligationState
from hattama.rules.plans import EventStatus
from hattama.services.event_reference import kind_label, known_countries
from hattama.services.event_storage import chunked, year_condition
from hattama.services.events import _search_terms
from hattama.services.listing import SqlListing, ordered
from hattama.services.obligations import STATES_BY_URGENCY
from hattama.services.organisations import organisations

_EVENT = Event.__table__
_PARTY = EventParty.__table__
_PARTICIPANT = EventParticipant.__table__

SORTS = ("starts", "ends", "title", "kind", "place", "abroad", "role", "status", "obligations")
# Along the plan's life, so sorting by status lists what is still to come first.
_STATUS_RANK = {status.value: rank for rank, status in enumerate(EventStatus)}
# Most urgent first, so sorting brings what needs doing to the top; events without any last.
_STATE_RANK = {state: rank for rank, state in enumerate(STATES_BY_URGENCY)}
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class EventQuery:
    """What the Events page asks for; None means "any"."""

    search: str = ""
    year: int | None = None
    kind: str | None = None
    country: str | None = None
    status: str | None = None
    state: ObligationState | None = None
    deleted: bool = False
    sort: str = "starts"
    descending: bool = True
    language: str = "kk"


@dataclass(frozen=True, slots=True)
class EventListRow:
    """One line of the Events table."""

    id: UUID
    title_kk: str
    title_ru: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    country: str
    city: str
    held_by_body: bool
    status: str


_ROW_COLUMNS = [_EVENT.c[field.name] for field in dataclasses.fields(EventListRow)]


# ---------------------------------------------------------------------------------------------------- search

def search_words(typed: str) -> list[str]:
    """The words of what the officer typed, casefolded, as the index's tokenizer splits them."""
    return _WORD.findall(typed.casefold())


def prefix_match(word: str) -> str:
    """An FTS5 query for the terms starting with `word` (quoted: nothing typed is FTS5 syntax)."""
    return '"' + word.replace('"', '""') + '"*'


@functools.cache
def _named_codes() -> tuple[tuple[str, frozenset[str]], ...]:
    """Each country's and organisation's code with the words of its names in every language."""
    named = [(code, _search_terms("country", code, "")) for code in sorted(known_countries())]
    named += [(listed.code, _search_terms("organisation", listed.code, "")) for listed in organisations()]
    return tuple((code, frozenset(search_words(words))) for code, words in named)


def prepare_search() -> None:
    """Reads the countries' and organisations' names once (Babel's data in three languages: a few hundred
    milliseconds), so that no keystroke waits for it."""
    _named_codes()


def codes_named(word: str) -> list[str]:
    """The codes of the countries and organisations one of whose names has a word starting with `word`."""
    return [code for code, words in _named_codes() if any(named.startswith(word) for named in words)]


def _matching(index: str, word: str, number: int, columns: str = "") -> Any:
    """The rowids of `index` rows with a term starting with `word` (in `columns`, an FTS5 column filter)."""
    name = f"word_{number}"
    query = text(f"SELECT rowid FROM {index} WHERE {index} MATCH :{name}")
    return query.bindparams(**{name: f"{columns}{prefix_match(word)}"}).columns(column("rowid"))


def _word_condition(word: str, number: int) -> ColumnElement[bool]:
    matches = [
        literal_column("event.rowid").in_(_matching("event_search", word, number)),
        _EVENT.c.id.in_(select(_PARTY.c.event_id).where(
            literal_column("event_party.rowid").in_(_matching("party_search", word, number)))),
        _EVENT.c.id.in_(select(_PARTICIPANT.c.event_id).where(
            literal_column("event_participant.rowid").in_(_matching("participant_search", word, number)))),
    ]
    if codes := codes_named(word):
        matches += [_EVENT.c.country.in_(codes), _EVENT.c.id.in_(select(_PARTY.c.event_id).where(_PARTY.c.code.in_(codes)))]
    return or_(*matches)


def title_matches(typed: str) -> ColumnElement[bool] | None:
    """Events whose kk or ru title has a word starting with each word typed (for lists titled by their event);
    None when nothing is typed."""
    words = search_words(typed)
    if not words:
        return None
    return and_(*(literal_column("event.rowid").in_(_matching("event_search", word, number, "{title_kk title_ru}: "))
                  for number, word in enumerate(words)))


# --------------------------------------------------------------------------------------------------- filters

def _condition(query: EventQuery) -> ColumnElement[bool]:
    conditions = [_EVENT.c.deleted_at.is_not(None) if query.deleted else _EVENT.c.deleted_at.is_(None)]
    if query.year is not None:
        conditions.append(year_condition(query.year))
    if query.kind is not None:
        conditions.append(_EVENT.c.kind == query.kind)
    if query.status is not None:
        conditions.append(_EVENT.c.status == query.status)
    if query.country is not None:
        # Where the event is held, or a foreign party.
        conditions.append(or_(_EVENT.c.country == query.country,
                              _EVENT.c.id.in_(select(_PARTY.c.event_id).where(_PARTY.c.code == query.country))))
    conditions += [_word_condition(word, number) for number, word in enumerate(search_words(query.search))]
    return and_(*conditions)


def _country_key(language: str) -> ColumnElement[Any]:
    keys = {code: collation_key(country_name(code, language)) for code in known_countries()}
    return case(keys, value=_EVENT.c.country, else_=_EVENT.c.country)


def _sort_keys(query: EventQuery) -> list[ColumnElement[Any]]:
    """The column's keys, ascending; the start and the id follow, so ties keep one order."""
    language = query.language
    if query.sort == "ends":
        keys: list[ColumnElement[Any]] = [_EVENT.c.ends_at]
    elif query.sort == "title":
        keys = [_EVENT.c[title_order_column(language)]]
    elif query.sort == "kind":
        ranks = {code: rank for rank, code in enumerate(sorted(EVENT_KINDS, key=lambda code: collation_key(
            kind_label(code, language))))}
        keys = [case(ranks, value=_EVENT.c.kind, else_=len(ranks))]
    elif query.sort == "place":
        # By country (its name in the language, alphabetically), then city.
        keys = [_country_key(language), _EVENT.c.city]
    elif query.sort == "abroad":
        keys = [_EVENT.c.country != KAZAKHSTAN]
    elif query.sort == "role":
        keys = [_EVENT.c.held_by_body]
    elif query.sort == "status":
        keys = [case(_STATUS_RANK, value=_EVENT.c.status, else_=len(_STATUS_RANK))]
    else:  # "starts", and the order an obligation sort starts from
        keys = []
    return [*keys, _EVENT.c.starts_at, _EVENT.c.id]


# -------------------------------------------------------------------------------------------------- listings

def _rows_by_id(session: Session, ids: Sequence[UUID]) -> list[EventListRow]:
    found: dict[UUID, EventListRow] = {}
    for chunk in chunked(ids):
        for row in session.execute(select(*_ROW_COLUMNS).where(_EVENT.c.id.in_(chunk))):
            found[row.id] = EventListRow(*row)
    return [found[event_id] for event_id in ids if event_id in found]


def event_listing(store: Store, query: EventQuery) -> SqlListing:
    """The listing paged by SQL (any query but one on obligation states)."""
    return SqlListing(store, _EVENT, _ROW_COLUMNS, _condition(query), _sort_keys(query), query.descending,
                      EventListRow, _EVENT.c.id)


class IdListing:
    """A listing filtered or sorted by obligation state, which the store does not hold: the ids in order, then
    the rows of a window by id."""

    def __init__(self, store: Store, query: EventQuery, states: Mapping[UUID, ObligationState]) -> None:
        self.store = store
        by_obligations = query.sort == "obligations"
        order = _sort_keys(dataclasses.replace(query, sort="starts") if by_obligations else query)
        statement = select(_EVENT.c.id).where(_condition(query)).order_by(*ordered(order, query.descending))
        with store.session() as session:
            ids = list(session.scalars(statement))
        if query.state is not None:
            ids = [event_id for event_id in ids if states.get(event_id) is query.state]
        if by_obligations:
            unranked = len(_STATE_RANK)
            ids.sort(key=lambda event_id: _STATE_RANK.get(states.get(event_id), unranked),  # type: ignore[arg-type]
                     reverse=query.descending)
        self.ids = ids
        self.count = len(ids)

    def rows(self, offset: int, limit: int) -> list[EventListRow]:
        with self.store.session() as session:
            return _rows_by_id(session, self.ids[offset:offset + limit])

    def position(self, event_id: UUID) -> int | None:
        try:
            return self.ids.index(event_id)
        except ValueError:
            return None


def open_listing(store: Store, query: EventQuery,
                 states: Mapping[UUID, ObligationState] | None = None) -> SqlListing | IdListing:
    """The listing for `query`; `states` (each event's most urgent obligation state) is needed only to filter
    or sort by it."""
    if query.state is not None or query.sort == "obligations":
        return IdListing(store, query, states or {})
    return event_listing(store, query)


def event_years(store: Store, deleted: bool = False) -> list[int]:
    """The years in which listed events start, newest first: a lookup per year in the start index."""
    listed = _EVENT.c.deleted_at.is_not(None) if deleted else _EVENT.c.deleted_at.is_(None)
    with store.session() as session:
        first, last = session.execute(select(func.min(_EVENT.c.starts_at), func.max(_EVENT.c.starts_at))
                                      .where(listed)).one()
        if first is None:
            return []
        return [year for year in range(last.year, first.year - 1, -1)
                if session.scalar(select(exists().where(listed, year_condition(year))))]
