"""p.46, the 20 December submission: next year's plan of international events and the activity report for a
period, as PDF and XLSX from the registry, and both recorded as sent (which closes that year's obligation).

Both documents are tables of texts (`hattama.services.forms.tables.FormTable`), drawn by the same PDF and
workbook code as the annual treaty forms (p.2); the activity report adds the officer's narrative and charts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from hattama import clock
from hattama.db.models import (
    ActivityNarrative,
    Event,
    EventParty,
    ObligationMark,
    PlanSubmission,
    Report,
    ReportText,
    Treaty,
)
from hattama.db.store import Store
from hattama.language import N_, country_name, month_name, translate_in
from hattama.rules.document_language import PLAN_FORMS, form_in, form_problems
from hattama.rules.errors import Title
from hattama.rules.event_validation import FIRST_YEAR, LAST_YEAR, FieldProblem
from hattama.rules.obligations import ObligationKind, ObligationState
from hattama.rules.plans import NOT_YET_HELD, STATUS_LABELS, EventStatus, is_quarter, quarter_of
from hattama.services.errors import ServiceError
from hattama.services.event_language import MissingTranslations
from hattama.services.event_reference import display_title, kind_label
from hattama.services.forms.definitions import FORM_LANGUAGES
from hattama.services.forms.tables import FormSection, FormTable, short_date
from hattama.services.obligations import REPORT_SENT_STATUSES, compute_obligations
from hattama.services.organisations import organisation_name
from hattama.services.registration import submission_registration, submission_subject
from hattama.services.settings import UnitDetails, load_settings

ITEM = "p.46"
DOCUMENT_FORMATS = ("pdf", "xlsx")
PLAN, ACTIVITY = "plan", "activity"
MARKED_BY = "hattama plan"
# Stored with the obligation mark, in the store's own words (a record, not a message).
SENT_NOTE = "plan {plan_year} and activity report sent"

PLAN_TITLE = N_("Plan of international events for {year}")
QUARTER_HEADING = N_("Quarter {quarter}")
NO_PLANNED_EVENTS = N_("No international event is planned for the year.")
PLAN_HEADINGS = (N_("No."), N_("Event"), N_("Dates or period"), N_("Place"), N_("Foreign parties"),
                 N_("Level of participation"), N_("Initiator"), N_("Source of funding"), N_("Treaty or programme"),
                 N_("Status"))
PLAN_WIDTHS = (3, 22, 10, 10, 12, 10, 9, 9, 11, 8)
FOREIGN_ECONOMIC_MARK = N_("foreign-economic")
MONTH_PERIOD = N_("{month} {year}")
QUARTER_PERIOD = N_("Quarter {quarter} of {year}")
_ROMAN = ("I", "II", "III", "IV")


def _check_choice(year: int, language: str, format: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ServiceError(N_("The year {year} is outside the years Hattama accepts ({first}–{last})."),
                           year=year, first=FIRST_YEAR, last=LAST_YEAR)
    if language not in FORM_LANGUAGES:
        raise ServiceError(N_("The document is made in Kazakh or Russian, not “{language}”."), language=language)
    if format not in DOCUMENT_FORMATS:
        raise ServiceError(N_("The document is made as PDF or XLSX, not “{format}”."), format=format)


# ------------------------------------------------------------------------------------------------- the plan

def _period_text(event: Event, language: str) -> str:
    period = event.tentative_period
    if not period:
        first, last = event.starts_at.date(), event.ends_at.date()
        return short_date(first) if first == last else f"{short_date(first)}–{short_date(last)}"
    year = int(period[:4])
    if is_quarter(period):
        return translate_in(language, QUARTER_PERIOD).format(quarter=_ROMAN[int(period[-1]) - 1], year=year)
    return translate_in(language, MONTH_PERIOD).format(month=month_name(int(period[5:]), language=language, width="wide"),
                                                       year=year)


def _party_text(parties: Sequence[EventParty], language: str) -> str:
    names = []
    for party in parties:
        if party.party_kind == "country":
            names.append(country_name(party.code, language))
        elif party.party_kind == "organisation":
            names.append(organisation_name(party.code, language))
        else:
            names.append(party.name)
    return ", ".join(names)


def _place_text(event: Event, language: str) -> str:
    """"Country, city" in the document's language (issue 19.2: the city's form in that language)."""
    city = form_in(event.city, event.city_ru, language)
    return ", ".join(part for part in (country_name(event.country, language), city) if part)


def _treaty_titles(session: Session, events: Iterable[Event], language: str) -> dict[UUID, str]:
    linked = {event.treaty_id for event in events if event.treaty_id is not None}
    if not linked:
        return {}
    rows = session.execute(select(Treaty.id, Treaty.title_kk, Treaty.title_ru).where(Treaty.id.in_(linked)))
    return {row.id: display_title(row.title_kk, row.title_ru, language) for row in rows}


def _header(settings: UnitDetails, language: str) -> dict[str, str]:
    return dict(body_name=settings.body_name(language), unit_name=settings.unit_name(language),
                signer_position=settings.officer_position(language), signer_name=settings.officer_name)


def _starting_within(first: dt.date, last: dt.date) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Events starting on a day from `first` to `last` (wall-clock times: compared as such, on the index)."""
    return (Event.starts_at >= dt.datetime.combine(first, dt.time()),
            Event.starts_at < dt.datetime.combine(last + dt.timedelta(days=1), dt.time()))


