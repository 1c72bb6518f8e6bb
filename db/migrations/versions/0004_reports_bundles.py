"""Post-event reports and their texts, signed bundles, trusted roots, the signing key's path.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from hattama.db.migrations.shared_columns import record_columns

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("unit_settings") as batch:
        batch.add_column(sa.Column("signing_key_path", sa.String(1000), nullable=False, server_default=""))
    op.create_table(
        "report",
        *record_columns(),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("mfa_request_date", sa.Date(), nullable=True),
        sa.Column("mfa_request_ref", sa.String(200), nullable=False),
        sa.Column("ready_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("acknowledged_on", sa.Date(), nullable=True),
        sa.Column("bundle_sha256", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name="fk_report_event_id_event"),
        sa.PrimaryKeyConstraint("id", name="pk_report"),
        sa.UniqueConstraint("event_id", name="uq_report_event_id"),
    )
    op.create_table(
        "report_text",
        *record_columns(),
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("participants", sa.Text(), nullable=False),
        sa.Column("issues", sa.Text(), nullable=False),
        sa.Column("agreements", sa.Text(), nullable=False),
        sa.Column("proposals", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name="fk_report_text_report_id_report", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_report_text"),
        sa.UniqueConstraint("report_id", "language", name="uq_report_text_report_language"),
    )
    op.create_index("ix_report_text_report_id", "report_text", ["report_id"])
    op.create_table(
        "bundle",
        *record_columns(),
        sa.Column("file_name", sa.String(1000), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("signer", sa.String(400), nullable=False),
        sa.Column("report_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_bundle"),
    )
    op.create_index("ix_bundle_sha256", "bundle", ["sha256"])
    op.create_table(
        "trusted_root",
        *record_columns(),
        sa.Column("subject", sa.String(1000), nullable=False),
        sa.Column("fingerprint_sha256", sa.String(64), nullable=False),
        sa.Column("pem", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_trusted_root"),
        sa.UniqueConstraint("fingerprint_sha256", name="uq_trusted_root_fingerprint_sha256"),
    )


def downgrade() -> None:
    for table in ("trusted_root", "bundle", "report_text", "report"):
        op.drop_table(table)
    with op.batch_alter_table("unit_settings") as batch:
        batch.drop_column("signing_key_path")
