"""Decree fidelity (issue 11): what the events, reports and settings need so each obligation is triggered, timed
and closed as the decree's text says.

- event: attendance mode (p.48 only where a delegation travels; existing events are in person, and those of
  kind `videoconference` become videoconferences), diplomatic-service participation (p.46), a dealing with the
  Eurasian Economic Commission (p.42/p.44), the p.48 consultations held (date, form, MFA official, reference);
- report: closed as not requested by the MFA (p.46), with the officer's reason;
- unit_settings: `outside_chapter` becomes two settings, the Presidential Administration and the Prime
  Minister's Office (p.50); a set `outside_chapter` becomes the Prime Minister's Office when the body's name
  says so, else the Presidential Administration. New: the MFA asks for every report (p.46), the p.49 notice
  for every meeting without the MFA.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_PRIME_MINISTER_WORDS = ("премьер", "prime minister")


def upgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("attendance", sa.String(16), nullable=False, server_default="in_person"))
        batch.add_column(sa.Column("diplomatic_service_participated", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("commission_party", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("consultation_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("consultation_form", sa.String(16), nullable=False, server_default=""))
        batch.add_column(sa.Column("consultation_official", sa.String(300), nullable=False, server_default=""))
        batch.add_column(sa.Column("consultation_ref", sa.String(200), nullable=False, server_default=""))
    op.execute("UPDATE event SET attendance = 'videoconference' WHERE kind = 'videoconference'")
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("not_requested_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("not_requested_reason", sa.String(1000), nullable=False, server_default=""))
    with op.batch_alter_table("unit_settings") as batch:
        for name in ("presidential_administration", "prime_ministers_office", "mfa_requests_all_reports",
                     "p49_notice_every_meeting"):
            batch.add_column(sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false()))
    settings = sa.table("unit_settings", sa.column("id"), sa.column("outside_chapter", sa.Boolean()),
                        sa.column("body_name_kk"), sa.column("body_name_ru"), sa.column("body_name_en"),
                        sa.column("presidential_administration", sa.Boolean()),
                        sa.column("prime_ministers_office", sa.Boolean()))
    connection = op.get_bind()
    rows = connection.execute(sa.select(settings.c.id, settings.c.body_name_kk, settings.c.body_name_ru,
                                         settings.c.body_name_en).where(settings.c.outside_chapter.is_(True)))
    for row in rows.all():
        names = " ".join((row.body_name_kk, row.body_name_ru, row.body_name_en)).casefold()
        office = any(word in names for word in _PRIME_MINISTER_WORDS)
        connection.execute(settings.update().where(settings.c.id == row.id).values(
            presidential_administration=not office, prime_ministers_office=office))
    with op.batch_alter_table("unit_settings") as batch:
        batch.drop_column("outside_chapter")


def downgrade() -> None:
    with op.batch_alter_table("unit_settings") as batch:
        batch.add_column(sa.Column("outside_chapter", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE unit_settings SET outside_chapter = (presidential_administration OR prime_ministers_office)")
    with op.batch_alter_table("unit_settings") as batch:
        for name in ("p49_notice_every_meeting", "mfa_requests_all_reports", "prime_ministers_office",
                     "presidential_administration"):
            batch.drop_column(name)
    with op.batch_alter_table("report") as batch:
        batch.drop_column("not_requested_reason")
        batch.drop_column("not_requested_on")
    with op.batch_alter_table("event") as batch:
        for name in ("consultation_ref", "consultation_official", "consultation_form", "consultation_on",
                     "commission_party", "diplomatic_service_participated", "attendance"):
            batch.drop_column(name)
