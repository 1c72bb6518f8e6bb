"""Official PDF documents: the post-event report to the MFA (Decree 1037, p.46), in Kazakh or Russian."""

from __future__ import annotations

from hattama.services.pdf.document import (
    AGREEMENTS_REACHED,
    ISSUES_DISCUSSED,
    PROPOSALS_FOR_FURTHER_WORK,
    REPORT_TITLE,
    Participant,
    ReportDocument,
    Section,
    p46_sections,
)
from hattama.services.pdf.official_dates import document_date, event_dates
from hattama.services.pdf.render import render_report_pdf, write_report_pdf
from hattama.services.pdf.text import clean_pasted_text, uncovered_characters

__all__ = [
    "AGREEMENTS_REACHED",
    "ISSUES_DISCUSSED",
    "PROPOSALS_FOR_FURTHER_WORK",
    "REPORT_TITLE",
    "Participant",
    "ReportDocument",
    "Section",
    "clean_pasted_text",
    "document_date",
    "event_dates",
    "p46_sections",
    "render_report_pdf",
    "uncovered_characters",
    "write_report_pdf",
]
