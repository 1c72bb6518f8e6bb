"""What the obligations engine is told about the body, its events and its letters (plain, validated data)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from desktop.rules.errors import N_, RuleError
from desktop.rules.exemptions import exemption_area

KAZAKHSTAN = "KZ"
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class BodyFacts:
    """`outside_chapter`: the Presidential Administration or the Prime Minister's Office, to which the chapter
    on coordinating international activity does not apply (p.50)."""

    special_state_body: bool = False
    outside_chapter: bool = False


@dataclass(frozen=True)
class EventFacts:
    """An international event. `country` is an ISO 3166 alpha-2 code, "KZ" for Kazakhstan; `exemption_area` is
    an `ExemptionArea` code (p.50) or None; events of one visit of foreign representatives share a `series_id`;
    `departs_on` is the delegation's departure abroad (the start date if not given)."""

    id: str
    starts_at: datetime
    ends_at: datetime
    country: str
    held_by_body: bool
    mfa_participated: bool
    exemption_area: str | None = None
    series_id: str | None = None
    departs_on: date | None = None
    head_travels: bool = True

    def __post_init__(self) -> None:
        if self.ends_at < self.starts_at:
            raise RuleError(N_("The event “{event}” ends ({ends_at}) before it starts ({starts_at})."),
                            event=self.id, ends_at=self.ends_at, starts_at=self.starts_at)
        if not _COUNTRY_CODE.match(self.country):
            raise RuleError(N_("The event “{event}” has “{country}” as its country; a two-letter code is needed."),
                            event=self.id, country=self.country)
        if self.exemption_area is not None:
            exemption_area(self.exemption_area)

    @property
    def abroad(self) -> bool:
        return self.country != KAZAKHSTAN

    @property
    def departure_date(self) -> date:
        return self.departs_on or self.starts_at.date()


@dataclass(frozen=True)
class LetterFacts:
    """An outgoing letter; `direct_urgent` when it went straight to the foreign side because the issue had to be
    worked out within five days (p.44), not through the MFA."""

    id: str
    sent_on: date
    direct_urgent: bool
