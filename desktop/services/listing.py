"""A list the store pages through (issue 18.2): how many rows a query lists, the rows of a window (`LIMIT` and
`OFFSET` in the query's order) and where one row stands — the shape the windowed table models read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, FromClause, func, select, tuple_
from sqlalchemy.orm import Session

from hattama.db.store import Store


def ordered(keys: Sequence[ColumnElement[Any]], descending: bool) -> list[ColumnElement[Any]]:
    return [key.desc() if descending else key.asc() for key in keys]


class SqlListing:
    """The rows of `source` matching `condition`, ordered by `keys` (the last one unique, e.g. the id), as
    `make_row(*columns)`. It holds the query and the count, never the rows."""

    def __init__(self, store: Store, source: FromClause, columns: Sequence[ColumnElement[Any]],
                 condition: ColumnElement[bool], keys: Sequence[ColumnElement[Any]], descending: bool,
                 make_row: Callable[..., Any], row_id: ColumnElement[Any],
                 complete: Callable[[Session, list[Any]], list[Any]] | None = None) -> None:
        self.store, self.source, self.columns, self.condition = store, source, list(columns), condition
        self.keys, self.descending, self.make_row, self.row_id = list(keys), descending, make_row, row_id
        # What a window's rows get from other tables, in the same session (e.g. each event's obligation state).
        self.complete = complete
        with store.session() as session:
            self.count: int = session.scalar(select(func.count()).select_from(source).where(condition)) or 0

    def rows(self, offset: int, limit: int) -> list[Any]:
        statement = (select(*self.columns).select_from(self.source).where(self.condition)
                     .order_by(*ordered(self.keys, self.descending)).offset(offset).limit(limit))
        with self.store.session() as session:
            rows = [self.make_row(*row) for row in session.execute(statement)]
            return self.complete(session, rows) if self.complete is not None else rows

    def position(self, row_id: Any) -> int | None:
        """Where the row stands in the list: the count of rows before it in the order; None if not listed."""
        with self.store.session() as session:
            values = session.execute(select(*self.keys).select_from(self.source)
                                     .where(self.condition, self.row_id == row_id)).first()
            if values is None:
                return None
            keys = tuple_(*self.keys)
            before = keys > tuple_(*values) if self.descending else keys < tuple_(*values)
            return session.scalar(select(func.count()).select_from(self.source).where(self.condition, before))
