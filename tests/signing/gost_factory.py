"""Makes GOST 2015-512 test material with NCA RK's (KZ) object identifiers at test time: keys, certificates,
CRLs and PKCS#12 files, and converts DER between the KZ identifiers and byte order and the TC26 ones that
OpenSSL's GOST engine reads (docs/signing.md: map the OIDs, reverse the signature bytes).

Certificates and CRLs are first built by `cryptography` with a throwaway EC key; their to-be-signed part then
gets the GOST public key and signature algorithm and is signed with Hattama's GOST maths.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

import gostcrypto.gostsignature
from asn1crypto import algos, core
from asn1crypto import cms as asn1_cms
from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, modes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from hattama.services.signing import keys
from hattama.services.signing.gost import maths, oids
from hattama.services.signing.gost.pkcs12 import GostIdentity

# The order q of TC26 512 paramSetA, NCA RK's curve.
_CURVE_ORDER = gostcrypto.gostsignature.CURVES_R_1323565_1_024_2019["id-tc26-gost-3410-12-512-paramSetA"]["q"]
_Q = _CURVE_ORDER if isinstance(_CURVE_ORDER, int) else int.from_bytes(_CURVE_ORDER, "big")
KZ_TO_TC26 = {
    oids.GOST2015_KEY: oids.TC26_KEY_512,
    oids.GOST2015_KEY_PARAMETERS: oids.TC26_CURVE_512_A,
    oids.STREEBOG512: oids.TC26_STREEBOG512,
    oids.GOST2015_SIGNATURE: oids.TC26_SIGNATURE_512,
}
TC26_TO_KZ = {tc26: kz for kz, tc26 in KZ_TO_TC26.items()}
SIGNING_EKU = [ExtendedKeyUsageOID.EMAIL_PROTECTION, x509.ObjectIdentifier("1.2.398.3.3.4.1.2"),
               x509.ObjectIdentifier("1.2.398.3.3.4.1.2.2")]


def new_key() -> bytes:
    """A random private scalar in NCA byte order (little-endian)."""
    return (secrets.randbelow(_Q - 1) + 1).to_bytes(maths.SIZE, "little")


def _tlv(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        header = bytes([length])
    else:
        size = length.to_bytes((length.bit_length() + 7) // 8, "big")
        header = bytes([0x80 | len(size)]) + size
    return bytes([tag]) + header + content


def _children(der: bytes) -> list[bytes]:
    """The raw TLVs inside a constructed value (single-byte tags only, as X.509 uses)."""
    content = core.Sequence.load(der).contents
    items, position = [], 0
    while position < len(content):
        first = content[position + 1]
        if first < 0x80:
            start, length = position + 2, first
        else:
            count = first & 0x7F
            start = position + 2 + count
            length = int.from_bytes(content[position + 2 : start], "big")
        items.append(content[position : start + length])
        position = start + length
    return items


def _algorithm(oid: str, parameters: bytes = b"") -> bytes:
    return _tlv(0x30, core.ObjectIdentifier(oid).dump() + parameters)


def gost_spki(private_key: bytes) -> bytes:
    parameters = _tlv(0x30, core.ObjectIdentifier(oids.GOST2015_KEY_PARAMETERS).dump()
                      + core.ObjectIdentifier(oids.STREEBOG512).dump())
    point = core.OctetString(maths.public_key(private_key)).dump()
    return _tlv(0x30, _algorithm(oids.GOST2015_KEY, parameters) + _tlv(0x03, b"\x00" + point))


def _gost_signed(tbs: bytes, issuer_key: bytes) -> bytes:
    signature = maths.sign(issuer_key, tbs)
    return _tlv(0x30, tbs + _algorithm(oids.GOST2015_SIGNATURE) + _tlv(0x03, b"\x00" + signature))


def name(common_name: str, *, iin: str | None = None, bin_: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if iin:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{iin}"))
    attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"))
    if bin_:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"BIN{bin_}"))
    return x509.Name(attributes)


def certificate(
    subject: x509.Name,
    subject_key: bytes,
    issuer: x509.Certificate | None,
    issuer_key: bytes,
    *,
    not_before: dt.datetime,
    not_after: dt.datetime,
    ca: bool = False,
    purposes: list[x509.ObjectIdentifier] | None = None,
    digital_signature: bool = True,
    serial: int | None = None,
) -> x509.Certificate:
    """A certificate with a GOST 2015 key and KZ identifiers, signed by `issuer_key` (itself when no issuer)."""
    throwaway = ec.generate_private_key(ec.SECP256R1())
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer is not None else subject)
        .public_key(throwaway.public_key())
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=digital_signature, content_commitment=digital_signature and not ca,
                key_encipherment=False, data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                crl_sign=ca, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
    )
    if purposes is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage(purposes), critical=False)
    draft = builder.sign(throwaway, hashes.SHA256())
    parts = _children(draft.tbs_certificate_bytes)
    parts[2] = _algorithm(oids.GOST2015_SIGNATURE)
    parts[6] = gost_spki(subject_key)
    return x509.load_der_x509_certificate(_gost_signed(_tlv(0x30, b"".join(parts)), issuer_key))


def crl(
    issuer: x509.Certificate, issuer_key: bytes, revoked: list[x509.Certificate], this_update: dt.datetime,
    next_update: dt.datetime,
) -> bytes:
    throwaway = ec.generate_private_key(ec.SECP256R1())
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(this_update)
        .next_update(next_update)
    )
    for certificate_ in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(certificate_.serial_number)
            .revocation_date(this_update).build()
        )
    draft = builder.sign(throwaway, hashes.SHA256())
    parts = _children(draft.tbs_certlist_bytes)
    parts[1] = _algorithm(oids.GOST2015_SIGNATURE)
    return _gost_signed(_tlv(0x30, b"".join(parts)), issuer_key)


def pkcs12(
    private_key: bytes,
    certificates: list[x509.Certificate],
    password: str,
    *,
    key_oid: str = oids.GOST2015_KEY,
    key_scheme: str = "pkcs12_sha1_tripledes_3key",
) -> bytes:
    """A PKCS#12 file as NCA RK makes them (3DES key bag, HMAC-SHA1), the certificate bag in 3DES as well.
    `key_scheme` names the key bag's encryption (its data stays 3DES: for files that must be refused)."""
    secret = (password + "\0").encode("utf-16-be")
    pkcs8 = _tlv(0x30, core.Integer(0).dump() + _algorithm(key_oid)
                 + core.OctetString(core.OctetString(private_key).dump()).dump())
    key_salt = secrets.token_bytes(8)
    shrouded = asn1_pkcs12.SafeBag({
        "bag_id": "pkcs8_shrouded_key_bag",
        "bag_value": {
            "encryption_algorithm": _pbe(key_salt, key_scheme),
            "encrypted_data": _encrypt(pkcs8, secret, key_salt),
        },
    })
    bags = asn1_pkcs12.SafeContents([
        asn1_pkcs12.SafeBag({"bag_id": "cert_bag", "bag_value": {
            "cert_id": "x509", "cert_value": core.ParsableOctetString(c.public_bytes(serialization.Encoding.DER))}})
        for c in certificates
    ])
    cert_salt = secrets.token_bytes(8)
    authenticated_safe = asn1_pkcs12.AuthenticatedSafe([
        asn1_cms.ContentInfo({"content_type": "data",
                              "content": asn1_pkcs12.SafeContents([shrouded]).dump()}),
        asn1_cms.ContentInfo({"content_type": "encrypted_data", "content": {
            "version": "v0",
            "encrypted_content_info": {
                "content_type": "data",
                "content_encryption_algorithm": _pbe(cert_salt),
                "encrypted_content": _encrypt(bags.dump(), secret, cert_salt),
            },
        }}),
    ])
    content = authenticated_safe.dump()
    mac_salt = secrets.token_bytes(8)
    mac_key = keys.pkcs12_kdf("sha1", secret, mac_salt, 3, 1024, 20)
    return asn1_pkcs12.Pfx({
        "version": "v3",
        "auth_safe": {"content_type": "data", "content": content},
        "mac_data": {
            "mac": {"digest_algorithm": {"algorithm": "sha1"},
                    "digest": hmac.new(mac_key, content, hashlib.sha1).digest()},
            "mac_salt": mac_salt,
            "iterations": 1024,
        },
    }).dump()


