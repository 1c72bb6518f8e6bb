"""What an event is (plain data) and what makes it fit to be saved: a list of problems, one per field.

The editor shows each problem beside its field; services refuse to store an event with problems; the importer
refuses a file holding one. Field names are the attributes of the event (`title_kk`, `ends_at`, ...), and
`parties[2].code` / `participants[0].full_name` for the rows of the two lists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from hattama.rules.errors import N_
from hattama.rules.exemptions import ExemptionArea
from hattama.rules.facts import ATTENDANCE_IN_PERSON, ATTENDANCE_MODES
from hattama.rules.plans import NEEDS_REASON, EventStatus, period_bounds

KAZAKHSTAN = "KZ"

EVENT_KINDS: dict[str, str] = {
    "talks": N_("Talks"),
    "official_visit": N_("Official visit"),
    "delegation_reception": N_("Reception of a foreign delegation"),
    "conference_forum": N_("Conference or forum"),
    "videoconference": N_("Videoconference"),
    "working_meeting": N_("Working meeting"),
    "other": N_("Other event"),
}

# How the body's delegation takes part (p.48: consultations only where it travels).
ATTENDANCE_LABELS: dict[str, str] = dict(zip(ATTENDANCE_MODES, (
    N_("In person"), N_("By videoconference"), N_("Hybrid (in person and remote)")), strict=True))
# The form of the p.48 consultations: written, or another form agreed with the MFA (p.48 ¶2).
CONSULTATION_FORMS: dict[str, str] = {
    "written": N_("Written"),
    "other": N_("Another form agreed with the MFA"),
}

PARTY_KINDS: dict[str, str] = {
    "country": N_("Country"),
    "organisation": N_("International organisation"),
    "other": N_("Other party"),
}

PARTICIPANT_SIDES: dict[str, str] = {
    "ours": N_("Kazakh side"),
    "foreign": N_("Foreign side"),
}

# Longest accepted texts and lists; the interchange schema carries the same numbers (a test keeps them equal).
MAX_LENGTHS: dict[str, int] = {
    "title_kk": 1000,
    "title_ru": 1000,
    "city": 200,
    "city_ru": 200,
    "venue": 400,
    "venue_ru": 400,
    "notes": 20000,
    "consultation_official": 300,
    "consultation_ref": 200,
    "status_reason": 1000,
    "participation_level": 300,
    "initiator": 300,
    "funding_source": 300,
    "programme": 400,
    "participation_level_ru": 300,
    "initiator_ru": 300,
    "funding_source_ru": 300,
    "programme_ru": 400,
    "diplomatic_agreement_ref": 200,
    "diplomatic_participants": 400,
    "party.code": 32,
    "party.name": 400,
    "participant.full_name": 300,
    "participant.job_title": 400,
    "participant.organisation": 400,
    "participant.job_title_ru": 400,
    "participant.organisation_ru": 400,
}
MAX_PARTIES = 100
MAX_PARTICIPANTS = 1000
# Kazakhstan's independence; nothing the unit logs can be older. The upper bound catches typing slips.
FIRST_YEAR = 1991
LAST_YEAR = 2100
_EXEMPTION_CODES = frozenset(area.value for area in ExemptionArea)


@dataclass(frozen=True)
class Party:
    """A foreign party: a country (ISO code), an international organisation (bundled code) or a free name."""

    kind: str  # "country" | "organisation" | "other"
    code: str
    name: str = ""


@dataclass(frozen=True)
class Participant:
    """Position and organisation in Kazakh (`job_title`, `organisation`) and in Russian (the `_ru` forms);
    hattama.rules.document_language says which a document shows."""

    side: str  # "ours" | "foreign"
    full_name: str
    job_title: str = ""
    organisation: str = ""
    job_title_ru: str = ""
    organisation_ru: str = ""


@dataclass(frozen=True)
class EventData:
    """What the editor edits. `starts_at`/`ends_at` are wall-clock times at the venue (no zone)."""

    title_kk: str
    title_ru: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    country: str
    city: str = ""
    venue: str = ""
    held_by_body: bool = True
    mfa_participated: bool = False
    exemption_area: str | None = None
    series_id: UUID | None = None
    departs_on: dt.date | None = None
    attendance: str = ATTENDANCE_IN_PERSON
    diplomatic_service_participated: bool = False  # p.46: the MFA or another diplomatic-service body took part
    commission_party: bool = False  # p.42/p.44: a dealing with the Eurasian Economic Commission
    # p.48: the consultations held before departure (date, form, the MFA official, a reference).
    consultation_on: dt.date | None = None
    consultation_form: str = ""
    consultation_official: str = ""
    consultation_ref: str = ""
    notes: str = ""
    # p.46 plan (migration 0011): the status (hattama.rules.plans), why it was cancelled or postponed, a tentative
    # month or quarter while the dates are unknown, the level of participation, the initiator, the source of
    # funding, the treaty or programme it serves, a foreign-economic event; the diplomatic-service participation
    # agreed with the MFA (date, reference, who takes part).
    status: str = EventStatus.HELD.value
    status_reason: str = ""
    tentative_period: str = ""
    participation_level: str = ""
    initiator: str = ""
    funding_source: str = ""
    treaty_id: UUID | None = None
    programme: str = ""
    foreign_economic: bool = False
    diplomatic_agreement_on: dt.date | None = None
    diplomatic_agreement_ref: str = ""
    diplomatic_participants: str = ""
    # Issue 19.2 (migration 0015): `city` and `venue` are the Kazakh forms, these the Russian ones.
    city_ru: str = ""
    venue_ru: str = ""
    # Issue 19.2 (migration 0018): the p.46 plan texts above are the Kazakh forms, these the Russian ones.
    participation_level_ru: str = ""
    initiator_ru: str = ""
    funding_source_ru: str = ""
    programme_ru: str = ""
    parties: tuple[Party, ...] = ()
    participants: tuple[Participant, ...] = ()

    @property
    def abroad(self) -> bool:
        return self.country != KAZAKHSTAN


@dataclass(frozen=True)
class FieldProblem:
    """`msgid` is an English sentence marked with N_; the caller translates it and fills in `params`."""

    field: str
    msgid: str
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)


def validate_event(
    data: EventData, known_countries: frozenset[str], known_organisations: frozenset[str] | None = None
) -> list[FieldProblem]:
    """Every problem of the event, in the order of the editor's fields. `known_organisations` None: any code."""
    problems: list[FieldProblem] = []
    problems += _title_problems(data)
    if data.kind not in EVENT_KINDS:
        problems.append(FieldProblem("kind", N_("“{kind}” is not a kind of event Hattama knows."), {"kind": data.kind}))
    problems += _time_problems(data)
    problems += _place_problems(data, known_countries)
    if data.exemption_area is not None and data.exemption_area not in _EXEMPTION_CODES:
        problems.append(FieldProblem(
            "exemption_area", N_("“{code}” is not one of the exempted areas of international activity."),
            {"code": data.exemption_area}))
    problems += _consultation_problems(data)
    problems += _plan_problems(data)
    problems += _too_long(data, ("notes",))
    problems += _party_problems(data.parties, known_countries, known_organisations)
    problems += _participant_problems(data.participants)
    return problems


