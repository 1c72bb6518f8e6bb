"""Sort keys of the kind and the place, and the Russian city in the search index (issues 18.2, 22).

- event: `kind_order_kk/_ru/_en` (the kind's rank among the kinds by their names in that language) and
  `place_order_kk/_ru/_en` (the country's name in that language, then the city in that language: its form, else
  the other), each indexed with the start and the id for the events outside the bin, so sorting the Events list
  by kind or place walks an index instead of sorting 100,000 rows by a `CASE`. Filled here for the events a store
  holds; the application writes them with every event after (hattama.services.event_sort_keys).
- event_search: `city_ru` indexed beside `city`, so a search finds an event by its city in Russian.

The kinds' ranks are written out as of this revision and the countries' names read from Babel, as the store
cannot import the application and a migration must not change when the application's catalogs do. An existing
store upgrades in place (ADD COLUMN; only the event's search index is rebuilt).

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

from hattama.db.search import create_search_index, place_order_key

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

LANGUAGES = ("kk", "ru", "en")
# The kinds ordered by their names in each language as of this revision (hattama.services.event_sort_keys).
KIND_ORDER = {
    "kk": ("other", "videoconference", "working_meeting", "talks", "conference_forum", "official_visit",
           "delegation_reception"),
    "ru": ("videoconference", "other", "conference_forum", "official_visit", "talks", "delegation_reception",
           "working_meeting"),
    "en": ("conference_forum", "official_visit", "other", "delegation_reception", "talks", "videoconference",
           "working_meeting"),
}
BEFORE = {"event_search": ("event", ("title_kk", "title_ru", "city"))}
AFTER = {"event_search": ("event", ("title_kk", "title_ru", "city", "city_ru"))}
BATCH = 5000


def _country_names(language: str) -> dict[str, str]:
    from babel import Locale

    return {str(code): str(name) for code, name in Locale.parse(language).territories.items()}


def _keys(kind: str, country: str, city: str, city_ru: str, names: dict[str, dict[str, str]]) -> dict[str, object]:
    keys: dict[str, object] = {}
    for language in LANGUAGES:
        order = KIND_ORDER[language]
        keys[f"kind_order_{language}"] = order.index(kind) if kind in order else len(order)
        shown_city = (city_ru or city) if language == "ru" else (city or city_ru)
        country_name = names[language].get(country.upper(), country.upper()) if country else ""
        keys[f"place_order_{language}"] = place_order_key(country_name, shown_city)
    return keys


def upgrade() -> None:
    for language in LANGUAGES:
        op.add_column("event", sa.Column(f"kind_order_{language}", sa.Integer(), nullable=False, server_default="0"))
        op.add_column("event", sa.Column(f"place_order_{language}", sa.Text(), nullable=False, server_default=""))
    connection = op.get_bind()
    rows = connection.exec_driver_sql("SELECT rowid, kind, country, city, city_ru FROM event").fetchall()
    if rows:
        names = {language: _country_names(language) for language in LANGUAGES}
        columns = [f"{key}_{language}" for language in LANGUAGES for key in ("kind_order", "place_order")]
        fill = sa.text(f"UPDATE event SET {', '.join(f'{column} = :{column}' for column in columns)} WHERE rowid = :row")
        for start in range(0, len(rows), BATCH):
            connection.execute(fill, [{"row": row, **_keys(kind, country or "", city or "", city_ru or "", names)}
                                      for row, kind, country, city, city_ru in rows[start:start + BATCH]])
    for language in LANGUAGES:
        for key in ("kind_order", "place_order"):
            op.create_index(f"ix_event_{key}_{language}", "event", ["deleted_at", f"{key}_{language}", "starts_at", "id"])
    create_search_index(op.execute, AFTER)


def downgrade() -> None:
    create_search_index(op.execute, BEFORE)
    for language in LANGUAGES:
        for key in ("kind_order", "place_order"):
            op.drop_index(f"ix_event_{key}_{language}", table_name="event")
    # SQLite drops a column in place (no rebuild of the table, whose triggers stay).
    for language in LANGUAGES:
        op.drop_column("event", f"place_order_{language}")
        op.drop_column("event", f"kind_order_{language}")

