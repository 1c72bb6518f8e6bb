"""A throwaway PKI for tests, shaped like NCA RK's: a root, an intermediate, and leaf certificates.

The signing leaf carries digitalSignature + nonRepudiation and the emailProtection EKU (an NCA RK signing key);
the AUTH leaf carries keyEncipherment and the clientAuth EKU. Leaves belong to a body as NCA RK names it: the
organisation in O and `BIN<12 digits>` in OU. A timestamp authority (timeStamping EKU) issues RFC 3161 tokens
through `timestamper()`. Validity is relative to `now` given to `build_pki`; the verifier is always given the
moment to judge at. Keys are generated once per test session (`default_pki()`), since RSA key generation is
the slow part.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import algos, cms, core, keys
from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSWORD = "Test-parol-2025"
# The body the test leaves belong to: the name the report tests give the unit (tests/reports/helpers.py).
BODY_ORGANISATION = "Министерство торговли и интеграции Республики Казахстан"
BODY_BIN = "123456789012"
OTHER_BODY_ORGANISATION = "Министерство финансов Республики Казахстан"
OTHER_BODY_BIN = "987654321098"

# Kazakh GOST 34.310-2004 public key algorithm, and Russian GOST R 34.10-2012 (256-bit) for the other family.
KAZAKH_GOST_KEY_OID = "1.2.398.3.10.1.1.1.1"
RUSSIAN_GOST_KEY_OID = "1.2.643.7.1.1.1.1"

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Issued:
    """A private key and the certificate issued for it."""

    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    def pkcs12(
        self,
        chain: tuple[x509.Certificate, ...] = (),
        password: str = PASSWORD,
        *,
        triple_des: bool = False,
    ) -> bytes:
        """The key and certificate as a PKCS#12 file; `triple_des` uses the old PBES1 3DES scheme NCA files use."""
        builder = serialization.PrivateFormat.PKCS12.encryption_builder()
        if triple_des:
            builder = builder.kdf_rounds(2048).key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
            builder = builder.hmac_hash(hashes.SHA1())
        return pkcs12.serialize_key_and_certificates(
            b"hattama-test", self.key, self.certificate, list(chain), builder.build(password.encode())
        )

    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


@dataclass(frozen=True)
class Pki:
    now: dt.datetime
    root: Issued
    intermediate: Issued
    signing: Issued  # issued by the intermediate
    signing_by_root: Issued  # no intermediate
    expired: Issued
    not_yet_valid: Issued
    auth: Issued
    encipherment_only: Issued  # keyEncipherment, no EKU: not an AUTH key, yet cannot sign
    ec_signing: Issued
    other_root: Issued
    other_signing: Issued  # issued by other_root, which the tests never trust
    other_body: Issued  # a signing key of another body (OTHER_BODY_BIN), issued by the trusted intermediate
    tls_server: Issued  # digitalSignature, but only the serverAuth EKU: a TLS certificate
    tsa: Issued  # a timestamp authority: the timeStamping EKU

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        """What an NCA RK PKCS#12 file holds besides the leaf: the intermediate."""
        return (self.intermediate.certificate,)


