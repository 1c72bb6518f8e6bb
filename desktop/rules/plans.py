"""p.46 planned events: the one status machine of an event and its tentative period.

An event is planned → confirmed → held, or cancelled / postponed with a reason. The allowed transitions live
here only (a hattama.rules.status_machine, the shape of the report's machine too): the event editor asks
`next_statuses` which status actions to enable, the services check `check_transition` before saving. Events
stored before the plan existed are `held`.

A tentative period stands in for exact dates still unknown: a month ("2027-03") or a quarter ("2027-Q2"). The
event's dates are then the period's first and last day (`period_bounds`).

Obligations (product decision): a post-event obligation (p.46 report, p.49 notice) only for a held event; a
cancelled or postponed event has no obligation at all; a planned or confirmed event keeps the obligations that
fall due before it (p.46 participation, p.48 consultations, p.49 briefing).

Image projects (p.46) are agreed with the MFA before launch; one launched without a recorded agreement is a
problem (an overdue obligation on the Dashboard).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from hattama.rules.errors import N_, RuleError
from hattama.rules.status_machine import StatusMachine


class EventStatus(StrEnum):
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    HELD = "held"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


STATUS_LABELS: dict[EventStatus, str] = {
    EventStatus.PLANNED: N_("Planned"),
    EventStatus.CONFIRMED: N_("Confirmed"),
    EventStatus.HELD: N_("Held"),
    EventStatus.CANCELLED: N_("Cancelled"),
    EventStatus.POSTPONED: N_("Postponed"),
}

# From each status, the statuses an officer may move the event to. Held is final: the registry's record of it.
TRANSITIONS: dict[EventStatus, tuple[EventStatus, ...]] = {
    EventStatus.PLANNED: (EventStatus.CONFIRMED, EventStatus.HELD, EventStatus.CANCELLED, EventStatus.POSTPONED),
    EventStatus.CONFIRMED: (EventStatus.HELD, EventStatus.CANCELLED, EventStatus.POSTPONED, EventStatus.PLANNED),
    EventStatus.POSTPONED: (EventStatus.PLANNED, EventStatus.CONFIRMED, EventStatus.CANCELLED),
    EventStatus.CANCELLED: (EventStatus.PLANNED,),
    EventStatus.HELD: (),
}
MACHINE = StatusMachine(STATUS_LABELS, TRANSITIONS,
                        unknown=N_("“{status}” is not a status of an event Hattama knows."),
                        refused=N_("An event cannot go from “{current}” to “{new}”."))
# A cancelled or postponed event says why.
NEEDS_REASON = frozenset({EventStatus.CANCELLED, EventStatus.POSTPONED})
# Events not (yet) held: the plan lists them.
NOT_YET_HELD = frozenset({EventStatus.PLANNED, EventStatus.CONFIRMED})
# No obligation at all.
CALLED_OFF = frozenset({EventStatus.CANCELLED, EventStatus.POSTPONED})
# The statuses a new event may start in.
INITIAL_STATUSES = (EventStatus.PLANNED, EventStatus.CONFIRMED, EventStatus.HELD)


def event_status(value: str) -> EventStatus:
    return MACHINE.status(value)


def next_statuses(current: str | None) -> tuple[EventStatus, ...]:
    """The statuses the officer may choose next: those of a new event when `current` is None."""
    return INITIAL_STATUSES if current is None else MACHINE.allowed(current)


def check_transition(current: str | None, new: str, reason: str = "") -> None:
    """Raise RuleError unless `current` → `new` is allowed (same status: always; a new event, `current` None:
    one of INITIAL_STATUSES) and a needed reason is given."""
    target = event_status(new)
    if current != new and target not in next_statuses(current):
        if current is None:
            raise RuleError(N_("A new event cannot start as “{new}”."), new=MACHINE.label(target))
        raise MACHINE.refusal(current, target)
    if target in NEEDS_REASON and not reason.strip():
        raise RuleError(N_("Say why the event is cancelled or postponed."))


def has_post_event_obligations(status: str) -> bool:
    """p.46 report and p.49 notice: only for an event that was held."""
    return status == EventStatus.HELD


def has_obligations(status: str) -> bool:
    return event_status(status) not in CALLED_OFF


# ------------------------------------------------------------------------------------------------ periods

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def period_bounds(period: str) -> tuple[date, date]:
    """The first and last day of a tentative period: "2027-03" (a month) or "2027-Q2" (a quarter)."""
    if month := _MONTH.match(period):
        first = date(int(month[1]), int(month[2]), 1)
        return first, _last_day(first.year, first.month)
    if quarter := _QUARTER.match(period):
        first = date(int(quarter[1]), 3 * int(quarter[2]) - 2, 1)
        return first, _last_day(first.year, first.month + 2)
    raise RuleError(N_("“{period}” is not a month (2027-03) or a quarter (2027-Q2)."), period=period)


def _last_day(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def is_quarter(period: str) -> bool:
    return bool(_QUARTER.match(period))


# ------------------------------------------------------------------------------------------- image projects

PROJECT_STATUSES: dict[str, str] = {
    "planned": N_("Planned"),
    "launched": N_("Launched"),
    "completed": N_("Completed"),
    "cancelled": N_("Cancelled"),
}
# The MFA's answer to the body's request to agree an image project (p.46).
MFA_ANSWERS: dict[str, str] = {
    "": N_("No answer yet"),
    "agreed": N_("Agreed"),
    "agreed_with_remarks": N_("Agreed with remarks"),
    "not_agreed": N_("Not agreed"),
}
AGREEING_ANSWERS = frozenset({"agreed", "agreed_with_remarks"})


@dataclass(frozen=True)
class ImageProjectData:
    """An international image project (p.46): agreed with the MFA before launch."""

    title_kk: str
    title_ru: str
    starts_on: date
    description: str = ""
    ends_on: date | None = None
    partners: str = ""
    budget_source: str = ""
    status: str = "planned"
    mfa_agreement_on: date | None = None
    mfa_agreement_ref: str = ""
    mfa_answer: str = ""

    @property
    def agreed(self) -> bool:
        """The MFA's agreement is recorded: a date and an answer that agrees."""
        return self.mfa_agreement_on is not None and self.mfa_answer in AGREEING_ANSWERS

    @property
    def needs_agreement(self) -> bool:
        """p.46 asks for the agreement unless the project was cancelled."""
        return self.status != "cancelled"


def image_project_problems(data: ImageProjectData) -> list[tuple[str, str, dict[str, object]]]:
    """(field, msgid, params) for each problem, in the order of the editor's fields."""
    problems: list[tuple[str, str, dict[str, object]]] = []
    if not (data.title_kk.strip() or data.title_ru.strip()):
        problems.append(("title_kk", N_("Enter the title in Kazakh or in Russian."), {}))
    if data.ends_on is not None and data.ends_on < data.starts_on:
        problems.append(("ends_on", N_("The project ends before it starts."), {}))
    if data.status not in PROJECT_STATUSES:
        problems.append(("status", N_("“{status}” is not a status of a project Hattama knows."),
                         {"status": data.status}))
    if data.mfa_answer not in MFA_ANSWERS:
        problems.append(("mfa_answer", N_("“{answer}” is not an answer of the MFA Hattama knows."),
                         {"answer": data.mfa_answer}))
    elif data.mfa_answer and data.mfa_agreement_on is None:
        problems.append(("mfa_agreement_on", N_("Enter the date of the MFA's answer."), {}))
    return problems
