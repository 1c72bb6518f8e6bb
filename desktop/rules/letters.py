"""Correspondence rules (p.44, p.45): which way an outgoing letter may go, and which half-year a position covers.

p.44: official letters to foreign state bodies, diplomatic missions and international organisations go through
the MFA unless a law, an act of the President or the Government, or a treaty in force provides otherwise; a body
may write directly when an issue must be worked out with the foreign side within the next five days («Таяу
арадағы бес күн ішінде» — plain days), informing the MFA afterwards («кейін»). Letters with the Commission
and with the MFA itself are outside that rule.
"""

from __future__ import annotations

import re

from hattama.rules.errors import N_, RuleError
from hattama.rules.obligations import ObligationKind

DIRECTIONS = ("incoming", "outgoing")
FOREIGN_CORRESPONDENTS = ("foreign_state_body", "diplomatic_mission", "international_organisation")
# A state body of Kazakhstan: the next receiving official a p.49 briefing goes to.
DOMESTIC_BODY = "kz_state_body"
CORRESPONDENT_KINDS = (*FOREIGN_CORRESPONDENTS, "mfa", "commission", DOMESTIC_BODY)
COVERING_LETTER = "covering-letter"
# The documents Hattama drafts for an event, and the obligation of that event each closes once logged as sent:
# p.48 "consultation record / request letter"; p.49 the written briefing; p.49 the notice to the MFA.
PURPOSE_CLOSES = {
    "p48-request": ObligationKind.PRE_DEPARTURE_CONSULTATION,
    "p49-briefing": ObligationKind.NEXT_OFFICIAL_BRIEFING,
    "p49-notice": ObligationKind.MFA_NOTICE_AFTER_MEETING,
}
PURPOSES = ("", *PURPOSE_CLOSES, COVERING_LETTER)
# Who each drafted document goes to.
PURPOSE_ADDRESSEE = {"p48-request": "mfa", "p49-briefing": DOMESTIC_BODY, "p49-notice": "mfa",
                     COVERING_LETTER: "mfa"}
CHANNEL_VIA_MFA = "via_mfa"
CHANNEL_DIRECT_URGENT = "direct_urgent"
CHANNEL_DIRECT_LEGAL = "direct_legal"
CHANNELS = (CHANNEL_VIA_MFA, CHANNEL_DIRECT_URGENT, CHANNEL_DIRECT_LEGAL)
_HALF_YEAR = re.compile(r"(\d{4})-H([12])")


def channel_applies(direction: str, correspondent_kind: str) -> bool:
    """p.44 governs the way of an outgoing letter to a foreign correspondent only."""
    return direction == "outgoing" and correspondent_kind in FOREIGN_CORRESPONDENTS


def check_channel(direction: str, correspondent_kind: str, channel: str) -> None:
    if direction not in DIRECTIONS:
        raise RuleError(N_("“{value}” is not a direction of a letter."), value=direction)
    if correspondent_kind not in CORRESPONDENT_KINDS:
        raise RuleError(N_("“{value}” is not a kind of correspondent."), value=correspondent_kind)
    if channel_applies(direction, correspondent_kind):
        if channel not in CHANNELS:
            raise RuleError(N_("An outgoing letter to a foreign correspondent needs its way (p.44): through the "
                               "MFA, direct and urgent, or direct under a law, act or treaty."))
    elif channel:
        raise RuleError(N_("Only an outgoing letter to a foreign correspondent goes through the MFA or "
                           "directly (p.44)."))


def direct_letter_flag(channel: str, urgency_reason: str, legal_basis: str) -> str | None:
    """The warning for a direct letter that names neither the issue due within five days nor its legal basis."""
    if channel == CHANNEL_DIRECT_URGENT and not urgency_reason.strip():
        return N_("Sent directly as urgent, but the issue to work out within five days is not named (p.44).")
    if channel == CHANNEL_DIRECT_LEGAL and not legal_basis.strip():
        return N_("Sent directly, but the law, act or treaty that allows it is not named (p.44).")
    return None


def check_purpose(purpose: str, direction: str, correspondent_kind: str, linked_events: int) -> None:
    """A drafted document is an outgoing letter to its addressee; one for an event names that event (p.48, p.49)."""
    if purpose not in PURPOSES:
        raise RuleError(N_("“{value}” is not a kind of drafted document."), value=purpose)
    if not purpose:
        return
    if direction != "outgoing" or correspondent_kind != PURPOSE_ADDRESSEE[purpose]:
        raise RuleError(N_("A drafted document is logged as a letter sent to its addressee: the p.48 request and "
                           "the p.49 notice to the MFA, the p.49 briefing to a state body of Kazakhstan."))
    if purpose in PURPOSE_CLOSES and linked_events != 1:
        raise RuleError(N_("A p.48 request, a p.49 briefing or a p.49 notice is about one event: link it."))


def check_position_half(text: str) -> None:
    """p.45: a position letter covers a half-year written "2026-H1" or "2026-H2"."""
    if _HALF_YEAR.fullmatch(text) is None:
        raise RuleError(N_("“{value}” is not a half-year written as YYYY-H1 or YYYY-H2."), value=text)


def half_year_of(year: int, month: int) -> str:
    return f"{year}-H{1 if month <= 6 else 2}"
