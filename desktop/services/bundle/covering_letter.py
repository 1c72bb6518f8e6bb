"""The covering letter of a submission bundle (issue 16.3): drafted from what Hattama knows — the body, the
officer, and each document the bundle carries — as an official letter to the MFA in Kazakhstan's languages, with
the number and date it is registered under (issue 16.4). Its body is editable before it is rendered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from hattama.language import N_, translate_in
from hattama.services.letter_drafts import MFA_ADDRESSEE
from hattama.services.pdf.letter import LetterDocument
from hattama.services.pdf.official_dates import document_date
from hattama.services.settings import UnitDetails

COVERING_TITLE = N_("On the documents sent to the Ministry of Foreign Affairs")
COVERING_OPENING = N_("{body} sends the following documents, signed in one submission bundle:")
COVERING_REPORT = N_("the report on the international event «{event}» of {date} (paragraph 46 of the Rules);")
COVERING_FORMS = N_("the information on international treaties for {year}, forms {forms} (paragraph 2 of the "
                    "Rules), as PDF and as a workbook;")
COVERING_PLAN = N_("the plan of international events for {year} (paragraph 46 of the Rules), as PDF and as a "
                   "workbook;")
COVERING_ACTIVITY = N_("the information on international activity from {start} to {end} (paragraph 46 of the "
                       "Rules), as PDF and as a workbook;")


@dataclass(frozen=True)
class Enclosure:
    """One document the letter names: `kind` "report" (with the event's title in the letter's language and its
    last day), "forms" (year and form numbers), "plan" (the year planned) or "activity" (the period)."""

    kind: str
    title: str = ""
    on: dt.date | None = None
    year: int | None = None
    forms: tuple[int, ...] = ()
    period: tuple[dt.date, dt.date] | None = None


def covering_body(settings: UnitDetails, enclosures: Sequence[Enclosure], language: str) -> str:
    """The letter's text as drafted, one paragraph per line: an opening and a numbered line per document."""
    lines = [translate_in(language, COVERING_OPENING).format(body=settings.body_name(language))]
    for number, enclosure in enumerate(enclosures, start=1):
        lines.append(f"{number}. {_line(enclosure, language)}")
    return "\n".join(lines)


def _line(enclosure: Enclosure, language: str) -> str:
    if enclosure.kind == "report":
        assert enclosure.on is not None
        return translate_in(language, COVERING_REPORT).format(event=enclosure.title,
                                                              date=document_date(enclosure.on, language))
    if enclosure.kind == "forms":
        return translate_in(language, COVERING_FORMS).format(
            year=enclosure.year, forms=", ".join(str(form) for form in enclosure.forms))
    if enclosure.kind == "plan":
        return translate_in(language, COVERING_PLAN).format(year=enclosure.year)
    assert enclosure.period is not None
    start, end = enclosure.period
    return translate_in(language, COVERING_ACTIVITY).format(start=document_date(start, language),
                                                            end=document_date(end, language))


def covering_letter(settings: UnitDetails, body: str, language: str, number: str,
                    registered_on: dt.date) -> LetterDocument:
    """The letter as its PDF shows it, registered under `number` of `registered_on`."""
    return LetterDocument(
        language=language, body_name=settings.body_name(language), unit_name=settings.unit_name(language),
        addressee=translate_in(language, MFA_ADDRESSEE), title=translate_in(language, COVERING_TITLE), body=body,
        signer_position=settings.officer_position(language), signer_name=settings.officer_name,
        author=settings.officer_name, registered_on=registered_on, number=number)
