"""GOST detached CMS over a manifest, made and checked by Hattama: the signature, the chain, a timestamp token
(verified, its time then the one judged), and hostile signatures refused as damaged, never with a traceback.
Keys and certificates are made at test time with NCA RK's identifiers."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.x509.oid import ExtendedKeyUsageOID

from hattama.services.signing.cms import MalformedSignature
from hattama.services.signing.gost import cms
from hattama.services.signing.gost.pkcs12 import GostIdentity
from tests.signing import gost_factory as factory

AT = dt.datetime(2026, 9, 1, 12, 0, tzinfo=dt.UTC)
MANIFEST = "{\"format\": \"hattama-bundle\", \"body\": \"Сауда министрлігі\"}\n".encode()


def _issue(ca: GostIdentity | None, name: str, *, ca_role: bool = False, purposes=None) -> GostIdentity:
    key = factory.new_key()
    certificate = factory.certificate(
        factory.name(name), key, ca.certificate if ca else None, ca.private_key if ca else key,
        ca=ca_role, digital_signature=not ca_role, purposes=purposes,
        not_before=AT - dt.timedelta(days=30), not_after=AT + dt.timedelta(days=30))
    return GostIdentity(key, certificate, (ca.certificate,) if ca else ())


@pytest.fixture(scope="module")
def pki() -> dict[str, GostIdentity]:
    root = _issue(None, "GOST test root", ca_role=True)
    issuing = _issue(root, "GOST issuing CA", ca_role=True)
    officer = _issue(issuing, "Officer", purposes=factory.SIGNING_EKU)
    officer = GostIdentity(officer.private_key, officer.certificate, (issuing.certificate,))
    tsa = _issue(issuing, "GOST TSA", purposes=[ExtendedKeyUsageOID.TIME_STAMPING])
    tsa_without_purpose = _issue(issuing, "Not a TSA", purposes=[ExtendedKeyUsageOID.EMAIL_PROTECTION])
    other_root = _issue(None, "Another GOST root", ca_role=True)
    return {"root": root, "issuing": issuing, "officer": officer, "tsa": tsa,
            "tsa_without_purpose": tsa_without_purpose, "other_root": other_root}


def test_a_signature_verifies_over_its_manifest_and_chains_to_the_root(pki) -> None:
    signature = cms.sign_detached(MANIFEST, pki["officer"], AT)
    status = cms.verify_detached(MANIFEST, signature, [pki["root"].certificate], AT)
    assert status.signature_matches
    assert status.chain == [pki["officer"].certificate, pki["issuing"].certificate, pki["root"].certificate]
    assert status.signing_time == AT and status.timestamp is None


def test_another_manifest_or_another_root_fails(pki) -> None:
    signature = cms.sign_detached(MANIFEST, pki["officer"], AT)
    assert not cms.verify_detached(MANIFEST.replace("Сауда".encode(), "Қаржы".encode()), signature,
                                   [pki["root"].certificate], AT).signature_matches
    other = cms.verify_detached(MANIFEST, signature, [pki["other_root"].certificate], AT)
    assert other.signature_matches and other.chain is None


def test_a_changed_signature_byte_fails(pki) -> None:
    signature = bytearray(cms.sign_detached(MANIFEST, pki["officer"], AT))
    signature[-10] ^= 0x01  # inside r‖s, the last field of the SignerInfo
    assert not cms.verify_detached(MANIFEST, bytes(signature), [pki["root"].certificate], AT).signature_matches


def _hostile(signature: bytes) -> list[bytes]:
    """Truncations, garbage, an empty signer list and a signer whose certificate is missing."""
    from asn1crypto import cms as asn1_cms

    content_info = asn1_cms.ContentInfo.load(signature)
    signed_data = content_info["content"]
    signed_data["signer_infos"] = asn1_cms.SignerInfos([])
    no_signer = asn1_cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()
    content_info = asn1_cms.ContentInfo.load(signature)
    signed_data = content_info["content"]
    signed_data["certificates"] = asn1_cms.CertificateSet([])
    content_info["content"] = signed_data
    no_certificate = content_info.dump()
    return [signature[:40], signature[: len(signature) // 2], b"", b"\x30\x80\x00\x00", bytes(300),
            no_signer, no_certificate]


def test_hostile_signatures_are_damaged_never_a_traceback(pki) -> None:
    signature = cms.sign_detached(MANIFEST, pki["officer"], AT)
    for hostile in _hostile(signature):
        with pytest.raises(MalformedSignature):
            cms.verify_status(MANIFEST, hostile, [pki["root"].certificate], AT)


def test_a_verified_timestamp_token_gives_its_time(pki) -> None:
    signature = cms.sign_detached(MANIFEST, pki["officer"], AT)
    value = _signature_value(signature)
    stamped_at = AT + dt.timedelta(minutes=3)
    stamped = factory.with_timestamp(signature, factory.timestamp_token(pki["tsa"], value, stamped_at))
    status = cms.verify_status(MANIFEST, stamped, [pki["root"].certificate], AT + dt.timedelta(hours=1))
    assert status.signature_matches and status.chains_to_trusted_root
    assert status.timestamp is not None and status.timestamp.problem is None
    assert status.timestamp.time == stamped_at and status.judged_at == stamped_at
    assert status.timestamp.authority == "GOST TSA"


@pytest.mark.parametrize(("case", "problem"), [
    ("another signature", "does not match this signature"),
    ("no timestamping purpose", "not meant for timestamps"),
    ("untrusted authority", "does not chain to any imported trusted root"),
    ("later than verification", "later than the time of verification"),
])
def test_a_timestamp_token_that_cannot_be_relied_on_says_why(pki, case: str, problem: str) -> None:
    signature = cms.sign_detached(MANIFEST, pki["officer"], AT)
    value = _signature_value(signature)
    authority, imprinted, roots, verified_at = pki["tsa"], value, [pki["root"].certificate], AT + dt.timedelta(hours=1)
    if case == "another signature":
        imprinted = value[::-1]
    elif case == "no timestamping purpose":
        authority = pki["tsa_without_purpose"]
    elif case == "untrusted authority":
        roots = [pki["other_root"].certificate]
    else:
        verified_at = AT - dt.timedelta(hours=1)
    stamped = factory.with_timestamp(signature, factory.timestamp_token(authority, imprinted, AT))
    status = cms.verify_status(MANIFEST, stamped, roots, verified_at)
    assert status.timestamp is not None and problem in status.timestamp.problem
    assert status.judged_at is None  # an unreliable timestamp is not the moment judged


def _signature_value(signature: bytes) -> bytes:
    from asn1crypto import cms as asn1_cms

    return asn1_cms.ContentInfo.load(signature)["content"]["signer_infos"][0]["signature"].native
