"""Trips and record history (issue 17): every version of an event or report, and the trip kits a store
exported or opened.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from hattama.db.migrations.shared_columns import record_columns

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_version",
        *record_columns(),
        sa.Column("record_kind", sa.String(16), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("version_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_record_version"),
    )
    op.create_index("ix_record_version_record", "record_version", ["record_kind", "record_id", "version_at"])
    op.create_table(
        "trip_kit",
        *record_columns(),
        sa.Column("kit_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("unit_body_id", sa.Uuid(), nullable=False),
        sa.Column("base", sa.Text(), nullable=False),
        sa.Column("last_return_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_trip_kit"),
        sa.UniqueConstraint("kit_id", name="uq_trip_kit_kit_id"),
    )


def downgrade() -> None:
    op.drop_table("trip_kit")
    op.drop_index("ix_record_version_record", table_name="record_version")
    op.drop_table("record_version")
