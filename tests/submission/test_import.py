"""Importing a bundle: verified first, merged all or nothing; a hostile bundle changes nothing anywhere."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from hattama.db.store import open_store
from hattama.i18n import describe
from hattama.presentation.bundles import failed_checks
from hattama.services import submission
from hattama.services.attachments import read_attachment
from hattama.services.bundle import format as bundle_format
from hattama.services.bundle.writer import BundleFile, write_bundle
from hattama.services.errors import ServiceError
from hattama.services.events import get_event
from hattama.services.reports import list_reports
from hattama.services.signing.keys import SigningIdentity
from tests.bundle.conftest import SOURCE, tree
from tests.bundle.crafting import declare_size, rebuild
from tests.pki import Pki
from tests.submission.helpers import ATTACHMENT_TEXT, BODY_NAME_EN, row_counts, write_root


@pytest.fixture
def bundle(store, report_id, identity, tmp_path: Path) -> Path:
    return submission.export_bundle(store, [report_id], identity, tmp_path / "submission.zip").path


@pytest.fixture
def receiving(tmp_path: Path, pki: Pki):
    """The MFA's side: a fresh store that trusts the test root."""
    opened = open_store(tmp_path / "receiving.sqlite3")
    submission.import_trusted_roots(opened, write_root(tmp_path, pki))
    yield opened
    opened.close()


def _members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_import_into_a_fresh_store_gives_the_same_reports_events_and_attachments(
    store, receiving, bundle: Path, report_id
) -> None:
    result = submission.import_bundle(receiving, bundle)

    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert result.conflicts == [] and result.missing_attachments == []
    [sent] = [record for record in list_reports(store) if record.id == report_id]
    [received] = list_reports(receiving)
    assert (received.id, received.event_id, received.texts) == (sent.id, sent.event_id, sent.texts)
    event = get_event(receiving, received.event_id)
    assert event.data == get_event(store, sent.event_id).data
    [attachment] = event.attachments
    assert read_attachment(receiving, attachment.id).decode("utf-8") == ATTACHMENT_TEXT


def test_importing_the_same_bundle_twice_changes_nothing_the_second_time(receiving, bundle: Path) -> None:
    submission.import_bundle(receiving, bundle)
    counts = row_counts(receiving)
    again = submission.import_bundle(receiving, bundle)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert row_counts(receiving) == counts


def test_a_root_given_for_the_run_lets_an_untrusting_store_import(tmp_path: Path, bundle: Path, pki: Pki) -> None:
    fresh = open_store(tmp_path / "fresh.sqlite3")
    try:
        with pytest.raises(submission.BundleRefused):
            submission.import_bundle(fresh, bundle)
        assert submission.import_bundle(fresh, bundle, [pki.root.certificate]).created == 2
    finally:
        fresh.close()


def _tampered_pdf(bundle: Path, folder: Path) -> Path:
    pdf = next(name for name in _members(bundle) if name.endswith(".kk.pdf"))
    data = _members(bundle)[pdf]
    return rebuild(bundle, folder / "hostile.zip", replace={pdf: data[:-40] + b"%" * 40})


def _tampered_data(bundle: Path, folder: Path) -> Path:
    data = _members(bundle)[submission.DATA_MEMBER].replace("Переговоры".encode(), "Переговорю".encode())
    return rebuild(bundle, folder / "hostile.zip", replace={submission.DATA_MEMBER: data})


def _tampered_manifest(bundle: Path, folder: Path) -> Path:
    manifest = _members(bundle)[bundle_format.MANIFEST_NAME].replace(BODY_NAME_EN.encode(), b"Ministry of Magic")
    return rebuild(bundle, folder / "hostile.zip", replace={bundle_format.MANIFEST_NAME: manifest})


def _truncated_signature(bundle: Path, folder: Path) -> Path:
    signature = _members(bundle)[bundle_format.SIGNATURE_NAME]
    return rebuild(bundle, folder / "hostile.zip", replace={bundle_format.SIGNATURE_NAME: signature[:200]})