def _rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str, organisation: str = "Hattama test PKI", body_bin: str | None = None) -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
    ]
    if body_bin is not None:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"BIN{body_bin}"))
    return x509.Name([*attributes, x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _key_usage(*, signing: bool = False, ca: bool = False, encipherment: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=encipherment,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def issue(
    common_name: str,
    issuer: Issued | None,
    *,
    not_before: dt.datetime,
    not_after: dt.datetime,
    key_usage: x509.KeyUsage,
    extended_key_usage: list[x509.ObjectIdentifier] | None = None,
    ca: bool = False,
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | None = None,
    organisation: str = "Hattama test PKI",
    body_bin: str | None = None,
) -> Issued:
    """A certificate for `common_name`, self-signed when `issuer` is None; `body_bin` adds NCA's OU=BIN…."""
    key = key or _rsa_key()
    subject = _name(common_name, organisation, body_bin)
    signer_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(key_usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer_key.public_key()), critical=False
        )
    )
    if extended_key_usage:
        builder = builder.add_extension(x509.ExtendedKeyUsage(extended_key_usage), critical=False)
    return Issued(key, builder.sign(signer_key, hashes.SHA256()))


def build_pki(now: dt.datetime) -> Pki:
    year = 365 * _DAY
    valid = {"not_before": now - year, "not_after": now + year}
    ca_valid = {"not_before": now - 5 * year, "not_after": now + 5 * year}
    body = {"organisation": BODY_ORGANISATION, "body_bin": BODY_BIN}
    signing_usage = {
        "key_usage": _key_usage(signing=True),
        "extended_key_usage": [ExtendedKeyUsageOID.EMAIL_PROTECTION],
        **body,
    }

    root = issue("Hattama Test Root CA", None, ca=True, key_usage=_key_usage(ca=True), **ca_valid)
    intermediate = issue("Hattama Test NCA (RSA)", root, ca=True, key_usage=_key_usage(ca=True), **ca_valid)
    other_root = issue("Unknown Root CA", None, ca=True, key_usage=_key_usage(ca=True), **ca_valid)
    # One key serves several leaves: what differs between them is the certificate, and keys are slow to make.
    leaf_key = _rsa_key()
    return Pki(
        now=now,
        root=root,
        intermediate=intermediate,
        signing=issue("ТЕСТОВА ӘСЕЛЬ", intermediate, key=leaf_key, **signing_usage, **valid),
        signing_by_root=issue("ТЕСТОВ ҚАНАТ", root, key=leaf_key, **signing_usage, **valid),
        expired=issue(
            "ЕСКІ КІЛТ",
            intermediate,
            key=leaf_key,
            not_before=now - 2 * year,
            not_after=now - _DAY,
            **signing_usage,
        ),
        not_yet_valid=issue(
            "ЖАҢА КІЛТ",
            intermediate,
            key=leaf_key,
            not_before=now + 30 * _DAY,
            not_after=now + year,
            **signing_usage,
        ),
        auth=issue(
            "ТЕСТОВА ӘСЕЛЬ",
            intermediate,
            key=leaf_key,
            key_usage=_key_usage(encipherment=True),
            extended_key_usage=[ExtendedKeyUsageOID.CLIENT_AUTH],
            **body,
            **valid,
        ),
        encipherment_only=issue(
            "ШИФР КІЛТІ", intermediate, key=leaf_key, key_usage=_key_usage(encipherment=True), **body, **valid
        ),
        ec_signing=issue(
            "EC ҚОЛТАҢБА", intermediate, key=ec.generate_private_key(ec.SECP256R1()), **signing_usage, **valid
        ),
        other_root=other_root,
        other_signing=issue("БӨГДЕ ҚОЛ ҚОЮШЫ", other_root, **signing_usage, **valid),
        other_body=issue(
            "БАСҚА ОРГАН",
            intermediate,
            key=leaf_key,
            key_usage=_key_usage(signing=True),
            extended_key_usage=[ExtendedKeyUsageOID.EMAIL_PROTECTION],
            organisation=OTHER_BODY_ORGANISATION,
            body_bin=OTHER_BODY_BIN,
            **valid,
        ),
        tls_server=issue(
            "hattama.example.kz",
            intermediate,
            key=leaf_key,
            key_usage=_key_usage(signing=True),
            extended_key_usage=[ExtendedKeyUsageOID.SERVER_AUTH],
            **body,
            **valid,
        ),
        tsa=issue(
            "Hattama Test TSA",
            intermediate,
            key=leaf_key,
            key_usage=_key_usage(signing=True),
            extended_key_usage=[ExtendedKeyUsageOID.TIME_STAMPING],
            **ca_valid,
        ),
    )


def timestamper(authority: Issued, chain: tuple[x509.Certificate, ...], at: dt.datetime):
    """pyHanko's local timestamp authority, signing RFC 3161 tokens with `authority`'s key at the fixed time `at`."""
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    private_key = keys.PrivateKeyInfo.load(
        authority.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return DummyTimeStamper(
        tsa_cert=_asn1(authority.certificate),
        tsa_key=private_key,
        certs_to_embed=[_asn1(certificate) for certificate in chain],
        fixed_dt=at,
    )


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


@functools.lru_cache(maxsize=1)
def default_pki() -> Pki:
    return build_pki(dt.datetime.now(dt.UTC).replace(microsecond=0))


def rc2_pkcs12(issued: Issued, chain: tuple[x509.Certificate, ...] = (), password: str = PASSWORD) -> bytes:
    """A PKCS#12 file as old tools wrote it: certificates under 40-bit RC2, the key under 3DES (OpenSSL's -legacy).

    cryptography cannot write RC2, so the openssl command line does; callers skip when it is missing.
    """
    openssl = shutil.which("openssl")
    if openssl is None:
        raise FileNotFoundError("openssl")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "key.pem").write_bytes(
            issued.key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        (work / "cert.pem").write_bytes(issued.pem())
        (work / "chain.pem").write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in chain))
        subprocess.run(
            [openssl, "pkcs12", "-export", "-legacy", "-inkey", "key.pem", "-in", "cert.pem",
             "-certfile", "chain.pem", "-out", "legacy.p12", "-passout", "env:P12_PASSWORD"],
            cwd=work, check=True, capture_output=True, env={**os.environ, "P12_PASSWORD": password},
        )  # fmt: skip
        return (work / "legacy.p12").read_bytes()