def planned_events(session: Session, year: int) -> list[Event]:
    """The plan of `year`: planned and confirmed events starting in it, not in the bin, by start."""
    query = (select(Event).where(Event.deleted_at.is_(None), Event.status.in_([s.value for s in NOT_YET_HELD]),
                                 *_starting_within(dt.date(year, 1, 1), dt.date(year, 12, 31)))
             .order_by(Event.starts_at, Event.id))
    return list(session.scalars(query))


def build_plan_table(store: Store, year: int, language: str) -> FormTable:
    """The plan of `year` grouped by quarter, rows numbered through the year."""
    settings = load_settings(store)
    with store.session() as session:
        events = planned_events(session, year)
        treaties = _treaty_titles(session, events, language)
        by_quarter: dict[int, list[tuple[str, ...]]] = {}
        for number, event in enumerate(events, start=1):
            title = display_title(event.title_kk, event.title_ru, language)
            if event.foreign_economic:
                title += f" ({translate_in(language, FOREIGN_ECONOMIC_MARK)})"
            treaty = treaties.get(event.treaty_id, "") if event.treaty_id is not None else ""
            plan_texts = {name: form_in(getattr(event, kazakh), getattr(event, russian), language)
                          for name, (kazakh, russian) in PLAN_FORMS.items()}  # issue 19.2: the document's form
            link = "; ".join(text for text in (treaty, plan_texts["programme"]) if text)
            by_quarter.setdefault(quarter_of(event.starts_at.date()), []).append((
                str(number), title, _period_text(event, language), _place_text(event, language),
                _party_text(event.parties, language), plan_texts["participation_level"], plan_texts["initiator"],
                plan_texts["funding_source"], link, translate_in(language, STATUS_LABELS[EventStatus(event.status)]),
            ))
    sections = tuple(
        FormSection(translate_in(language, QUARTER_HEADING).format(quarter=_ROMAN[quarter - 1]), tuple(rows))
        for quarter, rows in sorted(by_quarter.items()))
    return FormTable(
        form=None, item=ITEM, year=year, language=language,
        title=translate_in(language, PLAN_TITLE).format(year=year),
        headings=tuple(translate_in(language, heading) for heading in PLAN_HEADINGS), header_groups=(),
        widths=PLAN_WIDTHS, sections=sections, empty_note=translate_in(language, NO_PLANNED_EVENTS),
        **_header(settings, language))


def registered_as(store: Store, kind: str, subject: str) -> tuple[dt.date, str] | None:
    """The registration date and number a submission document's PDF prints; None: it prints the draft mark."""
    registered = submission_registration(store, kind, subject)
    return None if registered is None else (registered.registered_on, registered.number)


class PlanMissingTranslations(MissingTranslations):
    """The plan in one language would show text of the other (issue 19.2): `problems` hold one problem per event,
    naming it and nesting its missing fields (hattama.rules.document_language)."""

    MESSAGES = {
        "kk": N_("The plan in Kazakh cannot be made yet: {problems} Add them in the events' editors."),
        "ru": N_("The plan in Russian cannot be made yet: {problems} Add them in the events' editors."),
    }


PLAN_EVENT_MISSING = N_("“{title}”: {problems}")
# What the plan prints of each event in two forms: its title, city and the p.46 plan texts.
PLAN_SHOWS = ("title", "city", *PLAN_FORMS)


def plan_translation_problems(store: Store, year: int, language: str) -> list[FieldProblem]:
    """Each planned event of `year` whose plan in `language` would print a text of the other language: a problem
    on `events[<id>]` naming the event, with its missing fields (`participation_level_ru` …) nested."""
    problems = []
    with store.session() as session:
        for event in planned_events(session, year):
            missing = form_problems(event, language, PLAN_SHOWS)
            if missing:
                problems.append(FieldProblem(f"events[{event.id}]", PLAN_EVENT_MISSING,
                                             {"title": Title(event.title_kk, event.title_ru), "problems": missing}))
    return problems


