"""Stored rows straight to their interchange JSON (issue 18.4): what an export of 100,000 events spends its time on.

The export reads the driver's own values of the tables' columns (no SQLAlchemy processing per value, no record
objects) and converts a chunk's values a column at a time, with a function chosen once per column from the
column's type: an id becomes its hyphenated text, a UTC time `utc_text`, a wall-clock time or a date its ISO text,
a boolean `true`/`false`. The records come out key for key and byte for byte as `records.event_to_json` and
`records.report_to_json` make them from the loaded records (tests/interchange/test_export_rows.py holds the two
paths to the same file). The columns are the tables' (the event's fields are `EventData`'s), so a new column
travels without an edit here.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Date,
    DateTime,
    Table,
    Uuid,
    bindparam,
    select,
    type_coerce,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import NULLTYPE

from hattama.db.types import UtcDateTime
from hattama.rules.event_validation import Party
from hattama.services.event_storage import (
    ATTACHMENT_COLUMNS,
    ATTACHMENT_TABLE,
    EVENT_FIELDS,
    EVENT_TABLE,
    PARTICIPANT_COLUMNS,
    PARTICIPANT_TABLE,
    PARTY_COLUMNS,
    PARTY_TABLE,
)
from hattama.services.interchange.records import EVENT_RECORD_FIELDS, REPORT_JSON_FIELDS, utc_text
from hattama.services.interchange.report_records import REPORT_TABLE, TEXT_FIELDS, TEXT_TABLE

Convert = Callable[[Any], Any]
# The chunk's ids, one parameter expanded to a list at each execution.
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
# An event's members in the document: its record fields, then its data's (the parties, participants and
# attachments follow).
EVENT_JSON_FIELDS = (*EVENT_RECORD_FIELDS, *EVENT_FIELDS)
# (child table, its columns, the members they become) of an event, in the document's order.
_EVENT_CHILDREN = (
    ("parties", PARTY_TABLE, PARTY_COLUMNS, tuple(f.name for f in dataclasses.fields(Party)), "position"),
    ("participants", PARTICIPANT_TABLE, PARTICIPANT_COLUMNS, PARTICIPANT_COLUMNS, "position"),
    ("attachments", ATTACHMENT_TABLE, ATTACHMENT_COLUMNS, ATTACHMENT_COLUMNS, "file_name"),
)


def _uuid_text(process: Convert | None) -> Convert:
    def convert(value: Any) -> str:
        if isinstance(value, str) and len(value) == 32:  # SQLite's form: the 32 hex digits (UUID.hex)
            value = value.lower()
            return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
        return str(process(value) if process is not None else value)
    return convert


def _json_form(column: ColumnElement[Any]) -> Convert | None:
    """From the column's Python value to its JSON value; None: the same."""
    kind = column.type
    if isinstance(kind, UtcDateTime):
        return utc_text
    if isinstance(kind, (DateTime, Date)):  # a wall-clock time (seconds only when there are some) or a date
        return lambda value: value.isoformat()
    if isinstance(kind, Uuid):
        return str
    return None


def _stored_time(slow: Convert, *, utc: bool) -> Convert:
    """A time as SQLite holds it, "2026-05-15 09:30:00.000000" (SQLAlchemy's form), rewritten as `utc_text` or
    `isoformat()` would write the time read from it; any other value the `slow` way."""
    def convert(value: Any) -> Any:
        if isinstance(value, str) and len(value) == 26 and value[10] == " " and value[19] == ".":
            if utc:
                return f"{value[:10]}T{value[11:]}Z"
            return f"{value[:10]}T{value[11:19] if value.endswith('.000000') else value[11:]}"
        return slow(value)
    return convert


def column_converter(column: ColumnElement[Any], dialect: Dialect) -> Convert | None:
    """From the driver's value of `column` (not None) to its JSON value; None when they are the same."""
    process = column.type.dialect_impl(dialect).result_processor(dialect, None)
    if isinstance(column.type, Uuid):
        return _uuid_text(process)
    to_json = _json_form(column)
    if to_json is None:  # a boolean's processor makes it one; text and numbers are as the driver gives them
        return process
    slow = to_json if process is None else lambda value: to_json(process(value))
    if isinstance(column.type, (UtcDateTime, DateTime)):
        return _stored_time(slow, utc=isinstance(column.type, UtcDateTime))
    if isinstance(column.type, Date):  # "2026-05-15" as SQLite holds it is its ISO text already
        return lambda value: value if isinstance(value, str) and len(value) == 10 else slow(value)
    return slow


