"""Reading a verified bundle's files into memory, and refusing when verification failed or the file changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hattama.services.bundle.reader import (
    BundleChangedSinceVerification,
    BundleNotVerified,
    read_verified_members,
)
from hattama.services.bundle.verifier import verify_bundle
from hattama.services.bundle.writer import BundleFile, write_bundle
from hattama.services.signing.keys import SigningIdentity
from tests.bundle.conftest import BODY, SOURCE, tree
from tests.bundle.crafting import rebuild
from tests.pki import Pki


@pytest.fixture
def bundle(tmp_path: Path, files: list[BundleFile], identity: SigningIdentity, now: dt.datetime) -> Path:
    return write_bundle(tmp_path / "submission.zip", files, BODY, identity, now, source=SOURCE).path


def test_verified_bundle_gives_every_listed_file_and_writes_nothing(
    tmp_path: Path, bundle: Path, files: list[BundleFile], pki: Pki, now: dt.datetime
) -> None:
    report = verify_bundle(bundle, [pki.root.certificate], now)
    before = tree(tmp_path)

    assert read_verified_members(bundle, report) == {file.path: file.data for file in files}
    assert tree(tmp_path) == before


def test_bundle_that_failed_verification_is_not_read(bundle: Path, now: dt.datetime) -> None:
    report = verify_bundle(bundle, [], now)  # no trusted root
    with pytest.raises(BundleNotVerified):
        read_verified_members(bundle, report)


def test_file_changed_after_verification_is_refused(
    tmp_path: Path, bundle: Path, files: list[BundleFile], pki: Pki, now: dt.datetime
) -> None:
    report = verify_bundle(bundle, [pki.root.certificate], now)
    swapped = rebuild(bundle, tmp_path / "swapped.zip", replace={files[1].path: b"%PDF-1.7 another report"})
    swapped.replace(bundle)

    with pytest.raises(BundleChangedSinceVerification) as raised:
        read_verified_members(bundle, report)
    assert raised.value.params == {"path": files[1].path}


def test_bundle_gone_after_verification_is_refused(bundle: Path, pki: Pki, now: dt.datetime) -> None:
    report = verify_bundle(bundle, [pki.root.certificate], now)
    bundle.unlink()
    with pytest.raises(BundleChangedSinceVerification):
        read_verified_members(bundle, report)
