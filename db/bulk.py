"""Many rows into one table as plain tuples (issue 18.4: import ≤ 1.5× raw `executemany`).

`insert(table)` with a list of dicts makes SQLAlchemy build and process a parameter dict per row; for 100,000
events and their 500,000 children that is a third of an import. `insert_rows` converts each value with the same
bind processor SQLAlchemy would use for its column (so the stored text is the same: UUIDs as hex, UTC times, dates)
and hands the driver one `executemany` of tuples, through the connection (statement events still see it).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import DateTime, Table, Uuid
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from hattama.db.types import UtcDateTime

# uuid.UUID(version=4)'s bits: the version (4) and the RFC 4122 variant.
_V4_CLEAR = ~((0xC000 << 48) | (0xF000 << 64))
_V4_SET = (0x8000 << 48) | (4 << 76)


def new_ids(count: int) -> list[str]:
    """`count` random version-4 UUIDs as their 32 hex digits (`uuid4().hex`), which `insert_rows` takes for a
    UUID column as they are: one read of random bytes, not a UUID object and a system call per row (a tenth of
    the Python work of an import of 100,000 events and their 500,000 children)."""
    raw = os.urandom(16 * count)
    return [f"{int.from_bytes(raw[start:start + 16]) & _V4_CLEAR | _V4_SET:032x}" for start in range(0, 16 * count, 16)]


# Times a probe compares both ways: with and without microseconds, early years; for a UTC column in UTC and in
# another zone.
_PROBES = (dt.datetime(2026, 5, 15, 9, 30, 0, 250), dt.datetime(1999, 12, 31, 23, 59, 59), dt.datetime(7, 1, 2))
_UTC_PROBES = (*(probe.replace(tzinfo=dt.UTC) for probe in _PROBES),
               dt.datetime(2026, 5, 15, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=5))))


def _time_text(process: Callable[[Any], Any], utc: bool) -> Callable[[Any], Any]:
    """A time column's bind processor made by `isoformat` (in C) where SQLAlchemy's formats each field in Python,
    if it gives the same text for the probes (it does for SQLite's "2026-05-15 09:30:00.000250"): 660,000 times in
    an import of 100,000 events. Anything but a datetime, and a naive one for a UTC column, goes to `process`."""
    def as_text(value: Any) -> Any:
        if value.__class__ is not dt.datetime or (value.tzinfo is None) is utc:
            return process(value)  # a naive time for a UTC column is refused there
        if utc:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(" ", "microseconds")
    try:
        same = all(as_text(probe) == process(probe) for probe in (_UTC_PROBES if utc else _PROBES))
    except (TypeError, ValueError):
        same = False
    return as_text if same else process


def _uuid_or_hex(process: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """A UUID column's bind processor that also takes the 32 hex digits (`new_ids`) as they are."""
    if process is None:
        return None
    return lambda value: value if value.__class__ is str else process(value)


def _faster(kind: Any, process: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    if process is None:
        return None
    if isinstance(kind, Uuid):
        return _uuid_or_hex(process)
    if isinstance(kind, DateTime | UtcDateTime):
        return _time_text(process, utc=isinstance(kind, UtcDateTime))
    return process


def insert_rows(session: Session, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]],
                sql_values: Mapping[str, str] | None = None) -> None:
    """INSERT every row (values in the order of `names`) in one executemany.

    `sql_values` are SQL expressions for further columns (e.g. `CURRENT_TIMESTAMP`), the same in every row. A
    column named in neither gets its scalar default; one whose default is computed in Python must be given.
    """
    if not rows:
        return
    sql_values = dict(sql_values or {})
    connection = session.connection()
    dialect = connection.dialect
    names = list(names)
    constants: list[Any] = []
    for column in table.columns:
        if column.name in names or column.name in sql_values:
            continue
        default = column.default
        if isinstance(default, ScalarElementColumnDefault):
            constants.append(default.arg)
            names.append(column.name)
        elif default is not None:
            raise ValueError(f"insert_rows: give a value for {table.name}.{column.name} (its default is computed)")
    processors: list[Callable[[Any], Any] | None] = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    processors = [_faster(table.c[name].type, process) for name, process in zip(names, processors, strict=True)]
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in [*names, *sql_values])
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    placeholders = ", ".join([marker] * len(names) + list(sql_values.values()))
    statement = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({placeholders})"
    given = len(names) - len(constants)
    converting = [(index, processor) for index, processor in enumerate(processors) if processor is not None]
    converted: list[tuple[Any, ...]] = []
    for row in rows:
        if len(row) != given:
            raise ValueError(f"insert_rows: {len(row)} values for {given} columns of {table.name}")
        values = [*row, *constants]
        for index, processor in converting:
            value = values[index]
            if value is not None:
                values[index] = processor(value)
        converted.append(tuple(values))
    connection.exec_driver_sql(statement, converted)
