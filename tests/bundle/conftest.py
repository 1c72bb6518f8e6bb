"""Fixtures for the bundle tests: a signing identity from the test PKI and the files of a typical submission,
its report PDFs PAdES-signed and bound to their report as an export makes them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from hattama.services.bundle import format as bundle_format
from hattama.services.bundle.writer import BundleFile
from hattama.services.signing.keys import SigningIdentity
from hattama.services.signing.pades import make_pdf_signer, sign_pdf
from tests.pki import BODY_BIN
from tests.signing.conftest import identity, now, pki  # noqa: F401  (the same PKI and identity fixtures)

BODY = {
    "kk": "Қазақстан Республикасы Ғылым және жоғары білім министрлігі",
    "ru": "Министерство науки и высшего образования Республики Казахстан",
    "en": "Ministry of Science and Higher Education of the Republic of Kazakhstan",
}
# The sending body as the manifest identifies it: the BIN the test signing certificates carry.
SOURCE = {"body_bin": BODY_BIN, "body_id": "5f1d2c3b-8a9e-4f70-b6d1-0c2e4a6b8d10"}
REPORT_ID = "7b0c6a52-2f0e-4d43-9d4e-2c9f3a1e8b10"
ATTACHMENT = "Іс-шара бағдарламасы.docx".encode()  # stands in for an attachment's bytes


def unsigned_pdf(text: str) -> bytes:
    output = io.BytesIO()
    canvas = Canvas(output)
    canvas.drawString(72, 760, text)
    canvas.save()
    return output.getvalue()


def report_pdf_file(signer: SigningIdentity, report_id: str, language: str, text: str = "") -> BundleFile:
    """A report PDF as an export puts it in a bundle: signed by `signer`, bound to its report and language."""
    pdf = unsigned_pdf(text or f"Post-event report {report_id} in {language}")
    signed = sign_pdf(pdf, make_pdf_signer(signer), report_id, language)
    return BundleFile(bundle_format.pdf_member(report_id, language), signed, "application/pdf", report_id, language)


@pytest.fixture(scope="session")
def report_pdfs(identity: SigningIdentity) -> tuple[BundleFile, BundleFile]:  # noqa: F811  (the fixture)
    return report_pdf_file(identity, REPORT_ID, "kk"), report_pdf_file(identity, REPORT_ID, "ru")


@pytest.fixture
def files(report_pdfs: tuple[BundleFile, BundleFile]) -> list[BundleFile]:
    reports = json.dumps([{"id": REPORT_ID, "title": "Халықаралық форум"}], ensure_ascii=False).encode()
    return [
        BundleFile(bundle_format.data_member("reports.json"), reports, "application/json"),
        *report_pdfs,
        BundleFile(
            bundle_format.attachment_member(ATTACHMENT, "Іс-шара бағдарламасы.docx"),
            ATTACHMENT,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ]


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under `root` with its size and modification time, to show nothing was written."""
    return {
        str(path.relative_to(root)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in root.rglob("*")
    }
