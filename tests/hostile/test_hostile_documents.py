"""Hostile documents in a submission bundle (issues 14–16): a bundle carrying the p.2 forms, the p.46 plan and
activity report is re-signed by the same key with one document swapped, not what it says it is, listed without
its record, or not listed. The verifier checks each document as strictly as a report PDF and names the failed
check in words."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from hattama.presentation.bundles import failed_checks
from hattama.services import submission
from hattama.services.bundle import format as bundle_format
from hattama.services.bundle.verifier import CHECK_MANIFEST, CHECK_NO_EXTRAS, CHECK_PDFS, verify_bundle
from hattama.services.bundle.writer import BundleFile, write_bundle
from hattama.services.signing.keys import SigningIdentity, load_signing_identity
from tests.bundle.crafting import rebuild
from tests.pki import PASSWORD, Pki, default_pki
from tests.submission.helpers import ready_report

TODAY = dt.date(2026, 12, 4)
ENCLOSURES = submission.Enclosures(forms_year=2025, plan_year=2027, activity=(dt.date(2026, 1, 1), TODAY))


@pytest.fixture(scope="module")
def pki() -> Pki:
    return default_pki()


@pytest.fixture(scope="module")
def signer(pki: Pki) -> SigningIdentity:
    return load_signing_identity(pki.signing.pkcs12(pki.chain), PASSWORD, pki.now)


@pytest.fixture
def full(store, signer: SigningIdentity, tmp_path: Path) -> submission.ExportedBundle:
    """A bundle with a report, the forms, the plan and the activity report."""
    return submission.export_bundle(store, [ready_report(store, tmp_path)], signer, tmp_path / "full.zip",
                                    enclosures=ENCLOSURES, today=TODAY)


def _members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _manifest(bundle: Path) -> dict[str, Any]:
    return json.loads(_members(bundle)[bundle_format.MANIFEST_NAME])


def _resign(bundle: Path, target: Path, identity, change) -> Path:
    """The bundle's files changed by `change(files)` and signed again by the same key: only the per-document
    checks can tell."""
    members, manifest = _members(bundle), _manifest(bundle)
    files = [BundleFile(entry["path"], members[entry["path"]], entry["media_type"], entry.get("report_id"),
                        entry.get("language"), entry.get("document"), entry.get("record"))
             for entry in manifest["files"]]
    return write_bundle(target, change(files), manifest["body"], identity, dt.datetime.now(dt.UTC),
                        source=manifest["source"]).path


def _swap_languages(files: list[BundleFile]) -> list[BundleFile]:
    """The Kazakh forms PDF listed as the Russian one: hashes match the manifest, the binding does not."""
    data = {file.path: file.data for file in files}
    kk, ru = (bundle_format.document_member("forms-2025", language, "pdf") for language in ("kk", "ru"))
    return [BundleFile(file.path, data[kk] if file.path == ru else file.data, file.media_type, file.report_id,
                       file.language, file.document, file.record) for file in files]


def _not_a_workbook(files: list[BundleFile]) -> list[BundleFile]:
    workbook = bundle_format.document_member("plan-2027", "kk", "xlsx")
    return [BundleFile(file.path, b"PK\x03\x04 not really a workbook" if file.path == workbook else file.data,
                       file.media_type, file.report_id, file.language, file.document, file.record) for file in files]


@pytest.mark.parametrize(("change", "expected"), [
    (_swap_languages, "another report or language"),
    (_not_a_workbook, "not an Excel workbook"),
], ids=["forms PDF of the other language", "workbook that is not one"])
def test_a_document_not_the_one_listed_fails_the_document_check(
    full, signer: SigningIdentity, pki: Pki, tmp_path, change, expected
) -> None:
    resigned = _resign(full.path, tmp_path / "resigned.zip", signer, change)
    report = verify_bundle(resigned, [pki.root.certificate], pki.now)
    assert [check.name_msgid for check in report.checks if not check.passed] == [CHECK_PDFS]
    assert expected in failed_checks(report)


def test_a_document_listed_without_its_record_or_not_listed_is_refused(full, pki: Pki, tmp_path) -> None:
    members, manifest = _members(full.path), _manifest(full.path)
    extra = bundle_format.document_member("plan-2028", "kk", "pdf")
    unlisted = rebuild(full.path, tmp_path / "unlisted.zip", add=[(extra, members[
        bundle_format.document_member("plan-2027", "kk", "pdf")])])
    report = verify_bundle(unlisted, [pki.root.certificate], pki.now)
    assert not report.check(CHECK_NO_EXTRAS).passed

    for entry in manifest["files"]:
        entry.pop("record", None)
    unbound = rebuild(full.path, tmp_path / "unbound.zip", replace={
        bundle_format.MANIFEST_NAME: json.dumps(manifest, ensure_ascii=False).encode()})
    report = verify_bundle(unbound, [pki.root.certificate], pki.now)
    assert not report.check(CHECK_MANIFEST).passed
    assert "without its kind, record and language" in failed_checks(report)
