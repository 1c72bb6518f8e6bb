"""PAdES signatures in PDFs: poppler's pdfsig and pyHanko's validator both find them valid."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from reportlab.pdfgen.canvas import Canvas

from hattama.services.signing.keys import SigningIdentity
from hattama.services.signing.pades import SIGNATURE_FIELD, UnreadablePdf, make_pdf_signer, sign_pdf
from hattama.services.signing.trust import as_asn1
from tests.pki import Pki

REPORT_ID = "3f6b8c1e-0d2a-4b7e-9c5f-1a2b3c4d5e6f"


def _pdf(text: str, pages: int = 3) -> bytes:
    output = io.BytesIO()
    canvas = Canvas(output, pageCompression=0)  # uncompressed, so a test can find and change the text
    for page in range(pages):
        canvas.drawString(72, 760, f"{text}, page {page + 1}")
        canvas.showPage()
    canvas.save()
    return output.getvalue()


def _pdfsig(tmp_path: Path, pdf: bytes) -> str:
    if shutil.which("pdfsig") is None:
        pytest.skip("poppler's pdfsig is not installed")
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=True).stdout


def test_pdfsig_finds_the_signature_valid(tmp_path: Path, identity: SigningIdentity) -> None:
    report = _pdfsig(tmp_path, sign_pdf(_pdf("Post-event report"), make_pdf_signer(identity), REPORT_ID, "kk"))

    # The test root is not in poppler's NSS database, so only the signature itself is judged valid.
    assert "Signature Validation: Signature is Valid." in report
    assert f"Signature Field Name: {SIGNATURE_FIELD}" in report
    assert "Signer Certificate Common Name: ТЕСТОВА ӘСЕЛЬ" in report
    assert "Signing Hash Algorithm: SHA-256" in report
    assert "Signature Type: ETSI.CAdES.detached" in report  # PAdES, not the older adbe.pkcs7.detached
    assert "Total document signed" in report


def test_pdfsig_sees_a_change_after_signing(tmp_path: Path, identity: SigningIdentity) -> None:
    signed = sign_pdf(_pdf("Post-event report"), make_pdf_signer(identity), REPORT_ID, "kk")
    changed = signed.replace(b"Post-event report", b"Post-event rep0rt", 1)
    assert changed != signed

    assert "Signature Validation: Digest Mismatch." in _pdfsig(tmp_path, changed)


def test_one_signer_context_signs_many_pdfs_and_pyhanko_trusts_them(
    pki: Pki, identity: SigningIdentity
) -> None:
    context = make_pdf_signer(identity)
    for language in ("kk", "ru"):
        signed = sign_pdf(_pdf(f"Report {language}"), context, REPORT_ID, language)
        (signature,) = PdfFileReader(io.BytesIO(signed)).embedded_signatures
        status = validate_pdf_signature(
            signature, ValidationContext(trust_roots=[as_asn1(pki.root.certificate)])
        )
        assert status.bottom_line, status.pretty_print_details()


def test_bytes_that_are_not_a_pdf_are_refused(identity: SigningIdentity) -> None:
    with pytest.raises(UnreadablePdf):
        sign_pdf(b"%PDF-1.7 but nothing more", make_pdf_signer(identity), REPORT_ID, "kk")