def render_plan(store: Store, year: int, language: str, format: str) -> bytes:
    """The plan of `year` in `language`; PlanMissingTranslations, naming each event and field, before any file
    when a planned event lacks the form of a text the plan prints in that language."""
    _check_choice(year, language, format)
    problems = plan_translation_problems(store, year, language)
    if problems:
        raise PlanMissingTranslations(language, problems)
    table = build_plan_table(store, year, language)
    if format == "pdf":
        from hattama.services.pdf.forms import render_forms_pdf

        return render_forms_pdf([table], author=load_settings(store).officer_name,
                                registered=registered_as(store, "plan", submission_subject("plan", year=year)))
    from hattama.services.forms.xlsx import render_forms_xlsx

    return render_forms_xlsx([table])


# ------------------------------------------------------------------------------------------ the activity report

ACTIVITY_TITLE = N_("Information on international activity from {start} to {end}")
FIGURE_HEADINGS = (N_("Indicator"), N_("Count"))  # how many: not a letter's "Number"
FIGURES_TITLE = N_("The period in figures")
BY_KIND_TITLE = N_("Events by kind")
BY_COUNTRY_TITLE = N_("Events by country and organisation")
BY_MONTH_TITLE = N_("Events by month")
AGREEMENTS_TITLE = N_("Agreements reached")
AGREEMENT_HEADINGS = (N_("No."), N_("Event"), N_("Dates"), N_("Agreements reached"))
NARRATIVE_TITLE = N_("Narrative")
NO_EVENTS = N_("No event was held in the period.")
FIGURE_LABELS = {
    "held": N_("International events held"),
    "in_kazakhstan": N_("held in Kazakhstan"),
    "abroad": N_("held abroad"),
    "foreign_economic": N_("foreign-economic events"),
    "reports_due": N_("post-event reports requested by the MFA"),
    "reports_sent": N_("post-event reports sent to the MFA"),
    "reports_on_time": N_("of them sent on time"),
    "agreements": N_("events with agreements reached"),
    "treaties_signed": N_("international treaties signed"),
}


# p.46 reports the MFA did not ask for (or that the decree does not ask of the body) are not counted as due.
_NOT_DUE = frozenset({ObligationState.AWAITING_REQUEST, ObligationState.NOT_REQUESTED, ObligationState.NOT_APPLICABLE})


@dataclass(frozen=True)
class ActivityFigures:
    """What the registry says of the events held from `start` to `end` (inclusive), not in the bin."""

    start: dt.date
    end: dt.date
    counts: dict[str, int]
    by_kind: Counter[str] = field(default_factory=Counter)
    by_country: Counter[str] = field(default_factory=Counter)  # ISO codes of the venue and of country parties
    by_organisation: Counter[str] = field(default_factory=Counter)  # organisation codes among the parties
    by_month: Counter[tuple[int, int]] = field(default_factory=Counter)  # (year, month) of the start
    agreements: tuple[tuple[str, str, str], ...] = ()  # (title, dates, agreements) in the language asked


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ServiceError(N_("The period ends ({end}) before it starts ({start})."), start=start, end=end)
    for day in (start, end):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ServiceError(N_("The year {year} is outside the years Hattama accepts ({first}–{last})."),
                               year=day.year, first=FIRST_YEAR, last=LAST_YEAR)


