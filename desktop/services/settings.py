"""The unit's settings as a plain object: read, validate, save."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hattama import clock
from hattama.db.models import Event, Report, UnitSettings
from hattama.db.models.settings import body_identity, tracking_since_of
from hattama.db.store import Store
from hattama.language import N_
from hattama.rules.errors import Message
from hattama.rules.registration import check_pattern
from hattama.services.errors import ServiceError

MAX_DUE_SOON_WORKING_DAYS = 20


@dataclass(frozen=True)
class UnitDetails:
    body_name_kk: str = ""
    body_name_ru: str = ""
    body_name_en: str = ""
    unit_name_kk: str = ""
    unit_name_ru: str = ""
    unit_name_en: str = ""
    officer_name: str = ""
    officer_position_kk: str = ""
    officer_position_ru: str = ""
    officer_position_en: str = ""
    special_state_body: bool = False
    presidential_administration: bool = False
    prime_ministers_office: bool = False
    mfa_requests_all_reports: bool = False
    p49_notice_every_meeting: bool = False
    due_soon_working_days: int = 2
    # Issue 21: the body's BIN (12 digits, may be empty) and the store's own identity, made once, never changed.
    body_bin: str = ""
    body_id: uuid.UUID | None = None
    # Issue 16: the local register's numbers, e.g. "12-1/{seq}" ({seq}: the year's sequence, {year}); "" when
    # every number comes from the unit's document system (ESEDO).
    registration_pattern: str = ""
    # Issue 19.1: obligations due before this day, of records logged before it, are not overdue (the unit kept
    # them elsewhere); the day the store was made unless the officer chose another (hattama.rules.obligations).
    tracking_since: dt.date | None = None
    # Issue 19.1: the first-run assistant was finished or skipped (`needs_setup`).
    setup_done: bool = False

    def body_name(self, language: str) -> str:
        """The body's name in a language, falling back to the others so a document never goes nameless."""
        return _in_language(self, "body_name", language)

    def unit_name(self, language: str) -> str:
        return _in_language(self, "unit_name", language)

    def officer_position(self, language: str) -> str:
        return _in_language(self, "officer_position", language)


def _in_language(details: UnitDetails, stem: str, language: str) -> str:
    for code in (language, "kk", "ru", "en"):
        value = getattr(details, f"{stem}_{code}", "")
        if value:
            return value
    return ""


FIELDS = tuple(field.name for field in dataclasses.fields(UnitDetails))
# What the officer may change: the body's identity is Hattama's, made once.
EDITABLE_FIELDS = tuple(name for name in FIELDS if name != "body_id")
_BIN = re.compile(r"[0-9]{12}")


def owner_identity(details: UnitDetails) -> str:
    """The identity of the body these settings describe, as records carry it in `owner`: its BIN when entered
    (what a signing certificate proves), else the identity Hattama made for the store."""
    return identity_of(details.body_bin, details.body_id)


# A body's identity from its BIN and its Hattama identity (an interchange `source` names both).
identity_of = body_identity


def store_owner(session: Session) -> str:
    """The identity of the store's own body, within a session that is already open."""
    row = _row(session)
    return identity_of(row.body_bin, row.body_id)


# The settings' names as the officer reads them (message ids: hattama.presentation.settings words them).
FIELD_LABELS: dict[str, str] = {
    "body_name_kk": N_("Body name (Kazakh)"),
    "body_name_ru": N_("Body name (Russian)"),
    "body_name_en": N_("Body name (English)"),
    "unit_name_kk": N_("Unit name (Kazakh)"),
    "unit_name_ru": N_("Unit name (Russian)"),
    "unit_name_en": N_("Unit name (English)"),
    "officer_name": N_("Officer's name"),
    "officer_position_kk": N_("Officer's position (Kazakh)"),
    "officer_position_ru": N_("Officer's position (Russian)"),
    "officer_position_en": N_("Officer's position (English)"),
    "special_state_body": N_("Special state body (p.50: p.48 and p.49 do not apply)"),
    "presidential_administration": N_("Presidential Administration (p.50: the chapter does not apply)"),
    "prime_ministers_office": N_("Prime Minister's Office (p.50: the chapter does not apply)"),
    "mfa_requests_all_reports": N_("The MFA asks for a report on every event (p.46)"),
    "p49_notice_every_meeting": N_(
        "Inform the MFA of every meeting in Kazakhstan it did not attend, not only meetings of a series (p.49)"),
    "due_soon_working_days": N_("Due-soon window, working days"),
    "body_bin": N_("Body's BIN (12 digits)"),
    "body_id": N_("Body's identity in Hattama"),
    "registration_pattern": N_("Pattern of registration numbers, e.g. 12-1/{seq}"),
    "tracking_since": N_("Overdue obligations count from"),
    "setup_done": N_("First-run setup done"),
}


