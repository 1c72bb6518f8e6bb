"""Load a signing key from an NCA RK PKCS#12 file and refuse, with a clear reason, keys that cannot sign.

`cryptography` reads RSA PKCS#12 files (old RC2/3DES ones too), but a wrong password, a GOST key and a build
without the legacy ciphers all fail with the same ValueError. The reason is then read from the file's
structure: the algorithm identifiers visible without the password, and the integrity MAC, which verifies
exactly when the password is right.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from asn1crypto import algos
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID

from hattama.language import N_
from hattama.services.errors import ServiceError
from hattama.services.signing import roles
from hattama.services.signing.trust import name_text, serial_hex

# Kazakh GOST (NCA RK, 1.2.398...) and Russian GOST (1.2.643...) algorithm arcs.
GOST_ARCS = ("1.2.398.", "1.2.643.")
# NCA RK's certificate profiles for people and employees of legal entities (e.g. 1.2.398.3.3.4.1.2.5, an
# employee), which NCA RK signing keys carry as extended key usages beside emailProtection.
NCA_SIGNING_PROFILE_ARC = "1.2.398.3.3.4."
# PKCS#12/PKCS#5 schemes built on RC2, RC4 or single DES: OpenSSL 3 keeps them in its "legacy" provider.
LEGACY_CIPHER_OIDS = frozenset(
    {
        "1.2.840.113549.1.12.1.1",  # pbeWithSHAAnd128BitRC4
        "1.2.840.113549.1.12.1.2",  # pbeWithSHAAnd40BitRC4
        "1.2.840.113549.1.12.1.5",  # pbeWithSHAAnd128BitRC2-CBC
        "1.2.840.113549.1.12.1.6",  # pbeWithSHAAnd40BitRC2-CBC
        "1.2.840.113549.1.5.1",  # pbeWithMD2AndDES-CBC
        "1.2.840.113549.1.5.3",  # pbeWithMD5AndDES-CBC
        "1.2.840.113549.1.5.4",  # pbeWithMD2AndRC2-CBC
        "1.2.840.113549.1.5.6",  # pbeWithMD5AndRC2-CBC
        "1.2.840.113549.1.5.10",  # pbeWithSHA1AndDES-CBC
        "1.2.840.113549.1.5.11",  # pbeWithSHA1AndRC2-CBC
        "1.2.840.113549.3.2",  # rc2-cbc inside PBES2
        "1.3.14.3.2.7",  # des-cbc inside PBES2
    }
)
_PBES2_OID = "1.2.840.113549.1.5.13"
_MAC_KEY_ID = 3  # RFC 7292 B.3: the PKCS#12 KDF purpose byte for MAC keys
# Files in use have 1 to 10 000 rounds (NCA RK's: 2048); a hostile file must not keep the loop turning for hours.
_MAX_MAC_ITERATIONS = 1_000_000


class KeyFileError(ServiceError):
    """A key file that cannot give a signing identity; the subclass says why."""


class NotPkcs12(KeyFileError):
    def __init__(self) -> None:
        super().__init__(N_("This file is not a PKCS#12 key store (.p12 or .pfx)."))


class WrongPassword(KeyFileError):
    def __init__(self) -> None:
        super().__init__(N_("The password for this key file is wrong."))


class GostNotSupported(KeyFileError):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "This GOST key is of a kind Hattama cannot sign with; NCA RK's GOST 2015 (GOST512) keys can be used."
            )
        )


class LegacyCipherUnsupported(KeyFileError):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "This key file is protected with old encryption (RC2, RC4 or DES) that this build of Hattama cannot read."
            )
        )


class UnsupportedKeyType(KeyFileError):
    def __init__(self, key_type: str | None) -> None:
        if key_type is None:
            super().__init__(
                N_(
                    "The key in this file is of a type Hattama does not know; only RSA signing keys can be used."
                )
            )
        else:
            super().__init__(
                N_(
                    "The key in this file is of an unsupported type ({key_type}); only RSA signing keys can be used."
                ),
                key_type=key_type,
            )


class MissingCertificate(KeyFileError):
    def __init__(self) -> None:
        super().__init__(N_("This key file holds no key with its certificate."))


class CertificateExpired(KeyFileError):
    def __init__(self, not_after: dt.datetime) -> None:
        super().__init__(N_("The certificate of this key expired on {not_after}."), not_after=not_after)


class CertificateNotYetValid(KeyFileError):
    def __init__(self, not_before: dt.datetime) -> None:
        super().__init__(
            N_("The certificate of this key is valid only from {not_before}."), not_before=not_before
        )


class NotASigningKey(KeyFileError):
    def __init__(
        self,
        msgid: str = N_(
            "This certificate is not meant for signing: its key usage allows neither digital signature nor non-repudiation."
        ),
    ) -> None:
        super().__init__(msgid)


class RoleCannotSign(NotASigningKey):
    def __init__(self, role: str) -> None:
        ServiceError.__init__(
            self,
            N_(
                "This certificate's role ({role}) does not give the right to sign for the organisation; use the key of an employee with the right to sign, or the head's."
            ),
            # Worded where it is shown (describe renders a nested message): the role's name, then its OID.
            role=ServiceError(N_("{name}, {oid}"), name=ServiceError(roles.ROLE_NAMES.get(role, role)), oid=role),
        )
        self.role_oid = role


class AuthenticationKey(NotASigningKey):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "This is an authentication (AUTH) key; choose the signing key instead (its file name starts with RSA or GOST, not AUTH)."
            )
        )


@dataclass(frozen=True)
class SigningIdentity:
    """A signing key with its certificate and the issuing chain the key file carried."""

    private_key: rsa.RSAPrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]

    @property
    def subject_name(self) -> str:
        return name_text(self.certificate.subject)

    @property
    def issuer_name(self) -> str:
        return name_text(self.certificate.issuer)

    @property
    def serial_hex(self) -> str:
        return serial_hex(self.certificate)


def load_signing_identity(p12_bytes: bytes, password: str, now: dt.datetime) -> SigningIdentity:
    """The signing identity in an NCA RK PKCS#12 file, valid at `now`; raises a KeyFileError subclass otherwise."""
    try:
        key, certificate, extra = pkcs12.load_key_and_certificates(p12_bytes, password.encode())
    except ValueError:
        raise _why_unreadable(p12_bytes, password) from None
    if key is None or certificate is None:
        raise MissingCertificate()
    if not isinstance(key, rsa.RSAPrivateKey):
        raise UnsupportedKeyType(_key_type_name(key))
    check_signing_usage(certificate)
    check_validity(certificate, now)
    return SigningIdentity(key, certificate, tuple(extra))


