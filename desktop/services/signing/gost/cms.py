"""Detached CMS SignedData with NCA RK's GOST 2015-512 (Streebog-512 digest), made and checked here.

The structure is RFC 5652's, as NCALayer makes it: signed attributes contentType, signingTime and
messageDigest (Streebog-512 of the signed bytes, as the standard writes it), the signature over the DER of
those attributes in NCA's byte order, the signer's certificate and chain. A timestamp token (RFC 3161) in the
unsigned attributes, as NCALayer adds with `tsaProfile`, is checked when present.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from asn1crypto import cms as asn1_cms
from asn1crypto import core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID

from hattama.language import N_
from hattama.services.signing.cms import DetachedSignatureStatus, MalformedSignature, Timestamp
from hattama.services.signing.gost import certificates as gost_certificates
from hattama.services.signing.gost import maths, oids
from hattama.services.signing.gost.pkcs12 import GostIdentity, public_key_of
from hattama.services.signing.trust import name_text

_TIMESTAMP_TOKEN = "1.2.840.113549.1.9.16.2.14"
_DIGESTS = {oids.STREEBOG512: maths.streebog512, oids.TC26_STREEBOG512: maths.streebog512,
            "2.16.840.1.101.3.4.2.1": lambda data: hashlib.sha256(data).digest()}


class GostSignatureUnreadable(ValueError):
    """Not a GOST detached CMS this module reads."""


@dataclass(frozen=True)
class GostSignatureStatus:
    signature_matches: bool
    chain: list[x509.Certificate] | None  # signer first, up to a trusted root; None when it does not chain
    signer_certificate: x509.Certificate
    certificates: tuple[x509.Certificate, ...]  # every certificate the CMS carried
    signing_time: dt.datetime | None
    timestamp: Timestamp | None


def sign_detached(data: bytes, identity: GostIdentity, now: dt.datetime) -> bytes:
    """A DER detached CMS SignedData over `data`, signed with the GOST key, with certificate and chain."""
    certificate = _asn1_certificate(identity.certificate)
    signed_attrs = asn1_cms.CMSAttributes([
        {"type": "content_type", "values": ["data"]},
        {"type": "signing_time", "values": [asn1_cms.Time({"utc_time": now.astimezone(dt.UTC)})]},
        {"type": "message_digest", "values": [maths.streebog512(data)]},
    ])
    signature = maths.sign(identity.private_key, signed_attrs.dump())
    signer_info = asn1_cms.SignerInfo({
        "version": "v1",
        "sid": asn1_cms.SignerIdentifier({"issuer_and_serial_number": asn1_cms.IssuerAndSerialNumber({
            "issuer": certificate["tbs_certificate"]["issuer"],
            "serial_number": certificate["tbs_certificate"]["serial_number"],
        })}),
        "digest_algorithm": {"algorithm": oids.STREEBOG512},
        "signed_attrs": signed_attrs,
        "signature_algorithm": {"algorithm": oids.GOST2015_SIGNATURE},
        "signature": signature,
    })
    signed_data = asn1_cms.SignedData({
        "version": "v1",
        "digest_algorithms": [{"algorithm": oids.STREEBOG512}],
        "encap_content_info": {"content_type": "data"},
        "certificates": [certificate, *(_asn1_certificate(c) for c in identity.chain)],
        "signer_infos": [signer_info],
    })
    return asn1_cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()


def verify_detached(
    data: bytes, signature: bytes, trusted_roots: Sequence[x509.Certificate], now: dt.datetime
) -> GostSignatureStatus:
    """Check a GOST detached CMS over `data`; GostSignatureUnreadable when it cannot be read at all.

    Trust is judged at a verified timestamp's time, else at `now`, moved inside the signer certificate's
    validity (whether it was valid then is the caller's question): the signingTime attribute is only a claim.
    """
    try:
        signed_data = _signed_data(signature)
        if signed_data["encap_content_info"]["content"].native is not None:
            raise GostSignatureUnreadable()
    except GostSignatureUnreadable:
        raise
    except Exception:
        raise GostSignatureUnreadable() from None
    return _verify(data, signed_data, trusted_roots, now)


def _verify(
    data: bytes,
    signed_data: asn1_cms.SignedData,
    trusted_roots: Sequence[x509.Certificate],
    now: dt.datetime,
    intermediates: Sequence[x509.Certificate] = (),
) -> GostSignatureStatus:
    try:
        certificates = tuple(_certificates(signed_data))
        signer_info = signed_data["signer_infos"][0]
        signer = _signer_certificate(signer_info["sid"], certificates)
        matches = _signature_matches(data, signer_info, signer)
        signing_time = _attribute(signer_info["signed_attrs"], "signing_time")
        timestamp_token = _unsigned_attribute(signer_info, _TIMESTAMP_TOKEN)
    except GostSignatureUnreadable:
        raise
    except Exception:
        raise GostSignatureUnreadable() from None
    if signing_time is not None and not isinstance(signing_time, dt.datetime):
        raise GostSignatureUnreadable()
    timestamp = None
    if timestamp_token is not None:
        timestamp = _check_timestamp(
            timestamp_token, signer_info["signature"].native, trusted_roots, now, certificates
        )
    at = timestamp.time if timestamp is not None and timestamp.problem is None else now
    moment = min(max(at, signer.not_valid_before_utc), signer.not_valid_after_utc)
    candidates = [*certificates, *intermediates]
    chain = gost_certificates.chain_to_root(signer, candidates, trusted_roots, moment) if matches else None
    return GostSignatureStatus(matches, chain, signer, certificates, signing_time, timestamp)


def _signed_data(signature: bytes) -> asn1_cms.SignedData:
    content_info = asn1_cms.ContentInfo.load(signature, strict=True)
    if content_info["content_type"].native != "signed_data":
        raise GostSignatureUnreadable()
    signed_data = content_info["content"]
    if len(signed_data["signer_infos"]) != 1:
        raise GostSignatureUnreadable()
    return signed_data


def _signer_certificate(
    sid: asn1_cms.SignerIdentifier, certificates: tuple[x509.Certificate, ...]
) -> x509.Certificate:
    if sid.name == "issuer_and_serial_number":
        serial = sid.chosen["serial_number"].native
        issuer_der = sid.chosen["issuer"].dump()
        for certificate in certificates:
            if certificate.serial_number == serial and _name_der(certificate.issuer) == issuer_der:
                return certificate
    else:
        key_id = sid.chosen.native
        for certificate in certificates:
            try:
                extension = certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
            except x509.ExtensionNotFound:
                continue
            if extension.value.digest == key_id:
                return certificate
    raise GostSignatureUnreadable()


def _signature_matches(data: bytes, signer_info: asn1_cms.SignerInfo, signer: x509.Certificate) -> bool:
    if signer_info["signature_algorithm"]["algorithm"].dotted not in (
        oids.GOST2015_SIGNATURE, oids.GOST2015_KEY):
        raise GostSignatureUnreadable()
    digest = _DIGESTS.get(signer_info["digest_algorithm"]["algorithm"].dotted)
    if digest is None or digest is not maths.streebog512:
        raise GostSignatureUnreadable()
    public = public_key_of(signer)
    if public is None:
        return False
    signed_attrs = signer_info["signed_attrs"]
    if not signed_attrs:
        return maths.verify(public, data, signer_info["signature"].native)
    if _attribute(signed_attrs, "message_digest") != digest(data):
        return False
    return maths.verify(public, _set_of(signed_attrs), signer_info["signature"].native)


def _set_of(signed_attrs: asn1_cms.CMSAttributes) -> bytes:
    """The DER the signature covers: the attributes with the SET OF tag, not the [0] IMPLICIT one."""
    return b"\x31" + signed_attrs.dump()[1:]


def _attribute(attributes: asn1_cms.CMSAttributes | None, name: str) -> object:
    for attribute in attributes or []:
        if attribute["type"].native == name:
            values = attribute["values"]
            if len(values) != 1:
                raise GostSignatureUnreadable()
            return values[0].native
    return None


def _unsigned_attribute(signer_info: asn1_cms.SignerInfo, oid: str) -> bytes | None:
    for attribute in signer_info["unsigned_attrs"] or []:
        if attribute["type"].dotted == oid:
            return attribute["values"][0].dump()
    return None


def _check_timestamp(
    token: bytes,
    signature_value: bytes,
    trusted_roots: Sequence[x509.Certificate],
    now: dt.datetime,
    intermediates: Sequence[x509.Certificate],
) -> Timestamp:
    """An RFC 3161 token over the signature value: its imprint, its signature, its authority's purpose and chain
    (through the certificates the token or the signature carries)."""
    broken = N_("The timestamp token does not match this signature, or its own signature is broken.")
    try:
        signed_data = _signed_data(token)
        encapsulated = _encapsulated(signed_data)
        info = tsp.TSTInfo.load(encapsulated)
        time = info["gen_time"].native
        imprint = info["message_imprint"]
        digest = _DIGESTS.get(imprint["hash_algorithm"]["algorithm"].dotted)
        if digest is None or digest(signature_value) != imprint["hashed_message"].native:
            return Timestamp(time, None, broken)
        status = _verify(encapsulated, signed_data, trusted_roots, time, intermediates)
    except Exception:
        return Timestamp(now, None, N_("The signature's timestamp token is damaged."))
    authority = name_text(status.signer_certificate.subject)
    purposes: Iterable[x509.ObjectIdentifier]
    try:
        purposes = status.signer_certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except (x509.ExtensionNotFound, ValueError):
        purposes = ()
    if ExtendedKeyUsageOID.TIME_STAMPING not in purposes:
        return Timestamp(time, authority, N_("The timestamp was made with a certificate not meant for timestamps."))
    if time > now:
        return Timestamp(time, authority, N_("The timestamp's time is later than the time of verification."))
    if not status.signature_matches:
        return Timestamp(time, authority, broken)
    if status.chain is None:
        return Timestamp(
            time, authority, N_("The timestamp's authority does not chain to any imported trusted root.")
        )
    return Timestamp(time, authority, None)


def _encapsulated(signed_data: asn1_cms.SignedData) -> bytes:
    content = signed_data["encap_content_info"]["content"]
    return content.parsed.dump() if isinstance(content, core.ParsableOctetString) else content.native


def _asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _name_der(name: x509.Name) -> bytes:
    return name.public_bytes()


def verify_status(
    data: bytes, signature: bytes, trusted_roots: Sequence[x509.Certificate], now: dt.datetime
) -> DetachedSignatureStatus:
    """verify_detached's answer in the shape of the RSA path's (signing.cms), for the bundle verifier;
    cms.MalformedSignature when the signature cannot be read."""
    try:
        status = verify_detached(data, signature, trusted_roots, now)
    except GostSignatureUnreadable:
        raise MalformedSignature() from None
    return DetachedSignatureStatus(
        signature_matches=status.signature_matches,
        chains_to_trusted_root=status.chain is not None,
        signer_certificate=status.signer_certificate,
        signing_time=status.signing_time,
        timestamp=status.timestamp,
    )


def carried_certificates(signature: bytes) -> list[x509.Certificate]:
    """The certificates a CMS carries (the signer's issuers among them), for the revocation check."""
    try:
        return _certificates(asn1_cms.ContentInfo.load(signature)["content"])
    except Exception:  # judged readable already; a damaged certificate list simply carries nothing
        return []


def signer_and_chain(signature: bytes) -> tuple[x509.Certificate, tuple[x509.Certificate, ...]]:
    """The signer's certificate of a single-signer CMS (any algorithm) and the other certificates it carries;
    GostSignatureUnreadable when it has no such shape."""
    try:
        signed_data = _signed_data(signature)
        certificates = tuple(_certificates(signed_data))
        signer = _signer_certificate(signed_data["signer_infos"][0]["sid"], certificates)
    except GostSignatureUnreadable:
        raise
    except Exception:
        raise GostSignatureUnreadable() from None
    return signer, tuple(certificate for certificate in certificates if certificate != signer)


def _certificates(signed_data: asn1_cms.SignedData) -> list[x509.Certificate]:
    return [
        x509.load_der_x509_certificate(choice.chosen.dump())
        for choice in signed_data["certificates"] or []
        if choice.name == "certificate"
    ]
