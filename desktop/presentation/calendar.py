"""The working-day calendar in words: what a day is and why, for the Calendar page and `calendar show`."""

from __future__ import annotations

from hattama.i18n import N_, _, format_date
from hattama.rules.calendar import DayInfo, DayKind, HolidayNameKind

DAY_KIND_LABELS: dict[DayKind, str] = {
    DayKind.WORKING: N_("Working day"),
    DayKind.WEEKEND: N_("Weekend"),
    DayKind.HOLIDAY: N_("Public holiday"),
    DayKind.TRANSFERRED_DAY_OFF: N_("Day off transferred by Government decision"),
    DayKind.WORKING_WEEKEND: N_("Weekend day made working by Government decision"),
    DayKind.OVERRIDE_OFF: N_("Day off entered by the unit"),
    DayKind.OVERRIDE_WORKING: N_("Working day entered by the unit"),
}


def holiday_label(info: DayInfo) -> str:
    """The day's holiday names in the UI language, with the move explained ("… (day off moved from …)")."""
    parts = []
    for name in info.holidays:
        if name.kind is HolidayNameKind.SUBSTITUTED and name.substituted_from is not None:
            parts.append(_("in exchange for working on {date}").format(date=format_date(name.substituted_from)))
        elif name.kind is HolidayNameKind.OBSERVED:
            parts.append(_("{holiday} (day off moved from the weekend)").format(holiday=_(name.key)))
        else:
            parts.append(_(name.key))
        if name.estimated:
            parts[-1] = _("{holiday}, date estimated").format(holiday=parts[-1])
    return "; ".join(parts)


def describe_day(info: DayInfo) -> str:
    """One sentence saying what the day is and why, for the Calendar page and `calendar show`."""
    text = _(DAY_KIND_LABELS[info.kind])
    names = holiday_label(info)
    if names:
        text = f"{text}: {names}"
    if info.override is not None:
        act = info.override.act or _("no act given")
        text += " — " + _("{reason} ({act}; entered by {who})").format(
            reason=info.override.reason, act=act, who=info.override.entered_by or "—")
    return text

