"""Obligations in words for the Dashboard, the report editor, reminders and `hattama obligations`: the states'
names, the decree items as each language writes them, and the sentences of an obligation view, in the language
the caller names (the services return the view as data: hattama.services.obligations.ObligationView)."""

from __future__ import annotations

import functools

from hattama.i18n import N_, translate_in
from hattama.i18n import render as render_message
from hattama.rules.obligations import Message, ObligationState
from hattama.services.obligations import ObligationView

STATE_LABELS: dict[ObligationState, str] = {
    ObligationState.UPCOMING: N_("Upcoming"),
    ObligationState.DUE_SOON: N_("Due soon"),
    ObligationState.DUE_TODAY: N_("Due today"),
    ObligationState.OVERDUE: N_("Overdue"),
    ObligationState.AWAITING_REQUEST: N_("Awaiting the MFA's request"),
    ObligationState.NO_CALENDAR: N_("Outside the calendar"),
    ObligationState.DONE: N_("Done"),
    ObligationState.NOT_REQUESTED: N_("Not requested"),
    ObligationState.NOT_APPLICABLE: N_("Not applicable"),
    ObligationState.BEFORE_TRACKING: N_("Before tracking"),
}
# The states' short names, for a table's narrow column (the Events table, the Dashboard's tree), the whole name
# in its tooltip; a state missing here is short enough as it is (issue 19: at 1024 px in Kazakh the Events column
# showed "СІМ с…ілуде").
SHORT_STATE_LABELS: dict[ObligationState, str] = {
    **STATE_LABELS,
    ObligationState.AWAITING_REQUEST: N_("Awaiting request"),
    ObligationState.NO_CALENDAR: N_("Off calendar"),
    ObligationState.BEFORE_TRACKING: N_("Not tracked"),
}
LATE_MARK = N_("late")
DONE_LATE = N_("Done late")  # the short form of "Done (late)"
# The obligations' titles in a few words, for the Dashboard's tree (its details pane and the tooltip give the
# whole title): elided in the middle the whole titles read "Іс-шара …-ге есеп" at 1024 px (issue 19).
SHORT_TITLES: dict[str, str] = {
    "Report to the MFA on the event": N_("Report to the MFA"),
    "Participation of the diplomatic service in the event": N_("Diplomats at the event"),
    "Agree the image project with the MFA": N_("Agree image project"),
    "Inform the MFA of a meeting it did not attend": N_("Notify MFA of meeting"),
    "Brief the next receiving official orally": N_("Brief host orally"),
    "Brief the next receiving official in writing": N_("Brief host in writing"),
    "Written consultations with the MFA before departure": N_("Consult before trip"),
    "Inform the MFA of a letter sent directly": N_("Notify MFA of letter"),
    "Plan of international events for next year and report on international activity": N_("Plan and yearly report"),
    "Information on the implementation of treaties in force": N_("Treaties in force"),
    "Information on domestic procedures for treaties not yet in force": N_("Treaties not yet in force"),
    "The MFA's position on current foreign-policy issues": N_("MFA's position"),
}

_ITEM_PARAMS = ("item", "exemption_item")


def state_name(state: ObligationState, language: str) -> str:
    return translate_in(language, STATE_LABELS[state])


def short_state_name(state: ObligationState, language: str) -> str:
    return translate_in(language, SHORT_STATE_LABELS[state])


def late_mark(language: str) -> str:
    return translate_in(language, LATE_MARK)


def item_label(item: str, language: str) -> str:
    """"p.46" as `language` writes it: "46-т." (kk), "п. 46" (ru), "p.46" (en); "p.2(1)" keeps its part."""
    return translate_in(language, "p.{number}").format(number=item.removeprefix("p."))


def render(message: Message, language: str) -> str:
    """A rules Message in `language`: items as the language writes them ("46-т." rather than "p.46"), dates
    through Babel (i18n.render, which also keeps a full stop from doubling after an abbreviated date)."""
    if not message.params:  # a title: one of a dozen, worded once per language
        return _plain(message.msgid, language)
    params = {name: item_label(value, language) if name in _ITEM_PARAMS else value
              for name, value in message.params.items()}
    return render_message(message.msgid, params, language)


@functools.lru_cache(maxsize=256)
def _plain(msgid: str, language: str) -> str:
    return render_message(msgid, {}, language)


def title(view: ObligationView, language: str) -> str:
    return render(view.obligation.title, language)


def short_title(view: ObligationView, language: str) -> str:
    """The title in a few words where it has a short form (SHORT_TITLES), else the whole of it."""
    short = SHORT_TITLES.get(view.obligation.title.msgid)
    return title(view, language) if short is None else translate_in(language, short)


def event_title(view: ObligationView, language: str) -> str:
    """The title of the event or image project the obligation belongs to ("" for a yearly one)."""
    return view.event_title.in_language(language)


def reason(view: ObligationView, language: str) -> str | None:
    """Why it has no computed deadline (outside the calendar) or was closed as not requested."""
    why = view.obligation.state_reason
    return None if why is None else render(why, language)


def explanation(view: ObligationView, language: str) -> str:
    """Starts with the item as the language writes it ("46-т.", "п. 46", "p.46"): never the raw "p.46:" in kk, ru."""
    obligation = view.obligation
    parts = [render(obligation.explanation, language)]
    if obligation.planning_note is not None:
        parts.append(render(obligation.planning_note, language))
    for why in (obligation.not_applicable_reason, obligation.state_reason):
        if why is not None:
            parts.append(render(why, language))
    if obligation.late and obligation.done_on is not None:
        parts.append(render(Message(N_("Done on {done_on}, after the due date {due}."),
                                    {"done_on": obligation.done_on, "due": obligation.planned_due}), language))
    return " ".join(parts)


def state_label(view: ObligationView, language: str) -> str:
    """The state's name, with the late mark when done after the due date."""
    label = state_name(view.state, language)
    return f"{label} ({late_mark(language)})" if view.obligation.late else label


def short_state_label(view: ObligationView, language: str) -> str:
    """The state's short name (SHORT_STATE_LABELS); done after the due date, "Done late"."""
    if view.obligation.late and view.state is ObligationState.DONE:
        return translate_in(language, DONE_LATE)
    label = short_state_name(view.state, language)
    return f"{label} ({late_mark(language)})" if view.obligation.late else label
