"""GOST keys and NCALayer (issue 12): revocation lists the unit imports, and the choice to sign with NCALayer.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from hattama.db.migrations.shared_columns import record_columns

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("unit_settings") as batch:
        batch.add_column(sa.Column("sign_with_ncalayer", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "revocation_list",
        *record_columns(),
        sa.Column("issuer", sa.String(1000), nullable=False),
        sa.Column("fingerprint_sha256", sa.String(64), nullable=False),
        sa.Column("this_update", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_update", sa.DateTime(timezone=True), nullable=True),
        sa.Column("der", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_revocation_list"),
        sa.UniqueConstraint("fingerprint_sha256", name="uq_revocation_list_fingerprint_sha256"),
    )


def downgrade() -> None:
    op.drop_table("revocation_list")
    with op.batch_alter_table("unit_settings") as batch:
        batch.drop_column("sign_with_ncalayer")
