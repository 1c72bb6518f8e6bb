"""The unit's settings (first release).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from hattama.db.migrations.shared_columns import record_columns

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_settings",
        *record_columns(),
        sa.Column("body_name_kk", sa.String(400), nullable=False),
        sa.Column("body_name_ru", sa.String(400), nullable=False),
        sa.Column("body_name_en", sa.String(400), nullable=False),
        sa.Column("unit_name_kk", sa.String(400), nullable=False),
        sa.Column("unit_name_ru", sa.String(400), nullable=False),
        sa.Column("unit_name_en", sa.String(400), nullable=False),
        sa.Column("officer_name", sa.String(200), nullable=False),
        sa.Column("officer_position_kk", sa.String(400), nullable=False),
        sa.Column("officer_position_ru", sa.String(400), nullable=False),
        sa.Column("officer_position_en", sa.String(400), nullable=False),
        sa.Column("special_state_body", sa.Boolean(), nullable=False),
        sa.Column("outside_chapter", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_unit_settings"),
    )


def downgrade() -> None:
    op.drop_table("unit_settings")
