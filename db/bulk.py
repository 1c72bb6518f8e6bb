"""Many rows into one table as plain tuples (issue 18.4: import ≤ 1.5× raw `executemany`).

`insert(table)` with a list of dicts makes SQLAlchemy build and process a parameter dict per row; for 100,000
events and their 500,000 children that is a third of an import. `insert_rows` converts each value with the same
bind processor SQLAlchemy would use for its column (so the stored text is the same: UUIDs as hex, UTC times, dates)
and hands the driver one `executemany` of tuples, through the connection (statement events still see it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault


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
