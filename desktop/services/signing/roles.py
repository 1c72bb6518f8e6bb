"""What an NCA RK certificate says about its holder: the person's IIN, the organisation's BIN, and the role
OID NCA puts among the extended key usages of a legal entity's employees (see docs/signing.md)."""

from __future__ import annotations

import re

from cryptography import x509
from cryptography.x509.oid import NameOID

from hattama.language import N_

INDIVIDUAL = "1.2.398.3.3.4.1.1"
LEGAL_ENTITY = "1.2.398.3.3.4.1.2"
# Role OIDs of NCA RK certificates and how they are named to the officer.
ROLE_NAMES = {
    INDIVIDUAL: N_("individual"),
    "1.2.398.3.3.4.1.2.1": N_("first head of the organisation"),
    "1.2.398.3.3.4.1.2.2": N_("employee with the right to sign"),
    "1.2.398.3.3.4.1.2.3": N_("employee with the right to sign financial documents"),
    "1.2.398.3.3.4.1.2.4": N_("human resources employee"),
    "1.2.398.3.3.4.1.2.5": N_("employee without the right to sign"),
    "1.2.398.3.3.4.1.2.6": N_("information system"),
    "1.2.398.5.19.1.2.2.1": N_("treasury client"),
}
# The roles that may sign for the organisation named in the certificate.
SIGNS_FOR_BODY = frozenset({"1.2.398.3.3.4.1.2.1", "1.2.398.3.3.4.1.2.2"})

_IIN = re.compile(r"IIN(\d{12})")
_BIN = re.compile(r"BIN(\d{12})")


def role_oids(certificate: x509.Certificate) -> list[str]:
    """The certificate's NCA role OIDs, most specific first (the legal-entity marker itself is left out)."""
    try:
        purposes = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except (x509.ExtensionNotFound, ValueError, x509.DuplicateExtension):
        return []
    return sorted((oid.dotted_string for oid in purposes if oid.dotted_string in ROLE_NAMES), key=len,
                  reverse=True)


def is_legal_entity(certificate: x509.Certificate) -> bool:
    try:
        purposes = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except (x509.ExtensionNotFound, ValueError, x509.DuplicateExtension):
        return False
    return any(oid.dotted_string == LEGAL_ENTITY for oid in purposes)


def cannot_sign_for_body(certificate: x509.Certificate) -> str | None:
    """The role OID of a legal entity's certificate whose holder may not sign for it; None otherwise."""
    if not is_legal_entity(certificate):
        return None
    roles = role_oids(certificate)
    if any(role in SIGNS_FOR_BODY for role in roles):
        return None
    return roles[0] if roles else LEGAL_ENTITY


def iin(certificate: x509.Certificate) -> str | None:
    """The holder's individual identification number (NCA puts `IIN…` in the subject's serialNumber)."""
    return _number(certificate, NameOID.SERIAL_NUMBER, _IIN)


def bin_(certificate: x509.Certificate) -> str | None:
    """The organisation's business identification number (NCA puts `BIN…` in the subject's OU)."""
    return _number(certificate, NameOID.ORGANIZATIONAL_UNIT_NAME, _BIN)


def _number(certificate: x509.Certificate, oid: x509.ObjectIdentifier, pattern: re.Pattern[str]) -> str | None:
    for attribute in certificate.subject.get_attributes_for_oid(oid):
        match = pattern.fullmatch(str(attribute.value))
        if match:
            return match.group(1)
    return None
