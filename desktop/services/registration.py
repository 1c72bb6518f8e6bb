"""Registration of outgoing documents (issue 16): each gets a number and a date once, entered from the unit's
document system (ESEDO) or issued by the local register with the unit's pattern (a yearly sequence); both are
fixed from then on. A registered outgoing letter carries them as its own number and date.

The documents of the MFA's submissions have no row of their own: the annual forms of a year (p.2), the plan of
a year and the activity report of a period (p.46) are registered under a subject ("2026", "2027",
"2026-01-01-2026-12-04", as a bundle names them) whose id `submission_document_id` derives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID, uuid5

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hattama import clock
from hattama.db.models import Letter, Registration, Report, UnitSettings
from hattama.db.store import Store
from hattama.language import N_
from hattama.rules.event_validation import FIRST_YEAR, LAST_YEAR
from hattama.rules.registration import MAX_NUMBER_LENGTH, bare_number, check_pattern, issue_number
from hattama.services.errors import ServiceError

DOCUMENTS: dict[str, type[Report] | type[Letter]] = {"report": Report, "letter": Letter}
# p.2: the annual forms of a year; p.46: the plan of a year, the activity report of a period.
SUBMISSION_DOCUMENTS = ("forms", "plan", "activity")
_SUBMISSION_NAMESPACE = UUID("5f0c51e6-7d4b-4c59-9d1e-6b1a0f2c8a16")


@dataclass(frozen=True)
class Registered:
    number: str
    registered_on: dt.date
    from_register: bool  # issued by the local register (else entered from ESEDO)


def registration_in(session: Session, kind: str, document_id: UUID) -> Registered | None:
    row = session.scalars(select(Registration).where(Registration.document_kind == kind,
                                                      Registration.document_id == document_id)).first()
    return None if row is None else Registered(row.number, row.registered_on, row.seq is not None)


def registration_of(store: Store, kind: str, document_id: UUID) -> Registered | None:
    with store.session() as session:
        return registration_in(session, kind, document_id)


def submission_subject(kind: str, *, year: int | None = None,
                       period: tuple[dt.date, dt.date] | None = None) -> str:
    """The subject a submission document is registered under: the year of the forms or the plan, the period of
    the activity report (as hattama.services.bundle.format.document_record names them)."""
    if kind == "activity":
        if period is None:
            raise ValueError("the activity report is registered for a period")
        start, end = period
        if end < start:
            raise ServiceError(N_("The period ends ({end}) before it starts ({start})."), start=start, end=end)
        _check_year(start.year)
        _check_year(end.year)
        return f"{start.isoformat()}-{end.isoformat()}"
    if kind not in SUBMISSION_DOCUMENTS or year is None:
        raise ValueError(f"{kind!r} is registered for a year")
    _check_year(year)
    return str(year)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ServiceError(N_("The year {year} is outside the years Hattama accepts ({first}–{last})."),
                           year=year, first=FIRST_YEAR, last=LAST_YEAR)


def submission_document_id(kind: str, subject: str) -> UUID:
    """The id a submission document (forms, plan, activity) is registered under: the same for the same subject."""
    if kind not in SUBMISSION_DOCUMENTS:
        raise ValueError(kind)
    return uuid5(_SUBMISSION_NAMESPACE, f"{kind}:{subject}")


def submission_registration_in(session: Session, kind: str, subject: str) -> Registered | None:
    return registration_in(session, kind, submission_document_id(kind, subject))


def submission_registration(store: Store, kind: str, subject: str) -> Registered | None:
    """The number and date the forms, the plan or the activity report is registered under; None for a draft."""
    with store.session() as session:
        return submission_registration_in(session, kind, subject)


def register_submission_document(store: Store, kind: str, subject: str, *, number: str | None = None,
                                 on: dt.date | None = None, today: dt.date | None = None) -> Registered:
    """Register the annual forms of a year (p.2), the plan of a year or the activity report of a period (p.46)
    as register_document does: once, fixed from then on; their PDF prints the number and date."""
    if kind not in SUBMISSION_DOCUMENTS:
        raise ServiceError(N_("“{value}” is not a kind of registered document."), value=kind)
    return register_document(store, kind, submission_document_id(kind, subject), number=number, on=on,
                             today=today)


def register_document(store: Store, kind: str, document_id: UUID, *, number: str | None = None,
                      on: dt.date | None = None, today: dt.date | None = None) -> Registered:
    """Register the document: with `number` as ESEDO gave it, or the local register's next number of the year.
    A document registered once keeps its number and date: registering it again is refused. The submission
    documents (SUBMISSION_DOCUMENTS) are registered by register_submission_document, which derives their id."""
    today = today or clock.today()
    on = on or today
    if on > today or not FIRST_YEAR <= on.year <= LAST_YEAR:
        raise ServiceError(N_("The registration date {date} is in the future or outside the years {first}–{last}."),
                           date=on.isoformat(), first=FIRST_YEAR, last=LAST_YEAR)
    model = DOCUMENTS.get(kind)
    if model is None and kind not in SUBMISSION_DOCUMENTS:
        raise ServiceError(N_("“{value}” is not a kind of registered document."), value=kind)
    with store.session(write=True) as session:
        document = None if model is None else session.get(model, document_id)
        if model is not None and (document is None or (isinstance(document, Letter)
                                                       and document.direction != "outgoing")):
            raise ServiceError(N_("There is no outgoing {kind} with the id {id}."), kind=kind, id=str(document_id))
        existing = registration_in(session, kind, document_id)
        if existing is not None:
            raise ServiceError(N_("The document is already registered as No. {number} of {date}; a registration "
                                  "never changes."), number=existing.number, date=existing.registered_on.isoformat())
        seq = None
        if number is None:
            pattern = session.scalar(select(UnitSettings.registration_pattern).limit(1)) or ""
            if not pattern:
                raise ServiceError(N_("Enter the number from the document system, or set the pattern of "
                                      "registration numbers in the unit details."))
            check_pattern(pattern)
            seq = (session.scalar(select(func.max(Registration.seq)).where(Registration.year == on.year)) or 0) + 1
            number = issue_number(pattern, on.year, seq)
        number = bare_number(number)
        if not number or len(number) > MAX_NUMBER_LENGTH:
            raise ServiceError(N_("A registration number has 1 to {limit} characters."), limit=MAX_NUMBER_LENGTH)
        session.add(Registration(document_kind=kind, document_id=document_id, number=number, registered_on=on,
                                 year=on.year, seq=seq))
        if isinstance(document, Letter):
            document.our_number, document.our_date = number, on
        return Registered(number, on, seq is not None)