def activity_figures(store: Store, start: dt.date, end: dt.date, language: str = "kk",
                     today: dt.date | None = None) -> ActivityFigures:
    _check_period(start, end)
    today = today or clock.today()
    counts = Counter({name: 0 for name in FIGURE_LABELS})
    by_kind: Counter[str] = Counter()
    by_country: Counter[str] = Counter()
    by_organisation: Counter[str] = Counter()
    by_month: Counter[tuple[int, int]] = Counter()
    agreements = []
    with store.session() as session:
        events = list(session.scalars(
            select(Event).where(Event.deleted_at.is_(None), Event.status == EventStatus.HELD.value,
                                *_starting_within(start, end))
            .order_by(Event.starts_at, Event.id)))
        ids = {event.id for event in events}
        agreed = {}
        if ids:
            for event_id, text in session.execute(
                    select(Report.event_id, ReportText.agreements).join(ReportText, ReportText.report_id == Report.id)
                    .where(Report.event_id.in_(ids), ReportText.language == language)):
                if text.strip():
                    agreed[event_id] = text.strip()
        for event in events:
            counts["held"] += 1
            counts["in_kazakhstan" if event.country == "KZ" else "abroad"] += 1
            counts["foreign_economic"] += event.foreign_economic
            by_kind[event.kind] += 1
            by_month[event.starts_at.year, event.starts_at.month] += 1
            countries = {event.country} | {p.code for p in event.parties if p.party_kind == "country"}
            by_country.update(code for code in countries if code != "KZ")
            by_organisation.update({p.code for p in event.parties if p.party_kind == "organisation"})
            if event.id in agreed:
                first, last = event.starts_at.date(), event.ends_at.date()
                dates = short_date(first) if first == last else f"{short_date(first)}–{short_date(last)}"
                agreements.append((display_title(event.title_kk, event.title_ru, language), dates, agreed[event.id]))
        counts["agreements"] = len(agreements)
        counts["treaties_signed"] = session.scalar(select(func.count()).select_from(Treaty).where(
            Treaty.signed_on >= start, Treaty.signed_on <= end)) or 0
        sent = set(session.scalars(select(Report.event_id).where(
            Report.event_id.in_(ids), Report.status.in_(REPORT_SENT_STATUSES)))) if ids else set()
    counts["reports_sent"] = len(sent)
    for view in compute_obligations(store, today=today, years=()):
        if view.obligation.kind is not ObligationKind.POST_EVENT_REPORT or view.event_id not in ids:
            continue
        counts["reports_due"] += view.state not in _NOT_DUE
        counts["reports_on_time"] += view.event_id in sent and view.state is ObligationState.DONE and not (
            view.obligation.late)
    return ActivityFigures(start, end, dict(counts), by_kind, by_country, by_organisation, by_month,
                           tuple(agreements))


def _figure_table(title: str, headings: Sequence[str], rows: Sequence[tuple[str, ...]], widths: tuple[float, ...],
                  common: dict[str, Any], empty: str) -> FormTable:
    return FormTable(form=None, headings=tuple(headings), header_groups=(), widths=widths,
                     sections=(FormSection(None, tuple(rows)),) if rows else (), title=title, empty_note=empty,
                     **common)


def build_activity_tables(store: Store, figures: ActivityFigures, language: str) -> list[FormTable]:
    """The figures, events by kind, by country and organisation, by month, and the agreements reached."""
    settings = load_settings(store)
    common = dict(item=ITEM, year=figures.end.year, language=language, **_header(settings, language))
    empty = translate_in(language, NO_EVENTS)
    headings = [translate_in(language, heading) for heading in FIGURE_HEADINGS]
    main = [(translate_in(language, FIGURE_LABELS[name]), str(count)) for name, count in figures.counts.items()]
    kinds = [(kind_label(kind, language), str(count)) for kind, count in figures.by_kind.most_common()]
    places = [(country_name(code, language), str(count)) for code, count in figures.by_country.most_common()]
    places += [(organisation_name(code, language), str(count)) for code, count in figures.by_organisation.most_common()]
    months = [(translate_in(language, MONTH_PERIOD).format(month=month_name(month, language=language, width="wide"), year=year),
               str(count)) for (year, month), count in sorted(figures.by_month.items())]
    agreements = [(str(number), *row) for number, row in enumerate(figures.agreements, start=1)]
    title = translate_in(language, ACTIVITY_TITLE).format(start=short_date(figures.start), end=short_date(figures.end))
    return [
        _figure_table(title + "\n" + translate_in(language, FIGURES_TITLE), headings, main, (3, 1), common, empty),
        _figure_table(translate_in(language, BY_KIND_TITLE), headings, kinds, (3, 1), common, empty),
        _figure_table(translate_in(language, BY_COUNTRY_TITLE), headings, places, (3, 1), common, empty),
        _figure_table(translate_in(language, BY_MONTH_TITLE), headings, months, (3, 1), common, empty),
        _figure_table(translate_in(language, AGREEMENTS_TITLE),
                      [translate_in(language, heading) for heading in AGREEMENT_HEADINGS], agreements,
                      (1, 8, 4, 14), common, empty),
    ]


