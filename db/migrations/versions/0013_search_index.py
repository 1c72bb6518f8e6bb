"""Search index and sort keys for the Events and Reports lists (issue 18.2).

FTS5 tables over event titles and city, party names and participants, kept in step by triggers
(hattama.db.search); the stored sort keys of each event's title in Kazakh and Russian order, filled here for the
events a store holds; indexes that count and order the events outside the bin by start, end and title, and find
events by country or by a party's code.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

from hattama.db.search import create_search_index, drop_search_index, title_order_keys

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# The columns indexed as of this revision (a later migration indexing more calls create_search_index again).
TABLES = {
    "event_search": ("event", ("title_kk", "title_ru", "city")),
    "party_search": ("event_party", ("name",)),
    "participant_search": ("event_participant", ("full_name", "organisation")),
}
BATCH = 5000


def upgrade() -> None:
    for column in ("title_order_kk", "title_order_ru"):
        op.add_column("event", sa.Column(column, sa.Text(), nullable=False, server_default=""))
    connection = op.get_bind()
    rows = connection.exec_driver_sql("SELECT rowid, title_kk, title_ru FROM event").fetchall()
    fill = sa.text("UPDATE event SET title_order_kk = :title_order_kk, title_order_ru = :title_order_ru "
                   "WHERE rowid = :row")
    for start in range(0, len(rows), BATCH):
        connection.execute(fill, [{"row": row, **title_order_keys(title_kk, title_ru)}
                                  for row, title_kk, title_ru in rows[start:start + BATCH]])
    op.create_index("ix_event_list_starts", "event", ["deleted_at", "starts_at", "id"])
    op.create_index("ix_event_list_ends", "event", ["deleted_at", "ends_at", "id"])
    op.create_index("ix_event_title_order_kk", "event", ["deleted_at", "title_order_kk", "starts_at", "id"])
    op.create_index("ix_event_title_order_ru", "event", ["deleted_at", "title_order_ru", "starts_at", "id"])
    op.create_index("ix_event_country", "event", ["country"])
    op.create_index("ix_event_party_code", "event_party", ["code"])
    create_search_index(op.execute, TABLES)


def downgrade() -> None:
    drop_search_index(op.execute)
    op.drop_index("ix_event_party_code", table_name="event_party")
    for index in ("ix_event_country", "ix_event_title_order_ru", "ix_event_title_order_kk", "ix_event_list_ends",
                  "ix_event_list_starts"):
        op.drop_index(index, table_name="event")
    # SQLite drops a column in place (no rebuild of the table, whose triggers stay).
    op.drop_column("event", "title_order_ru")
    op.drop_column("event", "title_order_kk")
