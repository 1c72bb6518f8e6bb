"""GOST 2015-512 key files: known answers on NCA RK's public test keys, and every reason a key file is refused
(wrong password, unsupported container, GOST 2004 key, AUTH key, expired, role without the right to sign),
each a clear message and never a traceback. Test time is fixed inside the keys' validity (8 May 2026 – 2027).
"""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509

from hattama.i18n import describe
from hattama.services.signing import keys, roles
from hattama.services.signing.gost import certificates, maths, oids
from hattama.services.signing.gost.pkcs12 import Gost2004Key, UnsupportedContainer, load_gost_identity
from hattama.services.signing.gost.rc2 import rc2_cbc_decrypt
from hattama.services.signing.providers import GostKeyFileSigner, RsaKeyFileSigner, open_key_file
from hattama.services.signing.revocation import load_crl, revocation_status
from hattama.services.signing.trust import name_text
from tests.signing import gost_factory as factory
from tests.signing.nca_keys import NCA

PASSWORD = "Qwerty12"
AT = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)  # inside every test key's validity and the CRL's

# (file, subject CN, IIN, BIN, role OID, valid from, valid until), as NCA issued them.
NCA_KEYS = [
    ("individual/valid/individual_valid.p12", "ТЕСТОВ ТЕСТ", "123456789011", None, "1.2.398.3.3.4.1.1",
     "2026-05-08", "2027-05-08"),
    ("legal/valid/employee.p12", "ТЕСТТОВ ТЕСТТ", "123456789012", "123456789021", "1.2.398.3.3.4.1.2.5",
     "2026-05-08", "2027-05-08"),
    ("legal/valid/employee_signright.p12", "ТЕСТТОВ ТЕСТТ", "123456789012", "123456789021",
     "1.2.398.3.3.4.1.2.2", "2026-06-16", "2027-06-16"),
    ("legal/valid/head.p12", "ТЕСТОВ ТЕСТ", "123456789011", "123456789021", "1.2.398.3.3.4.1.2.1",
     "2026-05-08", "2027-05-08"),
    ("legal/valid/infosystem.p12", "ТЕСТТОВ ТЕСТТ", "123456789012", "123456789021", "1.2.398.5.19.1.2.2.1",
     "2026-05-08", "2027-05-08"),
    # Its subject names an information system ("ИС"), with the information-system role.
    ("legal/valid/treasury_client.p12", 'ИС "Тест"', None, "123456789021", "1.2.398.3.3.4.1.2.6",
     "2026-05-08", "2029-05-07"),
]
REVOKED = sorted(str(path.relative_to(NCA)) for path in NCA.glob("*/revoked/*.p12"))
SIGNS_FOR_BODY = {"individual/valid/individual_valid.p12", "legal/valid/employee_signright.p12",
                  "legal/valid/head.p12"}

pytestmark = pytest.mark.skipif(not NCA.is_dir(), reason="NCA RK test keys not present")


def _nca_certificate(name: str) -> x509.Certificate:
    return x509.load_der_x509_certificate((NCA / name).read_bytes())


def _identity(path: str):
    """The identity without the signing-role rule, to read what every file holds."""
    original = keys.check_signing_usage
    keys.check_signing_usage = lambda certificate: None
    try:
        return load_gost_identity((NCA / path).read_bytes(), PASSWORD, AT)
    finally:
        keys.check_signing_usage = original


@pytest.mark.parametrize(("path", "subject", "iin", "bin_", "role", "valid_from", "valid_until"), NCA_KEYS)
def test_every_nca_test_key_loads_with_its_subject_numbers_role_and_validity(
    path, subject, iin, bin_, role, valid_from, valid_until
) -> None:
    identity = _identity(path)
    certificate = identity.certificate
    assert name_text(certificate.subject) == subject
    assert roles.iin(certificate) == iin
    assert roles.bin_(certificate) == bin_
    assert roles.role_oids(certificate)[0] == role
    assert str(certificate.not_valid_before_utc.date()) == valid_from
    assert str(certificate.not_valid_after_utc.date()) == valid_until
    assert certificate.public_key_algorithm_oid.dotted_string == oids.GOST2015_KEY
    # The private key is the certificate's: its public half is the one certified.
    assert maths.public_key(identity.private_key) == factory_public_key(certificate)


