"""The letter log (issue 16; p.44, p.45, p.47): official correspondence in and out, its attachments and links.

A letter's attachments are stored by content in `attachment_blob`, as event attachments are.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hattama.db.base import Base, Record
from hattama.db.models.settings import own_body


class Letter(Base, Record):
    __tablename__ = "letter"
    __table_args__ = (Index("ix_letter_dated_on", "dated_on"),)

    direction: Mapped[str] = mapped_column(String(8))  # incoming | outgoing
    # foreign_state_body | diplomatic_mission | international_organisation | mfa | commission | kz_state_body
    correspondent_kind: Mapped[str] = mapped_column(String(32))
    correspondent: Mapped[str] = mapped_column(String(400), default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    dated_on: Mapped[dt.date] = mapped_column(Date)  # sent (outgoing) or received (incoming)
    our_number: Mapped[str] = mapped_column(String(100), default="")
    our_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    their_number: Mapped[str] = mapped_column(String(100), default="")
    their_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # Outgoing only (p.44): via_mfa | direct_urgent | direct_legal; "" for an incoming letter.
    channel: Mapped[str] = mapped_column(String(16), default="")
    urgency_reason: Mapped[str] = mapped_column(Text, default="")  # direct_urgent: the issue due within 5 days
    legal_basis: Mapped[str] = mapped_column(String(400), default="")  # direct_legal: the law, act or treaty
    # This letter is the p.44 notice to the MFA of that direct letter (no FK: the notice outlives a deletion).
    notice_for_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    # p.45: the half-year whose MFA position this incoming letter carries ("2026-H2"), and the position's text.
    position_half: Mapped[str] = mapped_column(String(7), default="")
    # Outgoing: the drafted document this letter is (p48-request, p49-briefing, p49-notice, covering-letter; "").
    purpose: Mapped[str] = mapped_column(String(16), default="", server_default="")
    text: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(64), default=own_body)

    attachments: Mapped[list[LetterAttachment]] = relationship(
        back_populates="letter", cascade="all, delete-orphan", order_by="LetterAttachment.file_name"
    )
    links: Mapped[list[LetterLink]] = relationship(
        back_populates="letter", cascade="all, delete-orphan", order_by="LetterLink.position"
    )


class LetterAttachment(Base, Record):
    __tablename__ = "letter_attachment"

    letter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("letter.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(400))
    media_type: Mapped[str] = mapped_column(String(200), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment_blob.sha256"))

    letter: Mapped[Letter] = relationship(back_populates="attachments")


class LetterLink(Base, Record):
    """An event or a treaty the letter is about (no FK: either may be deleted while the letter keeps the link)."""

    __tablename__ = "letter_link"

    letter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("letter.id", ondelete="CASCADE"), index=True)
    subject_kind: Mapped[str] = mapped_column(String(8))  # event | treaty
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    letter: Mapped[Letter] = relationship(back_populates="links")


class Registration(Base, Record):
    """An outgoing document's registration number and date (issue 16): entered from the unit's document system
    (ESEDO) or issued by the local register (`seq` of the year, by the unit's pattern); fixed once made."""

    __tablename__ = "registration"
    __table_args__ = (
        UniqueConstraint("document_kind", "document_id", name="uq_registration_document"),
        UniqueConstraint("year", "seq", name="uq_registration_year_seq"),
    )

    document_kind: Mapped[str] = mapped_column(String(16))  # report, letter, forms, plan, activity
    document_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    number: Mapped[str] = mapped_column(String(100))
    registered_on: Mapped[dt.date] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: the number came from ESEDO
