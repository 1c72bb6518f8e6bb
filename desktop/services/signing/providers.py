"""The signer seam: whatever holds the officer's key, it gives a detached CMS over given bytes and the
signer's certificate chain.

Providers: an RSA PKCS#12 key file (`cms`, with PAdES in the PDFs), a GOST 2015 PKCS#12 key file (`gost`), and
NCALayer, NCA RK's desktop signer (`ncalayer`), which holds the key itself. `open_key_file` picks the file
provider from the file's content.
"""

from __future__ import annotations

import abc
import dataclasses
import datetime as dt
from collections.abc import Iterable

from cryptography import x509

from hattama.services.signing import keys
from hattama.services.signing.gost import pkcs12 as gost_pkcs12
from hattama.services.signing.gost.pkcs12 import GostIdentity
from hattama.services.signing.trust import name_text, serial_hex


class Signer(abc.ABC):
    """One officer's signing key, however it is held."""

    algorithm: str  # "rsa" or "gost"

    @property
    @abc.abstractmethod
    def certificate(self) -> x509.Certificate: ...

    @property
    @abc.abstractmethod
    def chain(self) -> tuple[x509.Certificate, ...]:
        """Issuing certificates to put beside the signer's (NCA key files carry none)."""

    @abc.abstractmethod
    def sign_detached(self, data: bytes, now: dt.datetime) -> bytes:
        """A DER detached CMS SignedData over `data`."""

    @property
    def pades_identity(self) -> keys.SigningIdentity | None:
        """The RSA identity that also signs the PDFs (PAdES); None when PDFs stay unsigned (GOST: nothing
        could check a GOST signature in a PDF, so the manifest's signature covers them)."""
        return None

    @property
    def subject_name(self) -> str:
        return name_text(self.certificate.subject)

    @property
    def issuer_name(self) -> str:
        return name_text(self.certificate.issuer)

    @property
    def serial_hex(self) -> str:
        return serial_hex(self.certificate)

    def with_intermediates(self, held: Iterable[x509.Certificate]) -> Signer:
        """This signer with the issuing certificates the unit holds added to its chain, so that they travel
        in the bundle (NCA key files carry only the end certificate)."""
        from hattama.services.signing.gost.certificates import issued_by

        chain = list(self.chain)
        current = chain[-1] if chain else self.certificate
        pool = [certificate for certificate in held if certificate not in chain]
        while (issuer := next((c for c in pool if c != current and issued_by(current, c)), None)) is not None:
            chain.append(issuer)
            pool.remove(issuer)
            current = issuer
        return self._with_chain(tuple(chain))

    @abc.abstractmethod
    def _with_chain(self, chain: tuple[x509.Certificate, ...]) -> Signer: ...


@dataclasses.dataclass(frozen=True)
class RsaKeyFileSigner(Signer):
    identity: keys.SigningIdentity
    algorithm = "rsa"

    @property
    def certificate(self) -> x509.Certificate:
        return self.identity.certificate

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        return self.identity.chain

    @property
    def pades_identity(self) -> keys.SigningIdentity:
        return self.identity

    def sign_detached(self, data: bytes, now: dt.datetime) -> bytes:
        from hattama.services.signing import cms

        return cms.sign_detached(data, self.identity)

    def _with_chain(self, chain: tuple[x509.Certificate, ...]) -> Signer:
        return RsaKeyFileSigner(dataclasses.replace(self.identity, chain=chain))


@dataclasses.dataclass(frozen=True)
class GostKeyFileSigner(Signer):
    identity: GostIdentity
    algorithm = "gost"

    @property
    def certificate(self) -> x509.Certificate:
        return self.identity.certificate

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        return self.identity.chain

    def sign_detached(self, data: bytes, now: dt.datetime) -> bytes:
        from hattama.services.signing.gost import cms as gost_cms

        return gost_cms.sign_detached(data, self.identity, now)

    def _with_chain(self, chain: tuple[x509.Certificate, ...]) -> Signer:
        return GostKeyFileSigner(dataclasses.replace(self.identity, chain=chain))


def as_signer(key: Signer | keys.SigningIdentity) -> Signer:
    """A signer for an RSA identity loaded by `keys` (callers and tests that hold one); signers unchanged."""
    return RsaKeyFileSigner(key) if isinstance(key, keys.SigningIdentity) else key


def open_key_file(p12_bytes: bytes, password: str, now: dt.datetime) -> Signer:
    """The signer in a PKCS#12 key file, RSA or GOST 2015, checked for signing at `now`; raises a
    keys.KeyFileError subclass saying why a file cannot sign."""
    try:
        return RsaKeyFileSigner(keys.load_signing_identity(p12_bytes, password, now))
    except (keys.GostNotSupported, keys.LegacyCipherUnsupported, keys.UnsupportedKeyType) as rsa_refusal:
        # NCA's GOST files use RC2-40, which `cryptography` does not read: open them with the GOST loader.
        try:
            return GostKeyFileSigner(gost_pkcs12.load_gost_identity(p12_bytes, password, now))
        except gost_pkcs12.NotGostKey:
            raise rsa_refusal from None

