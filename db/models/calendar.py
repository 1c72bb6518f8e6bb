"""Calendar overrides the unit enters when the Government moves a day, and obligations marked done."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hattama.db.base import Base, Record
from hattama.db.types import UtcDateTime


class CalendarOverride(Base, Record):
    """A day made working or non-working by an act. Removal is recorded, not erased, so changes stay audited."""

    __tablename__ = "calendar_override"
    __table_args__ = (Index("ix_calendar_override_day", "day"),)

    day: Mapped[dt.date] = mapped_column(Date)
    working: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)
    act: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(200), default="")
    removed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    removed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)


class ObligationMark(Base, Record):
    """An obligation the officer marked done (or a letter from the MFA marked received)."""

    __tablename__ = "obligation_mark"
    __table_args__ = (UniqueConstraint("kind", "subject_id", name="uq_obligation_mark_kind_subject"),)

    kind: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str] = mapped_column(String(64))
    done_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    marked_by: Mapped[str] = mapped_column(String(200), default="")
