"""Detached CMS signatures (DER, SHA-256) over bundle manifests: made by `cryptography`, checked by pyHanko.

`cryptography` builds CMS but cannot verify it; pyHanko's detached-CMS validation does both halves of the
check: the signature over the bytes, and the certificate path to a trusted root.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from asn1crypto import cms as asn1_cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from pyhanko.sign.general import (
    NonexistentAttributeError,
    extract_certificate_info,
    extract_signer_info,
    find_unique_cms_attribute,
)
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext

from desktop.i18n import N_
from desktop.services.errors import ServiceError
from desktop.services.signing.keys import SigningIdentity
from desktop.services.signing.trust import as_asn1

# Usage is judged by our own rule (keys.check_signing_usage, NCA RK's AUTH/signing split) as a separate
# check, so pyHanko must not fold it into its trust verdict.
_ANY_KEY_USAGE = KeyUsageConstraints(key_usage=set(), extd_key_usage=None)


class MalformedSignature(ServiceError):
    def __init__(self) -> None:
        super().__init__(N_("The signature file is damaged or is not a CMS signature."))


@dataclass(frozen=True)
class DetachedSignatureStatus:
    signature_matches: bool  # the signature is over exactly these bytes, made by the certificate's key
    chains_to_trusted_root: bool
    signer_certificate: x509.Certificate
    signing_time: dt.datetime | None  # the signer's own claim (signingTime attribute); no timestamp authority


def sign_detached(data: bytes, identity: SigningIdentity) -> bytes:
    """A detached CMS SignedData in DER over `data`, with the signer's certificate, chain and signingTime."""
    builder = pkcs7.PKCS7SignatureBuilder().set_data(data)
    builder = builder.add_signer(identity.certificate, identity.private_key, hashes.SHA256())
    for certificate in identity.chain:
        builder = builder.add_certificate(certificate)
    return builder.sign(
        serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]
    )


def verify_detached(
    data: bytes, signature: bytes, trusted_roots: list[x509.Certificate], now: dt.datetime
) -> DetachedSignatureStatus:
    """Check a detached signature over `data`; raises MalformedSignature when it cannot be read at all.

    Trust is judged at the claimed signing time, moved inside the signer certificate's validity: whether the
    certificate was valid when it signed is a question of its own, asked by the caller from `signing_time`.
    """
    try:
        content_info = asn1_cms.ContentInfo.load(signature, strict=True)
        if content_info["content_type"].native != "signed_data":
            raise ValueError("not CMS SignedData")
        signed_data = content_info["content"]
        signing_time = _signing_time(extract_signer_info(signed_data))
        signer = _from_asn1(extract_certificate_info(signed_data).signer_cert)
        moment = min(max(signing_time or now, signer.not_valid_before_utc), signer.not_valid_after_utc)
        context = ValidationContext(
            trust_roots=[as_asn1(root) for root in trusted_roots],
            moment=moment,
            allow_fetching=False,  # offline by design: no CRL or OCSP requests leave the machine
            revocation_mode="soft-fail",
        )
        status = asyncio.run(
            async_validate_detached_cms(
                data, signed_data, signer_validation_context=context, key_usage_settings=_ANY_KEY_USAGE
            )
        )
    except Exception:
        # asn1crypto parses lazily, so a truncated or forged structure fails anywhere above, in many ways.
        raise MalformedSignature() from None
    return DetachedSignatureStatus(
        signature_matches=status.intact and status.valid,
        chains_to_trusted_root=status.bottom_line,
        signer_certificate=signer,
        signing_time=signing_time,
    )


def _signing_time(signer_info: asn1_cms.SignerInfo) -> dt.datetime | None:
    try:
        return find_unique_cms_attribute(signer_info["signed_attrs"], "signing_time").native
    except NonexistentAttributeError:
        return None


def _from_asn1(certificate: asn1_x509.Certificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(certificate.dump())
