"""Signatures on certificates and revocation lists made with NCA RK's GOST 2015 key, and chains built of them.

`cryptography` reads these certificates and CRLs but cannot check a GOST signature, so the signed bytes
(`tbs_*_bytes`) are checked here with `maths`. Issuers signing with RSA or EC are checked by `cryptography`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm

from hattama.services.signing.gost import maths, oids
from hattama.services.signing.gost.pkcs12 import public_key_of
from hattama.services.signing.trust import is_certificate_authority

_MAX_CHAIN = 8


def _signed_by(tbs: bytes, signature: bytes, signature_oid: str, issuer: x509.Certificate) -> bool:
    if signature_oid == oids.GOST2015_SIGNATURE:
        public = public_key_of(issuer)
        return public is not None and maths.verify(public, tbs, signature)
    return False


def issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether `issuer` signed `certificate` (names match and the signature verifies), GOST or not."""
    if certificate.issuer != issuer.subject:
        return False
    oid = certificate.signature_algorithm_oid.dotted_string
    if oid.startswith("1.2.398."):
        return _signed_by(certificate.tbs_certificate_bytes, certificate.signature, oid, issuer)
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def crl_signed_by(crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
    if crl.issuer != issuer.subject:
        return False
    oid = crl.signature_algorithm_oid.dotted_string
    if oid.startswith("1.2.398."):
        return _signed_by(crl.tbs_certlist_bytes, crl.signature, oid, issuer)
    try:
        return crl.is_signature_valid(issuer.public_key())  # type: ignore[arg-type]
    except (ValueError, TypeError, UnsupportedAlgorithm):
        return False


def chain_to_root(
    certificate: x509.Certificate,
    intermediates: Iterable[x509.Certificate],
    trusted_roots: Sequence[x509.Certificate],
    moment: dt.datetime,
) -> list[x509.Certificate] | None:
    """The path from `certificate` up to a trusted root (both included), every issuer a certificate authority
    valid at `moment`; None when there is none."""
    candidates = [*trusted_roots, *intermediates]
    path = [certificate]
    current = certificate
    for _ in range(_MAX_CHAIN):
        if any(current == root for root in trusted_roots):
            return path
        issuer = next(
            (
                candidate
                for candidate in candidates
                if candidate not in path
                and is_certificate_authority(candidate)
                and candidate.not_valid_before_utc <= moment <= candidate.not_valid_after_utc
                and issued_by(current, candidate)
            ),
            None,
        )
        if issuer is None:
            return None
        path.append(issuer)
        current = issuer
    return None
