"""The unit's settings and the officer's own in words: labels and values for the Settings page, the settings
dialog, the first-run assistant and `hattama settings show`."""

from __future__ import annotations

import datetime as dt

from hattama.i18n import N_, current_language, format_date, translate_in
from hattama.services.settings import FIELD_LABELS

# The officer's own settings (hattama.services.officer), shown beside the unit's.
OFFICER_FIELD_LABELS: dict[str, str] = {
    "language": N_("Interface language"),
    "signing_key_path": N_("Signing key (PKCS#12 file)"),
    "sign_with_ncalayer": N_("Sign with NCALayer"),
}
YES, NO = N_("yes"), N_("no")


def field_labels(language: str | None = None) -> dict[str, str]:
    """The unit settings' labels in `language` (None: the interface's)."""
    code = language or current_language()
    return {name: translate_in(code, msgid) for name, msgid in FIELD_LABELS.items()}


def officer_field_labels(language: str | None = None) -> dict[str, str]:
    code = language or current_language()
    return {name: translate_in(code, msgid) for name, msgid in OFFICER_FIELD_LABELS.items()}


def setting_value(value: object, language: str | None = None) -> str:
    """A setting's value as shown: yes/no for a flag, a date in the language's form, "—" for nothing."""
    code = language or current_language()
    if isinstance(value, bool):
        return translate_in(code, YES if value else NO)
    if isinstance(value, dt.date):
        return format_date(value, language=code)
    text = "" if value is None else str(value)
    return text if text else "—"
