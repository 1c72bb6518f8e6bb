"""Unfinished editor entries kept across a closed or crashed app."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    delete,
    select,
)

from hattama.db.models import (
    Draft,
)
from hattama.db.store import Store


def _draft_condition(kind: str, subject_id: str) -> ColumnElement[bool]:
    return and_(Draft.kind == kind, Draft.subject_id == subject_id)


def save_draft(store: Store, kind: str, subject_id: str, payload: dict[str, Any]) -> None:
    """Keep an unfinished form (JSON-serialisable; `event_data_to_json` makes one of an event)."""
    text = json.dumps(payload, ensure_ascii=False)
    with store.session() as session:
        draft = session.scalars(select(Draft).where(_draft_condition(kind, subject_id))).first()
        if draft is None:
            session.add(Draft(kind=kind, subject_id=subject_id, payload=text))
        else:
            draft.payload = text


def load_draft(store: Store, kind: str, subject_id: str) -> dict[str, Any] | None:
    with store.session() as session:
        text = session.scalar(select(Draft.payload).where(_draft_condition(kind, subject_id)))
    return None if text is None else json.loads(text)


def discard_draft(store: Store, kind: str, subject_id: str) -> None:
    with store.session() as session:
        session.execute(delete(Draft).where(_draft_condition(kind, subject_id)))