def factory_public_key(certificate: x509.Certificate) -> bytes:
    from hattama.services.signing.gost.pkcs12 import public_key_of

    public = public_key_of(certificate)
    assert public is not None
    return public


@pytest.mark.parametrize("path", [row[0] for row in NCA_KEYS] + REVOKED)
def test_every_nca_test_key_chains_to_the_nca_test_root(path: str) -> None:
    root = _nca_certificate("root_test_gost_2022.cer")
    issuing = _nca_certificate("nca_gost2022_test.cer")
    certificate = _identity(path).certificate
    assert certificates.chain_to_root(certificate, [issuing], [root], AT) == [certificate, issuing, root]
    other_root = factory.certificate(factory.name("Other GOST root"), key := factory.new_key(), None, key,
                                     not_before=AT - dt.timedelta(days=1), not_after=AT + dt.timedelta(days=1),
                                     ca=True, digital_signature=False)
    assert certificates.chain_to_root(certificate, [issuing], [other_root], AT) is None


# The CRL of 11 August 2026 lists every revoked profile, and also two of the "valid" ones (revoked in June 2026).
ON_THE_CRL = {*REVOKED, "legal/valid/employee.p12", "legal/valid/infosystem.p12"}


@pytest.mark.parametrize("path", REVOKED + [row[0] for row in NCA_KEYS])
def test_the_nca_crl_says_which_test_keys_are_revoked(path: str) -> None:
    crl = load_crl((NCA / "nca_gost2022_test.crl").read_bytes())
    issuing = _nca_certificate("nca_gost2022_test.cer")
    assert certificates.crl_signed_by(crl, issuing)
    status = revocation_status(_identity(path).certificate, [issuing], [crl], AT)
    assert status.checked
    assert (status.revoked_on is not None) == (path in ON_THE_CRL)
    # Without a CRL nothing is claimed either way.
    assert not revocation_status(_identity(path).certificate, [issuing], [], AT).checked


def test_a_forged_crl_is_not_taken_for_the_issuers() -> None:
    crl_bytes = bytearray((NCA / "nca_gost2022_test.crl").read_bytes())
    crl_bytes[-5] ^= 0x01  # inside the signature
    crl = load_crl(bytes(crl_bytes))
    issuing = _nca_certificate("nca_gost2022_test.cer")
    status = revocation_status(_identity(REVOKED[0]).certificate, [issuing], [crl], AT)
    assert not status.checked


@pytest.mark.parametrize("path", sorted(SIGNS_FOR_BODY))
def test_keys_that_may_sign_open_as_gost_signers(path: str) -> None:
    signer = open_key_file((NCA / path).read_bytes(), PASSWORD, AT)
    assert isinstance(signer, GostKeyFileSigner) and signer.algorithm == "gost"
    assert signer.pades_identity is None  # GOST bundles sign the manifest only


@pytest.mark.parametrize("path", [row[0] for row in NCA_KEYS if row[0] not in SIGNS_FOR_BODY])
def test_an_employee_without_the_right_to_sign_is_refused_with_the_role_shown(path: str) -> None:
    with pytest.raises(keys.RoleCannotSign) as refused:
        open_key_file((NCA / path).read_bytes(), PASSWORD, AT)
    role = roles.role_oids(_identity(path).certificate)[0]
    assert refused.value.role_oid == role
    assert role in describe(refused.value)


def test_a_wrong_password_is_told_apart() -> None:
    with pytest.raises(keys.WrongPassword):
        open_key_file((NCA / "legal/valid/head.p12").read_bytes(), "Qwerty13", AT)


