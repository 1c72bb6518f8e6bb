"""Documents in one language (issue 19.2): refusing a document that would show the other language's
text, and the place and participants in the document's language (hattama.rules.document_language)."""

from __future__ import annotations

from collections.abc import Sequence

from hattama.language import N_, country_name
from hattama.rules.document_language import (
    form_in,
    missing_translations,
    participant_form,
)
from hattama.rules.event_validation import (
    EventData,
    FieldProblem,
    Participant,
)
from hattama.services.errors import ServiceError


class MissingTranslations(ServiceError):
    """A document in one language would show text of the other (issue 19.2); `problems` name each field."""

    MESSAGES = {
        "kk": N_("The document in Kazakh cannot be made yet: {problems} Add them in the event's editor."),
        "ru": N_("The document in Russian cannot be made yet: {problems} Add them in the event's editor."),
    }

    def __init__(self, language: str, problems: Sequence[FieldProblem]) -> None:
        super().__init__(self.MESSAGES[language], problems=list(problems))
        self.language = language
        self.problems = list(problems)


def require_translations(data: EventData, language: str, *, venue: bool = True, participants: bool = True) -> None:
    """Refuses, naming each field, to make a document in `language` that would show the other language's text
    (`venue`, `participants`: whether the document shows them)."""
    problems = missing_translations(data, language, venue=venue, participants=participants)
    if problems:
        raise MissingTranslations(language, problems)


def place_in(data: EventData, language: str, *, venue: bool = True) -> str:
    """"venue, city, country" in the document's language (the forms `require_translations` checked)."""
    parts = (form_in(data.venue, data.venue_ru, language) if venue else "", form_in(data.city, data.city_ru, language),
             country_name(data.country, language))
    return ", ".join(part for part in parts if part)


def participant_line(person: Participant, language: str) -> str:
    """"Name, position, organisation" in the document's language."""
    parts = (person.full_name, participant_form(person, "job_title", language),
             participant_form(person, "organisation", language))
    return ", ".join(part for part in parts if part)