def _pbe(salt: bytes, scheme: str = "pkcs12_sha1_tripledes_3key") -> algos.EncryptionAlgorithm:
    return algos.EncryptionAlgorithm({"algorithm": scheme, "parameters": {"salt": salt, "iterations": 1024}})


def _encrypt(data: bytes, secret: bytes, salt: bytes) -> bytes:
    key = keys.pkcs12_kdf("sha1", secret, salt, 1, 1024, 24)
    iv = keys.pkcs12_kdf("sha1", secret, salt, 2, 1024, 8)
    pad = 8 - len(data) % 8
    encryptor = Cipher(TripleDES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data + bytes([pad]) * pad) + encryptor.finalize()


# ---------------------------------------------------------------------------------------------- KZ <-> TC26

def map_oids(der: bytes, mapping: dict[str, str]) -> bytes:
    """The same DER with every OBJECT IDENTIFIER in `mapping` replaced, lengths rebuilt."""
    tag = der[0]
    first = der[1]
    if first < 0x80:
        start, length = 2, first
    else:
        start = 2 + (first & 0x7F)
        length = int.from_bytes(der[2:start], "big")
    content = der[start : start + length]
    if tag == 0x06:
        dotted = core.ObjectIdentifier.load(der[: start + length]).dotted
        return core.ObjectIdentifier(mapping.get(dotted, dotted)).dump()
    if tag & 0x20:  # constructed: rewrite the children
        children, position = [], 0
        while position < len(content):
            child = _one(content, position)
            children.append(map_oids(child, mapping))
            position += len(child)
        return _tlv(tag, b"".join(children))
    return der[: start + length]


