"""The stored reports read back as records through SQLAlchemy, one field at a time: the reference the export's
row-to-JSON path (hattama.services.interchange.row_json) and the demo's determinism are checked against."""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from hattama.services.interchange.report_records import (
    REPORT_FIELDS,
    REPORT_TABLE,
    TEXT_FIELDS,
    TEXT_TABLE,
    InterchangeReport,
    InterchangeReportText,
)

_REPORT, _TEXT = REPORT_TABLE, TEXT_TABLE


def load_report_records(session: Session, condition: ColumnElement[bool] | None = None) -> list[InterchangeReport]:
    """Reports matching `condition` (all if None) with their texts, in two queries."""
    query = select(*(_REPORT.c[name] for name in REPORT_FIELDS)).order_by(_REPORT.c.created_at, _REPORT.c.id)
    texts_query = select(_TEXT.c.report_id, *(_TEXT.c[name] for name in TEXT_FIELDS))
    if condition is not None:
        query = query.where(condition)
        texts_query = texts_query.where(_TEXT.c.report_id.in_(select(_REPORT.c.id).where(condition)))
    texts: dict[UUID, list[InterchangeReportText]] = defaultdict(list)
    for row in session.execute(texts_query.order_by(_TEXT.c.report_id, _TEXT.c.language)):
        texts[row.report_id].append(InterchangeReportText(*row[1:]))
    return [InterchangeReport(**row._mapping, texts=tuple(texts.get(row.id, ()))) for row in session.execute(query)]
