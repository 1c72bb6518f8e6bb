"""Events with their parties, participants and attachments; editor drafts.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from hattama.db.migrations.shared_columns import record_columns

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def event_child(name: str, *columns: sa.schema.SchemaItem) -> None:
    op.create_table(
        name,
        *record_columns(),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=f"fk_{name}_event_id_event", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_event_id", name, ["event_id"])


def upgrade() -> None:
    op.create_table(
        "event",
        *record_columns(),
        sa.Column("title_kk", sa.Text(), nullable=False),
        sa.Column("title_ru", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("city", sa.String(200), nullable=False),
        sa.Column("venue", sa.String(400), nullable=False),
        sa.Column("held_by_body", sa.Boolean(), nullable=False),
        sa.Column("mfa_participated", sa.Boolean(), nullable=False),
        sa.Column("exemption_area", sa.String(64), nullable=True),
        sa.Column("series_id", sa.Uuid(), nullable=True),
        sa.Column("departs_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_event"),
    )
    op.create_index("ix_event_starts_at", "event", ["starts_at"])
    op.create_index("ix_event_series_id", "event", ["series_id"])
    event_child(
        "event_party",
        sa.Column("party_kind", sa.String(16), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(400), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    event_child(
        "event_participant",
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("full_name", sa.String(300), nullable=False),
        sa.Column("job_title", sa.String(400), nullable=False),
        sa.Column("organisation", sa.String(400), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "attachment_blob",
        *record_columns(),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_attachment_blob"),
        sa.UniqueConstraint("sha256", name="uq_attachment_blob_sha256"),
    )
    event_child(
        "attachment",
        sa.Column("file_name", sa.String(400), nullable=False),
        sa.Column("media_type", sa.String(200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"], ["attachment_blob.sha256"], name="fk_attachment_sha256_attachment_blob"
        ),
    )
    op.create_table(
        "draft",
        *record_columns(),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_draft"),
    )


def downgrade() -> None:
    for table in ("draft", "attachment", "attachment_blob", "event_participant", "event_party"):
        op.drop_table(table)
    op.drop_index("ix_event_series_id", "event")
    op.drop_index("ix_event_starts_at", "event")
    op.drop_table("event")
