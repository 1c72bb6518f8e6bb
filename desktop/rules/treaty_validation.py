"""What a treaty of the register is (plain data) and what makes it fit to be saved (p.2).

Problems name their field as the editor and the importer show it: `in_force_on`, `measures[1].year`,
`steps[0].completed_on`. Which treaties a year's forms cover is decided here too: forms 1–3 take the treaties
in force at some time during the year, forms 4–5 those signed by the year's end and not in force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from hattama.rules.errors import N_
from hattama.rules.event_validation import FIRST_YEAR, LAST_YEAR, FieldProblem, Party, _party_problems

TREATY_KINDS: dict[str, str] = {
    "interstate": N_("Interstate"),
    "intergovernmental": N_("Intergovernmental"),
    "interdepartmental": N_("Interdepartmental"),
}
TREATY_STATUSES: dict[str, str] = {
    "in_force": N_("In force"),
    "signed": N_("Signed, not in force"),
    "terminated": N_("Terminated"),
}
CONSENT_ACT_KINDS: dict[str, str] = {
    "ratification_law": N_("Law on ratification"),
    "approval_decree": N_("Presidential decree on approval"),
    "approval_resolution": N_("Government resolution on approval"),
    "on_signature": N_("In force on signature"),
}
MEASURE_KINDS: dict[str, str] = {
    "measure": N_("Implementation measure"),
    "problem": N_("Problem and proposal"),
    "recommendation": N_("Recommendation of an international organisation"),
}
PROCEDURE_STAGES: dict[str, str] = {
    "interagency_approval": N_("Approval by the state bodies concerned"),
    "legal_expertise": N_("Scientific legal expertise"),
    "draft_act": N_("Draft act on ratification or approval"),
    "government": N_("Consideration by the Government"),
    "parliament": N_("Consideration by Parliament"),
    "president": N_("Signature of the President"),
    "notification": N_("Notification of the other party"),
    "other": N_("Other step"),
}

MAX_LENGTHS: dict[str, int] = {
    "title_kk": 2000,
    "title_ru": 2000,
    "title_original": 2000,
    "original_language": 8,
    "signed_at": 200,
    "consent_act_number": 100,
    "duration": 400,
    "responsible_body": 2000,
    "co_executors": 4000,
    "notes": 20000,
    "measure.description": 20000,
    "measure.result": 20000,
    "measure.organisation": 400,
    "step.description": 4000,
    "step.reason": 20000,
}
MAX_MEASURES = 2000
MAX_STEPS = 100


@dataclass(frozen=True)
class Measure:
    """One line of a year's information: a measure taken (kind "measure"), a problem met with the proposal to
    solve it ("problem"; the proposal in `result`), or an organisation's recommendation and what was done."""

    year: int
    kind: str
    description: str
    taken_on: dt.date | None = None
    result: str = ""
    organisation: str = ""
    event_ids: tuple[UUID, ...] = ()


@dataclass(frozen=True)
class ProcedureStep:
    stage: str
    description: str = ""
    started_on: dt.date | None = None
    completed_on: dt.date | None = None
    reason: str = ""  # why the step is not completed (p.2(2))


@dataclass(frozen=True)
class TreatyData:
    title_kk: str
    title_ru: str
    kind: str
    status: str
    signed_on: dt.date
    title_original: str = ""
    original_language: str = ""
    signed_at: str = ""
    consent_act_kind: str = ""
    consent_act_number: str = ""
    consent_act_date: dt.date | None = None
    in_force_on: dt.date | None = None
    duration: str = ""
    terminated_on: dt.date | None = None
    responsible_body: str = ""
    co_executors: str = ""
    notes: str = ""
    parties: tuple[Party, ...] = ()
    measures: tuple[Measure, ...] = ()
    steps: tuple[ProcedureStep, ...] = ()

    def in_force_during(self, year: int) -> bool:
        """In force on some day of `year` (forms 1–3): entered into force by its end, not terminated before it."""
        if self.status == "signed" or self.in_force_on is None or self.in_force_on.year > year:
            return False
        return self.terminated_on is None or self.terminated_on.year >= year

    def pending_at_end_of(self, year: int) -> bool:
        """Signed by the end of `year` and not in force then (forms 4–5): still waiting, or in force only later."""
        return (self.signed_on.year <= year and (self.in_force_on is None or self.in_force_on.year > year)
                and (self.terminated_on is None or self.terminated_on.year > year))

    def steps_at_end_of(self, year: int) -> tuple[list[ProcedureStep], list[ProcedureStep]]:
        """The procedure steps completed by the end of `year`, and those started by then (or undated) and not
        completed by then: the state forms 4–5 report."""
        completed = [s for s in self.steps if s.completed_on is not None and s.completed_on.year <= year]
        pending = [s for s in self.steps if s not in completed and (s.started_on is None or s.started_on.year <= year)]
        return completed, pending


DuplicateKey = tuple[str, frozenset[tuple[str, str]], dt.date]


def duplicate_keys(data: TreatyData) -> set[DuplicateKey]:
    """Two treaties with the same title (in either language, case and spacing aside), the same parties and the
    same signing date are one treaty entered twice: they share a key."""
    parties = frozenset((p.kind, p.code or " ".join(p.name.split()).casefold()) for p in data.parties)
    return {(" ".join(title.split()).casefold(), parties, data.signed_on)
            for title in (data.title_kk, data.title_ru) if title.strip()}


