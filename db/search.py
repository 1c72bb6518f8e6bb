"""The store's search index and sort keys for the long lists (issue 18.2), kept in step by SQLite itself.

- Three FTS5 tables over the records' own rows (external content, so no text is stored twice): `event_search`
  (titles kk/ru, city) over `event`, `party_search` (the names of parties without a code) over `event_party`,
  `participant_search` (name, organisation) over `event_participant`. Triggers on those tables write every insert,
  update and delete into the index in the same transaction, whoever writes (editor, import, demo, trip merge).
  The tokenizer `unicode61` folds case of Cyrillic letters (Kazakh ә ғ қ ң ө ұ ү һ і included, each kept a letter
  of its own) and `prefix='1 2'` makes the officer's first letter one lookup. FTS5 is the one piece of SQL here
  that only SQLite speaks.
- Sort keys by expression indexes: a title sorts in the Kazakh alphabet (Russian letters in their own order
  within it) by `title_order_sql(language)`, the SQL function `hattama_collation_key` (`collation_key`,
  registered on each connection by `register_functions`); the index on that same expression lets `ORDER BY`
  walk it instead of sorting. A connection without the function (the sqlite3 shell) can read the store but not
  change an event's titles. (SQLite's own lower() folds only ASCII, and its parser refuses the 84 nested
  replace() calls that would fold Cyrillic.)

The FTS rows are keyed by each table's rowid. A migration that rebuilds `event`, `event_party` or
`event_participant` (Alembic's batch "move and copy") drops their triggers and renumbers rows: it must call
`create_search_index` again afterwards.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping

# Kazakh Cyrillic order; Russian letters keep their own order within it, so one key serves both languages
# (code-point order would put ә, ғ, қ, ң, ө, ұ, ү, һ, і and ё after я).
CYRILLIC_ORDER = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_COLLATION = str.maketrans({letter: chr(0xE000 + rank) for rank, letter in enumerate(CYRILLIC_ORDER)})
# The SQL function giving `collation_key`, registered on every connection of the store (`register_functions`).
COLLATION_FUNCTION = "hattama_collation_key"


def collation_key(text: str) -> str:
    """A case-insensitive sort key that orders Kazakh and Russian words alphabetically."""
    return text.casefold().translate(_COLLATION)


def _sql_collation_key(text: object) -> object:
    return collation_key(text) if isinstance(text, str) else text


def register_functions(connection: sqlite3.Connection) -> None:
    """Gives a connection the functions the store's indexes use (deterministic, so an index may use them)."""
    connection.create_function(COLLATION_FUNCTION, 1, _sql_collation_key, deterministic=True)


TOKENIZER = "unicode61 remove_diacritics 2"

# name: (content table, indexed columns)
SEARCH_TABLES = {
    "event_search": ("event", ("title_kk", "title_ru", "city")),
    "party_search": ("event_party", ("name",)),
    "participant_search": ("event_participant", ("full_name", "organisation")),
}
# The tables FTS5 makes for each index (not mapped by the models).
_SHADOW_SUFFIXES = ("", "_data", "_idx", "_content", "_docsize", "_config")


def is_search_index_table(name: str) -> bool:
    """Whether a table of the store belongs to the search index (for comparing the schema with the models)."""
    return any(name == f"{index}{suffix}" for index in SEARCH_TABLES for suffix in _SHADOW_SUFFIXES)


def display_title_sql(language: str) -> str:
    """The title a list shows in `language` (as services.events.display_title): its own, else the other one."""
    first, second = ("title_ru", "title_kk") if language == "ru" else ("title_kk", "title_ru")
    return f"CASE WHEN {first} <> '' THEN {first} ELSE {second} END"


def title_order_sql(language: str) -> str:
    """The sort key of an event's displayed title; `ix_event_title_order_kk/_ru` index exactly this."""
    return f"{COLLATION_FUNCTION}({display_title_sql('ru' if language == 'ru' else 'kk')})"


TITLE_ORDER_INDEXES = {"kk": "ix_event_title_order_kk", "ru": "ix_event_title_order_ru"}


def _triggers(index: str, table: str, columns: tuple[str, ...]) -> list[str]:
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    insert = f"INSERT INTO {index}(rowid, {names}) VALUES (new.rowid, {new});"
    delete = f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.rowid, {old});"
    return [
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {table} BEGIN {delete} {insert} END",
    ]


def drop_search_index(execute: Callable[[str], object]) -> None:
    for index in SEARCH_TABLES:
        for trigger in ("insert", "delete", "update"):
            execute(f"DROP TRIGGER IF EXISTS {index}_{trigger}")
        execute(f"DROP TABLE IF EXISTS {index}")
    for index in TITLE_ORDER_INDEXES.values():
        execute(f"DROP INDEX IF EXISTS {index}")


def create_search_index(execute: Callable[[str], object],
                        tables: Mapping[str, tuple[str, tuple[str, ...]]] = SEARCH_TABLES) -> None:
    """(Re)builds the index from the records stored now and the triggers that keep it in step; `execute` runs
    one SQL statement (Alembic's `op.execute`, a connection's `exec_driver_sql`). A migration passes the
    `tables` of its own time (the columns indexed then), so that a later change here does not change it."""
    drop_search_index(execute)
    for index, (table, columns) in tables.items():
        execute(f"CREATE VIRTUAL TABLE {index} USING fts5({', '.join(columns)}, content='{table}', "
                f"tokenize='{TOKENIZER}', prefix='1 2', columnsize=0)")
        execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")
        for trigger in _triggers(index, table, columns):
            execute(trigger)
    for language, index in TITLE_ORDER_INDEXES.items():
        execute(f"CREATE INDEX {index} ON event ({title_order_sql(language)})")
