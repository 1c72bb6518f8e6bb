"""The letter log's vocabularies, named for the Letters page and `hattama letter` (msgids, translated there)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hattama.i18n import N_, _, current_language, format_date
from hattama.services.event_reference import display_title

if TYPE_CHECKING:
    from hattama.services.letters import LinkedSubject

CORRESPONDENT_LABELS = {
    "foreign_state_body": N_("Foreign state body"),
    "diplomatic_mission": N_("Diplomatic mission"),
    "international_organisation": N_("International organisation"),
    "mfa": N_("The MFA"),
    "commission": N_("The Commission"),
    "kz_state_body": N_("State body of Kazakhstan"),
}
CHANNEL_LABELS = {
    "via_mfa": N_("Through the MFA"),
    "direct_urgent": N_("Direct — urgent (within five days)"),
    "direct_legal": N_("Direct — under a law, act or treaty"),
}
DIRECTION_LABELS = {"incoming": N_("Incoming"), "outgoing": N_("Outgoing")}
PURPOSE_LABELS = {
    "": N_("Letter"),
    "p48-request": N_("p.48 request for consultations"),
    "p49-briefing": N_("p.49 briefing of the next receiving official"),
    "p49-notice": N_("p.49 notice to the MFA"),
    "covering-letter": N_("Covering letter of a bundle"),
}
# The documents Hattama drafts (letter_drafts.DRAFTS), as the Letters page and the draft window name them.
DRAFT_LABELS = {"p44-notice": N_("p.44 notice to the MFA of a direct letter"),
                **{kind: PURPOSE_LABELS[kind] for kind in ("p48-request", "p49-briefing", "p49-notice")}}


def subject_title(subject: LinkedSubject) -> str:
    """An event or a treaty a letter is linked to, in the officer's language with its day; one gone from the store
    by its id."""
    title = display_title(subject.title_kk, subject.title_ru, current_language())
    event = subject.kind == "event"
    if not title:
        return (_("Linked event, no longer in the store: {id}") if event
                else _("Linked treaty, no longer in the store: {id}")).format(id=subject.id)
    shown = f"{format_date(subject.on)} — {title}" if subject.on else title
    return (_("Linked event: {subject}") if event else _("Linked treaty: {subject}")).format(subject=shown)
