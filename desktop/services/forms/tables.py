"""A year's form (p.2, annexes 1–5) as a table of texts in one language, filled from the register by its definition.

The PDF and the workbook both draw this table; neither reads the register or the definition itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select

from hattama.db.models import Event
from hattama.db.store import Store
from hattama.language import N_, translate_in
from hattama.rules.treaty_validation import Measure, ProcedureStep, TreatyData
from hattama.services.errors import ServiceError
from hattama.services.event_reference import display_title
from hattama.services.forms.definitions import (
    ENTRY_GROUPS,
    FORM_LANGUAGES,
    FORM_NUMBERS,
    FormDefinition,
    load_form_definition,
)
from hattama.services.organisations import party_label
from hattama.services.settings import load_settings
from hattama.services.treaties import TreatyRecord, label, load_treaties

NO_ROWS = N_("No treaty falls under this form for the year.")
CONSENT_ACT_LINE = N_("{act} No. {number} of {date}")


@dataclass(frozen=True)
class FormSection:
    """Rows under one group heading (None: the form is not grouped)."""

    heading: str | None
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class FormTable:
    form: int | None  # None: a table of another document (the p.46 plan, the activity report), not a p.2 form
    item: str
    year: int
    language: str
    title: str
    headings: tuple[str, ...]
    # Spanning headings over neighbouring columns: (text or None, first column, column count), left to right.
    header_groups: tuple[tuple[str | None, int, int], ...]
    widths: tuple[float, ...]
    sections: tuple[FormSection, ...]
    body_name: str
    unit_name: str
    signer_position: str
    signer_name: str
    empty_note: str

    @property
    def row_count(self) -> int:
        return sum(len(section.rows) for section in self.sections)


def short_date(value: dt.date | None) -> str:
    """Dates in table cells as official tables write them: 17.05.2025."""
    return value.strftime("%d.%m.%Y") if value else ""


def _lines(texts: Sequence[str]) -> str:
    """One line per entry, numbered when there are several, so the columns of one entry stay level."""
    if len(texts) <= 1:
        return "".join(texts)
    return "\n".join(f"{number}) {text}" for number, text in enumerate(texts, start=1))


class _Filler:
    """The cell texts of one treaty for the form's year and language."""

    def __init__(self, year: int, language: str, event_titles: dict[UUID, str]) -> None:
        self.year, self.language, self.event_titles = year, language, event_titles

    def label(self, vocabulary: str, code: str) -> str:
        return label(vocabulary, code, self.language) if code else ""

    def entries(self, data: TreatyData, group: str) -> list[Measure]:
        kind = ENTRY_GROUPS[group]
        return [m for m in data.measures if m.year == self.year and m.kind == kind]

    def pending(self, data: TreatyData) -> list[ProcedureStep]:
        return data.steps_at_end_of(self.year)[1]

    def cell(self, field: str, data: TreatyData, number: int) -> str:
        group, _dot, name = field.partition(".")
        if group == "row":
            return str(number)
        if group == "treaty":
            return self.treaty_cell(name, data)
        if group == "procedure":
            return self.procedure_cell(name, data)
        entries = self.entries(data, group)
        if name == "events":
            return _lines(["; ".join(self.event_titles.get(event_id, "") for event_id in entry.event_ids)
                           for entry in entries])
        if name == "taken_on":
            return _lines([short_date(entry.taken_on) for entry in entries])
        return _lines([getattr(entry, name) for entry in entries])

    def treaty_cell(self, name: str, data: TreatyData) -> str:
        language = self.language
        if name == "title":
            return display_title(data.title_kk, data.title_ru, language)
        if name in ("kind", "status"):
            return self.label(name, getattr(data, name))
        if name == "parties":
            return ", ".join(party_label(party, language) for party in data.parties)
        if name == "signed":
            return ", ".join(part for part in (short_date(data.signed_on), data.signed_at) if part)
        if name == "consent_act":
            if not data.consent_act_kind:
                return ""
            if not (data.consent_act_number or data.consent_act_date):
                return self.label("consent_act_kind", data.consent_act_kind)
            return translate_in(language, CONSENT_ACT_LINE).format(
                act=self.label("consent_act_kind", data.consent_act_kind), number=data.consent_act_number or "—",
                date=short_date(data.consent_act_date))
        value = getattr(data, name)
        return short_date(value) if isinstance(value, dt.date) or value is None else value

    def procedure_cell(self, name: str, data: TreatyData) -> str:
        completed, pending = data.steps_at_end_of(self.year)
        if name == "completed":
            return "\n".join(f"{self.label('stage', s.stage)} ({short_date(s.completed_on)})" for s in completed)
        if name == "stage":
            current = pending[0] if pending else (completed[-1] if completed else None)
            return self.label("stage", current.stage) if current else ""
        if name == "pending":
            return _lines([f"{self.label('stage', s.stage)}" + (f" ({short_date(s.started_on)})" if s.started_on else "")
                           for s in pending])
        return _lines([s.reason for s in pending])


