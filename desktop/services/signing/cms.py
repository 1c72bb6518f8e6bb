"""Detached CMS signatures (DER, SHA-256) over bundle manifests: made by `cryptography`, checked by pyHanko.

`cryptography` builds CMS but cannot verify it; pyHanko's detached-CMS validation does both halves of the
check: the signature over the bytes, and the certificate path to a trusted root. A signature of a shape a
bundle never has (SHA-1, two signers, the content embedded) is refused before that, each with its own reason.

The signer's `signingTime` is only its own claim. A signature timestamp token (RFC 3161, the unsigned attribute
id-aa-signatureTimeStampToken) is verified when present: its own signature, its authority's certificate chaining
to a trusted root with the timeStamping purpose, and its imprint being the hash of this signature. The moment
the signer's certificate is judged at is then the token's time, and otherwise the time of verification.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from asn1crypto import cms as asn1_cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import ExtendedKeyUsageOID
from pyhanko.sign.general import (
    NonexistentAttributeError,
    extract_certificate_info,
    extract_signer_info,
    find_unique_cms_attribute,
)
from pyhanko.sign.validation.generic_cms import (
    async_validate_detached_cms,
    compute_signature_tst_digest,
    extract_tst_data,
    validate_tst_signed_data,
)
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import TimestampSignatureStatus
from pyhanko_certvalidator import ValidationContext

from hattama.language import N_
from hattama.services.errors import ServiceError
from hattama.services.signing.keys import SigningIdentity
from hattama.services.signing.trust import as_asn1, name_text

# Usage is judged by our own rule (keys.check_signing_usage, NCA RK's AUTH/signing split) as a separate
# check, so pyHanko must not fold it into its trust verdict.
_ANY_KEY_USAGE = KeyUsageConstraints(key_usage=set(), extd_key_usage=None)
# A timestamp authority's clock may run a little ahead of ours; beyond this, a token "from the future" is refused.
_CLOCK_SKEW = dt.timedelta(minutes=5)
# Digests no longer safe for signatures, by asn1crypto's names for the digest and signature algorithms.
_WEAK_DIGESTS = frozenset({"md2", "md5", "sha1"})
_WEAK_SIGNATURE_ALGORITHMS = frozenset(
    {"md2_rsa", "md5_rsa", "sha1_rsa", "sha1_dsa", "sha1_ecdsa"}
)


class RefusedSignature(ServiceError):
    """A signature that is not judged at all; the subclass says why."""


class MalformedSignature(RefusedSignature):
    def __init__(self) -> None:
        super().__init__(N_("The signature file is damaged or is not a CMS signature."))


class WeakDigestSignature(RefusedSignature):
    def __init__(self) -> None:
        super().__init__(
            N_("The signature uses the SHA-1 (or older) digest, which is no longer safe; sign again with SHA-256.")
        )


class SeveralSigners(RefusedSignature):
    def __init__(self, count: int) -> None:
        super().__init__(
            N_("The signature holds {count} signers; a bundle manifest is signed by exactly one."), count=count
        )


class EmbeddedContent(RefusedSignature):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "The signature carries its own copy of the signed content; a bundle's signature must be detached from the manifest."
            )
        )


@dataclass(frozen=True)
class Timestamp:
    """A signature timestamp token found in the signature, and what its verification showed."""

    time: dt.datetime  # genTime, as the token states it
    authority: str | None  # the authority's certificate subject, when the token carries it
    problem: str | None  # None when the token is verified; else a msgid saying what is wrong with it


@dataclass(frozen=True)
class DetachedSignatureStatus:
    signature_matches: bool  # the signature is over exactly these bytes, made by the certificate's key
    chains_to_trusted_root: bool
    signer_certificate: x509.Certificate
    signing_time: dt.datetime | None  # the signer's own claim (signingTime attribute): never relied on
    timestamp: Timestamp | None  # the signature timestamp token, when there is one

    @property
    def judged_at(self) -> dt.datetime | None:
        """The trusted timestamp's time, when a verified token is there; None means "at verification time"."""
        if self.timestamp is not None and self.timestamp.problem is None:
            return self.timestamp.time
        return None


def sign_detached(data: bytes, identity: SigningIdentity) -> bytes:
    """A detached CMS SignedData in DER over `data`, with the signer's certificate, chain and signingTime."""
    builder = pkcs7.PKCS7SignatureBuilder().set_data(data)
    builder = builder.add_signer(identity.certificate, identity.private_key, hashes.SHA256())
    for certificate in identity.chain:
        builder = builder.add_certificate(certificate)
    return builder.sign(
        serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]
    )


def signature_algorithm(signature: bytes) -> str:
    """The dotted OID of the (single) signer's signature algorithm; MalformedSignature when unreadable."""
    try:
        signed_data = _signed_data(signature)
        return signed_data["signer_infos"][0]["signature_algorithm"]["algorithm"].dotted
    except RefusedSignature:
        raise
    except Exception:
        raise MalformedSignature() from None


