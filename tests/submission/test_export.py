"""Exporting reports as a signed bundle: what goes in, what the store records, and what outside tools accept."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from hattama.db.models import Bundle
from hattama.i18n import describe
from hattama.presentation.bundles import check_detail
from hattama.services import submission
from hattama.services.bundle import format as bundle_format
from hattama.services.bundle.verifier import CHECK_TRUST
from hattama.services.bundle.writer import BodyNamesMissing
from hattama.services.errors import ServiceError
from hattama.services.reports import get_report, save_texts, set_status
from hattama.services.settings import update_settings
from tests.bundle.conftest import tree
from tests.pki import Pki
from tests.submission.helpers import (
    ATTACHMENT_NAME,
    ATTACHMENT_TEXT,
    RU_TEXTS,
    ready_report,
    row_counts,
    write_root,
)


@pytest.fixture
def exported(store, report_id, identity, tmp_path: Path) -> submission.ExportedBundle:
    return submission.export_bundle(store, [report_id], identity, tmp_path / "submission.zip")


def _unpack(bundle: Path, folder: Path, *names: str) -> None:
    with zipfile.ZipFile(bundle) as archive:
        for name in names:
            (folder / Path(name).name).write_bytes(archive.read(name))


def test_the_bundle_holds_data_signed_pdfs_and_attachments(exported, report_id) -> None:
    with zipfile.ZipFile(exported.path) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read(bundle_format.MANIFEST_NAME))
        document = json.loads(archive.read(submission.DATA_MEMBER))
        attachment = ATTACHMENT_TEXT.encode()
        attachment_member = bundle_format.attachment_member(attachment, ATTACHMENT_NAME)
        assert archive.read(attachment_member) == attachment

    letter = bundle_format.document_record("letter", str(exported.letter_id))
    assert names == {
        bundle_format.MANIFEST_NAME, bundle_format.SIGNATURE_NAME, submission.DATA_MEMBER, attachment_member,
        bundle_format.pdf_member(str(report_id), "kk"), bundle_format.pdf_member(str(report_id), "ru"),
        bundle_format.document_member(letter, "kk", "pdf"), bundle_format.document_member(letter, "ru", "pdf"),
    }
    assert {entry["path"] for entry in manifest["files"]} == names - bundle_format.RESERVED_NAMES
    assert manifest["signer"]["subject"] == "ТЕСТОВА ӘСЕЛЬ"
    assert manifest["body"]["en"].startswith("Ministry of Trade")
    assert [report["id"] for report in document["reports"]] == [str(report_id)]
    assert len(document["events"]) == 1 and document["events"][0]["attachments"][0]["file_name"] == ATTACHMENT_NAME
    assert exported.report_count == 1 and exported.signer == "ТЕСТОВА ӘСЕЛЬ"
    assert all(value >= 0 for value in vars(exported.timings).values())


def test_reports_become_exported_with_the_bundle_hash_and_the_bundle_is_logged(store, exported, report_id) -> None:
    digest = hashlib.sha256(exported.path.read_bytes()).hexdigest()
    assert exported.sha256 == digest and exported.size == exported.path.stat().st_size
    record = get_report(store, report_id)
    assert record.status == "exported"
    assert record.bundle_sha256 == digest
    with store.session() as session:
        logged = session.scalars(select(Bundle)).one()
        assert (logged.file_name, logged.sha256, logged.size, logged.report_count, logged.signer) == (
            str(exported.path), digest, exported.size, 1, "ТЕСТОВА ӘСЕЛЬ")


def test_an_exported_report_can_go_into_another_bundle(store, exported, report_id, identity, tmp_path) -> None:
    again = submission.export_bundle(store, [report_id, report_id], identity, tmp_path / "again.zip")
    assert again.report_count == 1
    assert get_report(store, report_id).bundle_sha256 == again.sha256


def test_the_bundle_verifies_with_the_unit_root(store, exported, pki: Pki, tmp_path: Path) -> None:
    submission.import_trusted_roots(store, write_root(tmp_path, pki))
    report = submission.verify_bundle_file(store, exported.path)
    assert report.ok, [(c.name_msgid, check_detail(c)) for c in report.checks if not c.passed]
    assert report.signer == "ТЕСТОВА ӘСЕЛЬ"


def test_without_trusted_roots_verification_fails_and_says_to_import_one(store, exported) -> None:
    report = submission.verify_bundle_file(store, exported.path)
    assert not report.ok
    assert [check.name_msgid for check in report.checks if not check.passed] == [CHECK_TRUST]
    assert "import your certification authority's root certificate" in check_detail(report.check(CHECK_TRUST))


def test_a_root_given_for_one_run_is_not_kept(store, exported, pki: Pki) -> None:
    assert submission.verify_bundle_file(store, exported.path, [pki.root.certificate]).ok
    assert not submission.verify_bundle_file(store, exported.path).ok
    assert not submission.verify_bundle_file(store, exported.path, [pki.other_root.certificate]).ok


def test_openssl_cms_verifies_the_exported_manifest(exported, pki: Pki, tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command line is not installed")
    folder = tmp_path / "unpacked"
    folder.mkdir()
    _unpack(exported.path, folder, bundle_format.MANIFEST_NAME, bundle_format.SIGNATURE_NAME)
    write_root(folder, pki, "ca.pem")
    command = "openssl cms -verify -binary -inform DER -content manifest.json -in manifest.json.p7s -CAfile ca.pem"
    done = subprocess.run([*command.split(), "-out", "/dev/null"], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr

    (folder / "manifest.json").write_bytes((folder / "manifest.json").read_bytes().replace(b'"size"', b'"Size"'))
    tampered = subprocess.run([*command.split(), "-out", "/dev/null"], cwd=folder, capture_output=True, text=True)
    assert tampered.returncode != 0


def test_pdfsig_finds_every_exported_pdf_signed_and_valid(exported, report_id, tmp_path: Path) -> None:
    if shutil.which("pdfsig") is None:
        pytest.skip("poppler's pdfsig is not installed")
    for language in ("kk", "ru"):
        member = bundle_format.pdf_member(str(report_id), language)
        _unpack(exported.path, tmp_path, member)
        result = subprocess.run(["pdfsig", str(tmp_path / Path(member).name)], capture_output=True, text=True)
        assert "Signature Validation: Signature is Valid." in result.stdout, result.stdout
        assert "Signer Certificate Common Name: ТЕСТОВА ӘСЕЛЬ" in result.stdout


def test_only_languages_with_text_are_rendered(store, identity, tmp_path: Path) -> None:
    report_id = ready_report(store, tmp_path, languages=("ru",), attachment=False)
    exported = submission.export_bundle(store, [report_id], identity, tmp_path / "ru-only.zip")
    with zipfile.ZipFile(exported.path) as archive:
        pdfs = [name for name in archive.namelist() if name.startswith("pdf/")]
    assert pdfs == [bundle_format.pdf_member(str(report_id), "ru")]


def test_a_draft_report_is_refused_before_anything_is_written(store, report_id, identity, tmp_path: Path) -> None:
    save_texts(store, report_id, "ru", dataclasses.replace(RU_TEXTS, issues="Изменено"))
    assert get_report(store, report_id).status == "draft"
    before, counts = tree(tmp_path), row_counts(store)
    with pytest.raises(submission.ReportNotExportable) as refused:
        submission.export_bundle(store, [report_id], identity, tmp_path / "draft.zip")
    assert "келіссөздер" in describe(refused.value)
    assert tree(tmp_path) == before and row_counts(store) == counts


def test_no_reports_chosen_is_refused(store, identity, tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="at least one report or document"):
        submission.export_bundle(store, [], identity, tmp_path / "empty.zip")


def test_a_body_without_its_english_name_is_refused_before_rendering(
    store, report_id, identity, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    update_settings(store, body_name_en="")
    rendered: list[object] = []
    monkeypatch.setattr(submission, "report_pdf", lambda *args: rendered.append(args))
    with pytest.raises(BodyNamesMissing):
        submission.export_bundle(store, [report_id], identity, tmp_path / "nameless.zip")
    assert rendered == [] and not (tmp_path / "nameless.zip").exists()


def test_cancelling_midway_leaves_no_file_and_no_record(store, report_id, identity, tmp_path: Path) -> None:
    class Cancelled(Exception):
        pass

    def progress(done: int, total: int) -> None:
        if done > total // 2:
            raise Cancelled

    before, counts = tree(tmp_path), row_counts(store)
    with pytest.raises(Cancelled):
        submission.export_bundle(store, [report_id], identity, tmp_path / "cancelled.zip", progress=progress)
    assert tree(tmp_path) == before and row_counts(store) == counts
    assert get_report(store, report_id).status == "ready"


def test_progress_runs_from_zero_to_the_total_without_going_back(store, report_id, identity, tmp_path) -> None:
    steps: list[tuple[int, int]] = []
    submission.export_bundle(store, [report_id], identity, tmp_path / "b.zip", progress=lambda *s: steps.append(s))
    done = [step for step, _total in steps]
    assert done[0] == 0 and done == sorted(done)
    assert {total for _step, total in steps} == {steps[-1][1]} and done[-1] == steps[-1][1]


def test_a_folder_that_cannot_be_written_is_a_clear_error_and_records_nothing(
    store, report_id, identity, tmp_path: Path
) -> None:
    counts = row_counts(store)
    with pytest.raises(ServiceError, match="could not be written"):
        submission.export_bundle(store, [report_id], identity, tmp_path / "missing-folder" / "b.zip")
    assert row_counts(store) == counts
    assert get_report(store, report_id).status == "ready"


def test_a_changed_ready_report_goes_back_to_draft_and_cannot_be_exported(store, report_id) -> None:
    set_status(store, report_id, "draft")
    assert submission.exportable_reports(store) == []
    set_status(store, report_id, "ready")
    assert [record.id for record in submission.exportable_reports(store)] == [report_id]
