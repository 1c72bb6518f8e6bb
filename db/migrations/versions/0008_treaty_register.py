"""The treaty register (p.2): treaties, parties, yearly measures linked to events, procedure steps, forms sent.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from hattama.db.migrations.shared_columns import record_columns

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def treaty_child(name: str, *columns: sa.schema.SchemaItem) -> None:
    op.create_table(
        name,
        *record_columns(),
        sa.Column("treaty_id", sa.Uuid(), nullable=False),
        *columns,
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["treaty_id"], ["treaty.id"], name=f"fk_{name}_treaty_id_treaty", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_treaty_id", name, ["treaty_id"])


def upgrade() -> None:
    op.create_table(
        "treaty",
        *record_columns(),
        sa.Column("title_kk", sa.Text(), nullable=False),
        sa.Column("title_ru", sa.Text(), nullable=False),
        sa.Column("title_original", sa.Text(), nullable=False),
        sa.Column("original_language", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("signed_at", sa.String(200), nullable=False),
        sa.Column("consent_act_kind", sa.String(32), nullable=False),
        sa.Column("consent_act_number", sa.String(100), nullable=False),
        sa.Column("consent_act_date", sa.Date(), nullable=True),
        sa.Column("in_force_on", sa.Date(), nullable=True),
        sa.Column("duration", sa.String(400), nullable=False),
        sa.Column("terminated_on", sa.Date(), nullable=True),
        sa.Column("responsible_body", sa.Text(), nullable=False),
        sa.Column("co_executors", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_treaty"),
    )
    op.create_index("ix_treaty_signed_on", "treaty", ["signed_on"])
    treaty_child(
        "treaty_party",
        sa.Column("party_kind", sa.String(16), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(400), nullable=False),
    )
    treaty_child(
        "treaty_measure",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("organisation", sa.String(400), nullable=False),
    )
    op.create_index("ix_treaty_measure_year", "treaty_measure", ["year"])
    treaty_child(
        "treaty_procedure_step",
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
    )
    op.create_table(
        "treaty_measure_event",
        *record_columns(),
        sa.Column("measure_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["treaty_measure.id"], name="fk_treaty_measure_event_measure_id_treaty_measure",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name="fk_treaty_measure_event_event_id_event", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_treaty_measure_event"),
        sa.UniqueConstraint("measure_id", "event_id", name="uq_treaty_measure_event_measure_event"),
    )
    op.create_index("ix_treaty_measure_event_measure_id", "treaty_measure_event", ["measure_id"])
    op.create_index("ix_treaty_measure_event_event_id", "treaty_measure_event", ["event_id"])
    op.create_table(
        "form_submission",
        *record_columns(),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("form", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_form_submission"),
        sa.UniqueConstraint("year", "form", name="uq_form_submission_year_form"),
    )


def downgrade() -> None:
    for table in ("form_submission", "treaty_measure_event", "treaty_procedure_step", "treaty_measure",
                  "treaty_party", "treaty"):
        op.drop_table(table)
