"""Letter purpose (issue 16.3): which drafted document an outgoing letter is — the p.48 consultation request, the
p.49 briefing of the next receiving official, the p.49 notice to the MFA, a bundle's covering letter — so that
logging it closes the obligation of the event it is linked to. Existing letters have none ("").

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain-literal default lets SQLite add the column in place (see 0005).
    op.add_column("letter", sa.Column("purpose", sa.String(16), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("letter") as batch:
        batch.drop_column("purpose")
