"""Revocation checked offline against CRLs the unit imported (`hattama bundle crl import FILE`).

On a trip the app cannot reach NCA's OCSP or CRL servers, so a signer's revocation is known only when an
imported CRL from its issuer covers the moment judged; otherwise the verification says plainly that revocation
was not checked. A CRL counts only when its issuer's certificate signed it (GOST or RSA).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cryptography import x509

from hattama.language import N_
from hattama.services.errors import ServiceError
from hattama.services.signing.gost.certificates import crl_signed_by, issued_by


class NotACrlFile(ServiceError):
    def __init__(self) -> None:
        super().__init__(N_("This file holds no certificate revocation list (CRL, DER or PEM expected)."))


@dataclass(frozen=True)
class RevocationStatus:
    checked: bool  # an imported CRL of the signer's issuer, signed by it, covers the moment
    revoked_on: dt.datetime | None  # when the CRL says the certificate was revoked
    crl_this_update: dt.datetime | None = None


def load_crl(data: bytes) -> x509.CertificateRevocationList:
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_crl(data)
        return x509.load_der_x509_crl(data)
    except ValueError:
        raise NotACrlFile() from None


def revocation_status(
    certificate: x509.Certificate,
    issuers: Iterable[x509.Certificate],
    crls: Sequence[x509.CertificateRevocationList],
    moment: dt.datetime,
) -> RevocationStatus:
    """Whether `certificate` was revoked at `moment`, by the newest imported CRL its issuer signed."""
    issuer = next((candidate for candidate in issuers if issued_by(certificate, candidate)), None)
    if issuer is None:
        return RevocationStatus(False, None)
    covering = [
        crl
        for crl in crls
        if crl.issuer == certificate.issuer and crl_signed_by(crl, issuer)
    ]
    if not covering:
        return RevocationStatus(False, None)
    newest = max(covering, key=lambda crl: crl.last_update_utc)
    entry = newest.get_revoked_certificate_by_serial_number(certificate.serial_number)
    if entry is not None and entry.revocation_date_utc <= moment:
        return RevocationStatus(True, entry.revocation_date_utc, newest.last_update_utc)
    if newest.next_update_utc is not None and moment > newest.next_update_utc:
        return RevocationStatus(False, None, newest.last_update_utc)  # stale: it says nothing about `moment`
    return RevocationStatus(True, None, newest.last_update_utc)
