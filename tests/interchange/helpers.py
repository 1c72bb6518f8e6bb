"""Shared by the interchange tests: row counts, and a store with demo events, one in the bin and a report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from hattama.db.models import (
    Attachment,
    AttachmentBlob,
    Event,
    EventParticipant,
    EventParty,
    Report,
    ReportText,
)
from hattama.services.demo import fill_demo

TODAY = dt.date(2026, 5, 15)
MODELS = (Event, EventParty, EventParticipant, Attachment, AttachmentBlob, Report, ReportText)


def table_counts(store) -> dict[str, int]:
    with store.session() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model)) for model in MODELS}


def filled(store, events: int = 40) -> None:
    fill_demo(store, events=events, seed=5, today=TODAY)


def records_of(document: dict[str, Any]) -> tuple[list, list]:
    """What a document says about events and reports (not who exported it, nor when)."""
    return document["events"], document["reports"]
