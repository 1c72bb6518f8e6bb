"""The treaty register (p.2): create, read, change and list treaties with their measures and procedure steps.

A register holds hundreds of treaties, not 100,000s, so records go through the ORM. A treaty that repeats one
already registered (same title, parties and signing date: `duplicate_keys`) is reported, never merged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from hattama.db.models import (
    Event,
    Treaty,
    TreatyMeasure,
    TreatyMeasureEvent,
    TreatyParty,
    TreatyProcedureStep,
)
from hattama.db.store import Store
from hattama.db.types import utc_now
from hattama.language import N_, translate_in
from hattama.rules.errors import Title
from hattama.rules.event_validation import FieldProblem, Party
from hattama.rules.treaty_validation import (
    CONSENT_ACT_KINDS,
    MEASURE_KINDS,
    PROCEDURE_STAGES,
    TREATY_KINDS,
    TREATY_STATUSES,
    Measure,
    ProcedureStep,
    TreatyData,
    duplicate_keys,
    validate_treaty,
)
from hattama.services.errors import ServiceError
from hattama.services.event_reference import known_countries
from hattama.services.events import _search_terms
from hattama.services.organisations import organisation_codes

# The scalar fields of TreatyData are the treaty table's columns of the same names.
TREATY_FIELDS = tuple(f.name for f in dataclasses.fields(TreatyData) if f.name not in ("parties", "measures", "steps"))
_LABELS = {"kind": TREATY_KINDS, "status": TREATY_STATUSES, "consent_act_kind": CONSENT_ACT_KINDS,
           "measure_kind": MEASURE_KINDS, "stage": PROCEDURE_STAGES}


@dataclass(frozen=True)
class TreatyRecord:
    id: UUID
    data: TreatyData
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class TreatyRow:
    """One line of the Treaties table; `search_text` is casefolded like the Events table's."""

    id: UUID
    title_kk: str
    title_ru: str
    kind: str
    status: str
    signed_on: dt.date
    in_force_on: dt.date | None
    terminated_on: dt.date | None
    responsible_body: str
    party_codes: tuple[str, ...]
    measure_years: tuple[int, ...]
    search_text: str


class InvalidTreaty(ServiceError):
    """The treaty has problems; `problems` lets the editor show each beside its field."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        super().__init__(N_("The treaty was not saved: {problems}"),
                         problems=[ServiceError(N_("{field}: {problem}"), field=p.field, problem=p) for p in problems])
        self.problems = list(problems)


class DuplicateTreaty(ServiceError):
    """The register already holds this treaty (same title, parties and signing date)."""

    def __init__(self, existing_id: UUID, title: Title) -> None:
        super().__init__(N_("The register already has this treaty (same title, parties and signing date): "
                            "“{title}”, {id}. It was not saved again."), title=title, id=str(existing_id))
        self.existing_id = existing_id


def label(vocabulary: str, code: str, language: str) -> str:
    """The name of a kind, status, act, measure kind or stage in `language` (a document's or the UI's)."""
    msgid = _LABELS[vocabulary].get(code)
    return translate_in(language, msgid) if msgid is not None else code


def validate(data: TreatyData) -> list[FieldProblem]:
    return validate_treaty(data, known_countries(), organisation_codes())


# ------------------------------------------------------------------------------------------------ storage

def _data_of(treaty: Treaty) -> TreatyData:
    return TreatyData(
        **{name: getattr(treaty, name) for name in TREATY_FIELDS},
        parties=tuple(Party(p.party_kind, p.code, p.name) for p in treaty.parties),
        measures=tuple(Measure(m.year, m.kind, m.description, m.taken_on, m.result, m.organisation,
                               tuple(link.event_id for link in m.events)) for m in treaty.measures),
        steps=tuple(ProcedureStep(s.stage, s.description, s.started_on, s.completed_on, s.reason)
                    for s in treaty.steps),
    )


def fill_treaty(treaty: Treaty, data: TreatyData) -> None:
    """The row's columns and children from the data (the interchange importer shares it)."""
    for name in TREATY_FIELDS:
        setattr(treaty, name, getattr(data, name))
    treaty.parties = [TreatyParty(party_kind=p.kind, code=p.code, name=p.name, position=index)
                      for index, p in enumerate(data.parties)]
    treaty.measures = [
        TreatyMeasure(year=m.year, kind=m.kind, taken_on=m.taken_on, description=m.description, result=m.result,
                      organisation=m.organisation, position=index,
                      events=[TreatyMeasureEvent(event_id=event_id, position=at)
                              for at, event_id in enumerate(m.event_ids)])
        for index, m in enumerate(data.measures)]
    treaty.steps = [TreatyProcedureStep(stage=s.stage, description=s.description, started_on=s.started_on,
                                        completed_on=s.completed_on, reason=s.reason, position=index)
                    for index, s in enumerate(data.steps)]


def _with_children() -> tuple[LoaderOption, ...]:
    return (selectinload(Treaty.parties), selectinload(Treaty.measures).selectinload(TreatyMeasure.events),
            selectinload(Treaty.steps))


