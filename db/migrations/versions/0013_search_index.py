"""Search index and sort keys for the Events and Reports lists (issue 18.2).

FTS5 tables over event titles and city, party names and participants, kept in step by triggers; expression
indexes for sorting by title in the Kazakh alphabet; indexes for sorting by end date and finding events by a
party's code. An existing store gets its index built from the records it holds (hattama.db.search).

Revision ID: 0013
Revises: 0012
"""

from alembic import op

from hattama.db.search import create_search_index, drop_search_index

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


def upgrade() -> None:
    op.create_index("ix_event_ends_at", "event", ["ends_at"])
    op.create_index("ix_event_party_code", "event_party", ["code"])
    create_search_index(op.execute, TABLES)


def downgrade() -> None:
    drop_search_index(op.execute)
    op.drop_index("ix_event_party_code", table_name="event_party")
    op.drop_index("ix_event_ends_at", table_name="event")
