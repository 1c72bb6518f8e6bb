"""Detached CMS signatures over manifest bytes: OpenSSL accepts what we make, and our check judges it right."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import cms as asn1_cms
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from hattama.services.signing.cms import (
    EmbeddedContent,
    MalformedSignature,
    SeveralSigners,
    WeakDigestSignature,
    sign_detached,
    verify_detached,
)
from hattama.services.signing.keys import SigningIdentity
from tests.pki import Pki, cms_signature

MANIFEST = '{"format": "hattama-bundle", "body": {"kk": "Сыртқы істер министрлігі"}}\n'.encode()


def _openssl_verify(
    folder: Path, content: bytes, signature: bytes, ca_pem: bytes
) -> subprocess.CompletedProcess:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command line is not installed")
    (folder / "manifest.json").write_bytes(content)
    (folder / "manifest.json.p7s").write_bytes(signature)
    (folder / "ca.pem").write_bytes(ca_pem)
    command = (
        "openssl cms -verify -binary -inform DER -content manifest.json -in manifest.json.p7s -CAfile ca.pem"
    )
    return subprocess.run([*command.split(), "-out", "/dev/null"], cwd=folder, capture_output=True, text=True)


def test_openssl_verifies_the_detached_signature(tmp_path: Path, pki: Pki, identity: SigningIdentity) -> None:
    done = _openssl_verify(tmp_path, MANIFEST, sign_detached(MANIFEST, identity), pki.root.pem())
    assert done.returncode == 0, done.stderr
    assert "Verification successful" in done.stderr


def test_openssl_rejects_changed_content(tmp_path: Path, pki: Pki, identity: SigningIdentity) -> None:
    done = _openssl_verify(tmp_path, MANIFEST + b" ", sign_detached(MANIFEST, identity), pki.root.pem())
    assert done.returncode != 0


def test_signature_is_detached_sha256_with_chain_and_signing_time(identity: SigningIdentity) -> None:
    signed_data = asn1_cms.ContentInfo.load(sign_detached(MANIFEST, identity))["content"]
    (signer_info,) = signed_data["signer_infos"]
    attributes = {attribute["type"].native for attribute in signer_info["signed_attrs"]}

    assert signed_data["encap_content_info"]["content"].native is None
    assert signer_info["digest_algorithm"]["algorithm"].native == "sha256"
    assert {"signing_time", "message_digest", "content_type"} <= attributes
    subjects = {choice.chosen.subject.native["common_name"] for choice in signed_data["certificates"]}
    assert subjects == {"ТЕСТОВА ӘСЕЛЬ", "Hattama Test NCA (RSA)"}


def test_verify_accepts_own_signature_under_the_trusted_root(
    pki: Pki, identity: SigningIdentity, now: dt.datetime
) -> None:
    before = now - dt.timedelta(seconds=1)
    status = verify_detached(MANIFEST, sign_detached(MANIFEST, identity), [pki.root.certificate], now)

    assert status.signature_matches and status.chains_to_trusted_root
    assert status.signer_certificate == pki.signing.certificate
    assert status.signing_time is not None
    assert before.replace(microsecond=0) <= status.signing_time <= dt.datetime.now(dt.UTC)


@pytest.mark.parametrize("roots", ["none", "other"])
def test_verify_does_not_trust_without_the_issuing_root(
    pki: Pki, identity: SigningIdentity, now: dt.datetime, roots: str
) -> None:
    trusted = [] if roots == "none" else [pki.other_root.certificate]
    status = verify_detached(MANIFEST, sign_detached(MANIFEST, identity), trusted, now)
    assert status.signature_matches
    assert not status.chains_to_trusted_root


def test_verify_detects_changed_content(pki: Pki, identity: SigningIdentity, now: dt.datetime) -> None:
    status = verify_detached(
        MANIFEST.replace(b"kk", b"ru"), sign_detached(MANIFEST, identity), [pki.root.certificate], now
    )
    assert not status.signature_matches
    assert not status.chains_to_trusted_root


def test_expired_certificate_still_chains_so_its_time_is_judged_apart(pki: Pki, now: dt.datetime) -> None:
    expired = SigningIdentity(pki.expired.key, pki.expired.certificate, pki.chain)  # past the loader's checks
    status = verify_detached(MANIFEST, sign_detached(MANIFEST, expired), [pki.root.certificate], now)

    assert status.signature_matches and status.chains_to_trusted_root
    assert status.signing_time is not None
    assert status.signing_time > pki.expired.certificate.not_valid_after_utc


@pytest.mark.parametrize("cut", [0, 1, 10, 100, 1000, -1])
def test_truncated_signature_is_malformed(
    pki: Pki, identity: SigningIdentity, now: dt.datetime, cut: int
) -> None:
    signature = sign_detached(MANIFEST, identity)
    with pytest.raises(MalformedSignature):
        verify_detached(MANIFEST, signature[:cut], [pki.root.certificate], now)


def test_other_der_is_not_a_signature(pki: Pki, now: dt.datetime) -> None:
    certificate = pki.root.certificate.public_bytes(serialization.Encoding.DER)
    with pytest.raises(MalformedSignature):
        verify_detached(MANIFEST, certificate, [pki.root.certificate], now)


def test_signer_issued_directly_by_the_root_verifies(tmp_path: Path, pki: Pki, now: dt.datetime) -> None:
    direct = SigningIdentity(pki.signing_by_root.key, pki.signing_by_root.certificate, ())
    signature = sign_detached(MANIFEST, direct)

    status = verify_detached(MANIFEST, signature, [pki.root.certificate], now)
    assert status.signature_matches and status.chains_to_trusted_root
    assert _openssl_verify(tmp_path, MANIFEST, signature, pki.root.pem()).returncode == 0


def _builder_signature(data: bytes, signers: tuple, *, detached: bool) -> bytes:
    builder = pkcs7.PKCS7SignatureBuilder().set_data(data)
    for issued in signers:
        builder = builder.add_signer(issued.certificate, issued.key, hashes.SHA256())
    options = [pkcs7.PKCS7Options.Binary] + ([pkcs7.PKCS7Options.DetachedSignature] if detached else [])
    return builder.sign(serialization.Encoding.DER, options)


@pytest.mark.parametrize(
    ("make", "refusal", "says"),
    [
        (lambda pki: cms_signature(MANIFEST, pki.signing, pki.chain, digest="sha1"), WeakDigestSignature, "SHA-1"),
        (
            lambda pki: _builder_signature(MANIFEST, (pki.signing, pki.signing_by_root), detached=True),
            SeveralSigners,
            "holds 2 signers",
        ),
        (lambda pki: _builder_signature(MANIFEST, (pki.signing,), detached=False), EmbeddedContent, "its own copy"),
    ],
    ids=["sha1", "two-signers", "embedded"],
)
def test_signatures_of_a_shape_a_bundle_never_has_are_refused_by_name(
    pki: Pki, now: dt.datetime, make, refusal: type, says: str
) -> None:
    """Issue 21.4: each says which, and none is called damaged."""
    with pytest.raises(refusal) as refused:
        verify_detached(MANIFEST, make(pki), [pki.root.certificate], now)
    assert says in str(refused.value)
    assert not isinstance(refused.value, MalformedSignature)
