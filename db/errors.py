"""Store errors a user reads. `msgid` is an English sentence the application translates (see desktop.i18n)."""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    return message


class StoreError(Exception):
    msgid = N_("The store could not be opened.")

    def __init__(self, path: object, **params: Any) -> None:
        self.params = {"path": str(path), **params}
        super().__init__(self.msgid.format(**self.params))


class StoreNotADatabase(StoreError):
    msgid = N_("The file {path} is not a Hattama store or is damaged. It was left untouched.")


class StoreUnreadable(StoreError):
    msgid = N_("The store {path} cannot be read or written: {reason}. It was left untouched.")


class StoreTooNew(StoreError):
    msgid = N_(
        "The store {path} was written by a newer version of Hattama (schema {revision}). "
        "Install the newer version to open it; the file was left untouched."
    )


class StoreUpgradeFailed(StoreError):
    msgid = N_(
        "The store {path} could not be upgraded: {reason}. A copy taken before the upgrade is at {backup}."
    )
