"""What the obligations engine is told about the body, its events and its letters (plain, validated data)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from hattama.rules.errors import N_, RuleError
from hattama.rules.exemptions import exemption_area

KAZAKHSTAN = "KZ"
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")

# How the body's delegation takes part (p.48 asks for consultations only where it travels).
ATTENDANCE_IN_PERSON = "in_person"
ATTENDANCE_VIDEOCONFERENCE = "videoconference"
ATTENDANCE_HYBRID = "hybrid"
ATTENDANCE_MODES = (ATTENDANCE_IN_PERSON, ATTENDANCE_VIDEOCONFERENCE, ATTENDANCE_HYBRID)
# The event kind that is remote whatever its attendance says.
VIDEOCONFERENCE_KIND = "videoconference"


@dataclass(frozen=True)
class BodyFacts:
    """p.50: the Presidential Administration and the Prime Minister's Office are outside chapter 6; special state
    bodies outside p.48 and p.49. `mfa_requests_all_reports`: the MFA asked for a p.46 report on every event, so
    each is due without a recorded request. `p49_notice_every_meeting`: the unit widens p.49 ¶2's notice to every
    meeting it holds in Kazakhstan without the MFA (by default only meetings of a series, ¶1's context)."""

    special_state_body: bool = False
    presidential_administration: bool = False
    prime_ministers_office: bool = False
    mfa_requests_all_reports: bool = False
    p49_notice_every_meeting: bool = False


@dataclass(frozen=True)
class EventFacts:
    """An international event. `country` is an ISO 3166 alpha-2 code, "KZ" for Kazakhstan; `exemption_area` is
    an `ExemptionArea` code (p.50) or None; events of one visit of foreign representatives share a `series_id`;
    `departs_on` is the delegation's departure abroad (None while not entered); `attendance` one of
    `ATTENDANCE_MODES` (a `videoconference` kind counts as remote); `mfa_request_on` the date the MFA asked for
    the p.46 report; `report_not_requested` the officer's reason for closing it as not requested;
    `diplomatic_service_participated`: the MFA or another diplomatic-service body took part (p.46);
    `commission_party`: the event is a dealing with the Eurasian Economic Commission (p.42, p.44); `status` one of
    hattama.rules.plans.EventStatus (p.46 plan: post-event obligations only once held)."""

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
    attendance: str = ATTENDANCE_IN_PERSON
    kind: str = ""
    mfa_request_on: date | None = None
    report_not_requested: str | None = None
    diplomatic_service_participated: bool = False
    commission_party: bool = False
    status: str = "held"
    logged_on: date | None = None  # the day it was first recorded (hattama.rules.obligations.before_tracking)

    def __post_init__(self) -> None:
        if self.ends_at < self.starts_at:
            raise RuleError(N_("The event “{event}” ends ({ends_at}) before it starts ({starts_at})."),
                            event=self.id, ends_at=self.ends_at, starts_at=self.starts_at)
        if not _COUNTRY_CODE.match(self.country):
            raise RuleError(N_("The event “{event}” has “{country}” as its country; a two-letter code is needed."),
                            event=self.id, country=self.country)
        if self.exemption_area is not None:
            exemption_area(self.exemption_area)
        if self.attendance not in ATTENDANCE_MODES:
            raise RuleError(N_("“{mode}” is not a way of taking part Hattama knows."), mode=self.attendance)

    @property
    def abroad(self) -> bool:
        return self.country != KAZAKHSTAN

    @property
    def remote(self) -> bool:
        """Held by videoconference: no delegation travels (p.48)."""
        return self.attendance == ATTENDANCE_VIDEOCONFERENCE or self.kind == VIDEOCONFERENCE_KIND


@dataclass(frozen=True)
class LetterFacts:
    """An outgoing letter; `direct_urgent` when it went straight to the foreign side because the issue had to be
    worked out within five days (p.44), not through the MFA."""

    id: str
    sent_on: date
    direct_urgent: bool
    logged_on: date | None = None


@dataclass(frozen=True)
class ImageProjectFacts:
    """An international image project of the body (p.46: agreed with the MFA before its launch on `starts_on`)."""

    id: str
    starts_on: date
    logged_on: date | None = None
