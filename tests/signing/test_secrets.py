"""Remembered key passwords live in the system keyring only; a missing or locked keyring is said as such."""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import KeyringLocked, PasswordSetError

from hattama.services.signing import secrets
from hattama.services.signing.secrets import KeyringUnavailable

SECRET = "Құпия-сөз-123"


class LockedKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("locked")

    set_password = delete_password = get_password  # type: ignore[assignment]


class RefusingKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("D-Bus said no")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordSetError("D-Bus said no")


@pytest.fixture
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home and working folder of its own, so any stray write would show up in it."""
    for variable in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "APPDATA", "LOCALAPPDATA"):
        monkeypatch.setenv(variable, str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_password_round_trip_in_the_keyring(memory_keyring, tmp_path: Path) -> None:
    key_file = tmp_path / "RSA256_test.p12"
    assert secrets.get_password(key_file) is None

    secrets.set_password(key_file, SECRET)
    assert secrets.get_password(key_file) == SECRET
    assert memory_keyring.secrets == {("Hattama", os.path.normcase(str(key_file))): SECRET}

    secrets.delete_password(key_file)
    assert secrets.get_password(key_file) is None


def test_relative_and_absolute_paths_name_the_same_key_file(memory_keyring, isolated_home: Path) -> None:
    secrets.set_password("keys/RSA256_test.p12", SECRET)
    assert secrets.get_password(isolated_home / "keys" / "RSA256_test.p12") == SECRET


def test_forgetting_a_password_never_stored_is_fine(memory_keyring, tmp_path: Path) -> None:
    secrets.delete_password(tmp_path / "never.p12")


def test_backend_name_is_reported(memory_keyring) -> None:
    assert secrets.backend_name() == type(memory_keyring).name


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["fail", "null"])
def test_no_usable_keyring_raises_keyring_unavailable_and_writes_nothing(
    backend: KeyringBackend, isolated_home: Path
) -> None:
    keyring.set_keyring(backend)
    key_file = isolated_home / "RSA256_test.p12"
    for action in (
        lambda: secrets.set_password(key_file, SECRET),
        lambda: secrets.get_password(key_file),
        lambda: secrets.delete_password(key_file),
    ):
        with pytest.raises(KeyringUnavailable) as raised:
            action()
        assert "No system keyring is available" in raised.value.msgid
        assert SECRET not in str(raised.value)
    assert list(isolated_home.iterdir()) == []


def test_locked_keyring_is_said_to_be_locked_not_a_wrong_password(tmp_path: Path) -> None:
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(KeyringUnavailable) as raised:
        secrets.get_password(tmp_path / "RSA256_test.p12")
    assert raised.value.msgid == "The system keyring is locked; unlock it and try again."


def test_keyring_refusal_names_the_backend_but_not_the_password(tmp_path: Path) -> None:
    keyring.set_keyring(RefusingKeyring())
    with pytest.raises(KeyringUnavailable) as raised:
        secrets.set_password(tmp_path / "RSA256_test.p12", SECRET)
    assert raised.value.params == {"backend": RefusingKeyring.name}
    assert SECRET not in str(raised.value) and SECRET not in repr(raised.value.__cause__)


def test_passwords_are_never_logged(memory_keyring, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    secrets.set_password(tmp_path / "RSA256_test.p12", SECRET)
    secrets.get_password(tmp_path / "RSA256_test.p12")
    assert SECRET not in caplog.text
