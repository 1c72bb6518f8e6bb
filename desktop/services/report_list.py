"""The Reports list served by the store (issue 18.2): reports on events outside the bin, searched by their event's
title (FTS5 prefixes, kk or ru) and sorted by SQL, a window at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import compress
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, case, or_

from hattama.db.models import Event, Report
from hattama.db.search import title_order_column
from hattama.db.store import Store
from hattama.services.event_list import title_matches
from hattama.services.event_reference import display_title
from hattama.services.listing import SqlListing
from hattama.services.reports import REPORT_LANGUAGES, STATUSES, ReportRow, _written_in

_REPORT = Report.__table__
_EVENT = Event.__table__
_SOURCE = _REPORT.join(_EVENT, _EVENT.c.id == _REPORT.c.event_id)
SORTS = ("ends", "event", "status", "languages")
# Along the workflow, so sorting by status lists drafts first and acknowledged reports last.
_STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}


@dataclass(frozen=True)
class ReportQuery:
    search: str = ""
    sort: str = "ends"
    descending: bool = True
    language: str = "kk"


def _row(language: str) -> Any:
    def make(report_id: UUID, title_kk: str, title_ru: str, ends_at: dt.datetime, status: str,
             *written: bool) -> ReportRow:
        return ReportRow(report_id, display_title(title_kk, title_ru, language), ends_at, status,
                         tuple(compress(REPORT_LANGUAGES, written)))
    return make


def _sort_keys(query: ReportQuery) -> list[ColumnElement[Any]]:
    if query.sort == "event":
        keys: list[ColumnElement[Any]] = [_EVENT.c[title_order_column(query.language)]]
    elif query.sort == "status":
        keys = [case(_STATUS_RANK, value=_REPORT.c.status, else_=len(_STATUS_RANK))]
    elif query.sort == "languages":
        # As the languages read: none, then "KK", "KK, RU", "RU".
        kk, ru = (_written_in(code) for code in REPORT_LANGUAGES)
        keys = [case((or_(kk, ru), 1), else_=0), case((kk, 0), else_=1), case((ru, 1), else_=0)]
    else:
        keys = []
    return [*keys, _EVENT.c.ends_at, _REPORT.c.id]


def report_listing(store: Store, query: ReportQuery, window: int = 100) -> SqlListing:
    """Reports on events outside the bin whose event title has a word starting with each word searched, counted,
    with the first `window` of them (`first_rows`)."""
    condition: ColumnElement[bool] = _EVENT.c.deleted_at.is_(None)
    if (matches := title_matches(query.search)) is not None:
        condition = and_(condition, matches)
    columns = [_REPORT.c.id, _EVENT.c.title_kk, _EVENT.c.title_ru, _EVENT.c.ends_at, _REPORT.c.status,
               *(_written_in(code).label(code) for code in REPORT_LANGUAGES)]
    listing = SqlListing(store, _SOURCE, columns, condition, _sort_keys(query), query.descending,
                         _row(query.language), _REPORT.c.id)
    return listing.open(window)
