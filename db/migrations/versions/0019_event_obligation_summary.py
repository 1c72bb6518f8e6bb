"""The Events page ranked by obligations with one narrow row per event (issue 18.2):

- event_obligation_summary: per event with stored obligations, the rank of its most urgent settled state, the
  earliest due date of its open ones counted from the tracking day, and whether an open one predates it;
- obligation_stamp.summary_since: the tracking day the summary was made for.

An upgraded store's summary is empty and its `summary_since` unset, so it is made at the store's first reading
(hattama.services.stored_obligations), as the stored obligations were after 0012.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_obligation_summary",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("settled_rank", sa.Integer(), nullable=True),
        sa.Column("tracked_due", sa.Date(), nullable=True),
        sa.Column("untracked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_event_obligation_summary"),
        sqlite_with_rowid=False,
    )
    op.add_column("obligation_stamp", sa.Column("summary_since", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("obligation_stamp") as batch:
        batch.drop_column("summary_since")
    op.drop_table("event_obligation_summary")
