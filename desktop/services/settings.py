"""The unit's settings as a plain object: read, validate, save."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import select

from db.models import UnitSettings
from db.store import Store
from desktop.i18n import LANGUAGES, N_, _
from desktop.services.errors import ServiceError

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
    outside_chapter: bool = False
    language: str = "kk"
    due_soon_working_days: int = 2
    signing_key_path: str = ""
    sign_with_ncalayer: bool = False  # issue 12: NCA RK's NCALayer holds the key instead of a key file

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
        "outside_chapter": _("Presidential Administration or Prime Minister's Office (p.50: the chapter does not apply)"),
        "language": _("Interface language"),
        "due_soon_working_days": _("Due-soon window, working days"),
        "signing_key_path": _("Signing key (PKCS#12 file)"),
        "sign_with_ncalayer": _("Sign with NCALayer"),
    }


def _row(session) -> UnitSettings:
    row = session.scalars(select(UnitSettings).limit(1)).first()
    if row is None:
        row = UnitSettings(**dataclasses.asdict(UnitDetails()))
        session.add(row)
        session.flush()
    return row


def load_settings(store: Store) -> UnitDetails:
    with store.session() as session:
        row = _row(session)
        return UnitDetails(**{name: getattr(row, name) for name in FIELDS})


def validate(details: UnitDetails) -> None:
    if details.language not in LANGUAGES:
        raise ServiceError(N_("Unknown interface language: {language}."), language=details.language)
    if not 0 <= details.due_soon_working_days <= MAX_DUE_SOON_WORKING_DAYS:
        raise ServiceError(
            N_("The due-soon window must be between 0 and {maximum} working days."),
            maximum=MAX_DUE_SOON_WORKING_DAYS,
        )
    if details.special_state_body and details.outside_chapter:
        raise ServiceError(
            N_(
                "A body cannot be both a special state body and the Presidential Administration or the "
                "Prime Minister's Office."
            )
        )


def save_settings(store: Store, details: UnitDetails) -> UnitDetails:
    validate(details)
    with store.session() as session:
        row = _row(session)
        for name in FIELDS:
            setattr(row, name, getattr(details, name))
    return details


def update_settings(store: Store, **changes: object) -> UnitDetails:
    return save_settings(store, dataclasses.replace(load_settings(store), **changes))
