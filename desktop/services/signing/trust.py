"""Trusted root certificates a unit imports (e.g. NCA RK's roots), and how a certificate is shown to people."""

from __future__ import annotations

import re

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from hattama.language import N_
from hattama.services.errors import ServiceError

_PEM_CERTIFICATE = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


class NotACertificateFile(ServiceError):
    def __init__(self) -> None:
        super().__init__(N_("This file holds no certificate (PEM or DER expected)."))


class NotACertificateAuthority(ServiceError):
    def __init__(self, subject: str) -> None:
        super().__init__(
            N_("The certificate “{subject}” is not a certificate authority and cannot be a trusted root."),
            subject=subject,
        )


def load_trusted_roots(data: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM bundle or a single DER file; each must be a certificate authority."""
    try:
        if _PEM_CERTIFICATE.search(data):
            certificates = [x509.load_pem_x509_certificate(block) for block in _PEM_CERTIFICATE.findall(data)]
        else:
            certificates = [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise NotACertificateFile() from None
    for certificate in certificates:
        if not is_certificate_authority(certificate):
            raise NotACertificateAuthority(subject_text(certificate))
    return certificates


def is_certificate_authority(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def is_self_issued(certificate: x509.Certificate) -> bool:
    """A root: its issuer is itself. An imported intermediate CA is held for chains, not trusted on its own."""
    return certificate.issuer == certificate.subject


def fingerprint_sha256(certificate: x509.Certificate) -> str:
    """Upper-case hex pairs joined by colons, the way certificate viewers show it to compare by eye."""
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


def name_text(name: x509.Name) -> str:
    """The common name when there is one (NCA RK puts the person's or body's name there), else the full DN."""
    common_names = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    if common_names:
        return str(common_names[0].value)
    return name.rfc4514_string()


def subject_text(certificate: x509.Certificate) -> str:
    return name_text(certificate.subject)


def certificate_organisation(certificate: x509.Certificate) -> str | None:
    names = certificate.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)
    return str(names[0].value) if names else None


def serial_hex(certificate: x509.Certificate) -> str:
    return format(certificate.serial_number, "x")


def as_asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    """The same certificate for pyHanko, which works on asn1crypto objects."""
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
