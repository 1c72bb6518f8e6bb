"""The signing key chosen in the settings, its password (asked, or remembered in the keyring only), and the
unit's trusted roots."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from hattama.services import submission
from hattama.services.errors import ServiceError
from hattama.services.officer import load_officer, settings_file
from hattama.services.signing import secrets
from hattama.services.signing.gost.pkcs12 import UnsupportedContainer
from hattama.services.signing.keys import (
    AuthenticationKey,
    CertificateExpired,
    CertificateNotYetValid,
    NotPkcs12,
    WrongPassword,
)
from hattama.services.signing.secrets import KeyringUnavailable
from hattama.services.signing.trust import NotACertificateAuthority
from tests.pki import PASSWORD, Pki, gost_pkcs12
from tests.submission.helpers import write_key, write_root


def test_choosing_a_key_stores_its_absolute_path(store, key_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(key_file.parent)
    assert submission.choose_signing_key(store, key_file.name) == key_file
    assert load_officer().signing_key_path == str(key_file)  # the officer's own choice (issue 17.4)
    assert submission.signing_key_path(store) == key_file


@pytest.mark.parametrize(
    ("content", "refusal"),
    # A "GOST" file whose key bag is encrypted under a scheme no PKCS#12 reader knows (issue 12: GOST 2015 files
    # as NCA makes them are chosen; this one cannot be opened with any password).
    [(b"not a key at all", NotPkcs12), (gost_pkcs12(), UnsupportedContainer)],
    ids=["text", "gost"],
)
def test_a_file_that_cannot_be_a_signing_key_is_not_chosen(store, tmp_path: Path, content, refusal) -> None:
    path = tmp_path / "key.p12"
    path.write_bytes(content)
    with pytest.raises(refusal):
        submission.choose_signing_key(store, path)
    assert load_officer().signing_key_path == ""


def test_a_missing_or_huge_key_file_is_a_clear_error(store, tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="cannot be read"):
        submission.choose_signing_key(store, tmp_path / "nowhere.p12")
    huge = tmp_path / "huge.p12"
    huge.write_bytes(bytes(submission.MAX_KEY_OR_CERTIFICATE_FILE + 1))
    with pytest.raises(ServiceError, match="too large"):
        submission.choose_signing_key(store, huge)


def test_unlocking_with_the_right_password_gives_the_signer(store, key_file: Path) -> None:
    submission.choose_signing_key(store, key_file)
    identity = submission.unlock_signing_key(store, PASSWORD)
    summary = submission.summarise_key(identity)
    assert summary.subject == "ТЕСТОВА ӘСЕЛЬ" and summary.issuer == "Hattama Test NCA (RSA)"
    assert summary.valid_from < summary.valid_until


def test_unlocking_before_a_key_is_chosen_says_so(store) -> None:
    with pytest.raises(ServiceError, match="No signing key has been chosen"):
        submission.unlock_signing_key(store, PASSWORD)


def test_a_wrong_password_is_refused_and_not_remembered(store, key_file: Path, memory_keyring) -> None:
    with pytest.raises(WrongPassword):
        submission.unlock_signing_key(key_file, "not-the-password", remember=True)
    assert memory_keyring.secrets == {}


@pytest.mark.parametrize(
    ("leaf", "refusal"),
    [("expired", CertificateExpired), ("not_yet_valid", CertificateNotYetValid), ("auth", AuthenticationKey)],
)
def test_keys_that_must_not_sign_are_refused_even_with_the_right_password(
    store, tmp_path: Path, pki: Pki, leaf: str, refusal
) -> None:
    path = write_key(tmp_path, getattr(pki, leaf), pki, f"{leaf}.p12")
    submission.choose_signing_key(store, path)  # the password is needed to see the certificate's problem
    with pytest.raises(refusal):
        submission.unlock_signing_key(store, PASSWORD, remember=True)
    assert submission.remembered_password_available(path) is False


def test_a_password_remembered_once_unlocks_without_asking(store, key_file: Path, memory_keyring) -> None:
    submission.choose_signing_key(store, key_file)
    assert submission.remembered_password_available(key_file) is False
    with pytest.raises(submission.PasswordNeeded):
        submission.unlock_signing_key(store, None)

    submission.unlock_signing_key(store, PASSWORD, remember=True)
    assert memory_keyring.secrets == {("Hattama", os.path.normcase(str(key_file))): PASSWORD}
    assert submission.remembered_password_available(key_file) is True
    assert submission.unlock_signing_key(store, None).subject_name == "ТЕСТОВА ӘСЕЛЬ"

    submission.forget_password(key_file)
    assert memory_keyring.secrets == {}
    with pytest.raises(submission.PasswordNeeded):
        submission.unlock_signing_key(store, None)


def test_a_remembered_password_that_no_longer_works_is_forgotten(key_file: Path, memory_keyring) -> None:
    secrets.set_password(key_file, "the-old-password")
    with pytest.raises(submission.RememberedPasswordWrong) as refused:
        submission.unlock_signing_key(key_file, None)
    assert "has been forgotten" in str(refused.value)
    assert memory_keyring.secrets == {}


def test_an_entered_wrong_password_leaves_the_remembered_one_alone(key_file: Path, memory_keyring) -> None:
    secrets.set_password(key_file, PASSWORD)
    with pytest.raises(WrongPassword):
        submission.unlock_signing_key(key_file, "typo")
    assert secrets.get_password(key_file) == PASSWORD


def test_without_a_keyring_the_reason_is_given_and_signing_still_works(key_file: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    reason = submission.remembered_password_available(key_file)
    assert isinstance(reason, KeyringUnavailable)
    assert "No system keyring is available" in str(reason)
    with pytest.raises(KeyringUnavailable):
        submission.unlock_signing_key(key_file, None)
    # Asked to remember where nothing can: the key still opens, and nothing is kept anywhere.
    assert submission.unlock_signing_key(key_file, PASSWORD, remember=True).subject_name == "ТЕСТОВА ӘСЕЛЬ"


def test_the_password_appears_neither_in_the_store_nor_in_the_log(
    store, store_path: Path, key_file: Path, report_id, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    submission.choose_signing_key(store, key_file)
    with pytest.raises(WrongPassword):
        submission.unlock_signing_key(store, PASSWORD + "-wrong", remember=True)
    identity = submission.unlock_signing_key(store, PASSWORD, remember=True)
    submission.export_bundle(store, [report_id], identity, tmp_path / "b.zip")
    store.close()

    stored = b"".join(path.read_bytes() for path in store_path.parent.glob(store_path.name + "*"))
    stored += settings_file().read_bytes()  # the officer's own settings (issue 17.4)
    assert str(key_file).encode() in stored  # the search would find it: the path is stored, in UTF-8
    for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
        assert PASSWORD.encode(encoding) not in stored
    assert PASSWORD not in caplog.text
    assert "bundle" in caplog.text  # the export was logged, so the log was being written


def test_roots_are_imported_once_listed_and_removed(store, tmp_path: Path, pki: Pki) -> None:
    both = tmp_path / "roots.pem"
    both.write_bytes(pki.root.pem() + pki.other_root.pem())
    assert submission.import_trusted_roots(store, write_root(tmp_path, pki)) == ["Hattama Test Root CA"]
    assert submission.import_trusted_roots(store, both) == ["Unknown Root CA"]
    assert submission.import_trusted_roots(store, both) == []

    listed = submission.list_trusted_roots(store)
    assert [root.subject for root in listed] == ["Hattama Test Root CA", "Unknown Root CA"]
    assert listed[0].fingerprint.count(":") == 31 and listed[0].valid_until > pki.now

    submission.remove_trusted_root(store, listed[0].id)
    assert [root.subject for root in submission.list_trusted_roots(store)] == ["Unknown Root CA"]
    with pytest.raises(ServiceError, match="no trusted root"):
        submission.remove_trusted_root(store, listed[0].id)


def test_a_leaf_certificate_cannot_become_a_trusted_root(store, tmp_path: Path, pki: Pki) -> None:
    leaf = tmp_path / "leaf.pem"
    leaf.write_bytes(pki.signing.pem())
    with pytest.raises(NotACertificateAuthority):
        submission.import_trusted_roots(store, leaf)
    assert submission.list_trusted_roots(store) == []
