"""The annual information on treaties (p.2, by 10 January): forms 1–5 rendered from the register, and recorded
as sent to the MFA, which closes that year's p.2 obligations (forms 1–3: p.2(1); forms 4–5: p.2(2))."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hattama import clock
from hattama.db.models import FormSubmission, ObligationMark
from hattama.db.store import Store
from hattama.language import N_
from hattama.rules.event_validation import FIRST_YEAR, LAST_YEAR
from hattama.rules.obligations import ITEM_TREATIES_IN_FORCE, ITEM_TREATIES_NOT_IN_FORCE, ObligationKind
from hattama.services.errors import ServiceError
from hattama.services.forms.definitions import FORM_ITEMS, FORM_LANGUAGES, FORM_NUMBERS
from hattama.services.forms.tables import build_form_tables
from hattama.services.registration import submission_registration, submission_subject
from hattama.services.settings import load_settings

FORM_FORMATS = ("pdf", "xlsx")
_ITEM_SUFFIXES = {ITEM_TREATIES_IN_FORCE: "1", ITEM_TREATIES_NOT_IN_FORCE: "2"}
# Stored with the obligation mark, in the store's own words (not translated: it is a record, not a message).
FORMS_SENT_NOTE = "forms {forms} sent"
MARKED_BY = "hattama forms"


@dataclass(frozen=True)
class SentForm:
    year: int
    form: int
    sent_on: dt.date
    reference: str


def _check_choice(year: int, forms: Sequence[int], language: str, format: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ServiceError(N_("The year {year} is outside the years Hattama accepts ({first}–{last})."),
                           year=year, first=FIRST_YEAR, last=LAST_YEAR)
    for form in forms:
        if form not in FORM_NUMBERS:
            raise ServiceError(N_("There is no form {form}; the forms of p.2 are 1 to 5."), form=form)
    if language not in FORM_LANGUAGES:
        raise ServiceError(N_("The forms are made in Kazakh or Russian, not “{language}”."), language=language)
    if format not in FORM_FORMATS:
        raise ServiceError(N_("The forms are made as PDF or XLSX, not “{format}”."), format=format)


def render_forms(store: Store, year: int, language: str, format: str,
                 forms: Sequence[int] = FORM_NUMBERS) -> bytes:
    """Forms of `year` (the year reported on) in one PDF or one workbook (a sheet per form)."""
    _check_choice(year, forms, language, format)
    tables = build_form_tables(store, year, language, forms)
    if format == "pdf":
        from hattama.services.pdf.forms import render_forms_pdf

        registered = submission_registration(store, "forms", submission_subject("forms", year=year))
        return render_forms_pdf(tables, author=load_settings(store).officer_name,
                                registered=None if registered is None else (registered.registered_on,
                                                                            registered.number))
    from hattama.services.forms.xlsx import render_forms_xlsx  # openpyxl only when a workbook is asked for

    return render_forms_xlsx(tables)


def write_forms(store: Store, year: int, language: str, format: str, path: Path,
                forms: Sequence[int] = FORM_NUMBERS) -> Path:
    from hattama.services.pdf.render import write_atomically

    data = render_forms(store, year, language, format, forms)
    try:
        return write_atomically(data, path)
    except OSError as error:
        raise ServiceError(N_("The file could not be written to {path}: {reason}."), path=str(path),
                           reason=error.strerror or str(error)) from error


def obligation_subject(item: str, year: int) -> str:
    """The subject id of the p.2 obligation the forms of `year` answer: it falls due on 10 January of the next
    year ("2026-1" for p.2(1) and "2026-2" for p.2(2) on the forms of 2025; see hattama.rules.obligations)."""
    return f"{year + 1}-{_ITEM_SUFFIXES[item]}"


def record_forms_sent(store: Store, year: int, forms: Sequence[int], sent_on: dt.date, reference: str = "",
                      today: dt.date | None = None) -> None:
    """The forms of `year` went to the MFA on `sent_on`. Once forms 1–3 (4–5) of a year are all recorded, the
    p.2(1) (p.2(2)) obligation of the next 10 January is done, in the same transaction, on the day the last of
    them went (an obligation mark like one the officer sets, noting the forms)."""
    _check_choice(year, forms, "kk", "pdf")
    if sent_on > (today or clock.today()):
        raise ServiceError(N_("The date sent cannot be in the future: {date}."), date=sent_on)
    with store.session() as session:
        for form in forms:
            existing = session.scalars(select(FormSubmission).where(
                FormSubmission.year == year, FormSubmission.form == form)).first()
            if existing is None:
                session.add(FormSubmission(year=year, form=form, sent_on=sent_on, reference=reference.strip()))
            else:
                existing.sent_on, existing.reference = sent_on, reference.strip()
        session.flush()
        sent = [SentForm(row.year, row.form, row.sent_on, row.reference)
                for row in session.scalars(select(FormSubmission).where(FormSubmission.year == year))]
        for (item, _year), done_on in items_done(sent).items():
            _mark_done(session, obligation_subject(item, year), done_on,
                       ", ".join(str(form.form) for form in sent if FORM_ITEMS[form.form] == item))


def _mark_done(session: Session, subject_id: str, done_on: dt.date, forms: str) -> None:
    kind = ObligationKind.TREATY_INFORMATION.value
    mark = session.scalars(select(ObligationMark).where(
        ObligationMark.kind == kind, ObligationMark.subject_id == subject_id)).first()
    if mark is None:
        mark = ObligationMark(kind=kind, subject_id=subject_id)
        session.add(mark)
    mark.done_on, mark.note, mark.marked_by = done_on, FORMS_SENT_NOTE.format(forms=forms), MARKED_BY


def forms_sent(store: Store, year: int | None = None) -> list[SentForm]:
    query = select(FormSubmission).order_by(FormSubmission.year, FormSubmission.form)
    if year is not None:
        query = query.where(FormSubmission.year == year)
    with store.session() as session:
        return [SentForm(row.year, row.form, row.sent_on, row.reference) for row in session.scalars(query)]


def items_done(sent: Sequence[SentForm]) -> dict[tuple[str, int], dt.date]:
    """(decree item, year reported on) → the day its last form went: p.2(1) needs forms 1–3, p.2(2) forms 4–5."""
    done: dict[tuple[str, int], dt.date] = {}
    for year in {form.year for form in sent}:
        dates = {form.form: form.sent_on for form in sent if form.year == year}
        for item in set(FORM_ITEMS.values()):
            needed = [number for number, of_item in FORM_ITEMS.items() if of_item == item]
            if all(number in dates for number in needed):
                done[item, year] = max(dates[number] for number in needed)
    return done