def load_treaties(session: Session, ids: Iterable[UUID] | None = None) -> list[TreatyRecord]:
    """Full treaties (all, or those with these ids), oldest signed first, in four queries."""
    query = select(Treaty).options(*_with_children()).order_by(Treaty.signed_on, Treaty.id)
    if ids is not None:
        query = query.where(Treaty.id.in_(list(ids)))
    return [TreatyRecord(t.id, _data_of(t), t.created_at, t.updated_at) for t in session.scalars(query).all()]


def _no_such_treaty(treaty_id: UUID) -> ServiceError:
    return ServiceError(N_("There is no treaty with the id {id}."), id=str(treaty_id))


def _problems_with_events(session: Session, data: TreatyData) -> list[FieldProblem]:
    linked = {event_id for measure in data.measures for event_id in measure.event_ids}
    if not linked:
        return []
    known = set(session.scalars(select(Event.id).where(Event.id.in_(linked))))
    return [FieldProblem(f"measures[{index}].event_ids", N_("There is no event with the id {id}."),
                         {"id": str(event_id)})
            for index, measure in enumerate(data.measures) for event_id in measure.event_ids
            if event_id not in known]


def _check(session: Session, data: TreatyData) -> None:
    problems = validate(data) + _problems_with_events(session, data)
    if problems:
        raise InvalidTreaty(problems)


def find_duplicate(session: Session, data: TreatyData, exclude: UUID | None = None) -> TreatyRecord | None:
    """A registered treaty that `data` repeats, if any."""
    keys = duplicate_keys(data)
    same_day = select(Treaty).options(selectinload(Treaty.parties)).where(Treaty.signed_on == data.signed_on)
    for treaty in session.scalars(same_day):
        if treaty.id != exclude and keys & duplicate_keys(_data_of_without_children(treaty)):
            return TreatyRecord(treaty.id, _data_of(treaty), treaty.created_at, treaty.updated_at)
    return None


def _data_of_without_children(treaty: Treaty) -> TreatyData:
    return TreatyData(**{name: getattr(treaty, name) for name in TREATY_FIELDS},
                      parties=tuple(Party(p.party_kind, p.code, p.name) for p in treaty.parties))


def add_treaties(session: Session, treaties: Sequence[TreatyData]) -> list[UUID]:
    """Insert checked treaties in the caller's transaction (the importer's all-or-nothing)."""
    added = []
    for data in treaties:
        treaty = Treaty()
        fill_treaty(treaty, data)
        session.add(treaty)
        session.flush()
        added.append(treaty.id)
    return added


def create_treaty(store: Store, data: TreatyData, *, allow_duplicate: bool = False) -> UUID:
    """Register a treaty. One repeating a registered treaty is refused (DuplicateTreaty) unless the officer
    confirms it is a different one (`allow_duplicate`)."""
    with store.session() as session:
        _check(session, data)
        if not allow_duplicate:
            duplicate = find_duplicate(session, data)
            if duplicate is not None:
                raise DuplicateTreaty(duplicate.id, Title(duplicate.data.title_kk, duplicate.data.title_ru))
        return add_treaties(session, [data])[0]


def update_treaty(store: Store, treaty_id: UUID, data: TreatyData, *, allow_duplicate: bool = False) -> None:
    with store.session() as session:
        treaty = session.get(Treaty, treaty_id, options=_with_children())
        if treaty is None:
            raise _no_such_treaty(treaty_id)
        _check(session, data)
        if not allow_duplicate:
            duplicate = find_duplicate(session, data, exclude=treaty_id)
            if duplicate is not None:
                raise DuplicateTreaty(duplicate.id, Title(duplicate.data.title_kk, duplicate.data.title_ru))
        previous = treaty.updated_at
        fill_treaty(treaty, data)
        treaty.updated_at = max(utc_now(), previous + dt.timedelta(microseconds=1))


def get_treaty(store: Store, treaty_id: UUID) -> TreatyRecord:
    with store.session() as session:
        found = load_treaties(session, [treaty_id])
    if not found:
        raise _no_such_treaty(treaty_id)
    return found[0]


def delete_treaty(store: Store, treaty_id: UUID) -> None:
    with store.session() as session:
        deleted = cast(CursorResult[Any], session.execute(delete(Treaty).where(Treaty.id == treaty_id)))
        if deleted.rowcount == 0:
            raise _no_such_treaty(treaty_id)


def list_treaty_rows(store: Store) -> list[TreatyRow]:
    """The Treaties table, oldest signed first; searchable by titles, parties in every language, bodies."""
    with store.session() as session:
        records = load_treaties(session)
    rows = []
    for record in records:
        data = record.data
        words = [data.title_kk, data.title_ru, data.title_original, data.signed_at, data.consent_act_number,
                 data.responsible_body, data.co_executors]
        words += [_search_terms(p.kind, p.code, p.name) for p in data.parties]
        rows.append(TreatyRow(
            record.id, data.title_kk, data.title_ru, data.kind, data.status, data.signed_on, data.in_force_on,
            data.terminated_on, data.responsible_body, tuple(p.code for p in data.parties if p.code),
            tuple(sorted({m.year for m in data.measures})), " ".join(w for w in words if w).casefold(),
        ))
    return rows
