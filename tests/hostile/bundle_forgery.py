"""Hostile submission bundles (issues 10 and 21), each built from a valid bundle made with the test PKI's keys.

Every forgery is what an adversary with a bundle in hand, or with another trusted key, would try: a parser
differential in the signed manifest, a back-dated or forged time, a key not meant for signing, another body's
key, PDFs changed, swapped, unsigned, signed by someone else or not PDFs at all, a central directory of 200,000
entries or one that lies about its count, a symbolic link listed in the signed manifest, and signatures of a
shape a bundle never has (SHA-1, two signers, embedded content). `FORGERIES` lists them with the check each
must fail and the words that failure must say.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import cms as asn1_cms
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from hattama.services.bundle import format as bundle_format
from hattama.services.bundle import verifier
from hattama.services.bundle.writer import BundleFile, write_bundle
from hattama.services.signing.cms import sign_detached
from hattama.services.signing.keys import SigningIdentity
from tests.bundle.conftest import ATTACHMENT, BODY, REPORT_ID, SOURCE, report_pdf_file, unsigned_pdf
from tests.bundle.crafting import many_entries, rebuild
from tests.pki import Issued, Pki, cms_signature, timestamper

OTHER_REPORT_ID = "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f"
HUGE_DIRECTORY = 200_000


@dataclass(frozen=True)
class Forgery:
    name: str
    build: Callable[[Forge, Path], Path]  # writes the hostile bundle into the folder and gives its path
    failed: frozenset[str]  # the checks that must fail (verifier.CHECK_*), and no others
    says: str  # words the failure's detail must contain


class Forge:
    """Makes valid bundles with the test keys, and the pieces the forgeries change."""

    def __init__(self, pki: Pki) -> None:
        self.pki = pki
        self.now = pki.now  # every bundle is made and verified at this moment, never the real date

    def identity(self, issued: Issued) -> SigningIdentity:
        return SigningIdentity(issued.key, issued.certificate, self.pki.chain)

    def files(self, issued: Issued, *, kk_pdf: bytes | None = None, extra: tuple[BundleFile, ...] = ()) -> list[BundleFile]:
        """A typical submission's files, its report PDFs signed by `issued`; `kk_pdf` stands in the Kazakh one."""
        identity = self.identity(issued)
        kk = report_pdf_file(identity, REPORT_ID, "kk")
        if kk_pdf is not None:
            kk = BundleFile(kk.path, kk_pdf, kk.media_type, REPORT_ID, "kk")
        reports = json.dumps([{"id": REPORT_ID, "title": "Халықаралық форум"}], ensure_ascii=False).encode()
        return [
            BundleFile(bundle_format.data_member("reports.json"), reports, "application/json"),
            kk,
            report_pdf_file(identity, REPORT_ID, "ru"),
            BundleFile(
                bundle_format.attachment_member(ATTACHMENT, "Іс-шара бағдарламасы.docx"),
                ATTACHMENT,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            *extra,
        ]

    def bundle(self, path: Path, files: list[BundleFile] | None = None, signer: Issued | None = None) -> Path:
        signer = signer or self.pki.signing
        files = files if files is not None else self.files(signer)
        return write_bundle(path, files, BODY, self.identity(signer), self.now, source=SOURCE).path

    def with_signature(self, source: Path, target: Path, sign: Callable[[bytes], bytes], manifest: bytes | None = None) -> Path:
        """`source` with its manifest (or `manifest` in its place) signed again by `sign`."""
        with zipfile.ZipFile(source) as archive:
            manifest = manifest if manifest is not None else archive.read(bundle_format.MANIFEST_NAME)
        return rebuild(
            source, target, replace={bundle_format.MANIFEST_NAME: manifest, bundle_format.SIGNATURE_NAME: sign(manifest)}
        )

    def sign_with_timestamp(self, data: bytes, authority: Issued) -> bytes:
        return cms_signature(
            data, self.pki.signing, self.pki.chain, timestamper=timestamper(authority, self.pki.chain, self.now)
        )


def _manifest(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read(bundle_format.MANIFEST_NAME))


# ---------------------------------------------------------------------------------------------- issue 10.1

def duplicate_files_key(forge: Forge, folder: Path) -> Path:
    """The signed bytes list every file; a parser keeping the last `files` reads an empty list."""
    valid = forge.bundle(folder / "valid.zip")
    text = json.dumps(_manifest(valid), ensure_ascii=False)
    doubled = (text[:-1] + ', "files": []}').encode()
    identity = forge.identity(forge.pki.signing)
    return forge.with_signature(valid, folder / "duplicate-key.zip", lambda data: sign_detached(data, identity), doubled)


# ---------------------------------------------------------------------------------------------- issue 10.2

def backdated_expired_key(forge: Forge, folder: Path) -> Path:
    """An expired key whose signingTime claims a day inside its validity."""
    expired = forge.pki.expired
    valid = forge.bundle(folder / "expired.zip", signer=expired)
    claimed = expired.certificate.not_valid_after_utc - dt.timedelta(days=10)
    return forge.with_signature(
        valid, folder / "backdated.zip", lambda data: cms_signature(data, expired, forge.pki.chain, signing_time=claimed)
    )


def timestamp_of_another_signature(forge: Forge, folder: Path) -> Path:
    """A real timestamp token, made for another signature, grafted into this one's unsigned attributes."""
    valid = forge.bundle(folder / "valid.zip")
    other = asn1_cms.ContentInfo.load(forge.sign_with_timestamp(b"another manifest", forge.pki.tsa))

    def sign(data: bytes) -> bytes:
        own = asn1_cms.ContentInfo.load(cms_signature(data, forge.pki.signing, forge.pki.chain))
        own["content"]["signer_infos"][0]["unsigned_attrs"] = other["content"]["signer_infos"][0]["unsigned_attrs"].copy()
        return own.dump(force=True)

    return forge.with_signature(valid, folder / "grafted-timestamp.zip", sign)


def timestamp_by_a_signing_key(forge: Forge, folder: Path) -> Path:
    """A timestamp token made with an ordinary signing key, not a timestamp authority's."""
    valid = forge.bundle(folder / "valid.zip")
    return forge.with_signature(
        valid, folder / "self-timestamp.zip", lambda data: forge.sign_with_timestamp(data, forge.pki.signing)
    )


# ---------------------------------------------------------------------------------------------- issue 10.3, 10.4

def tls_server_key(forge: Forge, folder: Path) -> Path:
    return forge.bundle(folder / "tls.zip", signer=forge.pki.tls_server)


def another_body_key(forge: Forge, folder: Path) -> Path:
    """Signed, PDFs included, by another trusted body's key while the manifest still names body A's BIN."""
    return forge.bundle(folder / "other-body.zip", signer=forge.pki.other_body)


# ---------------------------------------------------------------------------------------------- issue 10.5

def pdf_updated_after_signing(forge: Forge, folder: Path) -> Path:
    signed = report_pdf_file(forge.identity(forge.pki.signing), REPORT_ID, "kk").data
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/HattamaForged"] = generic.TextStringObject("changed after signing")
    writer.update_root()
    updated = io.BytesIO()
    writer.write(updated)
    return forge.bundle(folder / "pdf-updated.zip", forge.files(forge.pki.signing, kk_pdf=updated.getvalue()))


def pdf_of_another_report(forge: Forge, folder: Path) -> Path:
    other = report_pdf_file(forge.identity(forge.pki.signing), OTHER_REPORT_ID, "kk").data
    return forge.bundle(folder / "pdf-swapped.zip", forge.files(forge.pki.signing, kk_pdf=other))


def pdf_without_signature(forge: Forge, folder: Path) -> Path:
    unsigned = unsigned_pdf("Post-event report, never signed")
    return forge.bundle(folder / "pdf-unsigned.zip", forge.files(forge.pki.signing, kk_pdf=unsigned))


def pdf_signed_by_another_body(forge: Forge, folder: Path) -> Path:
    theirs = report_pdf_file(forge.identity(forge.pki.other_body), REPORT_ID, "kk").data
    return forge.bundle(folder / "pdf-other-signer.zip", forge.files(forge.pki.signing, kk_pdf=theirs))


def html_named_pdf(forge: Forge, folder: Path) -> Path:
    page = b"<!DOCTYPE html><html><body><script>location='http://example.invalid/'</script></body></html>"
    return forge.bundle(folder / "pdf-html.zip", forge.files(forge.pki.signing, kk_pdf=page))


# ---------------------------------------------------------------------------------------------- issue 21.3, 21.4

def huge_directory(forge: Forge, folder: Path) -> Path:
    return many_entries(folder / "huge-directory.zip", HUGE_DIRECTORY)


def directory_lying_about_its_count(forge: Forge, folder: Path) -> Path:
    return many_entries(folder / "lying-directory.zip", bundle_format.MAX_MEMBERS + 50, declared=3)


def symlink_in_signed_manifest(forge: Forge, folder: Path) -> Path:
    link = BundleFile(f"{bundle_format.ATTACHMENTS_FOLDER}/link", b"/etc/passwd", "application/octet-stream")
    listed = forge.bundle(folder / "listed.zip", forge.files(forge.pki.signing, extra=(link,)))
    return rebuild(listed, folder / "symlink.zip", modes={link.path: stat.S_IFLNK | 0o777})


def sha1_signature(forge: Forge, folder: Path) -> Path:
    valid = forge.bundle(folder / "valid.zip")
    return forge.with_signature(
        valid, folder / "sha1.zip", lambda data: cms_signature(data, forge.pki.signing, forge.pki.chain, digest="sha1")
    )


def _builder_signature(data: bytes, signers: tuple[Issued, ...], *, detached: bool) -> bytes:
    builder = pkcs7.PKCS7SignatureBuilder().set_data(data)
    for issued in signers:
        builder = builder.add_signer(issued.certificate, issued.key, hashes.SHA256())
    options = [pkcs7.PKCS7Options.Binary] + ([pkcs7.PKCS7Options.DetachedSignature] if detached else [])
    return builder.sign(serialization.Encoding.DER, options)


def two_signers(forge: Forge, folder: Path) -> Path:
    valid = forge.bundle(folder / "valid.zip")
    pair = (forge.pki.signing, forge.pki.signing_by_root)
    return forge.with_signature(
        valid, folder / "two-signers.zip", lambda data: _builder_signature(data, pair, detached=True)
    )


def embedded_content(forge: Forge, folder: Path) -> Path:
    valid = forge.bundle(folder / "valid.zip")
    return forge.with_signature(
        valid,
        folder / "embedded.zip",
        lambda data: _builder_signature(data, (forge.pki.signing,), detached=False),
    )


def _only(*names: str) -> frozenset[str]:
    return frozenset(names)


FORGERIES = (
    Forgery("duplicate-files-key", duplicate_files_key, _only(verifier.CHECK_MANIFEST), "“files” more than once"),
    Forgery("backdated-expired-key", backdated_expired_key, _only(verifier.CHECK_VALIDITY), "the certificate has expired"),
    Forgery(
        "timestamp-of-another-signature",
        timestamp_of_another_signature,
        _only(verifier.CHECK_VALIDITY),
        "does not match this signature",
    ),
    Forgery(
        "timestamp-by-a-signing-key", timestamp_by_a_signing_key, _only(verifier.CHECK_VALIDITY), "not meant for timestamps"
    ),
    Forgery(
        "tls-server-key", tls_server_key, _only(verifier.CHECK_USAGE), "neither email protection nor an NCA RK signing profile"
    ),
    Forgery("another-body-key", another_body_key, _only(verifier.CHECK_BODY), "They differ"),
    Forgery(
        "pdf-updated-after-signing",
        pdf_updated_after_signing,
        _only(verifier.CHECK_PDFS),
        "changed after it was signed",
    ),
    Forgery("pdf-of-another-report", pdf_of_another_report, _only(verifier.CHECK_PDFS), "the PDF of another report"),
    Forgery("pdf-without-signature", pdf_without_signature, _only(verifier.CHECK_PDFS), "carries no PAdES signature"),
    Forgery(
        "pdf-signed-by-another-body", pdf_signed_by_another_body, _only(verifier.CHECK_PDFS), "was signed by БАСҚА ОРГАН"
    ),
    Forgery("html-named-pdf", html_named_pdf, _only(verifier.CHECK_PDFS), "is not a PDF"),
    Forgery("huge-directory", huge_directory, _only(verifier.CHECK_LIMITS), "holds more than 10000 entries"),
    Forgery(
        "directory-lying-about-its-count",
        directory_lying_about_its_count,
        _only(verifier.CHECK_LIMITS),
        "holds more than 10000 entries",
    ),
    Forgery(
        "symlink-in-signed-manifest",
        symlink_in_signed_manifest,
        # Not read either: the listed file cannot be read safely.
        _only(verifier.CHECK_PATHS, verifier.CHECK_FILES),
        "is a symbolic link",
    ),
    Forgery("sha1-signature", sha1_signature, _only(verifier.CHECK_SIGNATURE), "SHA-1"),
    Forgery("two-signers", two_signers, _only(verifier.CHECK_SIGNATURE), "holds 2 signers"),
    Forgery("embedded-content", embedded_content, _only(verifier.CHECK_SIGNATURE), "carries its own copy"),
)
