"""The Events list served by the store (issue 18.2): a count, then the rows of one window at a time, filtered,
searched and sorted by SQL, so a list of 100,000 events never lives in memory.

- Search: every word typed is a prefix query (the first letter included) over the FTS5 index of hattama.db.search
  — titles kk/ru and city, names of parties, participants' names and organisations — or names a country or an
  organisation in any language (found among the few hundred names in memory, then by code with an index). An
  event matches when every word does.
- Sort: `ORDER BY` the column's key (titles through their expression index in the Kazakh alphabet), then the
  start and the id, so equal keys keep one order.
- Obligations: each row carries its event's most urgent obligation state, a column of the same query read from
  the stored obligations (`event_urgency`: nothing is computed again); a filter or a sort on the state is a
  condition or an `ORDER BY` on that column, so every listing pages with `LIMIT`/`OFFSET`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import weakref
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    column,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    union,
)
from sqlalchemy.orm import Session

from hattama import clock
from hattama.db.models import Event, EventParticipant, EventParty
from hattama.db.search import sort_key_column, title_order_column
from hattama.db.store import Store
from hattama.rules.event_validation import KAZAKHSTAN
from hattama.rules.obligations import ObligationState
from hattama.rules.plans import EventStatus
from hattama.services.event_reference import known_countries
from hattama.services.event_storage import year_condition
from hattama.services.events import _search_terms
from hattama.services.listing import SqlListing
from hattama.services.obligations import (
    STATES_BY_URGENCY,
    bring_up_to_date,
    event_urgency,
    state_of_urgency,
    urgency_of_state,
)
from hattama.services.organisations import organisations

_EVENT = Event.__table__
_PARTY = EventParty.__table__
_PARTICIPANT = EventParticipant.__table__

# Rows read with a listing when it opens: a screenful and more.
FIRST_WINDOW = 100
SORTS = ("starts", "ends", "title", "kind", "place", "abroad", "role", "status", "obligations")
# Along the plan's life, so sorting by status lists what is still to come first.
_STATUS_RANK = {status.value: rank for rank, status in enumerate(EventStatus)}
# Events without any obligation sort after the least urgent state (the ranks of STATES_BY_URGENCY).
_NO_OBLIGATION = len(STATES_BY_URGENCY)
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
    city: str  # in the listing's language (its other form when that one is empty)
    held_by_body: bool
    status: str
    state: ObligationState | None = None  # the most urgent obligation's (None: none, or in the bin)


_ROW_FIELDS = [field.name for field in dataclasses.fields(EventListRow) if field.name != "state"]


def _row_columns(language: str, urgency: ColumnElement[Any] | None) -> list[ColumnElement[Any]]:
    """The row's columns, the city in `language` (as hattama.services.event_sort_keys.city_in), then the
    obligations' urgency (NULL in the bin, where nothing is owed)."""
    first, second = (_EVENT.c.city_ru, _EVENT.c.city) if language == "ru" else (_EVENT.c.city, _EVENT.c.city_ru)
    city = func.coalesce(func.nullif(first, ""), second).label("city")
    return [*(city if name == "city" else _EVENT.c[name] for name in _ROW_FIELDS),
            (literal(None) if urgency is None else urgency).label("urgency")]


def _listed_row(*values: Any) -> EventListRow:
    return EventListRow(**dict(zip(_ROW_FIELDS, values, strict=False)), state=state_of_urgency(values[-1]))


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


@functools.lru_cache(maxsize=256)
def codes_named(word: str) -> tuple[str, ...]:
    """The codes of the countries and organisations one of whose names has a word starting with `word` (kept for
    the words typed lately: each keystroke asks for them three times)."""
    return tuple(code for code, words in _named_codes() if any(named.startswith(word) for named in words))


def _matching(index: str, word: str, number: int, columns: str = "") -> Any:
    """The rowids of `index` rows with a term starting with `word` (in `columns`, an FTS5 column filter)."""
    name = f"word_{number}"
    query = text(f"SELECT rowid FROM {index} WHERE {index} MATCH :{name}")
    return query.bindparams(**{name: f"{columns}{prefix_match(word)}"}).columns(column("rowid"))


