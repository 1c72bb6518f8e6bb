"""The store's search index and sort keys for the long lists (issue 18.2), kept in step by SQLite itself.

- Three FTS5 tables over the records' own rows (external content, so no text is stored twice): `event_search`
  (titles kk/ru, city kk/ru) over `event`, `party_search` (the names of parties without a code) over `event_party`,
  `participant_search` (name, organisation) over `event_participant`. Triggers on those tables write every insert,
  update and delete into the index in the same transaction, whoever writes (editor, import, demo, trip merge).
  The tokenizer `unicode61` folds case of Cyrillic letters (Kazakh ә ғ қ ң ө ұ ү һ і included, each kept a letter
  of its own) and `prefix='1 2'` makes the officer's first letter one lookup. FTS5 is the one piece of SQL here
  that only SQLite speaks.
- Sort keys stored beside the titles: a title sorts in the Kazakh alphabet (Russian letters in their own order
  within it) by `collation_key`, kept in `event.title_order_kk/_ru` (`title_order_keys`, written with the
  titles) and indexed, so `ORDER BY` walks an index. Plain columns, so any SQLite tool (or another database)
  reads and writes the store; SQLite's own lower() folds only ASCII, so the key cannot be SQL.
- The same for the kind (its rank among the kinds by their names in each language, `kind_order_kk/_ru/_en`) and
  the place (the country's name in each language, then the city in that language: `place_order_kk/_ru/_en`,
  `place_order_key`), migration 0017; the application computes them (hattama.services.event_sort_keys) with
  every write of the event, as the names come from its catalogs and Babel.

The FTS rows are keyed by each table's rowid. A migration that rebuilds `event`, `event_party` or
`event_participant` (Alembic's batch "move and copy") drops their triggers and renumbers rows: it must call
`create_search_index` again afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

# Kazakh Cyrillic order; Russian letters keep their own order within it, so one key serves both languages
# (code-point order would put ә, ғ, қ, ң, ө, ұ, ү, һ, і and ё after я).
CYRILLIC_ORDER = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_COLLATION = str.maketrans({letter: chr(0xE000 + rank) for rank, letter in enumerate(CYRILLIC_ORDER)})
def collation_key(text: str) -> str:
    """A case-insensitive sort key that orders Kazakh and Russian words alphabetically."""
    return text.casefold().translate(_COLLATION)


# The stored sort key of the title a list shows, per language (columns of `event`, indexed with the start and
# the id so that ORDER BY walks the index).
TITLE_ORDER_COLUMNS = {"kk": "title_order_kk", "ru": "title_order_ru"}


def title_order_column(language: str) -> str:
    return TITLE_ORDER_COLUMNS["ru" if language == "ru" else "kk"]


# The languages with stored kind and place sort keys (`kind_order_<language>`, `place_order_<language>`).
SORT_LANGUAGES = ("kk", "ru", "en")
# Between the country's key and the city's: below every letter, so "Chad" sorts before "Chile" whatever the city.
_PLACE_SEPARATOR = "\x01"


def sort_key_column(name: str, language: str) -> str:
    """The stored sort key column `name` ("kind_order", "place_order") for a list shown in `language`."""
    return f"{name}_{language if language in SORT_LANGUAGES else SORT_LANGUAGES[0]}"


def place_order_key(country_name: str, city: str) -> str:
    """The stored sort key of a place: by the country's name, then by the city, each alphabetically."""
    return f"{collation_key(country_name)}{_PLACE_SEPARATOR}{collation_key(city)}"


def title_order_keys(title_kk: str, title_ru: str) -> dict[str, str]:
    """The event's stored sort keys: of the title a list shows in each language (its own, else the other; as
    hattama.services.events.display_title). Written with the titles by every save, import and the migration."""
    return {"title_order_kk": collation_key(title_kk or title_ru), "title_order_ru": collation_key(title_ru or title_kk)}


TOKENIZER = "unicode61 remove_diacritics 2"

# name: (content table, indexed columns)
SEARCH_TABLES = {
    "event_search": ("event", ("title_kk", "title_ru", "city", "city_ru")),
    "party_search": ("event_party", ("name",)),
    "participant_search": ("event_participant", ("full_name", "organisation")),
}
# The tables FTS5 makes for each index (not mapped by the models).
_SHADOW_SUFFIXES = ("", "_data", "_idx", "_content", "_docsize", "_config")


def is_search_index_table(name: str) -> bool:
    """Whether a table of the store belongs to the search index (for comparing the schema with the models)."""
    return any(name == f"{index}{suffix}" for index in SEARCH_TABLES for suffix in _SHADOW_SUFFIXES)


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


def drop_search_index(execute: Callable[[str], object], indexes: Iterable[str] = SEARCH_TABLES) -> None:
    for index in indexes:
        for trigger in ("insert", "delete", "update"):
            execute(f"DROP TRIGGER IF EXISTS {index}_{trigger}")
        execute(f"DROP TABLE IF EXISTS {index}")


def create_search_index(execute: Callable[[str], object],
                        tables: Mapping[str, tuple[str, tuple[str, ...]]] = SEARCH_TABLES) -> None:
    """(Re)builds the index from the records stored now and the triggers that keep it in step; `execute` runs
    one SQL statement (Alembic's `op.execute`, a connection's `exec_driver_sql`). A migration passes the
    `tables` of its own time (the columns indexed then), so that a later change here does not change it; only
    the indexes named in `tables` are dropped and rebuilt."""
    drop_search_index(execute, tables)
    for index, (table, columns) in tables.items():
        execute(f"CREATE VIRTUAL TABLE {index} USING fts5({', '.join(columns)}, content='{table}', "
                f"tokenize='{TOKENIZER}', prefix='1 2', columnsize=0)")
        execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")
        for trigger in _triggers(index, table, columns):
            execute(trigger)
