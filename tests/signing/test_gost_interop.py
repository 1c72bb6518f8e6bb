"""GOST interoperability checked by a second implementation, Debian's libengine-gost-openssl: what Hattama
signs, OpenSSL verifies after the KZ→TC26 OID mapping and byte reversal of docs/signing.md, and what OpenSSL
signs, Hattama verifies after the reverse conversion. Keys and certificates are made at test time."""

from __future__ import annotations

import base64
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from hattama.services.signing.gost import certificates, cms, maths, oids
from hattama.services.signing.gost.pkcs12 import GostIdentity, public_key_of
from tests.signing import gost_factory as factory
from tests.signing.nca_keys import NCA

AT = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)


def _engine_available() -> bool:
    if shutil.which("openssl") is None:
        return False
    return subprocess.run(["openssl", "engine", "gost"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not _engine_available(), reason="libengine-gost-openssl is not installed")


def _openssl(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["openssl", *map(str, arguments)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def officer() -> GostIdentity:
    ca_key, key = factory.new_key(), factory.new_key()
    ca = factory.certificate(factory.name("Interop GOST CA"), ca_key, None, ca_key, ca=True,
                             digital_signature=False, not_before=AT - dt.timedelta(days=10),
                             not_after=AT + dt.timedelta(days=10))
    certificate = factory.certificate(factory.name("Interop officer", iin="900101300123"), key, ca, ca_key,
                                      purposes=factory.SIGNING_EKU, not_before=AT - dt.timedelta(days=1),
                                      not_after=AT + dt.timedelta(days=5))
    return GostIdentity(key, certificate, (ca,))


def test_openssl_verifies_a_manifest_signature_hattama_made(officer: GostIdentity, tmp_path: Path) -> None:
    manifest = "{\"format\": \"hattama-bundle\", \"body\": \"Қазақстан\"}\n".encode()
    signature = cms.sign_detached(manifest, officer, AT)
    (tmp_path / "manifest.json").write_bytes(manifest)
    (tmp_path / "changed.json").write_bytes(manifest.replace(b"hattama", b"Hattama"))
    (tmp_path / "tc26.p7s").write_bytes(factory.map_oids(factory.reverse_cms_signature(signature),
                                                         factory.KZ_TO_TC26))
    verify = ("cms", "-engine", "gost", "-verify", "-binary", "-noverify", "-inform", "DER",
              "-in", tmp_path / "tc26.p7s", "-out", tmp_path / "out")
    accepted = _openssl(*verify, "-content", tmp_path / "manifest.json")
    assert accepted.returncode == 0, accepted.stderr
    assert "Verification successful" in accepted.stderr
    assert _openssl(*verify, "-content", tmp_path / "changed.json").returncode != 0
    # Without the byte reversal OpenSSL refuses it: the byte order is what signing.md says.
    (tmp_path / "unreversed.p7s").write_bytes(factory.map_oids(signature, factory.KZ_TO_TC26))
    unreversed = ("cms", "-engine", "gost", "-verify", "-binary", "-noverify", "-inform", "DER",
                  "-in", tmp_path / "unreversed.p7s", "-out", tmp_path / "out", "-content", tmp_path / "manifest.json")
    assert _openssl(*unreversed).returncode != 0


def _verify_certificate_with_openssl(certificate: x509.Certificate, issuer: x509.Certificate, folder: Path) -> bool:
    """OpenSSL checks the issuer's signature over the certificate's own signed bytes (a mapped copy would
    change them): the issuer's key under TC26 identifiers, the signature reversed."""
    spki = factory._children(factory._children(issuer.public_bytes(Encoding.DER))[0])[6]
    pem = b"-----BEGIN PUBLIC KEY-----\n" + base64.encodebytes(factory.map_oids(spki, factory.KZ_TO_TC26)) \
        + b"-----END PUBLIC KEY-----\n"
    (folder / "issuer.pem").write_bytes(pem)
    (folder / "tbs").write_bytes(certificate.tbs_certificate_bytes)
    (folder / "signature").write_bytes(certificate.signature[::-1])
    result = _openssl("dgst", "-engine", "gost", "-md_gost12_512", "-verify", folder / "issuer.pem",
                      "-signature", folder / "signature", folder / "tbs")
    return result.returncode == 0 and "Verified OK" in result.stdout


def test_openssl_verifies_certificates_hattama_issued(officer: GostIdentity, tmp_path: Path) -> None:
    assert _verify_certificate_with_openssl(officer.certificate, officer.chain[0], tmp_path)
    assert not _verify_certificate_with_openssl(officer.chain[0], officer.certificate, tmp_path)


@pytest.mark.skipif(not NCA.is_dir(), reason="NCA RK test keys not present")
def test_openssl_and_hattama_agree_on_nca_s_own_test_ca(tmp_path: Path) -> None:
    root = x509.load_der_x509_certificate((NCA / "root_test_gost_2022.cer").read_bytes())
    issuing = x509.load_der_x509_certificate((NCA / "nca_gost2022_test.cer").read_bytes())
    assert _verify_certificate_with_openssl(issuing, root, tmp_path)
    assert certificates.issued_by(issuing, root)


def test_hattama_verifies_a_signature_openssl_made(tmp_path: Path) -> None:
    key, certificate = tmp_path / "key.pem", tmp_path / "certificate.pem"
    data = "Есеп / report\n".encode()
    (tmp_path / "data").write_bytes(data)
    assert _openssl("genpkey", "-engine", "gost", "-algorithm", "gost2012_512", "-pkeyopt", "paramset:A",
                    "-out", key).returncode == 0
    assert _openssl("req", "-engine", "gost", "-new", "-x509", "-key", key, "-subj", "/CN=OpenSSL signer",
                    "-days", "3650", "-out", certificate).returncode == 0
    signed = _openssl("cms", "-engine", "gost", "-sign", "-binary", "-nosmimecap", "-md", "md_gost12_512",
                      "-signer", certificate, "-inkey", key, "-in", tmp_path / "data", "-outform", "DER",
                      "-out", tmp_path / "signature.p7s")
    assert signed.returncode == 0, signed.stderr
    kz = factory.reverse_cms_signature(factory.map_oids((tmp_path / "signature.p7s").read_bytes(),
                                                        factory.TC26_TO_KZ))
    status = cms.verify_detached(data, kz, [], AT)
    assert status.signature_matches
    assert status.signer_certificate.public_key_algorithm_oid.dotted_string == oids.GOST2015_KEY
    assert not cms.verify_detached(data + b"!", kz, [], AT).signature_matches
    # OpenSSL's self-signed certificate, its signature reversed (its signed bytes unchanged), with the key read
    # from the converted copy: Hattama's maths accepts OpenSSL's certificate signature too.
    openssl_certificate = x509.load_pem_x509_certificate(certificate.read_bytes())
    point = public_key_of(status.signer_certificate)
    assert point is not None
    assert maths.verify(point, openssl_certificate.tbs_certificate_bytes, openssl_certificate.signature[::-1])
    assert not maths.verify(point, openssl_certificate.tbs_certificate_bytes, openssl_certificate.signature)