@pytest.mark.parametrize(("moment", "error"), [
    (dt.datetime(2026, 5, 1, tzinfo=dt.UTC), keys.CertificateNotYetValid),
    (dt.datetime(2027, 5, 9, tzinfo=dt.UTC), keys.CertificateExpired),
])
def test_a_key_outside_its_validity_is_refused(moment: dt.datetime, error: type) -> None:
    with pytest.raises(error):
        open_key_file((NCA / "legal/valid/head.p12").read_bytes(), PASSWORD, moment)


# ---------------------------------------------------------------------------------------------- generated keys

@pytest.fixture(scope="module")
def ca():
    key = factory.new_key()
    certificate = factory.certificate(factory.name("Hattama test GOST CA"), key, None, key,
                                      not_before=AT - dt.timedelta(days=365), not_after=AT + dt.timedelta(days=365),
                                      ca=True, digital_signature=False)
    return certificate, key


def _leaf(ca, **options):
    ca_certificate, ca_key = ca
    key = factory.new_key()
    defaults = {"not_before": AT - dt.timedelta(days=1), "not_after": AT + dt.timedelta(days=30),
                "purposes": factory.SIGNING_EKU}
    certificate = factory.certificate(factory.name("Officer", iin="900101300123", bin_="123456789021"), key,
                                      ca_certificate, ca_key, **{**defaults, **options})
    return key, certificate


def test_a_generated_kz_key_file_opens_with_its_chain(ca) -> None:
    key, certificate = _leaf(ca)
    signer = open_key_file(factory.pkcs12(key, [certificate, ca[0]], "secret"), "secret", AT)
    assert signer.certificate == certificate and signer.chain == (ca[0],)


def test_an_auth_only_gost_key_is_refused_as_such(ca) -> None:
    key, certificate = _leaf(ca, purposes=[x509.ObjectIdentifier("1.3.6.1.5.5.7.3.2")])
    with pytest.raises(keys.AuthenticationKey):
        open_key_file(factory.pkcs12(key, [certificate], "secret"), "secret", AT)


def test_a_gost_2004_key_is_named(ca) -> None:
    key, certificate = _leaf(ca)
    data = factory.pkcs12(key, [certificate], "secret", key_oid=oids.GOST2004_KEY)
    with pytest.raises(Gost2004Key) as refused:
        open_key_file(data, "secret", AT)
    assert "2004" in describe(refused.value)


def test_a_container_with_unknown_encryption_is_named(ca) -> None:
    key, certificate = _leaf(ca)
    data = factory.pkcs12(key, [certificate], "secret", key_scheme="pkcs12_sha1_rc4_128")
    with pytest.raises(UnsupportedContainer):
        open_key_file(data, "secret", AT)


@pytest.mark.parametrize("garbage", [b"", b"not a key", b"\x30\x03\x02\x01\x03", bytes(range(256)) * 4])
def test_anything_else_is_not_a_pkcs12_file(garbage: bytes) -> None:
    with pytest.raises(keys.KeyFileError):
        open_key_file(garbage, "secret", AT)


def test_an_rsa_key_file_still_opens_as_an_rsa_signer(pki) -> None:
    from tests.pki import PASSWORD as RSA_PASSWORD

    signer = open_key_file(pki.signing.pkcs12(pki.chain), RSA_PASSWORD, pki.now)
    assert isinstance(signer, RsaKeyFileSigner) and signer.pades_identity is not None


def test_rc2_decrypts_as_cryptography_does_for_128_bit_keys() -> None:
    """Our RC2 (needed for 40-bit keys) against `cryptography`'s decrepit RC2, which takes 128-bit keys."""
    from cryptography.hazmat.decrepit.ciphers.algorithms import RC2
    from cryptography.hazmat.primitives.ciphers import Cipher, modes

    key, iv, plain = bytes(range(16)), bytes(8), bytes(range(64))
    encryptor = Cipher(RC2(key), modes.CBC(iv)).encryptor()
    assert rc2_cbc_decrypt(key, 128, iv, encryptor.update(plain) + encryptor.finalize()) == plain
