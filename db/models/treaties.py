"""The treaty register (p.2): treaties, their parties, yearly measures linked to events, domestic procedure steps,
and the annual forms recorded as sent to the MFA."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hattama.db.base import Base, Record
from hattama.db.models.settings import own_body


class Treaty(Base, Record):
    __tablename__ = "treaty"
    __table_args__ = (Index("ix_treaty_signed_on", "signed_on"),)

    title_kk: Mapped[str] = mapped_column(Text, default="")
    title_ru: Mapped[str] = mapped_column(Text, default="")
    title_original: Mapped[str] = mapped_column(Text, default="")
    original_language: Mapped[str] = mapped_column(String(8), default="")
    kind: Mapped[str] = mapped_column(String(32))  # interstate | intergovernmental | interdepartmental
    status: Mapped[str] = mapped_column(String(16))  # in_force | signed | terminated
    signed_on: Mapped[dt.date] = mapped_column(Date)
    signed_at: Mapped[str] = mapped_column(String(200), default="")
    consent_act_kind: Mapped[str] = mapped_column(String(32), default="")
    consent_act_number: Mapped[str] = mapped_column(String(100), default="")
    consent_act_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    in_force_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    duration: Mapped[str] = mapped_column(String(400), default="")
    terminated_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    responsible_body: Mapped[str] = mapped_column(Text, default="")
    co_executors: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The body that made the record, as events and reports carry it (issue 21): only its copies may change it.
    owner: Mapped[str] = mapped_column(String(64), default=own_body)

    parties: Mapped[list[TreatyParty]] = relationship(
        back_populates="treaty", cascade="all, delete-orphan", order_by="TreatyParty.position"
    )
    measures: Mapped[list[TreatyMeasure]] = relationship(
        back_populates="treaty", cascade="all, delete-orphan", order_by="TreatyMeasure.position"
    )
    steps: Mapped[list[TreatyProcedureStep]] = relationship(
        back_populates="treaty", cascade="all, delete-orphan", order_by="TreatyProcedureStep.position"
    )


class TreatyParty(Base, Record):
    """A party besides Kazakhstan: a state (ISO code), an international organisation (bundled code) or a name."""

    __tablename__ = "treaty_party"

    treaty_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("treaty.id", ondelete="CASCADE"), index=True)
    party_kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(32), default="")
    name: Mapped[str] = mapped_column(String(400), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    treaty: Mapped[Treaty] = relationship(back_populates="parties")


class TreatyMeasure(Base, Record):
    """What was done in a year to implement a treaty, a problem met, or an organisation's recommendation."""

    __tablename__ = "treaty_measure"

    treaty_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("treaty.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(16))  # measure | problem | recommendation
    taken_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    description: Mapped[str] = mapped_column(Text)
    result: Mapped[str] = mapped_column(Text, default="")
    organisation: Mapped[str] = mapped_column(String(400), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    treaty: Mapped[Treaty] = relationship(back_populates="measures")
    events: Mapped[list[TreatyMeasureEvent]] = relationship(
        back_populates="measure", cascade="all, delete-orphan", order_by="TreatyMeasureEvent.position"
    )


class TreatyMeasureEvent(Base, Record):
    """A registry event a measure relates to (an event may serve several measures and treaties)."""

    __tablename__ = "treaty_measure_event"
    __table_args__ = (UniqueConstraint("measure_id", "event_id", name="uq_treaty_measure_event_measure_event"),)

    measure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("treaty_measure.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    measure: Mapped[TreatyMeasure] = relationship(back_populates="events")


class TreatyProcedureStep(Base, Record):
    """A domestic procedure step of a signed treaty, with why it is not completed (p.2(2))."""

    __tablename__ = "treaty_procedure_step"

    treaty_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("treaty.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    started_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    completed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    treaty: Mapped[Treaty] = relationship(back_populates="steps")


class FormSubmission(Base, Record):
    """An annual form (annexes 1–5 of p.2) for a year, recorded as sent to the MFA."""

    __tablename__ = "form_submission"
    __table_args__ = (UniqueConstraint("year", "form", name="uq_form_submission_year_form"),)

    year: Mapped[int] = mapped_column(Integer)
    form: Mapped[int] = mapped_column(Integer)
    sent_on: Mapped[dt.date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(200), default="")