def render_activity(store: Store, start: dt.date, end: dt.date, language: str, format: str,
                    today: dt.date | None = None) -> bytes:
    _check_choice(end.year, language, format)
    figures = activity_figures(store, start, end, language, today)
    tables = build_activity_tables(store, figures, language)
    narrative = load_narrative(store, start, end, language)
    if format == "pdf":
        from hattama.services.pdf.activity import render_activity_pdf

        return render_activity_pdf(tables, narrative, figures, author=load_settings(store).officer_name,
                                   registered=registered_as(store, "activity",
                                                            submission_subject("activity", period=(start, end))))
    from hattama.services.forms.xlsx import render_forms_xlsx

    if narrative.strip():
        heading = translate_in(language, NARRATIVE_TITLE)
        paragraphs = [(paragraph,) for paragraph in narrative.split("\n") if paragraph.strip()]
        tables.insert(0, _figure_table(heading, [heading], paragraphs, (1,), _common(tables[0]), ""))
    return render_forms_xlsx(tables)


def _common(table: FormTable) -> dict[str, Any]:
    return dict(item=table.item, year=table.year, language=table.language, body_name=table.body_name,
                unit_name=table.unit_name, signer_position=table.signer_position, signer_name=table.signer_name)


# ---------------------------------------------------------------------------------------------- the narrative

MAX_NARRATIVE = 100_000


def load_narrative(store: Store, start: dt.date, end: dt.date, language: str) -> str:
    with store.session() as session:
        text = session.scalar(select(ActivityNarrative.text).where(
            ActivityNarrative.period_from == start, ActivityNarrative.period_to == end,
            ActivityNarrative.language == language))
    return text or ""


def save_narrative(store: Store, start: dt.date, end: dt.date, language: str, text: str) -> None:
    """The officer's narrative of the activity report (the GUI autosaves it)."""
    _check_period(start, end)
    if len(text) > MAX_NARRATIVE:
        raise ServiceError(N_("This text is longer than {limit} characters."), limit=MAX_NARRATIVE)
    with store.session() as session:
        row = session.scalars(select(ActivityNarrative).where(
            ActivityNarrative.period_from == start, ActivityNarrative.period_to == end,
            ActivityNarrative.language == language)).first()
        if row is None:
            session.add(ActivityNarrative(period_from=start, period_to=end, language=language, text=text))
        else:
            row.text = text


# ------------------------------------------------------------------------------------------------ writing, sent

def write_document(data: bytes, path: Path) -> Path:
    from hattama.services.pdf.render import write_atomically

    try:
        return write_atomically(data, path)
    except OSError as error:
        raise ServiceError(N_("The file could not be written to {path}: {reason}."), path=str(path),
                           reason=error.strerror or str(error)) from error


@dataclass(frozen=True)
class SentDocument:
    year: int  # the year of the 20 December submission
    document: str  # PLAN (of year + 1) or ACTIVITY
    sent_on: dt.date
    reference: str


def record_sent(store: Store, year: int, document: str, sent_on: dt.date, reference: str = "",
                today: dt.date | None = None) -> None:
    """A document of `year`'s 20 December submission went to the MFA: the plan of `year + 1` or the activity
    report. Once both are recorded, `year`'s p.46 obligation is done on the day the later went, in the same
    transaction (an obligation mark like one the officer sets)."""
    if document not in (PLAN, ACTIVITY):
        raise ServiceError(N_("“{document}” is not a document of the 20 December submission."), document=document)
    _check_choice(year, "kk", "pdf")
    if sent_on > (today or clock.today()):
        raise ServiceError(N_("The date sent cannot be in the future: {date}."), date=sent_on)
    with store.session() as session:
        row = session.scalars(select(PlanSubmission).where(
            PlanSubmission.year == year, PlanSubmission.document == document)).first()
        if row is None:
            session.add(PlanSubmission(year=year, document=document, sent_on=sent_on, reference=reference.strip()))
        else:
            row.sent_on, row.reference = sent_on, reference.strip()
        session.flush()
        sent = {row.document: row.sent_on for row in session.scalars(
            select(PlanSubmission).where(PlanSubmission.year == year))}
        if len(sent) < 2:
            return
        kind, subject = ObligationKind.ANNUAL_PLAN_AND_REPORT.value, str(year)
        mark = session.scalars(select(ObligationMark).where(
            ObligationMark.kind == kind, ObligationMark.subject_id == subject)).first()
        if mark is None:
            mark = ObligationMark(kind=kind, subject_id=subject)
            session.add(mark)
        mark.done_on, mark.note, mark.marked_by = max(sent.values()), SENT_NOTE.format(plan_year=year + 1), MARKED_BY


def documents_sent(store: Store, year: int | None = None) -> list[SentDocument]:
    query = select(PlanSubmission).order_by(PlanSubmission.year, PlanSubmission.document)
    if year is not None:
        query = query.where(PlanSubmission.year == year)
    with store.session() as session:
        return [SentDocument(row.year, row.document, row.sent_on, row.reference) for row in session.scalars(query)]
