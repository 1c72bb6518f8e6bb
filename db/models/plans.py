"""p.46 (issue 15): the 20 December submission — the plan and the activity report recorded as sent, and the
activity report's narrative the officer writes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hattama.db.base import Base, Record


class PlanSubmission(Base, Record):
    """A document of the 20 December submission of `year`: "plan" (of year + 1) or "activity" (the report on
    the period ending in `year`), recorded as sent to the MFA."""

    __tablename__ = "plan_submission"
    __table_args__ = (UniqueConstraint("year", "document", name="uq_plan_submission_year_document"),)

    year: Mapped[int] = mapped_column(Integer)
    document: Mapped[str] = mapped_column(String(16))
    sent_on: Mapped[dt.date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(200), default="")


class ActivityNarrative(Base, Record):
    """What the officer writes for the activity report of a period, in one language."""

    __tablename__ = "activity_narrative"
    __table_args__ = (UniqueConstraint("period_from", "period_to", "language",
                                       name="uq_activity_narrative_period_language"),)

    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text, default="")


class ImageProject(Base, Record):
    """An international image project of the body (p.46), agreed with the MFA before its launch: the agreement's
    date, reference and the MFA's answer (hattama.rules.plans.MFA_ANSWERS)."""

    __tablename__ = "image_project"

    title_kk: Mapped[str] = mapped_column(Text, default="")
    title_ru: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    partners: Mapped[str] = mapped_column(String(1000), default="")
    budget_source: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(16), default="planned")
    mfa_agreement_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    mfa_agreement_ref: Mapped[str] = mapped_column(String(200), default="")
    mfa_answer: Mapped[str] = mapped_column(String(16), default="")
