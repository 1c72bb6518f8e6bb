"""Open NCA RK's GOST PKCS#12 key files: 3DES-shrouded key bag, 40-bit RC2 certificate bag, HMAC-SHA1.

`cryptography` refuses these files (RC2-40) with the same error as a wrong password, so they are opened here:
asn1crypto reads the structure, the PKCS#12 key derivation and MAC check are the ones in `keys`, 3DES comes
from `cryptography`'s decrepit ciphers and RC2 from `rc2`. What cannot be opened says why: a wrong password,
a container using other ciphers, a GOST 34.310-2004 key, or a key of another kind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from asn1crypto import core
from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

from hattama.language import N_
from hattama.services.signing import keys
from hattama.services.signing.gost import maths, oids
from hattama.services.signing.gost.rc2 import rc2_cbc_decrypt

# PKCS#12 password-based schemes (RFC 7292 appendix C): (cipher, key bytes, RC2 effective bits).
_SCHEMES = {
    "1.2.840.113549.1.12.1.3": ("3des", 24, 0),  # pbeWithSHAAnd3-KeyTripleDES-CBC
    "1.2.840.113549.1.12.1.4": ("3des", 16, 0),  # pbeWithSHAAnd2-KeyTripleDES-CBC
    "1.2.840.113549.1.12.1.5": ("rc2", 16, 128),  # pbeWithSHAAnd128BitRC2-CBC
    "1.2.840.113549.1.12.1.6": ("rc2", 5, 40),  # pbeWithSHAAnd40BitRC2-CBC
}
_KEY_ID, _IV_ID = 1, 2  # RFC 7292 B.3 purpose bytes
_MAX_ITERATIONS = 1_000_000


class UnsupportedContainer(keys.KeyFileError):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "This key file is encrypted in a way Hattama cannot read; NCA RK key files use 3DES and RC2, which Hattama reads."
            )
        )


class Gost2004Key(keys.KeyFileError):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "This is an old GOST 34.310-2004 key, which NCA RK no longer issues and Hattama cannot sign with; use your GOST 2015 (GOST512) key."
            )
        )


class AlgorithmIdentifier(core.Sequence):
    """An AlgorithmIdentifier for any algorithm: asn1crypto's own refuses the KZ identifiers it does not know."""

    _fields = [("algorithm", core.ObjectIdentifier), ("parameters", core.Any, {"optional": True})]


class _SubjectPublicKeyInfo(core.Sequence):
    _fields = [("algorithm", AlgorithmIdentifier), ("public_key", core.BitString)]


class _PrivateKeyInfo(core.Sequence):
    _fields = [
        ("version", core.Integer),
        ("private_key_algorithm", AlgorithmIdentifier),
        ("private_key", core.OctetString),
        ("attributes", core.Any, {"implicit": 0, "optional": True}),
    ]


class NotGostKey(Exception):
    """The file opens, but its key is not a GOST one: the RSA loader's reason stands."""


@dataclass(frozen=True)
class GostIdentity:
    """A GOST 2015-512 private key (NCA byte order), its certificate and the chain the file carried."""

    private_key: bytes
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]


def load_gost_identity(p12_bytes: bytes, password: str, now: dt.datetime) -> GostIdentity:
    """The GOST signing identity in an NCA PKCS#12 file, valid at `now` and meant for signing.

    Raises a keys.KeyFileError subclass with the reason, or NotGostKey when the key is of another kind.
    """
    try:
        pfx = asn1_pkcs12.Pfx.load(p12_bytes, strict=True)
        pfx["auth_safe"]["content"].native  # noqa: B018 - parse now, so damage is found here
    except Exception:  # asn1crypto fails on malformed input with exceptions of every kind
        raise keys.NotPkcs12() from None
    try:
        # Known without the password: a bag encrypted in a way Hattama cannot decrypt, whatever the password.
        if not _schemes_readable(pfx):
            raise UnsupportedContainer()
        if not keys.mac_verifies(pfx, password):
            raise keys.WrongPassword()
        private_keys, certificates = _open_bags(pfx, (password + "\0").encode("utf-16-be"))
    except keys.KeyFileError:
        raise
    except Exception:
        raise keys.NotPkcs12() from None
    if not private_keys or not certificates:
        raise keys.MissingCertificate()
    private_key = _gost_private_key(private_keys[0])
    public = maths.public_key(private_key)
    own = [certificate for certificate in certificates if public_key_of(certificate) == public]
    if not own:
        raise keys.MissingCertificate()
    certificate = own[0]
    keys.check_signing_usage(certificate)
    keys.check_validity(certificate, now)
    chain = tuple(other for other in certificates if other is not certificate)
    return GostIdentity(private_key, certificate, chain)