def _word_condition(word: str, number: int) -> ColumnElement[bool]:
    """The events a word matches, as one set of rowids: SQLite then seeks those rows (a count or a window of a
    rare word reads only them) or tests each row it walks in the sort order against the set."""
    event_of_party = _EVENT.join(_PARTY, _PARTY.c.event_id == _EVENT.c.id)
    event_of_participant = _EVENT.join(_PARTICIPANT, _PARTICIPANT.c.event_id == _EVENT.c.id)
    matching: list[Select[tuple[Any]]] = [
        select(literal_column("rowid")).select_from(_matching("event_search", word, number).subquery()),
        select(literal_column("event.rowid")).select_from(event_of_party).where(
            literal_column("event_party.rowid").in_(_matching("party_search", word, number))),
        select(literal_column("event.rowid")).select_from(event_of_participant).where(
            literal_column("event_participant.rowid").in_(_matching("participant_search", word, number))),
    ]
    if codes := codes_named(word):
        matching += [select(literal_column("event.rowid")).where(_EVENT.c.country.in_(codes)),
                     select(literal_column("event.rowid")).select_from(event_of_party).where(
                         _PARTY.c.code.in_(codes))]
    return literal_column("event.rowid").in_(union(*matching))


def _word_tested_per_row(word: str, number: int) -> ColumnElement[bool]:
    """The same events as `_word_condition`, as a test of each row SQLite walks in the sort order: the country,
    then the row's own words, then its parties and participants by the event's id, each against the rowids the
    index gives (read once). For a common word (a first letter matches most events) the first window then reads
    the few hundred rows it shows instead of gathering every match first."""
    tests: list[ColumnElement[bool]] = []
    codes = codes_named(word)
    if codes:
        tests.append(_EVENT.c.country.in_(codes))
    tests.append(literal_column("event.rowid").in_(_matching("event_search", word, number)))
    party = _PARTY.alias("searched_party")
    # `+rowid`: the rowids are tested, never looped over per event (SQLite would seek each one of thousands).
    party_matches = literal_column("+searched_party.rowid").in_(_matching("party_search", word, number))
    tests.append(exists().where(party.c.event_id == _EVENT.c.id,
                                or_(party_matches, party.c.code.in_(codes)) if codes else party_matches))
    participant = _PARTICIPANT.alias("searched_participant")
    tests.append(exists().where(
        participant.c.event_id == _EVENT.c.id,
        literal_column("+searched_participant.rowid").in_(_matching("participant_search", word, number))))
    return or_(*tests)


# A word matching at least this many rows of one index (or events of the countries and organisations it names,
# where held or as a party) is common: its events are sought by walking the list's order (`_word_tested_per_row`)
# rather than gathered first.
COMMON_WORD = 3000
# The probes of `_is_common`, in the order SQLite tries them (a CASE stops at the first that reaches the bound).
_PROBES = tuple(f"(SELECT count(*) FROM (SELECT rowid FROM {index} WHERE {index} MATCH :word LIMIT :cap)) >= :cap"
                for index in ("event_search", "participant_search", "party_search"))
_NAMED_PROBES = ("(SELECT count(*) FROM (SELECT 1 FROM event WHERE country IN :codes LIMIT :cap)) >= :cap",
                 "(SELECT count(*) FROM (SELECT 1 FROM event_party WHERE code IN :codes LIMIT :cap)) >= :cap")
_COMMON_TEXT = text(f"SELECT CASE {' '.join(f'WHEN {probe} THEN 1' for probe in _PROBES)} ELSE 0 END")
_COMMON_NAMED_TEXT = text(
    f"SELECT CASE {' '.join(f'WHEN {probe} THEN 1' for probe in _PROBES + _NAMED_PROBES)} ELSE 0 END"
).bindparams(bindparam("codes", expanding=True))
# Words found common or not lately, per store (a keystroke asks for the word typed so far, one letter longer than
# the last): forgotten when the store is written (`open_listing(changed_elsewhere=True)`). The answer only
# chooses the query's plan, never its rows.
_KNOWN_WORDS = 512
_commonness: weakref.WeakKeyDictionary[Store, dict[str, bool]] = weakref.WeakKeyDictionary()


def _is_common(session: Session, word: str) -> bool:
    """Whether the word matches at least COMMON_WORD rows of an index, or events of the countries and organisations
    it names: one statement of a few bounded reads of the indexes, stopping at the first that reaches the bound."""
    codes = codes_named(word)
    statement = (_COMMON_NAMED_TEXT.bindparams(word=prefix_match(word), cap=COMMON_WORD, codes=list(codes)) if codes
                 else _COMMON_TEXT.bindparams(word=prefix_match(word), cap=COMMON_WORD))
    return bool(session.scalar(statement))


def _common_words(store: Store, session: Session, words: list[str]) -> frozenset[str]:
    """The words of `words` that are common (`_is_common`). A word known lately is not probed again, nor one
    extending a word known rare: its prefix matches, and the names it matches, are among that word's."""
    known = _commonness.setdefault(store, {})
    common: set[str] = set()
    for word in words:
        found = known.get(word)
        if found is None:
            found = (not any(known.get(word[:length]) is False for length in range(1, len(word)))
                     and _is_common(session, word))
            if len(known) >= _KNOWN_WORDS:
                known.clear()
            known[word] = found
        if found:
            common.add(word)
    return frozenset(common)


