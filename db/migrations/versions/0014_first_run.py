"""First run (issue 19.1) and the officer's settings out of the unit's (issue 17.4):

- unit_settings: `setup_done`, whether the first-run assistant was finished or skipped (a store with the unit's
  details entered is not new either: `services.settings.needs_setup`).
- unit_settings loses `language`, `signing_key_path` and `sign_with_ncalayer`: they are the officer's
  (officer.json in the officer's config folder, `services.officer`). Hattama since 0009 moved them there when
  it opened a store and put the columns back to their defaults; a store upgraded from before that, or never
  opened since, may still hold a choice. Such values are parked in `officer_handover` (the migration cannot
  reach the officer's folder) and `officer_settings` moves them on the next opening; the officer's own file
  keeps what it already holds.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# The dropped columns, their types and the values that mean "nothing chosen".
_OFFICER_COLUMNS = (("language", sa.String(8), "kk"), ("signing_key_path", sa.String(1000), ""),
                    ("sign_with_ncalayer", sa.Boolean(), False))


def upgrade() -> None:
    op.create_table(
        "officer_handover",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("value", sa.String(1000), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_officer_handover"),
    )
    settings = sa.table("unit_settings", *(sa.column(name, kind) for name, kind, _default in _OFFICER_COLUMNS))
    handover = sa.table("officer_handover", sa.column("name", sa.String()), sa.column("value", sa.String()))
    connection = op.get_bind()
    row = connection.execute(sa.select(settings).limit(1)).first()
    if row is not None:
        held = [{"name": name, "value": "1" if value is True else str(value)}
                for (name, _kind, default), value in zip(_OFFICER_COLUMNS, row, strict=True)
                if value is not None and value != default]
        if held:
            connection.execute(handover.insert(), held)
    with op.batch_alter_table("unit_settings") as batch:
        batch.add_column(sa.Column("setup_done", sa.Boolean(), nullable=False, server_default="0"))
        for name, _kind, _default in _OFFICER_COLUMNS:
            batch.drop_column(name)


def downgrade() -> None:
    with op.batch_alter_table("unit_settings") as batch:
        batch.add_column(sa.Column("language", sa.String(8), nullable=False, server_default="kk"))
        batch.add_column(sa.Column("signing_key_path", sa.String(1000), nullable=False, server_default=""))
        batch.add_column(sa.Column("sign_with_ncalayer", sa.Boolean(), nullable=False, server_default="0"))
        batch.drop_column("setup_done")
    op.drop_table("officer_handover")