class RowConverter:
    """A table's chosen columns read raw and converted to JSON members a column at a time."""

    def __init__(self, table: Table, columns: Sequence[str], members: Sequence[str], dialect: Dialect) -> None:
        self.columns = [table.c[name] for name in columns]
        self.members = tuple(members)
        self.selected = [type_coerce(column, NULLTYPE) for column in self.columns]  # the driver's values
        self.converters = [(index, convert, column.nullable) for index, column in enumerate(self.columns)
                           if (convert := column_converter(column, dialect)) is not None]

    def records(self, rows: Sequence[Sequence[Any]], skip: int = 0) -> list[dict[str, Any]]:
        """Each row (its first `skip` values left out) as a dict of members."""
        if not rows:
            return []
        values = list(zip(*rows, strict=True))[skip:]
        for index, convert, nullable in self.converters:
            column = values[index]
            values[index] = (tuple(None if value is None else convert(value) for value in column) if nullable
                             else tuple(map(convert, column)))
        return [dict(zip(self.members, row, strict=True)) for row in zip(*values, strict=True)]


class EventRows:
    """Events, with their parties, participants and attachments, as the document's records: four queries per
    chunk of ids."""

    def __init__(self, session: Session) -> None:
        self.session = session
        dialect = session.get_bind().dialect
        self.event = RowConverter(EVENT_TABLE, EVENT_JSON_FIELDS, EVENT_JSON_FIELDS, dialect)
        # Statements made once, the chunk's ids an expanding parameter: compiled once, not an IN list a chunk.
        key = EVENT_TABLE.c.id
        self.query = select(type_coerce(key, NULLTYPE), *self.event.selected).where(key.in_(_IDS))
        self.children = []
        for name, table, columns, members, order in _EVENT_CHILDREN:
            converter = RowConverter(table, columns, members, dialect)
            query = (select(type_coerce(table.c.event_id, NULLTYPE), *converter.selected)
                     .where(table.c.event_id.in_(_IDS)).order_by(table.c.event_id, table.c[order]))
            self.children.append((name, converter, query))

    def load(self, ids: Sequence[UUID]) -> dict[str, dict[str, Any]]:
        """The records of these events, by their id's text."""
        chosen = {"ids": list(ids)}
        rows = self.session.execute(self.query, chosen).all()
        records = self.event.records(rows, skip=1)
        grouped = []
        for name, converter, query in self.children:
            child_rows = self.session.execute(query, chosen).all()
            by_event: dict[Any, list[dict[str, Any]]] = defaultdict(list)
            for row, record in zip(child_rows, converter.records(child_rows, skip=1), strict=True):
                by_event[row[0]].append(record)
            grouped.append((name, by_event))
        for row, record in zip(rows, records, strict=True):
            for name, by_event in grouped:
                record[name] = by_event.get(row[0], [])
        return {record["id"]: record for record in records}


class ReportRows:
    """Reports with their texts as the document's records: two queries per chunk of ids."""

    def __init__(self, session: Session) -> None:
        self.session = session
        dialect = session.get_bind().dialect
        self.report = RowConverter(REPORT_TABLE, REPORT_JSON_FIELDS, REPORT_JSON_FIELDS, dialect)
        self.text = RowConverter(TEXT_TABLE, TEXT_FIELDS, TEXT_FIELDS, dialect)
        key, text_key = REPORT_TABLE.c.id, TEXT_TABLE.c.report_id
        self.query = select(type_coerce(key, NULLTYPE), *self.report.selected).where(key.in_(_IDS))
        self.text_query = (select(type_coerce(text_key, NULLTYPE), *self.text.selected).where(text_key.in_(_IDS))
                           .order_by(text_key, TEXT_TABLE.c.language))

    def load(self, ids: Sequence[UUID]) -> dict[str, dict[str, Any]]:
        """The records of these reports, by their id's text."""
        chosen = {"ids": list(ids)}
        rows = self.session.execute(self.query, chosen).all()
        records = self.report.records(rows, skip=1)
        text_rows = self.session.execute(self.text_query, chosen).all()
        texts: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for row, text in zip(text_rows, self.text.records(text_rows, skip=1), strict=True):
            texts[row[0]].append(text)
        for row, record in zip(rows, records, strict=True):
            record["texts"] = texts.get(row[0], [])
        return {record["id"]: record for record in records}
