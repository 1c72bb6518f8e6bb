"""Loading NCA RK style PKCS#12 keys, and telling apart every reason a key file cannot sign."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap

import pytest
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.primitives import serialization

from hattama.services.errors import ServiceError
from hattama.services.signing import keys
from hattama.services.signing.keys import load_signing_identity
from tests.pki import KAZAKH_GOST_KEY_OID, PASSWORD, RUSSIAN_GOST_KEY_OID, Pki, gost_pkcs12, rc2_pkcs12


def _rc2_file(pki: Pki) -> bytes:
    try:
        return rc2_pkcs12(pki.signing, pki.chain)
    except FileNotFoundError:
        pytest.skip("the openssl command line is not installed")
    except subprocess.CalledProcessError:
        pytest.skip("this openssl has no legacy provider to write RC2")


def test_signing_key_loads_with_its_certificate_and_chain(pki: Pki, now: dt.datetime) -> None:
    identity = load_signing_identity(pki.signing.pkcs12(pki.chain), PASSWORD, now)

    assert identity.certificate == pki.signing.certificate
    assert identity.chain == (pki.intermediate.certificate,)
    assert identity.subject_name == "ТЕСТОВА ӘСЕЛЬ"
    assert identity.issuer_name == "Hattama Test NCA (RSA)"
    assert identity.serial_hex == format(pki.signing.certificate.serial_number, "x")


def test_old_3des_key_file_loads(pki: Pki, now: dt.datetime) -> None:
    identity = load_signing_identity(pki.signing.pkcs12(pki.chain, triple_des=True), PASSWORD, now)
    assert identity.certificate == pki.signing.certificate


def test_old_rc2_key_file_loads(pki: Pki, now: dt.datetime) -> None:
    identity = load_signing_identity(_rc2_file(pki), PASSWORD, now)
    assert identity.certificate == pki.signing.certificate


@pytest.mark.parametrize("kind", ["modern", "3des", "rc2"])
def test_wrong_password_is_reported_as_such(pki: Pki, now: dt.datetime, kind: str) -> None:
    data = {
        "modern": lambda: pki.signing.pkcs12(pki.chain),
        "3des": lambda: pki.signing.pkcs12(pki.chain, triple_des=True),
        "rc2": lambda: _rc2_file(pki),
    }[kind]()
    with pytest.raises(keys.WrongPassword) as raised:
        load_signing_identity(data, "not the password", now)
    assert raised.value.msgid == "The password for this key file is wrong."


@pytest.mark.parametrize("oid", [KAZAKH_GOST_KEY_OID, RUSSIAN_GOST_KEY_OID])
@pytest.mark.parametrize("password", [PASSWORD, "whatever was typed"])
def test_gost_key_is_recognised_but_not_supported(now: dt.datetime, oid: str, password: str) -> None:
    with pytest.raises(keys.GostNotSupported) as raised:
        load_signing_identity(gost_pkcs12(oid), password, now)
    assert "GOST" in raised.value.msgid


@pytest.mark.parametrize(
    "data",
    [b"", b"hello, not a key", b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"],
    ids=["empty", "text", "pem-garbage"],
)
def test_file_that_is_not_pkcs12_is_reported_as_such(now: dt.datetime, data: bytes) -> None:
    with pytest.raises(keys.NotPkcs12):
        load_signing_identity(data, PASSWORD, now)


def test_certificate_file_is_not_a_key_file(pki: Pki, now: dt.datetime) -> None:
    der = pki.signing.certificate.public_bytes(serialization.Encoding.DER)
    with pytest.raises(keys.NotPkcs12):
        load_signing_identity(der, PASSWORD, now)


def test_legacy_cipher_missing_from_the_build_is_told_apart_from_a_wrong_password(pki: Pki, tmp_path) -> None:
    """cryptography without OpenSSL's legacy provider cannot read RC2; with the right password that is the reason."""
    key_file = tmp_path / "legacy.p12"
    key_file.write_bytes(_rc2_file(pki))
    script = textwrap.dedent(
        f"""
        import datetime as dt, pathlib
        from hattama.services.signing.keys import KeyFileError, load_signing_identity
        data = pathlib.Path({str(key_file)!r}).read_bytes()
        for password in ({PASSWORD!r}, "wrong"):
            try:
                load_signing_identity(data, password, dt.datetime.now(dt.UTC))
                print("loaded")
            except KeyFileError as error:
                print(type(error).__name__)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "CRYPTOGRAPHY_OPENSSL_NO_LEGACY": "1"},
        cwd=os.getcwd(),
    )
    assert done.stdout.split() == ["LegacyCipherUnsupported", "WrongPassword"]


def test_expired_certificate_is_refused_with_its_end_date(pki: Pki, now: dt.datetime) -> None:
    with pytest.raises(keys.CertificateExpired) as raised:
        load_signing_identity(pki.expired.pkcs12(pki.chain), PASSWORD, now)
    assert raised.value.params == {"not_after": pki.expired.certificate.not_valid_after_utc}


def test_not_yet_valid_certificate_is_refused_with_its_start_date(pki: Pki, now: dt.datetime) -> None:
    with pytest.raises(keys.CertificateNotYetValid) as raised:
        load_signing_identity(pki.not_yet_valid.pkcs12(pki.chain), PASSWORD, now)
    assert raised.value.params == {"not_before": pki.not_yet_valid.certificate.not_valid_before_utc}


def test_validity_is_judged_at_the_given_moment(pki: Pki) -> None:
    yesterday_but_one = pki.expired.certificate.not_valid_after_utc - dt.timedelta(days=1)
    identity = load_signing_identity(pki.expired.pkcs12(pki.chain), PASSWORD, yesterday_but_one)
    assert identity.certificate == pki.expired.certificate


def test_auth_key_is_refused_with_a_hint_to_choose_the_signing_key(pki: Pki, now: dt.datetime) -> None:
    with pytest.raises(keys.AuthenticationKey) as raised:
        load_signing_identity(pki.auth.pkcs12(pki.chain), PASSWORD, now)
    assert "authentication (AUTH) key" in raised.value.msgid
    assert "signing key" in raised.value.msgid


def test_key_without_signature_usage_is_refused(pki: Pki, now: dt.datetime) -> None:
    with pytest.raises(keys.NotASigningKey) as raised:
        load_signing_identity(pki.encipherment_only.pkcs12(pki.chain), PASSWORD, now)
    assert not isinstance(raised.value, keys.AuthenticationKey)


def test_ec_key_is_not_supported(pki: Pki, now: dt.datetime) -> None:
    with pytest.raises(keys.UnsupportedKeyType) as raised:
        load_signing_identity(pki.ec_signing.pkcs12(pki.chain), PASSWORD, now)
    assert raised.value.params == {"key_type": "EC"}


def test_every_refusal_is_a_translatable_service_error() -> None:
    for error_class in (
        keys.NotPkcs12,
        keys.WrongPassword,
        keys.GostNotSupported,
        keys.LegacyCipherUnsupported,
        keys.MissingCertificate,
        keys.NotASigningKey,
        keys.AuthenticationKey,
    ):
        error = error_class()
        assert isinstance(error, ServiceError)
        assert error.msgid and error.params == {}
    assert keys.UnsupportedKeyType(None).params == {}


@pytest.mark.parametrize("triple_des", [False, True], ids=["sha256-mac", "sha1-mac"])
def test_mac_check_accepts_the_right_password_only(pki: Pki, triple_des: bool) -> None:
    """The MAC check is what tells a wrong password from the other failures."""
    pfx = asn1_pkcs12.Pfx.load(pki.signing.pkcs12(triple_des=triple_des))
    assert keys.mac_verifies(pfx, PASSWORD)
    assert not keys.mac_verifies(pfx, PASSWORD + "x")


def test_a_tls_server_certificate_cannot_sign_at_export_nor_pass_verification(pki: Pki) -> None:
    """Issue 10.3: one rule (keys.check_signing_usage) for the key chosen at export and the bundle's signer."""
    with pytest.raises(keys.NotASigningKey, match="neither email protection nor an NCA RK signing profile"):
        keys.load_signing_identity(pki.tls_server.pkcs12(pki.chain), PASSWORD, pki.now)
    from hattama.services.bundle.verifier import CHECK_USAGE, _usage

    usage = _usage(pki.tls_server.certificate)
    assert usage.name_msgid == CHECK_USAGE and not usage.passed
    assert "neither email protection" in usage.detail_msgid