def verify_detached(
    data: bytes, signature: bytes, trusted_roots: list[x509.Certificate], now: dt.datetime
) -> DetachedSignatureStatus:
    """Check a detached signature over `data`; raises a RefusedSignature subclass when it is not judged at all.

    Trust is judged at the trusted timestamp's time or else at `now`, moved inside the signer certificate's
    validity: whether the certificate was valid then is a question of its own, asked by the caller.
    """
    try:
        signed_data = _signed_data(signature)
        _refuse_unusual_shapes(signed_data)
        signer_info = extract_signer_info(signed_data)
        signing_time = _signing_time(signer_info)
        signer = _from_asn1(extract_certificate_info(signed_data).signer_cert)
        timestamp = _timestamp(signer_info, trusted_roots, now)
        at = timestamp.time if timestamp is not None and timestamp.problem is None else now
        moment = min(max(at, signer.not_valid_before_utc), signer.not_valid_after_utc)
        status = asyncio.run(
            async_validate_detached_cms(
                data,
                signed_data,
                signer_validation_context=validation_context(trusted_roots, moment),
                # pyHanko judges the token again here; the verdict used is the one above.
                ts_validation_context=validation_context(trusted_roots, timestamp.time if timestamp else moment),
                key_usage_settings=_ANY_KEY_USAGE,
            )
        )
    except RefusedSignature:
        raise
    except Exception:
        # asn1crypto parses lazily, so a truncated or forged structure fails anywhere above, in many ways.
        raise MalformedSignature() from None
    return DetachedSignatureStatus(
        signature_matches=status.intact and status.valid,
        chains_to_trusted_root=status.valid and status.intact and status.trusted,
        signer_certificate=signer,
        signing_time=signing_time,
        timestamp=timestamp,
    )


def _signed_data(signature: bytes) -> asn1_cms.SignedData:
    try:
        content_info = asn1_cms.ContentInfo.load(signature, strict=True)
        if content_info["content_type"].native != "signed_data":
            raise ValueError("not CMS SignedData")
        return content_info["content"]
    except Exception:
        raise MalformedSignature() from None


def _refuse_unusual_shapes(signed_data: asn1_cms.SignedData) -> None:
    signer_infos = signed_data["signer_infos"]
    if len(signer_infos) != 1:
        if len(signer_infos) == 0:
            raise MalformedSignature()
        raise SeveralSigners(len(signer_infos))
    if signed_data["encap_content_info"]["content"].native is not None:
        raise EmbeddedContent()
    signer_info = signer_infos[0]
    if (
        signer_info["digest_algorithm"]["algorithm"].native in _WEAK_DIGESTS
        or signer_info["signature_algorithm"]["algorithm"].native in _WEAK_SIGNATURE_ALGORITHMS
    ):
        raise WeakDigestSignature()


def _timestamp(
    signer_info: asn1_cms.SignerInfo, trusted_roots: list[x509.Certificate], now: dt.datetime
) -> Timestamp | None:
    token = extract_tst_data(signer_info, signed=False)
    if token is None:
        return None
    try:
        time = token["encap_content_info"]["content"].parsed["gen_time"].native
        authority_certificate = _from_asn1(extract_certificate_info(token).signer_cert)
    except Exception:
        return Timestamp(now, None, N_("The signature's timestamp token is damaged."))
    authority = name_text(authority_certificate.subject)
    purposes: Iterable[x509.ObjectIdentifier]
    try:
        purposes = authority_certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except (x509.ExtensionNotFound, ValueError):
        purposes = ()
    if ExtendedKeyUsageOID.TIME_STAMPING not in purposes:
        return Timestamp(time, authority, N_("The timestamp was made with a certificate not meant for timestamps."))
    if time > now + _CLOCK_SKEW:
        return Timestamp(time, authority, N_("The timestamp's time is later than the time of verification."))
    imprint = compute_signature_tst_digest(signer_info)
    if imprint is None:  # a signer info without a signature value has nothing a token could cover
        return Timestamp(now, None, N_("The signature's timestamp token is damaged."))
    try:
        judged = asyncio.run(validate_tst_signed_data(token, validation_context(trusted_roots, time), imprint))
        status = TimestampSignatureStatus(**judged)
    except Exception:
        return Timestamp(time, authority, N_("The signature's timestamp token is damaged."))
    if not (status.intact and status.valid):
        return Timestamp(
            time, authority, N_("The timestamp token does not match this signature, or its own signature is broken.")
        )
    if not status.trusted:
        return Timestamp(
            time, authority, N_("The timestamp's authority does not chain to any imported trusted root.")
        )
    return Timestamp(time, authority, None)


def validation_context(trusted_roots: list[x509.Certificate], moment: dt.datetime) -> ValidationContext:
    """Offline: trust only these roots, judge at `moment`, fetch nothing."""
    return ValidationContext(
        trust_roots=[as_asn1(root) for root in trusted_roots],
        moment=moment,
        allow_fetching=False,  # offline by design: no CRL or OCSP requests leave the machine
        revocation_mode="soft-fail",
    )


def _signing_time(signer_info: asn1_cms.SignerInfo) -> dt.datetime | None:
    try:
        return find_unique_cms_attribute(signer_info["signed_attrs"], "signing_time").native
    except NonexistentAttributeError:
        return None


def _from_asn1(certificate: asn1_x509.Certificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(certificate.dump())
