"""PAdES signatures embedded into rendered PDFs, with the same key that signs the bundle manifest, and the check
a received report PDF must pass.

Each PDF is bound to its report: the report id and language go into the document's keywords in the same
incremental update the signature covers, so a validly signed PDF of another report cannot stand in for it.

An export signs hundreds of PDFs, so the pyHanko signer is built once per export (`make_pdf_signer`) and reused.
pyHanko's own `SimpleSigner` re-parses the private key from DER on every signature, which for RSA costs more than
the signature itself; `_LoadedKeySigner` signs with the key already loaded.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from asn1crypto import algos
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from hattama.language import N_
from hattama.services.errors import ServiceError
from hattama.services.signing.cms import validation_context
from hattama.services.signing.keys import SigningIdentity
from hattama.services.signing.trust import as_asn1, name_text

SIGNATURE_FIELD = "HattamaSignature"
PADES_SUBFILTER = "/ETSI.CAdES.detached"
PDF_MAGIC = b"%PDF-"
REPORT_KEYWORD = "hattama-report:"
LANGUAGE_KEYWORD = "hattama-language:"


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


def sign_pdf(pdf_bytes: bytes, signer_context: PdfSignerContext, report_id: str, language: str) -> bytes:
    """The PDF bound to its report and language, with an embedded PAdES signature, as an incremental update."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    except (PdfError, ValueError):
        raise UnreadablePdf() from None
    writer.document_meta.keywords = [f"{REPORT_KEYWORD}{report_id}", f"{LANGUAGE_KEYWORD}{language}"]
    output = io.BytesIO()
    signer_context.pdf_signer.sign_pdf(writer, output=output, bytes_reserved=signer_context.bytes_reserved)
    return output.getvalue()


def signed_pdf_problem(
    pdf_bytes: bytes,
    signer: x509.Certificate,
    report_id: str,
    language: str,
    trusted_roots: list[x509.Certificate],
    at: dt.datetime,
) -> tuple[str, dict[str, Any]] | None:
    """Why these bytes are not the report PDF `signer` signed for (report_id, language), as (msgid, params)
    with `{path}` left to the caller; None when they are: a PDF, one PAdES signature over the whole file, made
    by `signer`, and bound to that report and language."""
    not_a_pdf = pdf_magic_problem(pdf_bytes)
    if not_a_pdf is not None:
        return not_a_pdf
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes))
        signatures = reader.embedded_signatures
    except Exception:  # a damaged or hostile PDF fails anywhere in the parser
        return N_("{path} cannot be read as a PDF."), {}
    if not signatures:
        return N_("{path} carries no PAdES signature."), {}
    if len(signatures) > 1:
        return N_("{path} carries {count} signatures; a report PDF carries one."), {"count": len(signatures)}
    signature = signatures[0]
    if signature.sig_object.get("/SubFilter") != PADES_SUBFILTER:
        return N_("{path} is signed, but not with a PAdES signature."), {}
    try:
        status = validate_pdf_signature(signature, validation_context(trusted_roots, at))
    except Exception:
        return N_("{path} has a damaged signature."), {}
    if not (status.intact and status.valid):
        return N_("The signature in {path} does not match its content."), {}
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return N_("{path} was changed after it was signed: its signature does not cover the whole file."), {}
    pdf_signer = x509.load_der_x509_certificate(status.signing_cert.dump())
    if pdf_signer != signer:
        return N_("{path} was signed by {pdf_signer}, not by the bundle's signer."), {
            "pdf_signer": name_text(pdf_signer.subject)
        }
    bound = _binding(reader)
    if bound != (report_id, language):
        return N_(
            "{path} is the PDF of another report or language ({found}), not of the report it is listed for."
        ), {"found": " ".join(filter(None, bound)) or "—"}
    return None


def pdf_magic_problem(pdf_bytes: bytes) -> tuple[str, dict[str, Any]] | None:
    """An HTML page or anything else named .pdf is refused by its first bytes."""
    if not pdf_bytes.startswith(PDF_MAGIC):
        return N_("{path} is not a PDF (it does not start as one)."), {}
    return None


def _binding(reader: PdfFileReader) -> tuple[str | None, str | None]:
    """The report id and language in the signed document's keywords."""
    try:
        keywords = str(reader.trailer_view["/Info"].get_object().get("/Keywords", ""))
    except Exception:
        return None, None
    found: dict[str, str] = {}
    for keyword in keywords.split(","):
        for prefix in (REPORT_KEYWORD, LANGUAGE_KEYWORD):
            if keyword.strip().startswith(prefix):
                found[prefix] = keyword.strip().removeprefix(prefix)
    return found.get(REPORT_KEYWORD), found.get(LANGUAGE_KEYWORD)