def _selected(definition: FormDefinition, records: Sequence[TreatyRecord], year: int,
              filler: _Filler) -> list[TreatyRecord]:
    if definition.treaties == "in_force":
        chosen = [r for r in records if r.data.in_force_during(year)]
    else:
        chosen = [r for r in records if r.data.pending_at_end_of(year)]
    if definition.only_with == "procedure.pending":
        chosen = [r for r in chosen if filler.pending(r.data)]
    elif definition.only_with is not None:
        chosen = [r for r in chosen if filler.entries(r.data, definition.only_with)]
    return chosen


def _sort_key(definition: FormDefinition, language: str) -> Callable[[TreatyRecord], tuple[object, ...]]:
    def key(record: TreatyRecord) -> tuple[object, ...]:
        data = record.data
        values = {"signed_on": data.signed_on, "in_force_on": data.in_force_on or dt.date.max,
                  "title": display_title(data.title_kk, data.title_ru, language).casefold(), "kind": data.kind}
        return tuple(values[name] for name in definition.order)
    return key


def _header_groups(definition: FormDefinition, language: str) -> tuple[tuple[str | None, int, int], ...]:
    groups: list[tuple[str | None, int, int]] = []
    for index, column in enumerate(definition.columns):
        text = column.group[language] if column.group else None
        if groups and text is not None and groups[-1][0] == text:
            groups[-1] = (text, groups[-1][1], groups[-1][2] + 1)
        else:
            groups.append((text, index, 1))
    return tuple(groups)


def _event_titles(store: Store, records: Sequence[TreatyRecord], language: str) -> dict[UUID, str]:
    linked = {event_id for r in records for m in r.data.measures for event_id in m.event_ids}
    if not linked:
        return {}
    with store.session() as session:
        rows = session.execute(select(Event.id, Event.title_kk, Event.title_ru, Event.starts_at)
                               .where(Event.id.in_(linked))).all()
    return {row.id: f"{display_title(row.title_kk, row.title_ru, language)} ({short_date(row.starts_at.date())})"
            for row in rows}


def build_form_table(store: Store, form: int, year: int, language: str) -> FormTable:
    """Form `form` on `year` in `language` ("kk" or "ru"), by the definition in force (the unit's or shipped)."""
    if language not in FORM_LANGUAGES:
        raise ServiceError(N_("The forms are made in Kazakh or Russian, not “{language}”."), language=language)
    definition = load_form_definition(form)
    settings = load_settings(store)
    with store.session() as session:
        records = load_treaties(session)
    filler = _Filler(year, language, _event_titles(store, records, language))
    chosen = sorted(_selected(definition, records, year, filler), key=_sort_key(definition, language))
    sections: list[FormSection] = []
    if definition.group_by is None:
        groups: list[tuple[str | None, list[TreatyRecord]]] = [(None, chosen)]
    else:
        attribute = definition.group_by.removeprefix("treaty.")
        assert definition.group_labels is not None
        groups = [(texts[language], [r for r in chosen if getattr(r.data, attribute) == code])
                  for code, texts in definition.group_labels.items()]
    number = 0
    for heading, members in groups:
        rows = []
        for record in members:
            number += 1
            rows.append(tuple(filler.cell(column.field, record.data, number) for column in definition.columns))
        if rows:
            sections.append(FormSection(heading, tuple(rows)))
    return FormTable(
        form=form, item=definition.item, year=year, language=language,
        title=definition.title[language].replace("{year}", str(year)),
        headings=tuple(column.heading[language] for column in definition.columns),
        header_groups=_header_groups(definition, language),
        widths=tuple(column.width for column in definition.columns),
        sections=tuple(sections),
        body_name=settings.body_name(language), unit_name=settings.unit_name(language),
        signer_position=settings.officer_position(language), signer_name=settings.officer_name,
        empty_note=translate_in(language, NO_ROWS),
    )


def build_form_tables(store: Store, year: int, language: str, forms: Sequence[int] = FORM_NUMBERS) -> list[FormTable]:
    return [build_form_table(store, form, year, language) for form in forms]
