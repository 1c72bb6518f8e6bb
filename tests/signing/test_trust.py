"""Importing trusted roots: PEM bundles and DER files, CA certificates only, fingerprints as viewers show them."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization

from hattama.services.signing.trust import (
    NotACertificateAuthority,
    NotACertificateFile,
    fingerprint_sha256,
    load_trusted_roots,
    subject_text,
)
from tests.pki import Pki


def test_pem_bundle_gives_every_root(pki: Pki) -> None:
    bundle = b"# NCA RK roots\n" + pki.root.pem() + pki.other_root.pem()
    assert load_trusted_roots(bundle) == [pki.root.certificate, pki.other_root.certificate]


def test_single_der_file_gives_its_root(pki: Pki) -> None:
    der = pki.root.certificate.public_bytes(serialization.Encoding.DER)
    assert load_trusted_roots(der) == [pki.root.certificate]


def test_an_intermediate_authority_may_be_trusted(pki: Pki) -> None:
    assert load_trusted_roots(pki.intermediate.pem()) == [pki.intermediate.certificate]


def test_a_personal_certificate_is_not_a_trusted_root(pki: Pki) -> None:
    with pytest.raises(NotACertificateAuthority) as raised:
        load_trusted_roots(pki.root.pem() + pki.signing.pem())
    assert raised.value.params == {"subject": "ТЕСТОВА ӘСЕЛЬ"}


@pytest.mark.parametrize(
    "data", [b"", b"not a certificate", b"-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----"]
)
def test_other_files_are_refused(data: bytes) -> None:
    with pytest.raises(NotACertificateFile):
        load_trusted_roots(data)


def test_fingerprint_matches_openssl(pki: Pki, tmp_path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command line is not installed")
    (tmp_path / "root.pem").write_bytes(pki.root.pem())
    done = subprocess.run(
        ["openssl", "x509", "-in", "root.pem", "-noout", "-fingerprint", "-sha256"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == f"sha256 Fingerprint={fingerprint_sha256(pki.root.certificate)}"


def test_subject_is_shown_by_its_common_name(pki: Pki) -> None:
    assert subject_text(pki.root.certificate) == "Hattama Test Root CA"