def _truncated_zip(bundle: Path, folder: Path) -> Path:
    target = folder / "hostile.zip"
    target.write_bytes(bundle.read_bytes()[: bundle.stat().st_size * 2 // 3])
    return target


def _escaping_member(bundle: Path, folder: Path) -> Path:
    return rebuild(bundle, folder / "hostile.zip", add=[("../../x", b"owned")])


def _gigabyte_member(bundle: Path, folder: Path) -> Path:
    huge = rebuild(bundle, folder / "hostile.zip")
    declare_size(huge, submission.DATA_MEMBER, 3 * 1024**3)
    return huge


def _not_a_zip(bundle: Path, folder: Path) -> Path:
    target = folder / "hostile.zip"
    target.write_bytes(b"%PDF-1.7\n%%EOF\n")
    return target


HOSTILE: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "tampered pdf": (_tampered_pdf, "was changed: its SHA-256 does not match"),
    "tampered data": (_tampered_data, "was changed: its SHA-256 does not match"),
    "tampered manifest": (_tampered_manifest, "The signature over the manifest is valid"),
    "truncated signature": (_truncated_signature, "The signature file is damaged"),
    "truncated zip": (_truncated_zip, "not a ZIP archive, or it is truncated"),
    "member ../../x": (_escaping_member, "The member name ../../x is unsafe"),
    "member declaring gigabytes": (_gigabyte_member, "is 3072 MB"),
    "not a zip": (_not_a_zip, "not a ZIP archive"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_bundle_is_refused_with_the_failed_check_and_nothing_is_written(
    receiving, bundle: Path, tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    craft, expected = HOSTILE[case]
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # a stray extraction would land here
    hostile = craft(bundle, tmp_path)
    counts, before = row_counts(receiving), tree(tmp_path)

    with pytest.raises(submission.BundleRefused) as refused:
        submission.import_bundle(receiving, hostile)

    message = describe(refused.value)
    assert message.startswith("The bundle did not pass verification, so nothing was imported.")
    assert expected in failed_checks(refused.value.report)
    assert not refused.value.report.ok
    assert row_counts(receiving) == counts
    assert tree(tmp_path) == before


def test_a_signature_swapped_from_another_bundle_is_refused(
    receiving, bundle: Path, tmp_path: Path, identity: SigningIdentity
) -> None:
    body = {"kk": "Басқа орган", "ru": "Другой орган", "en": "Another body"}
    file = BundleFile(bundle_format.data_member("other.json"), b"{}", "application/json")
    other = write_bundle(tmp_path / "other.zip", [file], body, identity, dt.datetime.now(dt.UTC), source=SOURCE).path
    swapped = rebuild(bundle, tmp_path / "swapped.zip",
                      replace={bundle_format.SIGNATURE_NAME: _members(other)[bundle_format.SIGNATURE_NAME]})
    counts = row_counts(receiving)
    with pytest.raises(submission.BundleRefused) as refused:
        submission.import_bundle(receiving, swapped)
    assert "does not match the manifest" in failed_checks(refused.value.report)
    assert row_counts(receiving) == counts


def test_a_validly_signed_bundle_with_bad_data_is_refused_all_or_nothing(
    receiving, bundle: Path, tmp_path: Path, identity: SigningIdentity
) -> None:
    """The signature proves who sent it, not that the data makes sense: the importer still checks it all."""
    members = _members(bundle)
    document = json.loads(members[submission.DATA_MEMBER])
    orphan = {**document["reports"][0], "id": "0b5f1c7e-1d8e-4a51-9a57-3e7c9b0c2d11",
              "event_id": "5d8f0c35-27a4-4c8e-b8b4-7d1f5e5ab001"}
    document["reports"].append(orphan)
    manifest = json.loads(members[bundle_format.MANIFEST_NAME])
    files = [BundleFile(entry["path"],
                        json.dumps(document).encode() if entry["path"] == submission.DATA_MEMBER else members[entry["path"]],
                        entry["media_type"], entry.get("report_id"), entry.get("language"), entry.get("document"),
                        entry.get("record"))
             for entry in manifest["files"]]
    signed = write_bundle(tmp_path / "bad-data.zip", files, manifest["body"], identity, dt.datetime.now(dt.UTC),
                          source=manifest["source"]).path
    counts = row_counts(receiving)

    with pytest.raises(ServiceError, match="neither in the file nor in the store"):
        submission.import_bundle(receiving, signed)
    assert row_counts(receiving) == counts


def test_a_missing_file_is_a_clear_error(receiving, tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="There is no file"):
        submission.import_bundle(receiving, tmp_path / "nowhere.zip")
