"""Post-event reports (p.46) as plain records, read and written in bulk for the interchange and the demo."""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, delete, update
from sqlalchemy.orm import Session

from hattama.db.bulk import insert_rows, new_ids
from hattama.db.models import Report, ReportText
from hattama.services.event_storage import chunked
from hattama.services.settings import store_owner

TEXT_SECTIONS = ("participants", "issues", "agreements", "proposals")

REPORT_TABLE = _REPORT = Report.__table__
TEXT_TABLE = _TEXT = ReportText.__table__


@dataclass(frozen=True)
class InterchangeReportText:
    """The report in one language: the four sections p.46 asks for."""

    language: str
    participants: str
    issues: str
    agreements: str
    proposals: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class InterchangeReport:
    id: UUID
    event_id: UUID
    status: str
    mfa_request_date: dt.date | None
    mfa_request_ref: str
    ready_at: dt.datetime | None
    exported_at: dt.datetime | None
    sent_on: dt.date | None
    acknowledged_on: dt.date | None
    bundle_sha256: str
    created_at: dt.datetime
    updated_at: dt.datetime
    texts: tuple[InterchangeReportText, ...] = ()
    # p.46 closed as not requested by the MFA (issue 11; absent from older files).
    not_requested_on: dt.date | None = None
    not_requested_reason: str = ""
    # The owning body's identity (hattama.services.settings.owner_identity); "" on a new record: the store's own.
    owner: str = ""


# The report table's own columns, named as in InterchangeReport; the text table's, as in InterchangeReportText.
REPORT_FIELDS = tuple(f.name for f in dataclasses.fields(InterchangeReport) if f.name != "texts")
TEXT_FIELDS = tuple(f.name for f in dataclasses.fields(InterchangeReportText))
_REPORT_VALUES = operator.attrgetter(*REPORT_FIELDS)


def text_values(text: InterchangeReportText) -> dict[str, Any]:
    """The text's fields by name (dataclasses.asdict deep-copies, too slow for 100,000 reports)."""
    return {"language": text.language, **{name: getattr(text, name) for name in TEXT_SECTIONS},
            "updated_at": text.updated_at}


# The text rows' columns (`_text_rows`): the text's own, then its id, report and creation time.
_TEXT_ROW_COLUMNS = (*TEXT_FIELDS, "id", "report_id", "created_at")
_TEXT_VALUES = operator.attrgetter(*TEXT_FIELDS)


def _text_rows(records: Sequence[InterchangeReport]) -> list[tuple[Any, ...]]:
    ids = iter(new_ids(sum(len(record.texts) for record in records)))
    return [(*_TEXT_VALUES(text), next(ids), record.id, text.updated_at)
            for record in records for text in record.texts]


def insert_report_records(session: Session, records: Sequence[InterchangeReport]) -> None:
    """Plain tuples in one executemany per table (hattama.db.bulk, issue 18.4)."""
    if not records:
        return
    own = store_owner(session)
    owner = REPORT_FIELDS.index("owner")  # a record without one is the store's own body's
    rows = [list(_REPORT_VALUES(r)) for r in records]
    for row in rows:
        row[owner] = row[owner] or own
    insert_rows(session, _REPORT, REPORT_FIELDS, rows)
    _insert_texts(session, records)


def _insert_texts(session: Session, records: Sequence[InterchangeReport]) -> None:
    rows = _text_rows(records)
    if rows:
        insert_rows(session, _TEXT, _TEXT_ROW_COLUMNS, rows)


def replace_report_records(session: Session, records: Sequence[InterchangeReport]) -> None:
    """Overwrite existing reports (their creation time stays) and replace their texts."""
    if not records:
        return
    ids = [record.id for record in records]
    for chunk in chunked(ids):
        session.execute(delete(_TEXT).where(_TEXT.c.report_id.in_(chunk)))
    changed = [name for name in REPORT_FIELDS if name not in ("id", "created_at", "owner")]
    session.execute(
        update(_REPORT).where(_REPORT.c.id == bindparam("record_id")),
        [{"record_id": r.id, **{name: getattr(r, name) for name in changed}} for r in records],
    )
    _insert_texts(session, records)
