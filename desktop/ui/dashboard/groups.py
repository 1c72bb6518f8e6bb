"""The Dashboard's groups (overdue, this week, later, awaiting the MFA's request, outside the calendar; then done,
not applicable, before tracking), as the store serves them (hattama.services.obligations.dashboard_groups), and
their titles."""

from __future__ import annotations

from hattama.i18n import _
from hattama.services.obligations import CLOSED_GROUPS, GROUPS, OPEN_GROUPS

__all__ = ["CLOSED_GROUPS", "EXPANDED_GROUPS", "EXPAND_AT_MOST", "GROUPS", "OPEN_GROUPS", "group_titles"]

EXPANDED_GROUPS = ("overdue", "this_week")
# Opened only up to this many rows: a longer list is read by scrolling no one does; its count shows, and a click
# opens it (its rows are then read a window at a time as they scroll into view).
EXPAND_AT_MOST = 1_000


def group_titles() -> dict[str, str]:
    return {
        "overdue": _("Overdue"),
        "this_week": _("Due this week"),
        "later": _("Later"),
        "awaiting_request": _("Awaiting the MFA's request (p.46)"),
        "no_calendar": _("Outside the working-day calendar"),
        "done": _("Done or not requested"),
        "not_applicable": _("Not applicable (p.50 and other exemptions)"),
        "before_tracking": _("Due before the unit began tracking in Hattama"),
    }
