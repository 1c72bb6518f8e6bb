"""Records belong to the body that made them (issue 21).

- unit_settings: `body_bin` (the body's 12-digit BIN, empty until the officer enters it) and `body_id`, a UUID
  made here once for the store and never changed. A store without its settings row gets the row now, so every
  store has its identity from the moment it is created or upgraded.
- event, report: `owner`, the owning body's identity (its BIN, else its `body_id`); every record already in
  the store belongs to the store's own body.

Revision ID: 0005
Revises: 0004
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_OWNED_TABLES = ("event", "report")


def upgrade() -> None:
    with op.batch_alter_table("unit_settings") as batch:
        batch.add_column(sa.Column("body_bin", sa.String(12), nullable=False, server_default=""))
        batch.add_column(sa.Column("body_id", sa.Uuid(), nullable=True))
    settings = sa.table("unit_settings", sa.column("id", sa.Uuid()), sa.column("body_id", sa.Uuid()))
    connection = op.get_bind()
    rows = connection.execute(sa.select(settings.c.id)).all()
    if rows:
        for row in rows:
            connection.execute(settings.update().where(settings.c.id == row.id).values(body_id=uuid.uuid4()))
        body_id = connection.execute(sa.select(settings.c.body_id).limit(1)).scalar_one()
    else:
        body_id = uuid.uuid4()
        now = dt.datetime.now(dt.UTC)
        new_row = sa.table("unit_settings", sa.column("id", sa.Uuid()), sa.column("created_at", sa.DateTime(True)),
            sa.column("updated_at", sa.DateTime(True)), *(sa.column(name) for name in (
            "body_name_kk", "body_name_ru", "body_name_en", "unit_name_kk",
            "unit_name_ru", "unit_name_en", "officer_name", "officer_position_kk", "officer_position_ru",
            "officer_position_en", "special_state_body", "outside_chapter", "language", "signing_key_path")),
            sa.column("body_id", sa.Uuid()))
        connection.execute(new_row.insert().values(
            id=uuid.uuid4(), created_at=now, updated_at=now, body_name_kk="", body_name_ru="", body_name_en="",
            unit_name_kk="", unit_name_ru="", unit_name_en="", officer_name="", officer_position_kk="",
            officer_position_ru="", officer_position_en="", special_state_body=False, outside_chapter=False,
            language="kk", signing_key_path="", body_id=body_id))
    with op.batch_alter_table("unit_settings") as batch:
        batch.alter_column("body_id", existing_type=sa.Uuid(), nullable=False)
    # Added in place (SQLite's ADD COLUMN, no table rebuild: the report and the children refer to these tables);
    # the empty server default only fills the existing rows before they are given their owner.
    for table in _OWNED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("owner", sa.String(64), nullable=False, server_default=""))
        op.execute(sa.text(f"UPDATE {table} SET owner = :owner").bindparams(owner=str(body_id)))


def downgrade() -> None:
    for table in reversed(_OWNED_TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("owner")
    with op.batch_alter_table("unit_settings") as batch:
        batch.drop_column("body_id")
        batch.drop_column("body_bin")
