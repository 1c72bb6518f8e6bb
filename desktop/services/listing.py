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
    `make_row(*columns)`. It holds the query and the count, never the rows; `open` counts and gives the first
    window.

    `count_condition` selects the same rows as `condition`, in the form SQLite counts fastest (a search's words
    gathered as sets of rowids), where `condition` is the form that reads a window in the order fastest (each row
    walked tested). `open(window, count=False)` reads the first window only: `count` is then how many rows it
    read and `counted` False while more may follow; `exact_count()` (on a worker, after the window is shown)
    counts them all."""

    def __init__(self, store: Store, source: FromClause, columns: Sequence[ColumnElement[Any]],
                 condition: ColumnElement[bool], keys: Sequence[ColumnElement[Any]], descending: bool,
                 make_row: Callable[..., Any], row_id: ColumnElement[Any],
                 count_condition: ColumnElement[bool] | None = None) -> None:
        self.store, self.source, self.columns, self.condition = store, source, list(columns), condition
        self.keys, self.descending, self.make_row, self.row_id = list(keys), descending, make_row, row_id
        self.count_condition = condition if count_condition is None else count_condition
        self.count = 0
        self.counted = False
        self.first_rows: list[Any] = []

    def open(self, window: int, count: bool = True) -> SqlListing:
        """Reads the first `window` rows (`first_rows`) and counts the rows (unless `count` is False and the
        window is full: see `exact_count`)."""
        with self.store.session() as session:
            self.first_rows = self._window(session, 0, window) if window else []
            self.counted = count or len(self.first_rows) < window  # else more may follow the full window
            self.count = self._count(session) if count else len(self.first_rows)
        return self

    def exact_count(self) -> int:
        """How many rows the listing holds (not stored: the model takes it on its own thread)."""
        with self.store.session() as session:
            return self._count(session)

    def _count(self, session: Session) -> int:
        return session.scalar(select(func.count()).select_from(self.source).where(self.count_condition)) or 0

    def rows(self, offset: int, limit: int) -> list[Any]:
        with self.store.session() as session:
            return self._window(session, offset, limit)

    def _statement(self, offset: int, limit: int) -> Any:
        return (select(*self.columns).select_from(self.source).where(self.condition)
                .order_by(*ordered(self.keys, self.descending)).offset(offset).limit(limit))

    def _window(self, session: Session, offset: int, limit: int) -> list[Any]:
        return [self.make_row(*row) for row in session.execute(self._statement(offset, limit))]

    def position(self, row_id: Any) -> int | None:
        """Where the row stands in the list: the count of rows before it in the order; None if not listed."""
        with self.store.session() as session:
            values = session.execute(select(*self.keys).select_from(self.source)
                                     .where(self.count_condition, self.row_id == row_id)).first()
            if values is None:
                return None
            keys = tuple_(*self.keys)
            before = keys > tuple_(*values) if self.descending else keys < tuple_(*values)
            return session.scalar(select(func.count()).select_from(self.source).where(self.count_condition, before))
