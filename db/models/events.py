"""International events and what belongs to them: parties, participants, attachments; editor drafts."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hattama.db.base import Base, Record
from hattama.db.models.settings import own_body
from hattama.db.search import SORT_LANGUAGES
from hattama.db.types import UtcDateTime


class Event(Base, Record):
    __tablename__ = "event"
    # The lists (events outside the bin) count and sort by these: by start, end and the title, kind and place
    # shown in each language, each followed by the start and id, so that the index alone gives the whole order.
    __table_args__ = (Index("ix_event_starts_at", "starts_at"), Index("ix_event_series_id", "series_id"),
                      Index("ix_event_list_starts", "deleted_at", "starts_at", "id"),
                      Index("ix_event_list_ends", "deleted_at", "ends_at", "id"),
                      Index("ix_event_title_order_kk", "deleted_at", "title_order_kk", "starts_at", "id"),
                      Index("ix_event_title_order_ru", "deleted_at", "title_order_ru", "starts_at", "id"),
                      Index("ix_event_country", "country"),
                      *(Index(f"ix_event_{key}_{language}", "deleted_at", f"{key}_{language}", "starts_at", "id")
                        for key in ("kind_order", "place_order") for language in SORT_LANGUAGES))

    title_kk: Mapped[str] = mapped_column(Text, default="")
    title_ru: Mapped[str] = mapped_column(Text, default="")
    # Sort keys of the title shown in Kazakh / Russian (hattama.db.search.title_order_keys), written with them.
    title_order_kk: Mapped[str] = mapped_column(Text, default="")
    title_order_ru: Mapped[str] = mapped_column(Text, default="")
    # Sort keys of the kind and the place shown in each language (hattama.services.event_sort_keys, migration
    # 0017), written with the event: the kind's rank by its name, the country's name and the city.
    kind_order_kk: Mapped[int] = mapped_column(Integer, default=0)
    kind_order_ru: Mapped[int] = mapped_column(Integer, default=0)
    kind_order_en: Mapped[int] = mapped_column(Integer, default=0)
    place_order_kk: Mapped[str] = mapped_column(Text, default="")
    place_order_ru: Mapped[str] = mapped_column(Text, default="")
    place_order_en: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(32))
    # Wall-clock time at the venue, as the officer enters it; the rules work on its calendar date.
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime)
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2; "KZ" means in Kazakhstan
    # Issue 19.2 (migration 0015): `city` and `venue` are the Kazakh forms, the `_ru` columns the Russian ones.
    city: Mapped[str] = mapped_column(String(200), default="")
    city_ru: Mapped[str] = mapped_column(String(200), default="")
    venue: Mapped[str] = mapped_column(String(400), default="")
    venue_ru: Mapped[str] = mapped_column(String(400), default="")
    held_by_body: Mapped[bool] = mapped_column(Boolean, default=True)
    mfa_participated: Mapped[bool] = mapped_column(Boolean, default=False)
    exemption_area: Mapped[str | None] = mapped_column(String(64), nullable=True)
    series_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    departs_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # Issue 11 (migration 0006): how the delegation takes part (p.48), who took part from the diplomatic service
    # (p.46), a dealing with the Eurasian Economic Commission (p.42/p.44), the p.48 consultations held.
    attendance: Mapped[str] = mapped_column(String(16), default="in_person")
    diplomatic_service_participated: Mapped[bool] = mapped_column(Boolean, default=False)
    commission_party: Mapped[bool] = mapped_column(Boolean, default=False)
    consultation_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    consultation_form: Mapped[str] = mapped_column(String(16), default="")
    consultation_official: Mapped[str] = mapped_column(String(300), default="")
    consultation_ref: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Issue 15 (migration 0011), p.46 plan: status machine in hattama.rules.plans; events before it are held.
    status: Mapped[str] = mapped_column(String(16), default="held")
    status_reason: Mapped[str] = mapped_column(String(1000), default="")
    tentative_period: Mapped[str] = mapped_column(String(7), default="")  # "2027-03" or "2027-Q2"
    # Issue 19.2 (migration 0018): the four plan texts are the Kazakh forms, the `_ru` columns the Russian ones.
    participation_level: Mapped[str] = mapped_column(String(300), default="")
    participation_level_ru: Mapped[str] = mapped_column(String(300), default="")
    initiator: Mapped[str] = mapped_column(String(300), default="")
    initiator_ru: Mapped[str] = mapped_column(String(300), default="")
    funding_source: Mapped[str] = mapped_column(String(300), default="")
    funding_source_ru: Mapped[str] = mapped_column(String(300), default="")
    treaty_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)  # a treaty of the register, no FK
    programme: Mapped[str] = mapped_column(String(400), default="")
    programme_ru: Mapped[str] = mapped_column(String(400), default="")
    foreign_economic: Mapped[bool] = mapped_column(Boolean, default=False)
    diplomatic_agreement_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    diplomatic_agreement_ref: Mapped[str] = mapped_column(String(200), default="")
    diplomatic_participants: Mapped[str] = mapped_column(String(400), default="")
    # The bin: a deleted event keeps everything and can be restored.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # The body that made the record (hattama.services.settings.owner_identity): only its copies may change it.
    owner: Mapped[str] = mapped_column(String(64), default=own_body)

    parties: Mapped[list[EventParty]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventParty.position"
    )
    participants: Mapped[list[EventParticipant]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventParticipant.position"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Attachment.file_name"
    )


class EventParty(Base, Record):
    """A foreign party: a country (ISO code), an international organisation (bundled code) or free text."""

    __tablename__ = "event_party"
    __table_args__ = (Index("ix_event_party_code", "code"),)  # the Events list finds events by a party's code

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    party_kind: Mapped[str] = mapped_column(String(16))  # country | organisation | other
    code: Mapped[str] = mapped_column(String(32), default="")
    name: Mapped[str] = mapped_column(String(400), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="parties")


class EventParticipant(Base, Record):
    __tablename__ = "event_participant"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(8))  # ours | foreign
    full_name: Mapped[str] = mapped_column(String(300))
    # Issue 19.2 (migration 0015): the Kazakh forms, and the Russian ones in the `_ru` columns.
    job_title: Mapped[str] = mapped_column(String(400), default="")
    organisation: Mapped[str] = mapped_column(String(400), default="")
    job_title_ru: Mapped[str] = mapped_column(String(400), default="")
    organisation_ru: Mapped[str] = mapped_column(String(400), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="participants")


class AttachmentBlob(Base, Record):
    """File contents, stored once per SHA-256 however many events refer to them."""

    __tablename__ = "attachment_blob"

    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Attachment(Base, Record):
    __tablename__ = "attachment"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(400))
    media_type: Mapped[str] = mapped_column(String(200), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment_blob.sha256"))

    event: Mapped[Event] = relationship(back_populates="attachments")


class Draft(Base, Record):
    """An unfinished editor entry kept across a closed or crashed app (JSON payload of the form)."""

    __tablename__ = "draft"

    kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(64), default="")
    payload: Mapped[str] = mapped_column(Text)
