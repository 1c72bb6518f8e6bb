"""A post-event report (Decree 1037, p.46) as plain data: what the renderer needs, nothing of the database.

The reports service fills it; texts are in the document's language except headings given as N_ msgids, which
the renderer translates into that language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hattama.language import N_

DOCUMENT_LANGUAGES = ("kk", "ru")

REPORT_TITLE = N_("Report on the results of an international event")
# The contents p.46 asks for, in its order. Participants come from the participant lists, a section under
# PARTICIPANTS_HEADING, or both (rendered under one heading).
PARTICIPANTS_HEADING = N_("Composition of participants")
ISSUES_DISCUSSED = N_("Issues discussed")
AGREEMENTS_REACHED = N_("Agreements reached, including the position of the state body")
PROPOSALS_FOR_FURTHER_WORK = N_("Proposals for further work on the issues")
# Issue 16: an unregistered document is a draft and says so in its language, where the number would stand.
DRAFT_MARKS = {"kk": "ЖОБА", "ru": "ПРОЕКТ"}


@dataclass(frozen=True)
class Participant:
    full_name: str
    position: str
    organisation: str


@dataclass(frozen=True)
class Section:
    """`heading` is an N_ msgid or text already in the document's language; `body` holds one paragraph per
    line (blank lines are allowed between them); a line starting with "-", "•", "–" or "1." is a list item."""

    heading: str
    body: str


@dataclass(frozen=True, kw_only=True)
class ReportDocument:
    language: str
    body_name: str
    unit_name: str
    title: str
    event_title: str
    event_kind_label: str
    place: str
    starts: dt.datetime
    ends: dt.datetime
    foreign_parties: list[str]
    participants_ours: list[Participant]
    participants_foreign: list[Participant]
    sections: list[Section]
    signer_position: str
    signer_name: str
    # The registration date and number (hattama.services.registration); None and "" for a draft.
    document_date: dt.date | None
    mfa_request: str | None = None
    report_id: str
    author: str

    def __post_init__(self) -> None:
        if self.language not in DOCUMENT_LANGUAGES:
            raise ValueError(f"document language must be one of {DOCUMENT_LANGUAGES}, not {self.language!r}")
        if self.ends < self.starts:
            raise ValueError(f"the event ends ({self.ends}) before it starts ({self.starts})")


def p46_sections(issues_discussed: str, agreements_reached: str, proposals: str = "") -> list[Section]:
    """The report's sections after the participants; proposals are "where needed", so an empty one is left out."""
    sections = [Section(ISSUES_DISCUSSED, issues_discussed), Section(AGREEMENTS_REACHED, agreements_reached)]
    if proposals.strip():
        sections.append(Section(PROPOSALS_FOR_FURTHER_WORK, proposals))
    return sections
