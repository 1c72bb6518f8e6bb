"""Hostile submission bundles (issues 10.1–10.5, 21.3, 21.4): forged, re-signed, swapped, oversized or oddly
signed bundles built by tests/hostile/bundle_forgery.py from a valid bundle and the test PKI's keys.

For each: verification fails the one check that names the problem (and says so in words), `bundle import`
writes nothing to the store, and `hattama bundle verify` exits 1.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from hattama.cli import main
from hattama.db.store import open_store
from hattama.i18n import describe
from hattama.services import submission
from hattama.services.bundle import format as bundle_format
from hattama.services.bundle import verifier
from hattama.services.bundle.verifier import VerificationReport, verify_bundle
from hattama.services.bundle.writer import BundleFile, write_bundle
from hattama.services.errors import ServiceError
from hattama.services.settings import update_settings
from tests.bundle.conftest import report_pdf_file
from tests.hostile.bundle_forgery import FORGERIES, Forge, Forgery
from tests.pki import BODY_BIN, OTHER_BODY_BIN, OTHER_BODY_ORGANISATION, Pki, default_pki
from tests.submission.helpers import ready_report, row_counts, write_root


@pytest.fixture(scope="module")
def pki() -> Pki:
    return default_pki()


@pytest.fixture(scope="module")
def forge(pki: Pki) -> Forge:
    return Forge(pki)


@pytest.fixture(scope="module", params=FORGERIES, ids=[forgery.name for forgery in FORGERIES])
def forged(request, forge: Forge, tmp_path_factory) -> tuple[Forgery, Path]:
    forgery: Forgery = request.param
    folder = tmp_path_factory.mktemp(forgery.name)
    return forgery, forgery.build(forge, folder)


def _failed(report: VerificationReport) -> set[str]:
    return {check.name_msgid for check in report.checks if not check.passed and not check.skipped}


def _details(report: VerificationReport) -> list[str]:
    return [check.detail_msgid.format(**check.params) for check in report.checks if check.detail_msgid]


def test_the_valid_bundle_they_are_made_from_passes(forge: Forge, tmp_path: Path) -> None:
    report = verify_bundle(forge.bundle(tmp_path / "valid.zip"), [forge.pki.root.certificate], forge.now)
    assert report.ok, [check for check in report.checks if not check.passed]
    assert report.proven_body == "123456789012"


def test_verification_fails_the_check_that_names_the_forgery(forged, forge: Forge) -> None:
    forgery, path = forged
    report = verify_bundle(path, [forge.pki.root.certificate], forge.now + dt.timedelta(minutes=1))

    assert not report.ok
    assert [check.name_msgid for check in report.checks] == list(verifier.ALL_CHECKS)
    assert _failed(report) == forgery.failed
    assert any(forgery.says in detail for detail in _details(report)), _details(report)
    assert report.proven_body is None or forgery.failed.isdisjoint({verifier.CHECK_BODY, verifier.CHECK_SIGNATURE})


def test_import_refuses_it_and_writes_nothing(forged, forge: Forge, tmp_path: Path) -> None:
    forgery, path = forged
    store = open_store(tmp_path / "receiving.sqlite3")
    try:
        submission.import_trusted_roots(store, write_root(tmp_path, forge.pki))
        before = row_counts(store)
        with pytest.raises(submission.BundleRefused) as refused:
            submission.import_bundle(store, path, now=forge.now + dt.timedelta(minutes=1))
        assert _failed(refused.value.report) == forgery.failed
        assert row_counts(store) == before
    finally:
        store.close()


def test_the_cli_verify_exits_1(forged, forge: Forge, tmp_path: Path, capsys) -> None:
    forgery, path = forged
    root = write_root(tmp_path, forge.pki)
    code = main(["--db", str(tmp_path / "cli.sqlite3"), "--lang", "en", "bundle", "verify", str(path), "--trust", str(root)])
    out = capsys.readouterr().out
    assert code == 1
    assert forgery.says in out
    assert "The bundle did not pass verification." in out


def test_a_huge_directory_is_refused_in_bounded_memory(forge: Forge, tmp_path: Path) -> None:
    """Issue 21.3: 200,000 entries are refused from their count, before zipfile builds its list. The peak is
    printed for the report (run with -s), not asserted: it depends on the Python build."""
    forgery = next(forgery for forgery in FORGERIES if forgery.name == "huge-directory")
    path = forgery.build(forge, tmp_path)
    tracemalloc.start()
    report = verify_bundle(path, [forge.pki.root.certificate], forge.now)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\n{path.stat().st_size / 1e6:.1f} MB archive, 200,000 entries: peak {peak / 1024:.0f} KiB while verifying")
    assert _failed(report) == {verifier.CHECK_LIMITS}
    assert report.check(verifier.CHECK_ARCHIVE).skipped


def test_another_body_s_validly_signed_bundle_cannot_rewrite_a_body_s_records(
    store, tmp_path: Path, forge: Forge
) -> None:
    """Issue 21: body B signs, with its own valid key and BIN, a bundle reusing body A's record ids with later
    modification times. It passes verification (B proves B), and the import is refused whole, naming both
    bodies, with the receiving store's dump byte-identical."""
    pki = forge.pki
    report_id = ready_report(store, tmp_path)
    update_settings(store, body_bin=BODY_BIN)
    sent = submission.export_bundle(store, [report_id], forge.identity(pki.signing), tmp_path / "a.zip", now=forge.now)
    receiving_path = tmp_path / "mfa.sqlite3"
    receiving = open_store(receiving_path)
    try:
        submission.import_trusted_roots(receiving, write_root(tmp_path, pki))
        assert submission.import_bundle(receiving, sent.path, now=forge.now).created == 2

        with zipfile.ZipFile(sent.path) as archive:
            manifest = json.loads(archive.read(bundle_format.MANIFEST_NAME))
            members = {entry["path"]: archive.read(entry["path"]) for entry in manifest["files"]}
        document = json.loads(members[submission.DATA_MEMBER])
        later = (forge.now + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        for record in (*document["events"], *document["reports"]):
            record["updated_at"] = later
        document["events"][0]["title_kk"] = "Body B was here"
        document["source"]["body_bin"] = OTHER_BODY_BIN
        theirs = forge.identity(pki.other_body)
        files = [
            report_pdf_file(theirs, entry["report_id"], entry["language"])
            if entry.get("report_id")
            else BundleFile(
                entry["path"],
                json.dumps(document).encode() if entry["path"] == submission.DATA_MEMBER else members[entry["path"]],
                entry["media_type"],
            )
            for entry in manifest["files"]
            if not bundle_format.is_document(entry["path"])  # body A's covering letter stays out of B's bundle
        ]
        body_b = {"kk": "Қаржы министрлігі", "ru": OTHER_BODY_ORGANISATION, "en": "Ministry of Finance"}
        forged = write_bundle(
            tmp_path / "b.zip", files, body_b, theirs, forge.now, source={"body_bin": OTHER_BODY_BIN, "body_id": ""}
        ).path
        verified = submission.verify_bundle_file(receiving, forged, now=forge.now)
        assert verified.ok and verified.proven_body == OTHER_BODY_BIN

        before = _dump(receiving_path)
        with pytest.raises(ServiceError) as refused:
            submission.import_bundle(receiving, forged, now=forge.now)
        message = describe(refused.value)
        assert BODY_BIN in message and OTHER_BODY_BIN in message, message
        assert _dump(receiving_path) == before
    finally:
        receiving.close()


def _dump(path: Path) -> str:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()
