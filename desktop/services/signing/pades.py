"""PAdES signatures embedded into rendered PDFs, with the same key that signs the bundle manifest.

An export signs hundreds of PDFs, so the pyHanko signer is built once per export (`make_pdf_signer`) and reused.
pyHanko's own `SimpleSigner` re-parses the private key from DER on every signature, which for RSA costs more than
the signature itself; `_LoadedKeySigner` signs with the key already loaded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from asn1crypto import algos
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko_certvalidator.registry import SimpleCertificateStore

from desktop.i18n import N_
from desktop.services.errors import ServiceError
from desktop.services.signing.keys import SigningIdentity
from desktop.services.signing.trust import as_asn1

SIGNATURE_FIELD = "HattamaSignature"


class UnreadablePdf(ServiceError):
    def __init__(self) -> None:
        super().__init__(N_("The PDF to be signed could not be read."))


class _LoadedKeySigner(signers.Signer):
    def __init__(self, identity: SigningIdentity) -> None:
        super().__init__(
            signing_cert=as_asn1(identity.certificate),
            cert_registry=SimpleCertificateStore.from_certs([as_asn1(c) for c in identity.chain]),
            signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa"}),
        )
        self._private_key: rsa.RSAPrivateKey = identity.private_key

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        if dry_run:  # pyHanko only sizes the placeholder here; an RSA signature is as long as the modulus
            return bytes(self._private_key.key_size // 8)
        return self._private_key.sign(data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))


@dataclass(frozen=True)
class PdfSignerContext:
    pdf_signer: signers.PdfSigner
    # Space for the CMS in the PDF. Given up front, it spares pyHanko a dry-run signature per PDF (half its time).
    bytes_reserved: int


def make_pdf_signer(identity: SigningIdentity) -> PdfSignerContext:
    """The PAdES (baseline B-B) signer for one export; pass it to every `sign_pdf` call of that export."""
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=identity.subject_name,
    )
    certificates = sum(
        len(c.public_bytes(serialization.Encoding.DER)) for c in (identity.certificate, *identity.chain)
    )
    # The CMS holds the certificates, the RSA signature and well under 2 KB of attributes and structure;
    # the PDF stores it in hex, hence twice the bytes.
    cms_size = certificates + identity.private_key.key_size // 8 + 2048
    return PdfSignerContext(signers.PdfSigner(metadata, signer=_LoadedKeySigner(identity)), 2 * cms_size)


def sign_pdf(pdf_bytes: bytes, signer_context: PdfSignerContext) -> bytes:
    """The PDF with an embedded PAdES signature, appended as an incremental update."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    except (PdfError, ValueError):
        raise UnreadablePdf() from None
    output = io.BytesIO()
    signer_context.pdf_signer.sign_pdf(writer, output=output, bytes_reserved=signer_context.bytes_reserved)
    return output.getvalue()
