"""The Dashboard's groups (overdue, this week, later, awaiting the MFA's request, outside the calendar, done, not
applicable), sorted by planned due date.

Plain Python, so the page's worker job groups 200,000 obligations off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hattama.i18n import _
from hattama.rules.obligations import ObligationState
from hattama.services.obligations import ObligationView

OPEN_GROUPS = ("overdue", "this_week", "later", "awaiting_request", "no_calendar")
# Last, so showing or hiding them only appends or drops rows at the end.
CLOSED_GROUPS = ("done", "not_applicable")
GROUPS = OPEN_GROUPS + CLOSED_GROUPS
EXPANDED_GROUPS = ("overdue", "this_week")
# Opened only up to this many rows: Qt lays out every row of an open group, ~1 s for 60,000 on each load, and a
# longer list is read by scrolling no one does; its count shows, and a click opens it.
EXPAND_AT_MOST = 1_000
URGENT = (ObligationState.OVERDUE, ObligationState.DUE_TODAY, ObligationState.DUE_SOON)


def group_of(view: ObligationView, today: dt.date) -> str:
    if view.state is ObligationState.OVERDUE:
        return "overdue"
    if view.state is ObligationState.AWAITING_REQUEST:
        return "awaiting_request"
    if view.state is ObligationState.NO_CALENDAR:
        return "no_calendar"
    if view.state in (ObligationState.DONE, ObligationState.NOT_REQUESTED):
        return "done"
    if view.state is ObligationState.NOT_APPLICABLE:
        return "not_applicable"
    week_end = today + dt.timedelta(days=6 - today.weekday())
    return "this_week" if view.obligation.planned_due <= week_end else "later"


def group_titles() -> dict[str, str]:
    return {
        "overdue": _("Overdue"),
        "this_week": _("Due this week"),
        "later": _("Later"),
        "awaiting_request": _("Awaiting the MFA's request (p.46)"),
        "no_calendar": _("Outside the working-day calendar"),
        "done": _("Done or not requested"),
        "not_applicable": _("Not applicable (p.50 and other exemptions)"),
    }


@dataclass(frozen=True)
class GroupedObligations:
    """Every obligation view as computed, the urgent ones, and the members of each group of `GROUPS` (in that
    order) sorted by planned due date."""

    views: list[ObligationView]
    urgent: list[ObligationView]
    groups: tuple[list[ObligationView], ...]


def group_obligations(views: list[ObligationView], today: dt.date) -> GroupedObligations:
    members: dict[str, list[ObligationView]] = {key: [] for key in GROUPS}
    for view in views:
        members[group_of(view, today)].append(view)
    for group in members.values():
        group.sort(key=lambda view: view.obligation.planned_due)
    urgent = [view for view in views if view.state in URGENT]
    return GroupedObligations(views, urgent, tuple(members[key] for key in GROUPS))