def check_validity(certificate: x509.Certificate, moment: dt.datetime) -> None:
    if moment < certificate.not_valid_before_utc:
        raise CertificateNotYetValid(certificate.not_valid_before_utc)
    if moment > certificate.not_valid_after_utc:
        raise CertificateExpired(certificate.not_valid_after_utc)


def check_signing_usage(certificate: x509.Certificate) -> None:
    """The one rule for export and verification: keyUsage digitalSignature or nonRepudiation, and an extended
    key usage for signing (emailProtection, or an NCA RK signing profile). NCA RK's AUTH keys carry clientAuth
    without emailProtection and are named as such."""
    try:
        extensions = certificate.extensions
    except (ValueError, x509.DuplicateExtension):  # malformed extensions say nothing it could be trusted for
        raise NotASigningKey() from None
    try:
        purposes = list(extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    except x509.ExtensionNotFound:
        purposes = []
    if ExtendedKeyUsageOID.CLIENT_AUTH in purposes and ExtendedKeyUsageOID.EMAIL_PROTECTION not in purposes:
        raise AuthenticationKey()
    try:
        usage = extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        raise NotASigningKey() from None
    if not (usage.digital_signature or usage.content_commitment):
        raise NotASigningKey()
    role = roles.cannot_sign_for_body(certificate)
    if role is not None:
        raise RoleCannotSign(role)
    if not any(
        purpose == ExtendedKeyUsageOID.EMAIL_PROTECTION or purpose.dotted_string.startswith(NCA_SIGNING_PROFILE_ARC)
        for purpose in purposes
    ):
        raise NotASigningKey(
            N_(
                "This certificate is not meant for signing documents: its extended key usage names neither email protection nor an NCA RK signing profile."
            )
        )


def _key_type_name(key: object) -> str:
    for key_class, name in (
        (ec.EllipticCurvePrivateKey, "EC"),
        (dsa.DSAPrivateKey, "DSA"),
        (ed25519.Ed25519PrivateKey, "Ed25519"),
        (ed448.Ed448PrivateKey, "Ed448"),
    ):
        if isinstance(key, key_class):
            return name
    return type(key).__name__


def _why_unreadable(p12_bytes: bytes, password: str) -> KeyFileError:
    try:
        pfx = asn1_pkcs12.Pfx.load(p12_bytes, strict=True)
        algorithms = _visible_algorithm_oids(pfx)
        if any(oid.startswith(GOST_ARCS) for oid in algorithms):
            return GostNotSupported()
        if not mac_verifies(pfx, password):
            return WrongPassword()
    except Exception:  # asn1crypto parses lazily and fails on malformed input with exceptions of every kind
        return NotPkcs12()
    if algorithms & LEGACY_CIPHER_OIDS:
        return LegacyCipherUnsupported()
    # The password is right and the ciphers are readable, so the key inside is one cryptography does not know.
    return UnsupportedKeyType(None)


def _visible_algorithm_oids(pfx: asn1_pkcs12.Pfx) -> set[str]:
    """Algorithm OIDs readable without the password: bag encryption, clear keys and certificates, the MAC."""
    found: set[str] = set()
    if pfx["mac_data"].native is not None:
        found.add(pfx["mac_data"]["mac"]["digest_algorithm"]["algorithm"].dotted)
    for content_info in pfx.authenticated_safe:
        content_type = content_info["content_type"].native
        if content_type == "data":
            _collect_bag_oids(asn1_pkcs12.SafeContents.load(content_info["content"].native), found)
        elif content_type == "encrypted_data":
            algorithm = content_info["content"]["encrypted_content_info"]["content_encryption_algorithm"]
            found |= _encryption_oids(algorithm)
        else:
            raise ValueError(content_type)
    return found


def _collect_bag_oids(bags: asn1_pkcs12.SafeContents, found: set[str]) -> None:
    for bag in bags:
        bag_id = bag["bag_id"].native
        value = bag["bag_value"]
        if bag_id == "pkcs8_shrouded_key_bag":
            found |= _encryption_oids(value["encryption_algorithm"])
        elif bag_id == "key_bag":
            found.add(value["private_key_algorithm"]["algorithm"].dotted)
        elif bag_id == "cert_bag" and value["cert_id"].native == "x509":
            # cryptography rather than asn1crypto: it reads certificates whose key algorithm it does not know.
            certificate = x509.load_der_x509_certificate(value["cert_value"].contents)
            found.add(certificate.public_key_algorithm_oid.dotted_string)
            found.add(certificate.signature_algorithm_oid.dotted_string)
        elif bag_id == "safe_contents":
            _collect_bag_oids(value, found)


def _encryption_oids(algorithm: algos.EncryptionAlgorithm) -> set[str]:
    """The scheme's OID and, for PBES2, the inner cipher and key-derivation OIDs."""
    scheme = algorithm["algorithm"].dotted
    if scheme != _PBES2_OID:
        return {scheme}
    parameters = algorithm["parameters"]
    return {
        scheme,
        parameters["key_derivation_func"]["algorithm"].dotted,
        parameters["encryption_scheme"]["algorithm"].dotted,
    }


def mac_verifies(pfx: asn1_pkcs12.Pfx, password: str) -> bool:
    """Whether the file's HMAC verifies under `password` (RFC 7292 B and 4); False when there is none to check."""
    mac_data = pfx["mac_data"]
    if mac_data.native is None:
        return False
    digest_name = mac_data["mac"]["digest_algorithm"]["algorithm"].native
    iterations = mac_data["iterations"].native
    if digest_name not in hashlib.algorithms_available or not 0 < iterations <= _MAX_MAC_ITERATIONS:
        return False
    key = pkcs12_kdf(
        digest_name,
        (password + "\0").encode("utf-16-be"),
        mac_data["mac_salt"].native,
        _MAC_KEY_ID,
        iterations,
        hashlib.new(digest_name).digest_size,
    )
    expected = hmac.new(key, pfx["auth_safe"]["content"].native, digest_name).digest()
    return hmac.compare_digest(expected, mac_data["mac"]["digest"].native)


def pkcs12_kdf(
    digest_name: str, password: bytes, salt: bytes, purpose: int, iterations: int, size: int
) -> bytes:
    """The PKCS#12 key derivation of RFC 7292 appendix B.2, which no library here exposes."""
    block = hashlib.new(digest_name).block_size

    def stretched(value: bytes) -> bytes:
        if not value:
            return b""
        length = block * -(-len(value) // block)
        return (value * (length // len(value) + 1))[:length]

    diversifier = bytes([purpose]) * block
    material = bytearray(stretched(salt) + stretched(password))
    output = b""
    while len(output) < size:
        digest = hashlib.new(digest_name, diversifier + material).digest()
        for _ in range(iterations - 1):
            digest = hashlib.new(digest_name, digest).digest()
        output += digest
        increment = int.from_bytes(stretched(digest)[:block]) + 1
        for start in range(0, len(material), block):
            chunk = int.from_bytes(material[start : start + block]) + increment
            material[start : start + block] = (chunk % (1 << (8 * block))).to_bytes(block)
    return output[:size]
