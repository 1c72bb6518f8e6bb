"""Fixtures for the signing tests: the test PKI and a loaded signing identity."""

from __future__ import annotations

import datetime as dt

import pytest

from hattama.services.signing.keys import SigningIdentity, load_signing_identity
from tests.pki import PASSWORD, Pki, default_pki


@pytest.fixture(scope="session")
def pki() -> Pki:
    return default_pki()


@pytest.fixture
def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@pytest.fixture(scope="session")
def identity(pki: Pki) -> SigningIdentity:
    return load_signing_identity(pki.signing.pkcs12(pki.chain), PASSWORD, pki.now)