def forget_common_words(store: Store) -> None:
    """After a write: a word's commonness is probed again."""
    _commonness.pop(store, None)


def title_matches(typed: str) -> ColumnElement[bool] | None:
    """Events whose kk or ru title has a word starting with each word typed (for lists titled by their event);
    None when nothing is typed."""
    words = search_words(typed)
    if not words:
        return None
    return and_(*(literal_column("event.rowid").in_(_matching("event_search", word, number, "{title_kk title_ru}: "))
                  for number, word in enumerate(words)))


# --------------------------------------------------------------------------------------------------- filters

def _condition(query: EventQuery, urgency: ColumnElement[Any] | None,
               common: frozenset[str] = frozenset()) -> ColumnElement[bool]:
    """The listed events; the words in `common` are tested per row walked (`_word_tested_per_row`)."""
    conditions: list[ColumnElement[bool]] = [
        _EVENT.c.deleted_at.is_not(None) if query.deleted else _EVENT.c.deleted_at.is_(None)]
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
    if query.state is not None and urgency is not None:
        conditions.append(urgency == urgency_of_state(query.state))
    conditions += [_word_tested_per_row(word, number) if word in common else _word_condition(word, number)
                   for number, word in enumerate(search_words(query.search))]
    return and_(*conditions)


def _sort_keys(query: EventQuery, urgency: ColumnElement[Any] | None) -> list[ColumnElement[Any]]:
    """The column's keys, ascending; the start and the id follow, so ties keep one order."""
    language = query.language
    if query.sort == "ends":
        keys: list[ColumnElement[Any]] = [_EVENT.c.ends_at]
    elif query.sort == "title":
        keys = [_EVENT.c[title_order_column(language)]]
    elif query.sort == "kind":
        # By the kind's name in the language: its rank, stored and indexed (hattama.services.event_sort_keys).
        keys = [_EVENT.c[sort_key_column("kind_order", language)]]
    elif query.sort == "place":
        # By country (its name in the language, alphabetically), then the city in the language: stored, indexed.
        keys = [_EVENT.c[sort_key_column("place_order", language)]]
    elif query.sort == "abroad":
        keys = [_EVENT.c.country != KAZAKHSTAN]
    elif query.sort == "role":
        keys = [_EVENT.c.held_by_body]
    elif query.sort == "status":
        keys = [case(_STATUS_RANK, value=_EVENT.c.status, else_=len(_STATUS_RANK))]
    elif query.sort == "obligations" and urgency is not None:
        # Most urgent first in the ascending order (so descending brings the closed and the unowed to the top).
        keys = [func.coalesce(urgency, _NO_OBLIGATION)]
    else:  # "starts"
        keys = []
    return [*keys, _EVENT.c.starts_at, _EVENT.c.id]


# -------------------------------------------------------------------------------------------------- listings

def event_listing(store: Store, query: EventQuery, today: dt.date | None = None) -> SqlListing:
    """The listing paged by SQL, not yet opened; rows outside the bin carry their obligation state on `today`."""
    words = search_words(query.search)
    with store.session() as session:
        urgency = None if query.deleted else event_urgency(session, _EVENT.c.id, today or clock.today())
        common = _common_words(store, session, words)
    return SqlListing(store, _EVENT, _row_columns(query.language, urgency), _condition(query, urgency, common),
                      _sort_keys(query, urgency), query.descending, _listed_row, _EVENT.c.id,
                      count_condition=_condition(query, urgency) if common else None)


def open_listing(store: Store, query: EventQuery, today: dt.date | None = None,
                 window: int = FIRST_WINDOW, changed_elsewhere: bool = True,
                 count: bool = True) -> SqlListing:
    """The listing for `query`, counted, with its first `window` rows (`first_rows`); obligation states as of
    `today` (the officer's day by default). `changed_elsewhere=False` (a keystroke, a sort: nothing was written
    since the last listing) skips bringing the stored obligations up to date first. `count=False` leaves the
    count of a full first window to `SqlListing.exact_count` (a keystroke's results shown before they are
    counted)."""
    today = today or clock.today()
    if changed_elsewhere:
        forget_common_words(store)
        if not query.deleted:
            bring_up_to_date(store, today)  # what this or another Hattama changed is in the stored obligations
    return event_listing(store, query, today).open(window, count=count)


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
