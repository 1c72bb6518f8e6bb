"""Remembered PKCS#12 passwords, kept in the system keyring and nowhere else.

Each password is stored under the service "Hattama" with the key file's absolute path as the account. When
there is no usable keyring (none installed, or keyring's fail/null placeholders) this says so with
KeyringUnavailable: it never falls back to a file, and never logs or reports a password.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError, KeyringLocked, NoKeyringError

from hattama.language import N_
from hattama.services.errors import ServiceError

SERVICE_NAME = "Hattama"


class KeyringUnavailable(ServiceError):
    """The keyring is missing, locked or failing; said as such, never as a wrong password."""


def backend_name() -> str:
    """The keyring in use, for the settings page and diagnostics."""
    return keyring.get_keyring().name


def get_password(key_path: str | os.PathLike[str]) -> str | None:
    with _usable_keyring() as backend:
        return backend.get_password(SERVICE_NAME, _account(key_path))


def set_password(key_path: str | os.PathLike[str], password: str) -> None:
    with _usable_keyring() as backend:
        backend.set_password(SERVICE_NAME, _account(key_path), password)


def delete_password(key_path: str | os.PathLike[str]) -> None:
    """Forget the password; forgetting one that was never stored is not an error."""
    account = _account(key_path)
    with _usable_keyring() as backend:
        if backend.get_password(SERVICE_NAME, account) is not None:
            backend.delete_password(SERVICE_NAME, account)


def _account(key_path: str | os.PathLike[str]) -> str:
    # The same file reached by a relative path, or in another letter case on Windows, is the same account.
    return os.path.normcase(os.path.abspath(os.fspath(key_path)))


def _is_usable(backend: KeyringBackend) -> bool:
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(_is_usable(member) for member in backend.backends)
    return True


@contextmanager
def _usable_keyring() -> Iterator[KeyringBackend]:
    missing = KeyringUnavailable(
        N_(
            "No system keyring is available, so the password cannot be remembered; enter it each time you sign."
        )
    )
    backend = keyring.get_keyring()
    if not _is_usable(backend):
        raise missing
    try:
        yield backend
    except KeyringLocked as error:
        raise KeyringUnavailable(N_("The system keyring is locked; unlock it and try again.")) from error
    except NoKeyringError as error:
        raise missing from error
    except KeyringError as error:
        raise KeyringUnavailable(
            N_("The system keyring ({backend}) refused the request."), backend=backend.name
        ) from error
