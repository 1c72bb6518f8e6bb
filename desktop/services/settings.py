"""The unit's settings as a plain object: read, validate, save."""

from __future__ import annotations

import dataclasses
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hattama.db.models import Event, Report, UnitSettings
from hattama.db.models.settings import body_identity
from hattama.db.store import Store
from hattama.i18n import LANGUAGES, N_, _
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
    language: str = "kk"
    due_soon_working_days: int = 2
    signing_key_path: str = ""
    sign_with_ncalayer: bool = False  # issue 12: NCA RK's NCALayer holds the key instead of a key file
    # Issue 21: the body's BIN (12 digits, may be empty) and the store's own identity, made once, never changed.
    body_bin: str = ""
    body_id: uuid.UUID | None = None
    # Issue 16: the local register's numbers, e.g. "12-1/{seq}" ({seq}: the year's sequence, {year}); "" when
    # every number comes from the unit's document system (ESEDO).
    registration_pattern: str = ""

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


def field_labels() -> dict[str, str]:
    """Translated labels of the settings, shared with the settings dialog."""
    return {
        "body_name_kk": _("Body name (Kazakh)"),
        "body_name_ru": _("Body name (Russian)"),
        "body_name_en": _("Body name (English)"),
        "unit_name_kk": _("Unit name (Kazakh)"),
        "unit_name_ru": _("Unit name (Russian)"),
        "unit_name_en": _("Unit name (English)"),
        "officer_name": _("Officer's name"),
        "officer_position_kk": _("Officer's position (Kazakh)"),
        "officer_position_ru": _("Officer's position (Russian)"),
        "officer_position_en": _("Officer's position (English)"),
        "special_state_body": _("Special state body (p.50: p.48 and p.49 do not apply)"),
        "presidential_administration": _("Presidential Administration (p.50: the chapter does not apply)"),
        "prime_ministers_office": _("Prime Minister's Office (p.50: the chapter does not apply)"),
        "mfa_requests_all_reports": _("The MFA asks for a report on every event (p.46)"),
        "p49_notice_every_meeting": _(
            "Inform the MFA of every meeting in Kazakhstan it did not attend, not only meetings of a series (p.49)"),
        "language": _("Interface language"),
        "due_soon_working_days": _("Due-soon window, working days"),
        "signing_key_path": _("Signing key (PKCS#12 file)"),
        "sign_with_ncalayer": _("Sign with NCALayer"),
        "body_bin": _("Body's BIN (12 digits)"),
        "body_id": _("Body's identity in Hattama"),
        "registration_pattern": _("Pattern of registration numbers, e.g. 12-1/{seq}"),
    }


def _row(session) -> UnitSettings:
    row = session.scalars(select(UnitSettings).limit(1)).first()
    if row is None:
        row = UnitSettings(**{**dataclasses.asdict(UnitDetails()), "body_id": uuid.uuid4()})
        session.add(row)
        session.flush()
    return row


def load_settings(store: Store) -> UnitDetails:
    with store.session() as session:
        row = _row(session)
        return UnitDetails(**{name: getattr(row, name) for name in FIELDS})


def validate(details: UnitDetails) -> None:
    if details.body_bin and _BIN.fullmatch(details.body_bin) is None:
        raise ServiceError(N_("The BIN is 12 digits, not “{value}”."), value=details.body_bin[:40])
    if details.language not in LANGUAGES:
        raise ServiceError(N_("Unknown interface language: {language}."), language=details.language)
    if details.registration_pattern:
        check_pattern(details.registration_pattern)
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


def update_settings(store: Store, **changes: object) -> UnitDetails:
    return save_settings(store, dataclasses.replace(load_settings(store), **changes))