def _too_long(item: object, names: Sequence[str], prefix: str = "", limit_prefix: str = "") -> list[FieldProblem]:
    problems = []
    for name in names:
        limit = MAX_LENGTHS[limit_prefix + name]
        if len(getattr(item, name)) > limit:
            problems.append(FieldProblem(
                prefix + name, N_("This text is longer than {limit} characters."), {"limit": limit}))
    return problems


# Letters that draw nothing (Hangul fillers, the blank Braille pattern): a title of them only is empty.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def has_visible_text(text: str) -> bool:
    """True when the text shows something: not only spaces, line breaks, zero-width or other format characters,
    control characters or blank letters."""
    return any(unicodedata.category(character)[0] not in "ZC" and character not in _BLANK_LETTERS
               for character in text)


def _title_problems(data: EventData) -> list[FieldProblem]:
    if not has_visible_text(data.title_kk) and not has_visible_text(data.title_ru):
        return [FieldProblem("title_kk", N_("Enter the event's title in Kazakh or in Russian."))]
    return _too_long(data, ("title_kk", "title_ru"))


def _time_problems(data: EventData) -> list[FieldProblem]:
    problems = []
    for name in ("starts_at", "ends_at"):
        year = getattr(data, name).year
        if not FIRST_YEAR <= year <= LAST_YEAR:
            problems.append(FieldProblem(
                name, N_("The year {year} is outside the years Hattama accepts ({first}–{last})."),
                {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR}))
    if data.ends_at < data.starts_at:
        problems.append(FieldProblem("ends_at", N_("The event ends before it starts.")))
    if data.departs_on is not None:
        if data.country == KAZAKHSTAN:
            problems.append(FieldProblem(
                "departs_on", N_("A departure date is kept only for events abroad (p.48).")))
        elif data.departs_on > data.starts_at.date():
            problems.append(FieldProblem("departs_on", N_("The delegation departs after the event starts.")))
    return problems


def _consultation_problems(data: EventData) -> list[FieldProblem]:
    problems = []
    if data.attendance not in ATTENDANCE_LABELS:
        problems.append(FieldProblem(
            "attendance", N_("“{mode}” is not a way of taking part Hattama knows."), {"mode": data.attendance}))
    if data.consultation_form and data.consultation_form not in CONSULTATION_FORMS:
        problems.append(FieldProblem(
            "consultation_form", N_("“{form}” is not a form of consultations Hattama knows."),
            {"form": data.consultation_form}))
    recorded = (data.consultation_on is not None or data.consultation_form or data.consultation_official
                or data.consultation_ref)
    if recorded and data.country == KAZAKHSTAN:
        problems.append(FieldProblem(
            "consultation_on", N_("Consultations before departure are kept only for events abroad (p.48).")))
    if data.consultation_on is not None and data.consultation_on > data.starts_at.date():
        problems.append(FieldProblem(
            "consultation_on", N_("The consultations are dated after the event starts.")))
    return problems + _too_long(data, ("consultation_official", "consultation_ref"))