class _OpaqueAlgorithm(core.Sequence):
    _fields = [("algorithm", core.ObjectIdentifier), ("parameters", core.Any, {"optional": True})]


class _OpaquePublicKeyInfo(core.Sequence):
    """asn1crypto builds a PublicKeyInfo only for algorithms it knows; this shape takes any OID."""

    _fields = [("algorithm", _OpaqueAlgorithm), ("public_key", core.OctetBitString)]


def gost_pkcs12(key_algorithm_oid: str = KAZAKH_GOST_KEY_OID) -> bytes:
    """A synthetic PKCS#12 file holding a "GOST" key: well-formed enough to be recognised, not to be used.

    The shrouded key bag is encrypted under the GOST algorithm OID and the certificate's public key is a GOST
    one; the key material and signatures are random bytes and the MAC does not verify.
    """
    gost_algorithm = {"algorithm": key_algorithm_oid}
    certificate = asn1_x509.Certificate(
        {
            "tbs_certificate": {
                "version": "v3",
                "serial_number": 1,
                "signature": gost_algorithm,
                "issuer": asn1_x509.Name.build({"common_name": "GOST test CA"}),
                "validity": {
                    "not_before": asn1_x509.Time(
                        name="utc_time", value=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
                    ),
                    "not_after": asn1_x509.Time(
                        name="utc_time", value=dt.datetime(2040, 1, 1, tzinfo=dt.UTC)
                    ),
                },
                "subject": asn1_x509.Name.build({"common_name": "ГОСТ КІЛТІ"}),
                "subject_public_key_info": keys.PublicKeyInfo.load(
                    _OpaquePublicKeyInfo({"algorithm": gost_algorithm, "public_key": os.urandom(64)}).dump()
                ),
            },
            "signature_algorithm": gost_algorithm,
            "signature_value": os.urandom(64),
        }
    )
    shrouded_key = keys.EncryptedPrivateKeyInfo(
        {"encryption_algorithm": gost_algorithm, "encrypted_data": os.urandom(96)}
    )
    bags = asn1_pkcs12.SafeContents(
        [
            asn1_pkcs12.SafeBag({"bag_id": "pkcs8_shrouded_key_bag", "bag_value": shrouded_key}),
            asn1_pkcs12.SafeBag(
                {
                    "bag_id": "cert_bag",
                    "bag_value": asn1_pkcs12.CertBag({"cert_id": "x509", "cert_value": certificate}),
                }
            ),
        ]
    )
    authenticated_safe = asn1_pkcs12.AuthenticatedSafe(
        [cms.ContentInfo({"content_type": "data", "content": core.OctetString(bags.dump())})]
    )
    return asn1_pkcs12.Pfx(
        {
            "version": 3,
            "auth_safe": {"content_type": "data", "content": core.OctetString(authenticated_safe.dump())},
            "mac_data": {
                "mac": {
                    "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                    "digest": os.urandom(32),
                },
                "mac_salt": os.urandom(8),
                "iterations": 2048,
            },
        }
    ).dump()


def cms_signature(
    data: bytes,
    signer: Issued,
    chain: tuple[x509.Certificate, ...] = (),
    *,
    digest: str = "sha256",
    signing_time: dt.datetime | None = None,
    timestamper=None,
) -> bytes:
    """A detached CMS over `data` made by pyHanko, where cryptography's builder cannot go: any claimed
    signingTime, a signature timestamp token from `timestamper`, or an old digest such as SHA-1."""
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    private_key = keys.PrivateKeyInfo.load(
        signer.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    simple = SimpleSigner(
        signing_cert=_asn1(signer.certificate),
        signing_key=private_key,
        cert_registry=SimpleCertificateStore.from_certs([_asn1(certificate) for certificate in chain]),
    )
    attributes = PdfCMSSignedAttributes(signing_time=signing_time) if signing_time else None
    content_info = asyncio.run(
        simple.async_sign_general_data(
            data, digest, detached=True, timestamper=timestamper, signed_attr_settings=attributes
        )
    )
    return content_info.dump()
