"""Writing bundles: the layout and manifest, a signature OpenSSL accepts, progress, and no half bundle ever."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from hattama.services.bundle import format as bundle_format
from hattama.services.bundle.writer import (
    BodyNamesMissing,
    BundleFile,
    BundleTooLarge,
    BundleWriteFailed,
    write_bundle,
)
from hattama.services.signing.keys import SigningIdentity
from tests.bundle.conftest import BODY, REPORT_ID, SOURCE, tree
from tests.pki import Pki

NOW = dt.datetime(2026, 3, 2, 9, 30, 15, tzinfo=dt.UTC)


def _manifest(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read(bundle_format.MANIFEST_NAME))


def test_members_come_in_order_and_the_manifest_lists_each_file(
    tmp_path: Path, files: list[BundleFile], identity: SigningIdentity
) -> None:
    path = write_bundle(tmp_path / "submission.zip", files, BODY, identity, NOW, source=SOURCE).path

    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        for file in files:
            assert archive.read(file.path) == file.data
    assert names == [
        bundle_format.MANIFEST_NAME,
        bundle_format.SIGNATURE_NAME,
        *(file.path for file in files),
    ]
    assert _manifest(path) == {
        "format": "hattama-bundle",
        "format_version": bundle_format.FORMAT_VERSION,
        "created_at": "2026-03-02T09:30:15Z",
        "body": BODY,
        "source": SOURCE,
        "signer": {
            "subject": "ТЕСТОВА ӘСЕЛЬ",
            "serial": identity.serial_hex,
            "issuer": "Hattama Test NCA (RSA)",
        },
        "files": [
            {
                "path": file.path,
                "size": len(file.data),
                "sha256": hashlib.sha256(file.data).hexdigest(),
                "media_type": file.media_type,
                # a report PDF is bound to its report and language (issue 10.5)
                **({"report_id": REPORT_ID, "language": file.language} if file.path.startswith("pdf/") else {}),
            }
            for file in files
        ],
    }


def test_manifest_keeps_kazakh_letters_readable(tmp_path: Path, files, identity: SigningIdentity) -> None:
    path = write_bundle(tmp_path / "submission.zip", files, BODY, identity, NOW, source=SOURCE).path
    with zipfile.ZipFile(path) as archive:
        assert "Ғылым және жоғары білім".encode() in archive.read(bundle_format.MANIFEST_NAME)


def test_openssl_verifies_the_written_manifest_signature(
    tmp_path: Path, files, identity: SigningIdentity, pki: Pki
) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command line is not installed")
    path = write_bundle(tmp_path / "submission.zip", files, BODY, identity, NOW, source=SOURCE).path
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    with zipfile.ZipFile(path) as archive:
        for name in (bundle_format.MANIFEST_NAME, bundle_format.SIGNATURE_NAME):
            (unpacked / name).write_bytes(archive.read(name))
    (unpacked / "ca.pem").write_bytes(pki.root.pem())

    command = (
        "openssl cms -verify -binary -inform DER -content manifest.json -in manifest.json.p7s -CAfile ca.pem"
    )
    done = subprocess.run(
        [*command.split(), "-out", "/dev/null"], cwd=unpacked, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_json_is_deflated_and_pdfs_are_stored(tmp_path: Path, files, identity: SigningIdentity) -> None:
    path = write_bundle(tmp_path / "submission.zip", files, BODY, identity, NOW, source=SOURCE).path
    with zipfile.ZipFile(path) as archive:
        methods = {info.filename: info.compress_type for info in archive.infolist()}
    assert methods[bundle_format.MANIFEST_NAME] == zipfile.ZIP_DEFLATED
    assert methods[files[0].path] == zipfile.ZIP_DEFLATED
    assert methods[files[1].path] == zipfile.ZIP_STORED


def test_result_gives_the_bundle_hash_and_size(tmp_path: Path, files, identity: SigningIdentity) -> None:
    result = write_bundle(tmp_path / "submission.zip", files, BODY, identity, NOW, source=SOURCE)
    content = result.path.read_bytes()
    assert result.path == tmp_path / "submission.zip"
    assert result.size == len(content)
    assert result.sha256 == hashlib.sha256(content).hexdigest()


def test_only_the_bundle_is_left_in_the_folder(tmp_path: Path, files, identity: SigningIdentity) -> None:
    write_bundle(tmp_path / "submission.zip", files, BODY, identity, NOW, source=SOURCE)
    assert [path.name for path in tmp_path.iterdir()] == ["submission.zip"]


def test_progress_counts_the_signature_and_each_file(
    tmp_path: Path, files, identity: SigningIdentity
) -> None:
    seen: list[tuple[int, int]] = []
    write_bundle(
        tmp_path / "submission.zip", files, BODY, identity, NOW, progress=lambda *step: seen.append(step),
        source=SOURCE,
    )
    total = len(files) + 1
    assert seen == [(done, total) for done in range(total + 1)]


def test_cancelling_from_progress_leaves_the_folder_as_it_was(
    tmp_path: Path, files, identity: SigningIdentity
) -> None:
    earlier = write_bundle(tmp_path / "submission.zip", files[:1], BODY, identity, NOW, source=SOURCE).path
    before = tree(tmp_path)

    class Cancelled(Exception):
        pass

    def cancel_midway(done: int, total: int) -> None:
        if done == 3:
            raise Cancelled

    with pytest.raises(Cancelled):
        write_bundle(earlier, files, BODY, identity, NOW, progress=cancel_midway, source=SOURCE)
    assert tree(tmp_path) == before


def test_full_disk_leaves_no_half_bundle(
    tmp_path: Path, files, identity: SigningIdentity, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = write_bundle(tmp_path / "submission.zip", files[:1], BODY, identity, NOW, source=SOURCE).path
    before = tree(tmp_path)
    real_writestr = zipfile.ZipFile.writestr
    written: list[str] = []

    def fill_disk_after_two(self: zipfile.ZipFile, info, data, *args, **kwargs) -> None:
        if len(written) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(str(info))
        real_writestr(self, info, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", fill_disk_after_two)
    with pytest.raises(BundleWriteFailed) as raised:
        write_bundle(earlier, files, BODY, identity, NOW, source=SOURCE)

    assert raised.value.params == {"path": str(earlier), "reason": "No space left on device"}
    assert tree(tmp_path) == before


def test_missing_destination_folder_is_reported(tmp_path: Path, files, identity: SigningIdentity) -> None:
    with pytest.raises(BundleWriteFailed):
        write_bundle(tmp_path / "no such folder" / "submission.zip", files, BODY, identity, NOW, source=SOURCE)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "path",
    ["../escape.json", "/etc/passwd", "C:/x.json", "data\\x.json", "manifest.json", "manifest.json.p7s"],
)
def test_unsafe_or_reserved_member_names_are_refused(
    tmp_path: Path, identity: SigningIdentity, path: str
) -> None:
    with pytest.raises(ValueError):
        write_bundle(
            tmp_path / "submission.zip", [BundleFile(path, b"{}", "application/json")], BODY, identity, NOW,
            source=SOURCE,
        )
    assert list(tmp_path.iterdir()) == []


def test_a_member_listed_twice_is_refused(tmp_path: Path, files, identity: SigningIdentity) -> None:
    with pytest.raises(ValueError):
        write_bundle(tmp_path / "submission.zip", [*files, files[0]], BODY, identity, NOW, source=SOURCE)


def test_body_must_be_named_in_all_three_languages(tmp_path: Path, files, identity: SigningIdentity) -> None:
    with pytest.raises(BodyNamesMissing):
        write_bundle(tmp_path / "submission.zip", files, {**BODY, "en": " "}, identity, NOW, source=SOURCE)


def test_oversized_file_is_refused_before_anything_is_written(
    tmp_path: Path, files, identity: SigningIdentity, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle_format, "MAX_MEMBER_SIZE", 10)
    with pytest.raises(BundleTooLarge) as raised:
        write_bundle(tmp_path / "submission.zip", files, BODY, identity, NOW, source=SOURCE)
    assert raised.value.params["path"] == files[0].path
    assert list(tmp_path.iterdir()) == []
