"""Calendar overrides, obligations marked done, the due-soon window.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from hattama.db.migrations.shared_columns import record_columns

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("unit_settings") as batch:
        batch.add_column(
            sa.Column("due_soon_working_days", sa.Integer(), nullable=False, server_default="2")
        )
    op.create_table(
        "calendar_override",
        *record_columns(),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("act", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(200), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("removed_by", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_calendar_override"),
    )
    op.create_index("ix_calendar_override_day", "calendar_override", ["day"])
    op.create_table(
        "obligation_mark",
        *record_columns(),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("marked_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_obligation_mark"),
        sa.UniqueConstraint("kind", "subject_id", name="uq_obligation_mark_kind_subject"),
    )


def downgrade() -> None:
    op.drop_table("obligation_mark")
    op.drop_index("ix_calendar_override_day", "calendar_override")
    op.drop_table("calendar_override")
    with op.batch_alter_table("unit_settings") as batch:
        batch.drop_column("due_soon_working_days")
