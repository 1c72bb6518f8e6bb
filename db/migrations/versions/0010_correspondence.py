"""Correspondence (issue 16; p.44, p.45, p.47): the letter log, letter attachments stored by content in
attachment_blob as event attachments are, and links from letters to events and treaties; the register of
outgoing documents' numbers and dates, and the unit's pattern for the numbers it issues itself.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from hattama.db.migrations.shared_columns import record_columns

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _letter_child(name: str, *columns: sa.schema.SchemaItem) -> None:
    op.create_table(
        name,
        *record_columns(),
        sa.Column("letter_id", sa.Uuid(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(["letter_id"], ["letter.id"], name=f"fk_{name}_letter_id_letter",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_letter_id", name, ["letter_id"])


def upgrade() -> None:
    op.create_table(
        "letter",
        *record_columns(),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("correspondent_kind", sa.String(32), nullable=False),
        sa.Column("correspondent", sa.String(400), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("dated_on", sa.Date(), nullable=False),
        sa.Column("our_number", sa.String(100), nullable=False),
        sa.Column("our_date", sa.Date(), nullable=True),
        sa.Column("their_number", sa.String(100), nullable=False),
        sa.Column("their_date", sa.Date(), nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("urgency_reason", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.String(400), nullable=False),
        sa.Column("notice_for_id", sa.Uuid(), nullable=True),
        sa.Column("position_half", sa.String(7), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_letter"),
    )
    op.create_index("ix_letter_dated_on", "letter", ["dated_on"])
    _letter_child(
        "letter_attachment",
        sa.Column("file_name", sa.String(400), nullable=False),
        sa.Column("media_type", sa.String(200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["attachment_blob.sha256"],
                                name="fk_letter_attachment_sha256_attachment_blob"),
    )
    _letter_child(
        "letter_link",
        sa.Column("subject_kind", sa.String(8), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index("ix_letter_link_subject_id", "letter_link", ["subject_id"])
    op.create_table(
        "registration",
        *record_columns(),
        sa.Column("document_kind", sa.String(16), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(100), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_registration"),
        sa.UniqueConstraint("document_kind", "document_id", name="uq_registration_document"),
        sa.UniqueConstraint("year", "seq", name="uq_registration_year_seq"),
    )
    with op.batch_alter_table("unit_settings") as batch:
        batch.add_column(sa.Column("registration_pattern", sa.String(100), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("unit_settings") as batch:
        batch.drop_column("registration_pattern")
    op.drop_table("registration")
    op.drop_table("letter_link")
    op.drop_table("letter_attachment")
    op.drop_table("letter")
