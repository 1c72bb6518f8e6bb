"""Record history (issue 17.3) and the trip kits a store exported or opened (issue 17.1)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hattama.db.base import Base, Record
from hattama.db.types import UtcDateTime


class RecordVersion(Base, Record):
    """One version of an event or a report: its fields as the interchange writes them (JSON), the time the
    record carried (`version_at`, its `updated_at`), who made it and in which store. Versions are only added:
    a merge that loses a version keeps it here."""

    __tablename__ = "record_version"
    __table_args__ = (Index("ix_record_version_record", "record_kind", "record_id", "version_at"),)

    record_kind: Mapped[str] = mapped_column(String(16))  # event | report
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    version_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    author: Mapped[str] = mapped_column(String(200), default="")
    origin: Mapped[str] = mapped_column(String(16))  # unit | laptop | file
    reason: Mapped[str] = mapped_column(String(16))  # saved | imported | opened | returned | merged | lost
    fields: Mapped[str] = mapped_column(Text)


class TripKit(Base, Record):
    """A kit this store exported (`role` "exported", on the unit) or opened (`role` "opened", on a laptop).
    `base` (JSON) is each record's `updated_at` as the kit carried it; `last_return_at` is, on the unit, the
    time of the newest returned kit merged."""

    __tablename__ = "trip_kit"

    kit_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    role: Mapped[str] = mapped_column(String(8))
    unit: Mapped[str] = mapped_column(String(64))
    unit_body_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    base: Mapped[str] = mapped_column(Text, default="{}")
    last_return_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