def _one(content: bytes, position: int) -> bytes:
    first = content[position + 1]
    if first < 0x80:
        return content[position : position + 2 + first]
    count = first & 0x7F
    length = int.from_bytes(content[position + 2 : position + 2 + count], "big")
    return content[position : position + 2 + count + length]


def reverse_cms_signature(cms_der: bytes) -> bytes:
    """The CMS with its signer's signature bytes reversed (KZ r‖s little-endian ⇄ RFC 4491 s‖r big-endian).
    Same length, so the bytes are swapped in place: re-encoding would make asn1crypto parse the KZ keys."""
    signature = asn1_cms.ContentInfo.load(cms_der)["content"]["signer_infos"][0]["signature"].native
    assert cms_der.count(signature) == 1
    return cms_der.replace(signature, signature[::-1])


def reverse_certificate_signature(certificate_der: bytes) -> bytes:
    tbs, algorithm, signature = _children(certificate_der)
    return _tlv(0x30, tbs + algorithm + _tlv(0x03, b"\x00" + signature[3 if signature[1] < 0x80 else 4:][::-1]))


# ---------------------------------------------------------------------------------------------- timestamps

def timestamp_token(tsa: GostIdentity, signature_value: bytes, time: dt.datetime) -> asn1_cms.ContentInfo:
    """An RFC 3161 token over `signature_value` (Streebog-512 imprint), signed with the TSA's GOST key."""
    from asn1crypto import tsp

    info = tsp.TSTInfo({
        "version": "v1",
        "policy": "1.2.398.3.3.2.6.1",
        "message_imprint": {"hash_algorithm": {"algorithm": oids.STREEBOG512},
                            "hashed_message": maths.streebog512(signature_value)},
        "serial_number": secrets.randbelow(2**64),
        "gen_time": time,
    })
    content = info.dump()
    tsa_certificate = asn1_x509.Certificate.load(tsa.certificate.public_bytes(serialization.Encoding.DER))
    signed_attrs = asn1_cms.CMSAttributes([
        {"type": "content_type", "values": ["tst_info"]},
        {"type": "message_digest", "values": [maths.streebog512(content)]},
    ])
    signer_info = asn1_cms.SignerInfo({
        "version": "v1",
        "sid": {"issuer_and_serial_number": {
            "issuer": tsa_certificate["tbs_certificate"]["issuer"],
            "serial_number": tsa_certificate["tbs_certificate"]["serial_number"]}},
        "digest_algorithm": {"algorithm": oids.STREEBOG512},
        "signed_attrs": signed_attrs,
        "signature_algorithm": {"algorithm": oids.GOST2015_SIGNATURE},
        "signature": maths.sign(tsa.private_key, signed_attrs.dump()),
    })
    return asn1_cms.ContentInfo({"content_type": "signed_data", "content": asn1_cms.SignedData({
        "version": "v3",
        "digest_algorithms": [{"algorithm": oids.STREEBOG512}],
        "encap_content_info": {"content_type": "tst_info", "content": info},
        "certificates": [tsa_certificate],
        "signer_infos": [signer_info],
    })})


def with_timestamp(cms_der: bytes, token: asn1_cms.ContentInfo) -> bytes:
    """The CMS with `token` as its signer's signatureTimeStampToken. Rebuilt level by level, so that asn1crypto
    re-encodes only what changed and never parses the KZ certificates it cannot."""
    content_info = asn1_cms.ContentInfo.load(cms_der)
    signed_data = content_info["content"]
    signer_info = signed_data["signer_infos"][0]
    signer_info["unsigned_attrs"] = asn1_cms.CMSAttributes([
        {"type": "signature_time_stamp_token", "values": [token]}])
    signed_data["signer_infos"] = asn1_cms.SignerInfos([signer_info])
    content_info["content"] = signed_data
    return content_info.dump()