_PLAN_TEXTS = ("status_reason", "participation_level", "participation_level_ru", "initiator", "initiator_ru",
               "funding_source", "funding_source_ru", "programme", "programme_ru", "diplomatic_agreement_ref",
               "diplomatic_participants")


_STATUS_VALUES = frozenset(status.value for status in EventStatus)


def _plan_problems(data: EventData) -> list[FieldProblem]:
    """p.46: a known status, a reason when cancelled or postponed, dates inside the tentative period."""
    if data.status not in _STATUS_VALUES:
        return [FieldProblem("status", N_("“{status}” is not a status of an event Hattama knows."),
                             {"status": data.status})]
    problems = []
    if data.status in NEEDS_REASON and not data.status_reason.strip():
        problems.append(FieldProblem("status_reason", N_("Say why the event is cancelled or postponed.")))
    if data.tentative_period:
        if data.status == EventStatus.HELD:
            problems.append(FieldProblem(
                "tentative_period", N_("A held event has its exact dates, not a tentative period.")))
        try:
            first, last = period_bounds(data.tentative_period)
        except ValueError:
            problems.append(FieldProblem(
                "tentative_period", N_("“{period}” is not a month (2027-03) or a quarter (2027-Q2)."),
                {"period": data.tentative_period}))
        else:
            if not first <= data.starts_at.date() <= data.ends_at.date() <= last:
                problems.append(FieldProblem(
                    "tentative_period", N_("The event's dates are outside its tentative period {period}."),
                    {"period": data.tentative_period}))
    return problems + _too_long(data, _PLAN_TEXTS)


def _place_problems(data: EventData, known_countries: frozenset[str]) -> list[FieldProblem]:
    problems = []
    if not data.country:
        problems.append(FieldProblem("country", N_("Choose the country where the event is held.")))
    elif data.country not in known_countries:
        problems.append(FieldProblem(
            "country", N_("“{code}” is not a known country code."), {"code": data.country}))
    if data.series_id is not None and data.country != KAZAKHSTAN:
        problems.append(FieldProblem(
            "series_id", N_("Only meetings held in Kazakhstan form a series of meetings (p.49).")))
    problems += _too_long(data, ("city", "city_ru", "venue", "venue_ru"))
    return problems


def _party_problems(
    parties: Sequence[Party], known_countries: frozenset[str], known_organisations: frozenset[str] | None
) -> list[FieldProblem]:
    if len(parties) > MAX_PARTIES:
        return [FieldProblem("parties", N_("An event can list at most {limit} parties."), {"limit": MAX_PARTIES})]
    problems = []
    seen: set[tuple[str, str]] = set()
    for index, party in enumerate(parties):
        prefix = f"parties[{index}]."
        if party.kind not in PARTY_KINDS:
            problems.append(FieldProblem(
                prefix + "kind", N_("“{kind}” is not a kind of party Hattama knows."), {"kind": party.kind}))
            continue
        problems += _too_long(party, ("code", "name"), prefix, "party.")
        if party.kind == "other":
            if not has_visible_text(party.name):
                problems.append(FieldProblem(prefix + "name", N_("Enter the party's name.")))
            identity = party.name.strip().casefold()
        else:
            known = known_countries if party.kind == "country" else known_organisations
            if not party.code:
                problems.append(FieldProblem(prefix + "code", N_("Choose the country or organisation.")))
            elif known is not None and party.code not in known:
                problems.append(FieldProblem(
                    prefix + "code", N_("“{code}” is not a known country or organisation code."),
                    {"code": party.code}))
            identity = party.code
        if (party.kind, identity) in seen:
            problems.append(FieldProblem(prefix + "code", N_("This party is already listed.")))
        seen.add((party.kind, identity))
    return problems


def _participant_problems(participants: Sequence[Participant]) -> list[FieldProblem]:
    if len(participants) > MAX_PARTICIPANTS:
        return [FieldProblem(
            "participants", N_("An event can list at most {limit} participants."), {"limit": MAX_PARTICIPANTS})]
    problems = []
    for index, participant in enumerate(participants):
        prefix = f"participants[{index}]."
        if participant.side not in PARTICIPANT_SIDES:
            problems.append(FieldProblem(
                prefix + "side", N_("“{side}” is not a side Hattama knows."), {"side": participant.side}))
        if not has_visible_text(participant.full_name):
            problems.append(FieldProblem(prefix + "full_name", N_("Enter the participant's name.")))
        problems += _too_long(participant, ("full_name", "job_title", "organisation", "job_title_ru",
                                            "organisation_ru"), prefix, "participant.")
    return problems
