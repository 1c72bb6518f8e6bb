"""The unit's settings: one row describing the body, its unit and the officer who signs."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, Integer, String, Uuid, select
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column

from hattama.db.base import Base, Record


class UnitSettings(Base, Record):
    __tablename__ = "unit_settings"

    body_name_kk: Mapped[str] = mapped_column(String(400), default="")
    body_name_ru: Mapped[str] = mapped_column(String(400), default="")
    body_name_en: Mapped[str] = mapped_column(String(400), default="")
    unit_name_kk: Mapped[str] = mapped_column(String(400), default="")
    unit_name_ru: Mapped[str] = mapped_column(String(400), default="")
    unit_name_en: Mapped[str] = mapped_column(String(400), default="")
    officer_name: Mapped[str] = mapped_column(String(200), default="")
    officer_position_kk: Mapped[str] = mapped_column(String(400), default="")
    officer_position_ru: Mapped[str] = mapped_column(String(400), default="")
    officer_position_en: Mapped[str] = mapped_column(String(400), default="")
    # p.50: special state bodies are outside p.48 and p.49.
    special_state_body: Mapped[bool] = mapped_column(Boolean, default=False)
    # p.50: the Presidential Administration and the Prime Minister's Office are outside the whole chapter.
    presidential_administration: Mapped[bool] = mapped_column(Boolean, default=False)
    prime_ministers_office: Mapped[bool] = mapped_column(Boolean, default=False)
    # p.46: the MFA asked for a report on every event, so each is due without a recorded request.
    mfa_requests_all_reports: Mapped[bool] = mapped_column(Boolean, default=False)
    # p.49 ¶2: the notice to the MFA for every meeting in Kazakhstan without it, not only meetings of a series.
    p49_notice_every_meeting: Mapped[bool] = mapped_column(Boolean, default=False)
    due_soon_working_days: Mapped[int] = mapped_column(Integer, default=2)
    # Issue 21 (migration 0005): the body's BIN (12 digits, may be empty) and the identity Hattama made for the
    # store once, when it was created or upgraded; together they say which body owns a record.
    body_bin: Mapped[str] = mapped_column(String(12), default="")
    body_id: Mapped[uuid.UUID] = mapped_column(Uuid, default=uuid.uuid4)
    # Issue 16 (migration 0010): the pattern of the numbers the local register issues, e.g. "12-1/{seq}".
    registration_pattern: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # Issue 19.1 (migration 0012): obligations due before it, of records logged before it, are not overdue.
    tracking_since: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # Issue 19.1 (migration 0014): the first-run assistant was finished or skipped.
    setup_done: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class OfficerHandover(Base):
    """The officer's own choices an older Hattama kept in `unit_settings` (interface language, signing key,
    NCALayer), parked by migration 0014 when it dropped those columns: a store cannot reach the officer's config
    folder, so `hattama.services.officer.officer_settings` moves them there on the next opening and deletes them
    here. Empty in every store made or opened since."""

    __tablename__ = "officer_handover"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(1000))


def tracking_since_of(row: UnitSettings | None, today: dt.date) -> dt.date:
    """The day the unit began keeping its obligations in Hattama (issue 19.1): as set, else the local day its
    settings row was made (stamped by the system clock, so never later than the officer's `today`)."""
    if row is None:
        return today
    if row.tracking_since is not None:
        return row.tracking_since
    return min(row.created_at.astimezone().date(), today) if row.created_at is not None else today


def body_identity(body_bin: str, body_id: uuid.UUID | str | None) -> str:
    """A body's identity as records carry it in `owner`: its BIN when known (what a signing certificate
    proves), else the identity Hattama made for its store; "" when neither is known."""
    if body_bin:
        return body_bin
    return str(body_id) if body_id else ""


def own_body(context: DefaultExecutionContext) -> str:
    """Column default of `owner`: a record inserted without one is the store's own body's."""
    row = context.connection.execute(select(UnitSettings.body_bin, UnitSettings.body_id).limit(1)).first()
    return "" if row is None else body_identity(row.body_bin, row.body_id)
