"""Registration of outgoing documents (issue 16): each gets a number and a date once, entered from the unit's
document system (ESEDO) or issued by the local register with the unit's pattern (a yearly sequence); both are
fixed from then on. A registered outgoing letter carries them as its own number and date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

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


def register_document(store: Store, kind: str, document_id: UUID, *, number: str | None = None,
                      on: dt.date | None = None, today: dt.date | None = None) -> Registered:
    """Register the document: with `number` as ESEDO gave it, or the local register's next number of the year.
    A document registered once keeps its number and date: registering it again is refused."""
    today = today or clock.today()
    on = on or today
    if on > today or not FIRST_YEAR <= on.year <= LAST_YEAR:
        raise ServiceError(N_("The registration date {date} is in the future or outside the years {first}–{last}."),
                           date=on.isoformat(), first=FIRST_YEAR, last=LAST_YEAR)
    model = DOCUMENTS.get(kind)
    if model is None:
        raise ServiceError(N_("“{value}” is not a kind of registered document."), value=kind)
    with store.session(write=True) as session:
        document = session.get(model, document_id)
        if document is None or (isinstance(document, Letter) and document.direction != "outgoing"):
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
