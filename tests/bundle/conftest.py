"""Fixtures for the bundle tests: a signing identity from the test PKI and the files of a typical submission."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.services.bundle import format as bundle_format
from desktop.services.bundle.writer import BundleFile
from tests.signing.conftest import identity, now, pki  # noqa: F401  (the same PKI and identity fixtures)

BODY = {
    "kk": "Қазақстан Республикасы Ғылым және жоғары білім министрлігі",
    "ru": "Министерство науки и высшего образования Республики Казахстан",
    "en": "Ministry of Science and Higher Education of the Republic of Kazakhstan",
}
REPORT_ID = "7b0c6a52-2f0e-4d43-9d4e-2c9f3a1e8b10"
ATTACHMENT = "Іс-шара бағдарламасы.docx".encode()  # stands in for an attachment's bytes


def _fake_pdf(language: str) -> bytes:
    return f"%PDF-1.7\n% post-event report in {language}\n%%EOF\n".encode()


@pytest.fixture
def files() -> list[BundleFile]:
    reports = json.dumps([{"id": REPORT_ID, "title": "Халықаралық форум"}], ensure_ascii=False).encode()
    return [
        BundleFile(bundle_format.data_member("reports.json"), reports, "application/json"),
        BundleFile(bundle_format.pdf_member(REPORT_ID, "kk"), _fake_pdf("kk"), "application/pdf"),
        BundleFile(bundle_format.pdf_member(REPORT_ID, "ru"), _fake_pdf("ru"), "application/pdf"),
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
