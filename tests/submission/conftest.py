"""Fixtures for the bundle use-case tests: the test PKI, a ready report in the store, a key file."""

from __future__ import annotations

from pathlib import Path

import pytest

from hattama.services.signing.keys import SigningIdentity, load_signing_identity
from tests.pki import PASSWORD, Pki, default_pki
from tests.submission.helpers import ready_report, write_key


@pytest.fixture(scope="session")
def pki() -> Pki:
    return default_pki()


@pytest.fixture(scope="session")
def identity(pki: Pki) -> SigningIdentity:
    return load_signing_identity(pki.signing.pkcs12(pki.chain), PASSWORD, pki.now)


@pytest.fixture
def report_id(store, tmp_path: Path):
    return ready_report(store, tmp_path)


@pytest.fixture
def key_file(tmp_path: Path, pki: Pki) -> Path:
    return write_key(tmp_path, pki.signing, pki)
