"""Documents in one language (issue 19.2): which language a text is written in, and what an event still lacks
before a document in Kazakh or in Russian can be made of it.

An official document is written in one language — Kazakh, the state language, or Russian, used officially on a
par with it (Constitution, art. 7; Law "On languages in the Republic of Kazakhstan", arts. 8–9); Hattama makes
each of its documents (the p.46 report, the p.48/p.49 letters, the plan) in kk or ru: a Russian report must not
show a Kazakh job title or "Бейжің", a Kazakh one not a Russian title of a foreign guest. The texts an event holds in two forms are its title (`title_kk`/`title_ru`), city (`city`/`city_ru`),
venue (`venue`/`venue_ru`) and each participant's position and organisation (`job_title`/`job_title_ru`,
`organisation`/`organisation_ru`) and the p.46 plan's level of participation, initiator, source of funding and
programme (`participation_level`/`participation_level_ru` …, migration 0018); the columns without a suffix are
the Kazakh forms (they predate issue 19.2).
A form may be left empty when it reads the same in both languages: the other form then serves both.
"""

from __future__ import annotations

from collections.abc import Sequence

from hattama.rules.errors import N_
from hattama.rules.event_validation import EventData, FieldProblem, Participant

DOCUMENT_LANGUAGES = ("kk", "ru")
# Letters of the Kazakh Cyrillic alphabet that Russian does not have.
KAZAKH_ONLY_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

# (Kazakh field, Russian field) of the event's texts held in two forms.
EVENT_FORMS = {"title": ("title_kk", "title_ru"), "city": ("city", "city_ru"), "venue": ("venue", "venue_ru")}
# The p.46 plan's texts (the plan of 20 December prints them; migration 0018).
PLAN_FORMS = {name: (name, f"{name}_ru") for name in ("participation_level", "initiator", "funding_source",
                                                       "programme")}
PARTICIPANT_FORMS = {"job_title": ("job_title", "job_title_ru"), "organisation": ("organisation", "organisation_ru")}

_MISSING = {
    ("title", "kk"): N_("The event's title in Kazakh is missing."),
    ("title", "ru"): N_("The event's title in Russian is missing."),
    ("city", "kk"): N_("The city in Kazakh is missing."),
    ("city", "ru"): N_("The city in Russian is missing."),
    ("venue", "kk"): N_("The venue in Kazakh is missing."),
    ("venue", "ru"): N_("The venue in Russian is missing."),
    ("participation_level", "kk"): N_("The level of participation in Kazakh is missing."),
    ("participation_level", "ru"): N_("The level of participation in Russian is missing."),
    ("initiator", "kk"): N_("The initiator in Kazakh is missing."),
    ("initiator", "ru"): N_("The initiator in Russian is missing."),
    ("funding_source", "kk"): N_("The source of funding in Kazakh is missing."),
    ("funding_source", "ru"): N_("The source of funding in Russian is missing."),
    ("programme", "kk"): N_("The programme in Kazakh is missing."),
    ("programme", "ru"): N_("The programme in Russian is missing."),
    ("job_title", "kk"): N_("{name}: the position in Kazakh is missing."),
    ("job_title", "ru"): N_("{name}: the position in Russian is missing."),
    ("organisation", "kk"): N_("{name}: the organisation in Kazakh is missing."),
    ("organisation", "ru"): N_("{name}: the organisation in Russian is missing."),
}


def written_in(text: str) -> str | None:
    """"kk" when the text has a Kazakh-only letter, "ru" when it is other Cyrillic, None when it has no Cyrillic
    letter (a Latin name, an abbreviation, digits): such a text reads the same in both documents."""
    if any(letter in KAZAKH_ONLY_LETTERS for letter in text):
        return "kk"
    if any("\u0400" <= letter <= "\u04ff" for letter in text):
        return "ru"
    return None


def split_by_language(text: str) -> tuple[str, str]:
    """One text of unknown language as (Kazakh form, Russian form): how a store or a file from before issue 19.2
    is read. Kazakh letters: the Kazakh form; other Cyrillic: the Russian form (a Kazakh text without any of the
    nine letters — "Астана", "Директор" — reads as Russian; the officer adds the Kazakh form when a Kazakh
    document asks for it); no Cyrillic: both."""
    language = written_in(text)
    if language == "kk":
        return text, ""
    if language == "ru":
        return "", text
    return text, text


def form_in(kazakh: str, russian: str, language: str) -> str:
    """The form a document in `language` shows; the other when this one is empty (a form reads the same in both
    languages only when it is left empty, so the missing-translation check runs first)."""
    first, second = (russian, kazakh) if language == "ru" else (kazakh, russian)
    return first or second


def participant_form(participant: Participant, name: str, language: str) -> str:
    kazakh, russian = PARTICIPANT_FORMS[name]
    return form_in(getattr(participant, kazakh), getattr(participant, russian), language)


def _missing(kazakh: str, russian: str, language: str) -> bool:
    """The document's form is empty while the other one is in a language of its own (a Latin name or an
    abbreviation serves both)."""
    own, other = (russian, kazakh) if language == "ru" else (kazakh, russian)
    if own.strip() or not other.strip():
        return False
    return written_in(other) not in (None, language)


def _missing_form(record: object, forms: tuple[str, str], language: str) -> bool:
    """`_missing` for the record's Kazakh and Russian attributes named by `forms`."""
    kazakh, russian = forms
    return _missing(getattr(record, kazakh), getattr(record, russian), language)


def missing_translations(data: EventData, language: str, *, venue: bool = True, participants: bool = True,
                         plan: bool = False) -> list[FieldProblem]:
    """What a document in `language` would show in the other language: one problem per field (`city_ru`,
    `participants[2].job_title_ru` …). `venue`/`participants` False for a document that does not show them,
    `plan` True for one that shows the p.46 plan's texts (PLAN_FORMS)."""
    shown = [name for name in EVENT_FORMS if venue or name != "venue"]
    problems = form_problems(data, language, [*shown, *(PLAN_FORMS if plan else ())])
    if participants:
        problems += participant_problems(data.participants, language)
    return problems


def form_problems(record: object, language: str, names: Sequence[str]) -> list[FieldProblem]:
    """`missing_translations` of the event's texts `names` (keys of EVENT_FORMS and PLAN_FORMS) for any record
    with those attributes: EventData, or the stored event a document is made of."""
    if language not in DOCUMENT_LANGUAGES:
        raise ValueError(f"documents are in {DOCUMENT_LANGUAGES}, not {language!r}")
    index = DOCUMENT_LANGUAGES.index(language)
    forms = {**EVENT_FORMS, **PLAN_FORMS}
    return [FieldProblem(forms[name][index], _MISSING[name, language])
            for name in names if _missing_form(record, forms[name], language)]


def participant_problems(people: Sequence[Participant], language: str) -> list[FieldProblem]:
    index = DOCUMENT_LANGUAGES.index(language)
    problems = []
    for number, person in enumerate(people):
        for name, fields in PARTICIPANT_FORMS.items():
            if _missing_form(person, fields, language):
                problems.append(FieldProblem(f"participants[{number}].{fields[index]}", _MISSING[name, language],
                                             {"name": person.full_name or f"#{number + 1}"}))
    return problems