def public_key_of(certificate: x509.Certificate) -> bytes | None:
    """The NCA-order GOST 2015 public key `x‖y` of a certificate; None for any other kind of key."""
    if certificate.public_key_algorithm_oid.dotted_string != oids.GOST2015_KEY:
        return None
    try:
        spki = _SubjectPublicKeyInfo.load(asn1_x509.TbsCertificate.load(certificate.tbs_certificate_bytes)[
            "subject_public_key_info"
        ].dump())
        point = core.OctetString.load(spki["public_key"].contents[1:]).native
    except (ValueError, TypeError):
        return None
    return point if isinstance(point, bytes) and len(point) == 2 * maths.SIZE else None


def _schemes_readable(pfx: asn1_pkcs12.Pfx) -> bool:
    """Whether every encrypted bag uses a scheme this module decrypts (read from the clear structure)."""
    for content_info in pfx.authenticated_safe:
        content_type = content_info["content_type"].native
        if content_type == "encrypted_data":
            algorithm = content_info["content"]["encrypted_content_info"]["content_encryption_algorithm"]
            if algorithm["algorithm"].dotted not in _SCHEMES:
                return False
        elif content_type == "data":
            for bag in asn1_pkcs12.SafeContents.load(content_info["content"].native):
                if bag["bag_id"].native == "pkcs8_shrouded_key_bag" and (
                    bag["bag_value"]["encryption_algorithm"]["algorithm"].dotted not in _SCHEMES
                ):
                    return False
        else:
            return False
    return True


def _open_bags(pfx: asn1_pkcs12.Pfx, password: bytes) -> tuple[list[bytes], list[x509.Certificate]]:
    private_keys: list[bytes] = []
    certificates: list[x509.Certificate] = []

    def walk(bags: asn1_pkcs12.SafeContents) -> None:
        for bag in bags:
            bag_id = bag["bag_id"].native
            value = bag["bag_value"]
            if bag_id == "pkcs8_shrouded_key_bag":
                private_keys.append(
                    _decrypt(value["encryption_algorithm"], value["encrypted_data"].native, password)
                )
            elif bag_id == "key_bag":
                private_keys.append(value.dump())
            elif bag_id == "cert_bag" and value["cert_id"].native == "x509":
                certificates.append(x509.load_der_x509_certificate(value["cert_value"].contents))
            elif bag_id == "safe_contents":
                walk(value)

    for content_info in pfx.authenticated_safe:
        content_type = content_info["content_type"].native
        if content_type == "data":
            walk(asn1_pkcs12.SafeContents.load(content_info["content"].native))
        elif content_type == "encrypted_data":
            encrypted = content_info["content"]["encrypted_content_info"]
            plain = _decrypt(
                encrypted["content_encryption_algorithm"], encrypted["encrypted_content"].native, password
            )
            walk(asn1_pkcs12.SafeContents.load(plain))
        else:
            raise UnsupportedContainer()
    return private_keys, certificates


def _decrypt(algorithm: core.Sequence, data: bytes, password: bytes) -> bytes:
    scheme = _SCHEMES.get(algorithm["algorithm"].dotted)
    if scheme is None:
        raise UnsupportedContainer()
    cipher, key_size, effective_bits = scheme
    salt = algorithm["parameters"]["salt"].native
    iterations = algorithm["parameters"]["iterations"].native
    if not 0 < iterations <= _MAX_ITERATIONS:
        raise UnsupportedContainer()
    key = keys.pkcs12_kdf("sha1", password, salt, _KEY_ID, iterations, key_size)
    iv = keys.pkcs12_kdf("sha1", password, salt, _IV_ID, iterations, 8)
    if cipher == "rc2":
        padded = rc2_cbc_decrypt(key, effective_bits, iv, data)
    else:
        if key_size == 16:
            key += key[:8]
        decryptor = Cipher(TripleDES(key), modes.CBC(iv)).decryptor()
        padded = decryptor.update(data) + decryptor.finalize()
    pad = padded[-1]
    if not 1 <= pad <= 8 or padded[-pad:] != bytes([pad]) * pad:
        raise keys.WrongPassword()  # the MAC verified, so this is a file damaged or built with two passwords
    return padded[:-pad]


def _gost_private_key(pkcs8: bytes) -> bytes:
    """The private scalar from a PKCS#8 PrivateKeyInfo with NCA's GOST key OID (little-endian, 64 bytes)."""
    info = _PrivateKeyInfo.load(pkcs8)
    algorithm = info["private_key_algorithm"]["algorithm"].dotted
    if algorithm == oids.GOST2004_KEY:
        raise Gost2004Key()
    if algorithm != oids.GOST2015_KEY:
        raise NotGostKey(algorithm)
    value = info["private_key"].native
    # NCA wraps the scalar in an inner OCTET STRING, as RFC 4491's GOST keys do.
    scalar = core.OctetString.load(value).native if value[:1] == b"\x04" else value
    if len(scalar) != maths.SIZE:
        raise UnsupportedContainer()
    return scalar