def validate_treaty(data: TreatyData, known_countries: frozenset[str],
                    known_organisations: frozenset[str] | None = None) -> list[FieldProblem]:
    """Every problem of the treaty, in the order of the editor's fields."""
    problems: list[FieldProblem] = []
    if not data.title_kk.strip() and not data.title_ru.strip():
        problems.append(FieldProblem("title_kk", N_("Enter the treaty's title in Kazakh or in Russian.")))
    if data.kind not in TREATY_KINDS:
        problems.append(FieldProblem("kind", N_("“{kind}” is not a kind of treaty Hattama knows."),
                                     {"kind": data.kind}))
    if data.status not in TREATY_STATUSES:
        problems.append(FieldProblem("status", N_("“{status}” is not a treaty status Hattama knows."),
                                     {"status": data.status}))
    problems += _date_problems(data)
    if data.consent_act_kind and data.consent_act_kind not in CONSENT_ACT_KINDS:
        problems.append(FieldProblem("consent_act_kind", N_("“{kind}” is not a kind of act Hattama knows."),
                                     {"kind": data.consent_act_kind}))
    problems += _too_long(data, ("title_kk", "title_ru", "title_original", "original_language", "signed_at",
                                 "consent_act_number", "duration", "responsible_body", "co_executors", "notes"))
    problems += _party_problems(data.parties, known_countries, known_organisations)
    problems += _measure_problems(data.measures)
    problems += _step_problems(data.steps)
    return problems


def _year_problem(name: str, value: dt.date | None) -> list[FieldProblem]:
    if value is None or FIRST_YEAR <= value.year <= LAST_YEAR:
        return []
    return [FieldProblem(name, N_("The year {year} is outside the years Hattama accepts ({first}–{last})."),
                         {"year": value.year, "first": FIRST_YEAR, "last": LAST_YEAR})]


def _date_problems(data: TreatyData) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for name in ("signed_on", "consent_act_date", "in_force_on", "terminated_on"):
        problems += _year_problem(name, getattr(data, name))
    if data.status in ("in_force", "terminated") and data.in_force_on is None:
        problems.append(FieldProblem("in_force_on", N_("A treaty that entered into force needs the date it did.")))
    if data.in_force_on is not None and data.in_force_on < data.signed_on:
        problems.append(FieldProblem("in_force_on", N_("The treaty cannot enter into force before it was signed.")))
    if data.status == "signed" and data.terminated_on is not None:
        problems.append(FieldProblem("terminated_on", N_("Only a treaty that entered into force can be terminated.")))
    if data.status == "terminated" and data.terminated_on is None:
        problems.append(FieldProblem("terminated_on", N_("Enter the date the treaty was terminated.")))
    if data.terminated_on is not None and data.in_force_on is not None and data.terminated_on < data.in_force_on:
        problems.append(FieldProblem("terminated_on", N_("The treaty cannot end before it entered into force.")))
    if data.consent_act_date is not None and data.consent_act_date < data.signed_on:
        problems.append(FieldProblem("consent_act_date",
                                     N_("The act expressing consent cannot precede the signing.")))
    return problems


def _too_long(item: object, names: Sequence[str], prefix: str = "", limit_prefix: str = "") -> list[FieldProblem]:
    return [FieldProblem(prefix + name, N_("This text is longer than {limit} characters."),
                         {"limit": MAX_LENGTHS[limit_prefix + name]})
            for name in names if len(getattr(item, name)) > MAX_LENGTHS[limit_prefix + name]]


def _measure_problems(measures: Sequence[Measure]) -> list[FieldProblem]:
    if len(measures) > MAX_MEASURES:
        return [FieldProblem("measures", N_("A treaty can list at most {limit} measures."), {"limit": MAX_MEASURES})]
    problems: list[FieldProblem] = []
    for index, measure in enumerate(measures):
        prefix = f"measures[{index}]."
        if not FIRST_YEAR <= measure.year <= LAST_YEAR:
            problems.append(FieldProblem(
                prefix + "year", N_("The year {year} is outside the years Hattama accepts ({first}–{last})."),
                {"year": measure.year, "first": FIRST_YEAR, "last": LAST_YEAR}))
        if measure.kind not in MEASURE_KINDS:
            problems.append(FieldProblem(prefix + "kind", N_("“{kind}” is not a kind of measure Hattama knows."),
                                         {"kind": measure.kind}))
        if not measure.description.strip():
            problems.append(FieldProblem(prefix + "description", N_("Describe the measure.")))
        if measure.taken_on is not None and measure.taken_on.year != measure.year:
            problems.append(FieldProblem(prefix + "taken_on", N_("The date is not in the measure's year {year}."),
                                         {"year": measure.year}))
        if len(set(measure.event_ids)) != len(measure.event_ids):
            problems.append(FieldProblem(prefix + "event_ids", N_("The same event is linked twice.")))
        problems += _too_long(measure, ("description", "result", "organisation"), prefix, "measure.")
    return problems


def _step_problems(steps: Sequence[ProcedureStep]) -> list[FieldProblem]:
    if len(steps) > MAX_STEPS:
        return [FieldProblem("steps", N_("A treaty can list at most {limit} procedure steps."), {"limit": MAX_STEPS})]
    problems: list[FieldProblem] = []
    for index, step in enumerate(steps):
        prefix = f"steps[{index}]."
        if step.stage not in PROCEDURE_STAGES:
            problems.append(FieldProblem(prefix + "stage", N_("“{stage}” is not a procedure step Hattama knows."),
                                         {"stage": step.stage}))
        for name in ("started_on", "completed_on"):
            problems += _year_problem(prefix + name, getattr(step, name))
        if step.started_on and step.completed_on and step.completed_on < step.started_on:
            problems.append(FieldProblem(prefix + "completed_on", N_("The step is completed before it started.")))
        problems += _too_long(step, ("description", "reason"), prefix, "step.")
    return problems
