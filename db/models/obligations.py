"""Obligations as computed, kept in the store (issue 18.3) so the Dashboard and `obligations list` read them with
an index instead of computing them again.

One row per obligation of an event, a letter, an image project or a year (p.2, p.45, p.46 plan). Rows are
computed as of no particular day: an open obligation is stored `upcoming` and the reader dates it (overdue,
due today, due soon, before tracking) from its `planned_due`. What changes them is queued by triggers
(`hattama.db.obligation_triggers`) in `obligation_dirty` and recomputed before the transaction commits;
`obligation_stamp` says which rules computed them (another version: all are computed again).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hattama.db.base import Base

# What a row's obligation is about (`subject_kind`).
SUBJECT_EVENT = "event"
SUBJECT_LETTER = "letter"
SUBJECT_IMAGE_PROJECT = "image_project"
SUBJECT_YEAR = "year"


class StoredObligation(Base):
    __tablename__ = "obligation"
    __table_args__ = (
        # The Dashboard's groups and counts: a range of planned due dates within a state; logged_on and year
        # decide "before tracking" and which years show, so the index alone answers a count.
        Index("ix_obligation_state_due", "state", "planned_due", "logged_on", "year"),
        Index("ix_obligation_planned_due", "planned_due"),  # `obligations list`, in due-date order
        Index("ix_obligation_record", "record_id"),  # one event's (or letter's, project's) obligations
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_kind: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)  # None for a year's
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)  # a year's obligations only
    kind: Mapped[str] = mapped_column(String(64))
    item: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(64))
    nominal_due: Mapped[dt.date] = mapped_column(Date)
    planned_due: Mapped[dt.date] = mapped_column(Date)
    # hattama.rules.obligations.ObligationState as computed without a day: "upcoming" for every open one.
    state: Mapped[str] = mapped_column(String(16))
    trigger_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    done_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    form: Mapped[str | None] = mapped_column(String(16), nullable=True)
    due_before: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    variant: Mapped[str | None] = mapped_column(String(32), nullable=True)
    requested_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    logged_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # Messages (msgid and parameters) as JSON, dates tagged: why not applicable, why closed or not computable.
    not_applicable_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    state_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class ObligationDirty(Base):
    """What changed since the obligations were last computed, queued by triggers: ("event", id), ("series", id),
    ("letter", id), ("project", id), ("subject", a done mark's subject id) or ("all", "")."""

    __tablename__ = "obligation_dirty"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)


class ObligationStamp(Base):
    """One row: the rules' version that computed the stored obligations and the years whose yearly ones are
    stored (from `first_year` to `last_year`)."""

    __tablename__ = "obligation_stamp"

    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    first_year: Mapped[int] = mapped_column(Integer)
    last_year: Mapped[int] = mapped_column(Integer)
    # The tracking day `event_obligation_summary` was made for (None: not made yet).
    summary_since: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class EventObligationSummary(Base):
    """One row per event with stored obligations, made from them for a tracking day (`obligation_stamp.
    summary_since`): what its most urgent state on any later day follows from, so the Events page ranks 100,000
    events by one narrow row each instead of reading every event's obligations (issue 18.2)."""

    __tablename__ = "event_obligation_summary"
    # The rows are the key's own B-tree (SQLite; ignored elsewhere): one lookup per event, not two.
    __table_args__ = {"sqlite_with_rowid": False}

    event_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    settled_rank: Mapped[int | None] = mapped_column(Integer, nullable=True)  # most urgent settled state's rank
    tracked_due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # earliest open one counted
    untracked: Mapped[bool] = mapped_column(Boolean, default=False)  # an open one before tracking began