def _row(session: Session) -> UnitSettings:
    row = session.scalars(select(UnitSettings).limit(1)).first()
    if row is None:
        row = UnitSettings(**{**dataclasses.asdict(UnitDetails()), "body_id": uuid.uuid4(),
                              "tracking_since": clock.today()})
        session.add(row)
        session.flush()
    return row


def load_settings(store: Store) -> UnitDetails:
    with store.session() as session:
        row = _row(session)
        details = UnitDetails(**{name: getattr(row, name) for name in FIELDS})
        if details.tracking_since is None:  # not chosen: tracked since its settings were made (never after today)
            details = dataclasses.replace(details, tracking_since=tracking_since_of(row, clock.today()))
        return details


def validate(details: UnitDetails) -> None:
    if details.body_bin and _BIN.fullmatch(details.body_bin) is None:
        raise ServiceError(N_("The BIN is 12 digits, not “{value}”."), value=details.body_bin[:40])
    if details.registration_pattern:
        check_pattern(details.registration_pattern)
    if details.tracking_since is not None and details.tracking_since > clock.today():
        raise ServiceError(N_("Obligations cannot count from a day still to come: {date}."),
                           date=details.tracking_since)
    if not 0 <= details.due_soon_working_days <= MAX_DUE_SOON_WORKING_DAYS:
        raise ServiceError(
            N_("The due-soon window must be between 0 and {maximum} working days."),
            maximum=MAX_DUE_SOON_WORKING_DAYS,
        )
    if sum((details.special_state_body, details.presidential_administration, details.prime_ministers_office)) > 1:
        raise ServiceError(N_("A body is only one of: a special state body, the Presidential Administration, the "
                              "Prime Minister's Office."))


def save_settings(store: Store, details: UnitDetails) -> UnitDetails:
    """Save every setting but the body's identity. A new BIN moves the store's own records to it, so they stay
    the body's own whichever identity it goes by."""
    details = dataclasses.replace(details, body_bin=details.body_bin.strip())
    validate(details)
    with store.session() as session:
        row = _row(session)
        before = identity_of(row.body_bin, row.body_id)
        for name in EDITABLE_FIELDS:
            setattr(row, name, getattr(details, name))
        after = identity_of(row.body_bin, row.body_id)
        if after != before:
            for model in (Event, Report):
                session.execute(update(model).where(model.owner == before).values(owner=after))
        return dataclasses.replace(details, body_id=row.body_id)


def update_settings(store: Store, **changes: Any) -> UnitDetails:  # any of UnitDetails' fields, by name
    return save_settings(store, dataclasses.replace(load_settings(store), **changes))


# ------------------------------------------------------------------------------------------- first run

# The details that say who the unit is: with none of them, the store is new (nobody has set it up).
_WHO = ("body_name_kk", "body_name_ru", "body_name_en", "unit_name_kk", "unit_name_ru", "unit_name_en",
        "officer_name")


def needs_setup(store: Store) -> bool:
    """Whether the store is new (issue 19.1): the first-run assistant was neither finished nor skipped and the
    unit's details are empty. A store set up from the command line, or filled with the demo, is not new."""
    details = load_settings(store)
    return not details.setup_done and not any(getattr(details, name).strip() for name in _WHO)


def finish_setup(store: Store, details: UnitDetails | None = None) -> UnitDetails:
    """The assistant's end: the details it edited (None: skipped, nothing changed) saved, and the store no
    longer new."""
    return save_settings(store, dataclasses.replace(details or load_settings(store), setup_done=True))


# What a report needs of the unit's details (issue 19.3): the body's name and the signature block (the officer's
# name and position) in the report's language; "{stem}_{language}" fields, and the officer's name.
_ON_A_REPORT = ("body_name", "officer_position")


def missing_for_report(details: UnitDetails, language: str) -> tuple[str, ...]:
    """The names of the empty settings a report in `language` would be sent without (nothing when complete)."""
    names = [f"{stem}_{language}" for stem in _ON_A_REPORT]
    names.insert(1, "officer_name")
    return tuple(name for name in names if not getattr(details, name).strip())


class UnitDetailsMissing(ServiceError):
    """Raised where a report cannot be made ready without the unit's details; `fields` names what is empty."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        super().__init__(N_("The unit's details a report is sent with are empty: {fields} Enter them in the setup "
                            "assistant (Settings → Run the setup assistant…)."),
                         fields=[Message(N_("{field} is empty."), {"field": Message(FIELD_LABELS[name])})
                                 for name in fields])
        self.fields = fields
