"""Post-event reports (p.46), one text per language, and the signed bundles they left in."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hattama.db.base import Base, Record
from hattama.db.models.settings import own_body
from hattama.db.types import UtcDateTime


class Report(Base, Record):
    __tablename__ = "report"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    mfa_request_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    mfa_request_ref: Mapped[str] = mapped_column(String(200), default="")
    # p.46: closed as not requested by the MFA (migration 0006), with the officer's reason.
    not_requested_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    not_requested_reason: Mapped[str] = mapped_column(String(1000), default="")
    ready_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    exported_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    sent_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    acknowledged_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    bundle_sha256: Mapped[str] = mapped_column(String(64), default="")
    # The body that made the record (hattama.services.settings.owner_identity): only its copies may change it.
    owner: Mapped[str] = mapped_column(String(64), default=own_body)

    texts: Mapped[list[ReportText]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportText.language"
    )


class ReportText(Base, Record):
    __tablename__ = "report_text"
    __table_args__ = (UniqueConstraint("report_id", "language", name="uq_report_text_report_language"),)

    report_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(2))
    participants: Mapped[str] = mapped_column(Text, default="")
    issues: Mapped[str] = mapped_column(Text, default="")
    agreements: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")

    report: Mapped[Report] = relationship(back_populates="texts")


class Bundle(Base, Record):
    __tablename__ = "bundle"

    file_name: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    signer: Mapped[str] = mapped_column(String(400), default="")
    report_count: Mapped[int] = mapped_column(Integer, default=0)


class TrustedRoot(Base, Record):
    """A root certificate the unit chose to trust when verifying bundles (none by default)."""

    __tablename__ = "trusted_root"

    subject: Mapped[str] = mapped_column(String(1000))
    fingerprint_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    pem: Mapped[str] = mapped_column(Text)
