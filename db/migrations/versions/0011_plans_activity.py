"""Plans and activity (issue 15, p.46): planned events and what the 20 December submission needs.

- event: status (planned, confirmed, held, cancelled, postponed; every existing event is held) with the reason
  of a cancelled or postponed one, a tentative period (month or quarter), level of participation, initiator,
  source of funding, the treaty (no FK: a treaty may be deleted while the plan keeps its text) or programme it
  serves, a foreign-economic flag, and the diplomatic-service participation agreed with the MFA (date,
  reference, who takes part);
- plan_submission: the plan and the activity report of a year's 20 December submission, recorded as sent;
- activity_narrative: the text the officer writes for the activity report of a period, per language;
- image_project: the body's international image projects with the MFA's agreement (date, reference, answer).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

from hattama.db.migrations.shared_columns import record_columns

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_TEXTS = (("status_reason", 1000), ("tentative_period", 7), ("participation_level", 300), ("initiator", 300),
          ("funding_source", 300), ("programme", 400), ("diplomatic_agreement_ref", 200),
          ("diplomatic_participants", 400))


def upgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("status", sa.String(16), nullable=False, server_default="held"))
        for name, length in _TEXTS:
            batch.add_column(sa.Column(name, sa.String(length), nullable=False, server_default=""))
        batch.add_column(sa.Column("treaty_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("foreign_economic", sa.Boolean(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("diplomatic_agreement_on", sa.Date(), nullable=True))
    op.create_table(
        "plan_submission",
        *record_columns(),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("document", sa.String(16), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_submission"),
        sa.UniqueConstraint("year", "document", name="uq_plan_submission_year_document"),
    )
    op.create_table(
        "activity_narrative",
        *record_columns(),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_activity_narrative"),
        sa.UniqueConstraint("period_from", "period_to", "language", name="uq_activity_narrative_period_language"),
    )
    op.create_table(
        "image_project",
        *record_columns(),
        sa.Column("title_kk", sa.Text(), nullable=False),
        sa.Column("title_ru", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("partners", sa.String(1000), nullable=False),
        sa.Column("budget_source", sa.String(300), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("mfa_agreement_on", sa.Date(), nullable=True),
        sa.Column("mfa_agreement_ref", sa.String(200), nullable=False),
        sa.Column("mfa_answer", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_image_project"),
    )


def downgrade() -> None:
    op.drop_table("image_project")
    op.drop_table("activity_narrative")
    op.drop_table("plan_submission")
    with op.batch_alter_table("event") as batch:
        for name in ("diplomatic_agreement_on", "foreign_economic", "treaty_id", *(name for name, _ in _TEXTS),
                     "status"):
            batch.drop_column(name)
