"""Stored obligations (issue 18.3) and the day the unit began tracking them (issue 19.1):

- obligation: every obligation of an event, letter, image project or year as the rules computed it, open ones
  undated (the reader dates them), with indexes for the Dashboard's groups, `obligations list` and one record's;
- obligation_dirty: what changed since, queued by triggers on event, report, obligation_mark, letter and
  image_project (hattama.db.obligation_triggers) and recomputed before the transaction commits;
- obligation_stamp: the rules' version, body facts and calendar that computed them. An upgraded store has none, so
  its obligations are computed at its first use (as whenever the rules change);
- unit_settings.tracking_since: obligations due before it, of records logged before it, are not counted as
  overdue. Left empty here: empty means the day the store's settings were first written (an existing store's
  unit has tracked since; a new store's row is written when it is created), never after the day read.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from hattama.db.obligation_triggers import create_triggers, drop_triggers

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "obligation",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("subject_kind", sa.String(16), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("item", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("nominal_due", sa.Date(), nullable=False),
        sa.Column("planned_due", sa.Date(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("trigger_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("form", sa.String(16), nullable=True),
        sa.Column("due_before", sa.DateTime(), nullable=True),
        sa.Column("variant", sa.String(32), nullable=True),
        sa.Column("requested_on", sa.Date(), nullable=True),
        sa.Column("logged_on", sa.Date(), nullable=True),
        sa.Column("not_applicable_reason", sa.Text(), nullable=True),
        sa.Column("state_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_obligation"),
    )
    op.create_index("ix_obligation_state_due", "obligation", ["state", "planned_due", "logged_on", "year"])
    op.create_index("ix_obligation_planned_due", "obligation", ["planned_due"])
    op.create_index("ix_obligation_record", "obligation", ["record_id"])
    op.create_table(
        "obligation_dirty",
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name="pk_obligation_dirty"),
    )
    op.create_table(
        "obligation_stamp",
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.Column("last_year", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("version", name="pk_obligation_stamp"),
    )
    create_triggers(op.execute)
    with op.batch_alter_table("unit_settings") as batch:
        batch.add_column(sa.Column("tracking_since", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("unit_settings") as batch:
        batch.drop_column("tracking_since")
    drop_triggers(op.execute)
    op.drop_table("obligation_stamp")
    op.drop_table("obligation_dirty")
    op.drop_index("ix_obligation_record", table_name="obligation")
    op.drop_index("ix_obligation_planned_due", table_name="obligation")
    op.drop_index("ix_obligation_state_due", table_name="obligation")
    op.drop_table("obligation")
