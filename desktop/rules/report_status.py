"""The one status machine of a post-event report (p.46): its statuses and the moves between them.

    draft → ready → exported → sent → acknowledged
      ↑       │         │        ↑
      └───────┴─────────┘        │   (ready → sent: sent by other means than a Hattama bundle)
              └──────────────────┘

A ready or exported report goes back to draft when the officer changes it (or asks to); once sent to the MFA it
moves only on to acknowledged, and an acknowledged report is final: what the MFA received stays as received.
The reports service checks every move here (`check_transition`); the editor asks `allowed` which buttons to
enable; the bundle export is the only way to "exported" (`OFFICER_TARGETS` leaves it out); an import brings a
stored report only where the machine's moves can (`check_merge`). The machine has the shape of every status
machine of Hattama (hattama.rules.status_machine; the event's plan status in hattama.rules.plans is the other).

Dates kept and cleared (applied by the service): entering draft clears the ready time; entering ready, sent or
acknowledged stamps its own date; nothing clears a sent or acknowledged date, nor the last export's time and
bundle (the record of where the report went).
"""

from __future__ import annotations

from enum import StrEnum

from hattama.rules.errors import N_, RuleError
from hattama.rules.status_machine import StatusMachine


class ReportStatus(StrEnum):
    DRAFT = "draft"
    READY = "ready"
    EXPORTED = "exported"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"


STATUS_LABELS: dict[ReportStatus, str] = {
    ReportStatus.DRAFT: N_("Draft"),
    ReportStatus.READY: N_("Ready"),
    ReportStatus.EXPORTED: N_("Exported"),
    ReportStatus.SENT: N_("Sent to the MFA"),
    ReportStatus.ACKNOWLEDGED: N_("Acknowledged by the MFA"),
}


TRANSITIONS: dict[ReportStatus, tuple[ReportStatus, ...]] = {
    ReportStatus.DRAFT: (ReportStatus.READY,),
    ReportStatus.READY: (ReportStatus.DRAFT, ReportStatus.EXPORTED, ReportStatus.SENT),
    # Exported again: another bundle with the same report (the newest export is kept).
    ReportStatus.EXPORTED: (ReportStatus.DRAFT, ReportStatus.EXPORTED, ReportStatus.SENT),
    ReportStatus.SENT: (ReportStatus.ACKNOWLEDGED,),
    ReportStatus.ACKNOWLEDGED: (),
}
MACHINE = StatusMachine(STATUS_LABELS, TRANSITIONS, unknown=N_("Unknown report status “{status}”."),
                        refused=N_("A report cannot go from “{current}” to “{new}”."))
# Statuses the officer chooses (buttons, `hattama report status`); "exported" is the bundle export's.
OFFICER_TARGETS = frozenset(TRANSITIONS) - {ReportStatus.EXPORTED}
# The reports a bundle export may take: those the machine lets become "exported".
EXPORTABLE = MACHINE.leading_to(ReportStatus.EXPORTED)
# Every section required in each language the report carries (issue 11, point 3).
COMPLETE = frozenset(TRANSITIONS) - {ReportStatus.DRAFT}
# Gone to the MFA: the text is kept as sent.
WITH_THE_MFA = frozenset({ReportStatus.SENT, ReportStatus.ACKNOWLEDGED})
# A change to the text of a report in these sends it back to draft (it must be made ready, and exported, again).
EDITING_RETURNS_TO_DRAFT = frozenset({ReportStatus.READY, ReportStatus.EXPORTED})
# The stamps each status sets on entry; entering draft clears the ready time.
STAMPED_ON_ENTRY: dict[ReportStatus, str] = {
    ReportStatus.READY: "ready_at",
    ReportStatus.EXPORTED: "exported_at",
    ReportStatus.SENT: "sent_on",
    ReportStatus.ACKNOWLEDGED: "acknowledged_on",
}
CLEARED_ON_ENTRY: dict[ReportStatus, tuple[str, ...]] = {ReportStatus.DRAFT: ("ready_at",)}


def report_status(value: str) -> ReportStatus:
    return MACHINE.status(value)


def allowed(current: str) -> tuple[ReportStatus, ...]:
    """The statuses a report in `current` may move to."""
    return MACHINE.allowed(current)


def officer_may_choose(current: str, new: str) -> bool:
    """Whether the officer may move a report from `current` to `new` themself (a button, a command)."""
    target = report_status(new)
    return target in OFFICER_TARGETS and target in allowed(current)


def check_transition(current: str, new: str) -> ReportStatus:
    """The new status, or RuleError when a report in `current` cannot move to `new`."""
    target = report_status(new)
    if target not in allowed(current):
        if report_status(current) in WITH_THE_MFA:
            raise RuleError(N_("The report was sent to the MFA; it cannot become “{new}” again."),
                            new=MACHINE.label(target))
        raise MACHINE.refusal(current, target)
    return target


def check_merge(stored: str, incoming: str) -> ReportStatus:
    """The status a newer copy of a stored report brings (an import, a bundle from a colleague), or RuleError when
    the machine cannot bring the stored report there: the other copy may have made several moves since (ready →
    sent → acknowledged), never one back that the machine does not allow (an acknowledged report back to draft)."""
    target = report_status(incoming)
    if target not in MACHINE.reachable(stored):
        raise RuleError(N_("The report is “{current}” in the store and cannot become “{new}”."),
                        current=MACHINE.label(stored), new=MACHINE.label(target))
    return target
