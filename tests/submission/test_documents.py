"""The documents a bundle carries besides reports (issues 14, 15, 16): the p.2 treaty forms, the p.46 plan and
activity report, each as a signed PDF and a workbook, and the covering letter — registered, logged as an outgoing
letter, and closing the obligations of what it sends. The hostile documents (swapped, mislabelled, unlisted)
are in tests/hostile/test_hostile_documents.py."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from hattama.db.models import ObligationMark
from hattama.presentation.bundles import failed_checks
from hattama.services import submission
from hattama.services.bundle import format as bundle_format
from hattama.services.bundle.verifier import verify_bundle
from hattama.services.errors import ServiceError
from hattama.services.forms import forms_sent
from hattama.services.letters import get_letter
from hattama.services.plans import documents_sent
from hattama.services.registration import registration_of
from hattama.services.settings import update_settings
from tests.bundle.conftest import tree
from tests.pki import Pki
from tests.submission.helpers import row_counts

TODAY = dt.date(2026, 12, 4)
ENCLOSURES = submission.Enclosures(forms_year=2025, plan_year=2027, activity=(dt.date(2026, 1, 1), TODAY))


def _members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _manifest(bundle: Path) -> dict:
    return json.loads(_members(bundle)[bundle_format.MANIFEST_NAME])


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


@pytest.fixture
def full(store, report_id, identity, tmp_path: Path) -> submission.ExportedBundle:
    return submission.export_bundle(store, [report_id], identity, tmp_path / "full.zip", enclosures=ENCLOSURES,
                                    today=TODAY)


def test_forms_plan_activity_and_letter_travel_as_signed_pdfs_and_workbooks(full, pki: Pki) -> None:
    """p.2 forms 1–5, the p.46 plan and activity report: a PDF and a workbook per language; the letter a PDF."""
    entries = [entry for entry in _manifest(full.path)["files"] if bundle_format.is_document(entry["path"])]
    shown = sorted((entry["document"], entry["language"], bundle_format.document_format(entry["path"]))
                   for entry in entries)
    assert shown == sorted([(kind, language, format) for kind in ("forms", "plan", "activity")
                            for language in ("kk", "ru") for format in ("pdf", "xlsx")]
                           + [("letter", language, "pdf") for language in ("kk", "ru")])
    records = {entry["document"]: entry["record"] for entry in entries}
    assert records == {"forms": "forms-2025", "plan": "plan-2027", "activity": "activity-2026-01-01-2026-12-04",
                       "letter": f"letter-{full.letter_id}"}
    assert full.documents == ("forms", "plan", "activity")
    report = verify_bundle(full.path, [pki.root.certificate], pki.now)
    assert report.ok, failed_checks(report)
    assert {bundle_format.member_kind(entry) for entry in report.manifest["files"]} == {
        "data", "attachment", "report", "forms", "plan", "activity", "letter"}


def test_sending_them_closes_the_p2_and_p46_obligations_under_the_letter_number(store, full) -> None:
    """p.2: forms 1–3 and 4–5 of 2025 close the items due 10 January 2026; p.46: the plan of 2027 and the activity
    report of 2026 close the 20 December 2026 submission."""
    number = full.registered.number
    assert [(form.form, form.sent_on, form.reference) for form in forms_sent(store, 2025)] == [
        (form, TODAY, number) for form in (1, 2, 3, 4, 5)]
    assert sorted((sent.document, sent.sent_on, sent.reference) for sent in documents_sent(store, 2026)) == [
        ("activity", TODAY, number), ("plan", TODAY, number)]
    with store.session() as session:
        marks = {(mark.kind, mark.subject_id): mark.done_on for mark in session.scalars(select(ObligationMark))}
    assert marks == {("treaty_information", "2026-1"): TODAY, ("treaty_information", "2026-2"): TODAY,
                     ("annual_plan_and_report", "2026"): TODAY}


def test_the_covering_letter_is_registered_logged_and_prints_its_number(store, full, report_id, tmp_path) -> None:
    """Issue 16.3–16.4: an outgoing letter to the MFA with purpose covering-letter, linked to the report's event,
    its PDFs attached; the report goes under its number and date; the PDF names the number and each document."""
    assert (full.registered.number, full.registered.registered_on) == ("12-1/1", TODAY)
    letter = get_letter(store, full.letter_id)
    assert (letter.data.direction, letter.data.correspondent_kind, letter.data.purpose) == (
        "outgoing", "mfa", "covering-letter")
    assert (letter.data.our_number, letter.data.our_date) == ("12-1/1", TODAY)
    assert [kind for kind, _id in letter.data.links] == ["event"]
    assert sorted(attachment.file_name for attachment in letter.attachments) == [
        "covering-letter-kk.pdf", "covering-letter-ru.pdf"]
    registered = registration_of(store, "report", report_id)
    assert (registered.number, registered.registered_on) == ("12-1/1", TODAY)

    member = bundle_format.document_member(f"letter-{full.letter_id}", "ru", "pdf")
    text = _pdf_text(_members(full.path)[member], tmp_path)
    assert "12-1/1" in text and "ПРОЕКТ" not in text
    assert "Переговоры с делегацией Китая" in text and "2025" in text and "2027" in text


def test_a_number_from_esedo_is_the_letters_and_an_already_registered_report_keeps_its_own(
    store, report_id, identity, tmp_path
) -> None:
    from hattama.services.registration import register_document

    register_document(store, "report", report_id, number="07-3/99", on=dt.date(2026, 12, 1), today=TODAY)
    exported = submission.export_bundle(store, [report_id], identity, tmp_path / "esedo.zip",
                                        letter_number="01-12/345", today=TODAY)
    assert (exported.registered.number, exported.registered.from_register) == ("01-12/345", False)
    assert registration_of(store, "report", report_id).number == "07-3/99"


def test_without_a_register_or_a_number_nothing_is_written(store, report_id, identity, tmp_path) -> None:
    update_settings(store, registration_pattern="")
    before, counts = tree(tmp_path), row_counts(store)
    with pytest.raises(ServiceError, match="number from the document system"):
        submission.export_bundle(store, [report_id], identity, tmp_path / "b.zip", today=TODAY)
    assert tree(tmp_path) == before and row_counts(store) == counts


def test_forms_alone_make_a_bundle_without_data(store, report_id, identity, pki: Pki, tmp_path) -> None:
    exported = submission.export_bundle(store, [], identity, tmp_path / "forms.zip",
                                        enclosures=submission.Enclosures(forms_year=2025, forms=(4, 5),
                                                                         languages=("ru",)), today=TODAY)
    names = set(_members(exported.path)) - bundle_format.RESERVED_NAMES
    assert names == {bundle_format.document_member("forms-2025", "ru", "pdf"),
                     bundle_format.document_member("forms-2025", "ru", "xlsx"),
                     bundle_format.document_member(f"letter-{exported.letter_id}", "ru", "pdf")}
    assert verify_bundle(exported.path, [pki.root.certificate], pki.now).ok
    assert [form.form for form in forms_sent(store, 2025)] == [4, 5]


def test_a_cancelled_export_registers_and_logs_nothing(store, report_id, identity, tmp_path) -> None:
    class Cancelled(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        if done == total - 1:
            raise Cancelled

    counts = row_counts(store)
    with pytest.raises(Cancelled):
        submission.export_bundle(store, [report_id], identity, tmp_path / "c.zip", progress=cancel,
                                 enclosures=ENCLOSURES, today=TODAY)
    assert row_counts(store) == counts and forms_sent(store) == [] and documents_sent(store) == []
