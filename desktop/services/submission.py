"""Signed submission bundles as the officer uses them: export chosen reports, verify a bundle, import one,
the unit's trusted roots, and the signing key (chosen in the settings, unlocked with a password that may be
remembered in the system keyring).

The signing and bundle format are in `hattama.services.signing` and `hattama.services.bundle`; this module ties
them to the store. Signing runs its own asyncio loop, so call export, verify and import off the GUI thread.
The modules built on pyHanko take half a second to load, so they are imported where they are used: opening the
window or running any other command does not pay for them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from sqlalchemy import select

from hattama.db.models import Bundle, RevocationList, TrustedRoot
from hattama.db.store import Store
from hattama.i18n import N_, _, current_language, describe, ngettext
from hattama.services.bundle import format as bundle_format
from hattama.services.errors import ServiceError
from hattama.services.events import get_event, read_attachment
from hattama.services.interchange.export import export_interchange
from hattama.services.interchange.importer import ImportResult, import_interchange, parse_json_bytes
from hattama.services.officer import officer_settings, save_officer
from hattama.services.reports import (
    ReportRecord,
    ReportRow,
    get_report,
    list_report_rows,
    record_export,
    report_pdf,
)
from hattama.services.settings import load_settings
from hattama.services.signing import roles, secrets
from hattama.services.signing.keys import KeyFileError, SigningIdentity, WrongPassword
from hattama.services.signing.providers import Signer, as_signer, open_key_file
from hattama.services.signing.secrets import KeyringUnavailable
from hattama.services.signing.trust import (
    fingerprint_sha256,
    is_self_issued,
    load_trusted_roots,
    name_text,
    subject_text,
)

if TYPE_CHECKING:
    from hattama.services.bundle.verifier import Check, VerificationReport
    from hattama.services.bundle.writer import BundleFile

log = logging.getLogger(__name__)

EXPORTABLE_STATUSES = ("ready", "exported")
DATA_FILE_NAME = "interchange.json"
DATA_MEMBER = bundle_format.data_member(DATA_FILE_NAME)
# Key and certificate files are a few kilobytes; anything far larger is not one, and is not read into memory.
MAX_KEY_OR_CERTIFICATE_FILE = 1024 * 1024
# NCA RK's full CRLs run to several megabytes.
MAX_CRL_FILE = 64 * 1024 * 1024

Progress = Callable[[int, int], None]


def utc_now() -> dt.datetime:
    """The instant certificates are judged at when the caller gives none (tests replace it: the NCA test keys
    expire on 8 May 2027)."""
    return dt.datetime.now(dt.UTC)


# ---------------------------------------------------------------------------------------------- export

@dataclass(frozen=True)
class ExportTimings:
    """Seconds spent in each stage, for the benchmark and the log."""

    rendering: float  # the PDFs drawn by reportlab
    signing: float  # a PAdES signature in each PDF
    collecting: float  # the interchange document and the attachments read from the store
    packaging: float  # hashing, manifest, CMS signature and ZIP (write_bundle)


@dataclass(frozen=True)
class ExportedBundle:
    path: Path
    sha256: str
    size: int
    report_count: int
    signer: str
    timings: ExportTimings


class ReportNotExportable(ServiceError):
    def __init__(self, record: ReportRecord) -> None:
        super().__init__(
            N_("The report on “{title}” is not ready; only ready or exported reports go into a bundle."),
            title=record.event_title,
        )


def exportable_reports(store: Store, language: str = "kk") -> list[ReportRow]:
    """Reports that may go into a bundle, newest event first (their list lines: the texts are not read)."""
    return [row for row in list_report_rows(store, language) if row.status in EXPORTABLE_STATUSES]


def export_bundle(
    store: Store,
    report_ids: Sequence[uuid.UUID],
    signer: Signer | SigningIdentity,
    out_path: str | os.PathLike[str],
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> ExportedBundle:
    """Write a signed bundle of these reports (their PDFs PAdES-signed, their data and attachments) to
    `out_path`, then record it; the store is written only once the ZIP is complete. `progress(done, total)`
    may raise to cancel, and then nothing is written anywhere. GOST signers sign the manifest only: nothing
    could check a GOST signature inside a PDF, and the manifest's signature covers every PDF's hash."""
    from hattama.services.bundle.writer import BundleFile, write_bundle
    from hattama.services.signing.pades import make_pdf_signer, sign_pdf

    now = now or utc_now()
    advance = progress or (lambda done, total: None)
    signer = as_signer(signer).with_intermediates(_stored_roots(store))
    records = _exportable(store, report_ids)
    body = _body_names(store)

    started = time.perf_counter()
    data_file, source = _data_file(store, [record.id for record in records])
    files = [data_file, *_attachment_files(store, records)]
    collecting = time.perf_counter() - started

    wanted = [(record.id, language) for record in records for language in record.languages]
    # Two steps per PDF (draw, sign) and write_bundle's own: one per file plus the manifest and signature.
    total = 2 * len(wanted) + len(wanted) + len(files) + 1
    done = 0
    advance(done, total)
    rendering = signing = 0.0
    pdf_signer = make_pdf_signer(signer.pades_identity) if signer.pades_identity is not None else None
    for report_id, language in wanted:
        started = time.perf_counter()
        pdf = report_pdf(store, report_id, language)
        rendering += time.perf_counter() - started
        done += 1
        advance(done, total)
        started = time.perf_counter()
        signed = sign_pdf(pdf, pdf_signer, str(report_id), language) if pdf_signer is not None else pdf
        signing += time.perf_counter() - started
        files.append(BundleFile(bundle_format.pdf_member(str(report_id), language), signed, "application/pdf",
                                str(report_id), language))
        done += 1
        advance(done, total)

    started = time.perf_counter()
    offset = done
    written = write_bundle(out_path, files, body, signer, now,
                           lambda step, _steps: advance(offset + step, total), source=source)
    packaging = time.perf_counter() - started

    _record_bundle(store, written.path, written.sha256, written.size, signer.subject_name, len(records))
    record_export(store, [record.id for record in records], written.sha256)
    timings = ExportTimings(rendering, signing, collecting, packaging)
    log.info("bundle %s written: %d reports, %d files, %s", written.path, len(records), len(files), timings)
    return ExportedBundle(written.path, written.sha256, written.size, len(records), signer.subject_name, timings)


def _exportable(store: Store, report_ids: Sequence[uuid.UUID]) -> list[ReportRecord]:
    unique = list(dict.fromkeys(report_ids))
    if not unique:
        raise ServiceError(N_("Choose at least one report for the bundle."))
    records = [get_report(store, report_id, current_language()) for report_id in unique]
    for record in records:
        if record.status not in EXPORTABLE_STATUSES or not record.languages:
            raise ReportNotExportable(record)
    return records


def _body_names(store: Store) -> dict[str, str]:
    """Checked before any PDF is drawn: write_bundle refuses a body without all three names anyway."""
    from hattama.services.bundle.writer import BodyNamesMissing

    settings = load_settings(store)
    body = {
        language: getattr(settings, f"body_name_{language}").strip() for language in bundle_format.BODY_LANGUAGES
    }
    if not all(body.values()):
        raise BodyNamesMissing()
    return body


def _data_file(store: Store, report_ids: list[uuid.UUID]) -> tuple[BundleFile, dict[str, str]]:
    """The interchange document as a bundle file, and the sending body's identity from its `source`, which the
    manifest repeats for the signer–body check."""
    from hattama.services.bundle.writer import BundleFile

    document = export_interchange(store, report_ids=report_ids)
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    source = {name: str(document["source"].get(name) or "") for name in bundle_format.SOURCE_FIELDS}
    return BundleFile(DATA_MEMBER, data, "application/json"), source


def _attachment_files(store: Store, records: Sequence[ReportRecord]) -> list[BundleFile]:
    """The files attached to the reports' events, each content once however many events share it."""
    from hattama.services.bundle.writer import BundleFile

    files: dict[str, BundleFile] = {}
    for event_id in dict.fromkeys(record.event_id for record in records):
        for attachment in get_event(store, event_id).attachments:
            data = read_attachment(store, attachment.id)
            member = bundle_format.attachment_member(data, attachment.file_name)
            files.setdefault(member, BundleFile(member, data, attachment.media_type or "application/octet-stream"))
    return list(files.values())


def _record_bundle(store: Store, path: Path, sha256: str, size: int, signer: str, report_count: int) -> None:
    with store.session() as session:
        session.add(Bundle(file_name=str(path), sha256=sha256, size=size, signer=signer,
                           report_count=report_count))


# ---------------------------------------------------------------------------------------------- verify, import

class BundleRefused(ServiceError):
    """The bundle failed verification, so nothing of it was used; `report` says which checks failed."""

    def __init__(self, report: VerificationReport) -> None:
        failed = [check for check in report.checks if not check.passed and not check.skipped]
        super().__init__(
            N_("The bundle did not pass verification, so nothing was imported. Failed checks: {checks}"),
            checks="; ".join(f"{_(check.name_msgid)} ({check_detail(check)})" for check in failed),
        )
        self.report = report


CHECK_MARKS = {"passed": "✓", "failed": "✗", "skipped": "–"}


def check_outcome(check: Check) -> str:
    """"passed", "failed" or "skipped" (a check that could not run after an earlier failure)."""
    if check.passed:
        return "passed"
    return "skipped" if check.skipped else "failed"


def check_detail(check: Check) -> str:
    """The check's detail as a translated sentence (dates in the current language); empty when it has none."""
    if check.detail_msgid is None:
        return ""
    # describe() turns any msgid + params into the user's language, formatting dates as everywhere else.
    return describe(ServiceError(check.detail_msgid, **check.params))


def import_summary(result: ImportResult) -> list[str]:
    """What an import did, as translated sentences for the CLI and the window alike."""
    lines = [_("Imported: {created} new, {updated} updated, {unchanged} unchanged.").format(
        created=result.created, updated=result.updated, unchanged=result.unchanged)]
    if result.conflicts:
        count = len(result.conflicts)
        lines.append(ngettext("{count} record is newer in the store than in the bundle and was kept.",
                              "{count} records are newer in the store than in the bundle and were kept.",
                              count).format(count=count))
    if result.missing_attachments:
        count = len(result.missing_attachments)
        lines.append(ngettext("{count} attachment was listed but not in the bundle.",
                              "{count} attachments were listed but not in the bundle.", count).format(count=count))
    return lines


def verify_bundle_file(
    store: Store,
    path: str | os.PathLike[str],
    extra_roots: Iterable[x509.Certificate] = (),
    now: dt.datetime | None = None,
) -> VerificationReport:
    """Every check of the bundle, trusting the unit's imported roots and `extra_roots` (for this run only), and
    checking revocation against the unit's imported CRLs.

    Of the unit's imported certificates only self-signed ones are trust anchors: an intermediate CA the unit
    imported (NCA RK's issuing CA) travels in the bundles it signs, and a bundle must chain through it to a root.
    """
    from hattama.services.bundle.verifier import verify_bundle

    if not Path(path).is_file():
        raise ServiceError(N_("There is no file {path}."), path=str(path))
    roots = [*(root for root in _stored_roots(store) if is_self_issued(root)), *extra_roots]
    return verify_bundle(path, roots, now or utc_now(), _stored_crls(store))


def import_bundle(
    store: Store,
    path: str | os.PathLike[str],
    extra_roots: Iterable[x509.Certificate] = (),
    now: dt.datetime | None = None,
) -> ImportResult:
    """Verify the bundle (at `now`, by default the time of the call), then merge its data and attachments into
    the store all or nothing. Nothing is written unless every check passed, the signer–body check included."""
    from hattama.services.bundle.reader import read_verified_members

    report = verify_bundle_file(store, path, extra_roots, now)
    if not report.ok:
        raise BundleRefused(report)
    members = read_verified_members(path, report)
    if DATA_MEMBER not in members:
        raise ServiceError(N_("The bundle holds no data file ({path}), so there is nothing to import."),
                           path=DATA_MEMBER)
    attachments = {
        entry["sha256"]: members[entry["path"]]
        for entry in report.manifest["files"]
        if entry["path"].startswith(f"{bundle_format.ATTACHMENTS_FOLDER}/")
    }
    # Only the body the signer's certificate proves may change its own records; "" (none proven) only creates.
    return import_interchange(store, parse_json_bytes(members[DATA_MEMBER]), attachments,
                              proven_body=report.proven_body or "", now=now)


# ---------------------------------------------------------------------------------------------- trusted roots

@dataclass(frozen=True)
class TrustedRootInfo:
    id: uuid.UUID
    subject: str
    fingerprint: str  # colon-separated pairs, as certificate viewers show it
    valid_until: dt.datetime


def list_trusted_roots(store: Store) -> list[TrustedRootInfo]:
    with store.session() as session:
        rows = session.scalars(select(TrustedRoot).order_by(TrustedRoot.subject)).all()
        loaded = [(row.id, x509.load_pem_x509_certificate(row.pem.encode("ascii"))) for row in rows]
    return [
        TrustedRootInfo(row_id, subject_text(certificate), fingerprint_sha256(certificate),
                        certificate.not_valid_after_utc)
        for row_id, certificate in loaded
    ]


def import_trusted_roots(store: Store, path: str | os.PathLike[str]) -> list[str]:
    """Trust the certificate authorities in a PEM or DER file; returns the subjects newly added (those already
    trusted are skipped)."""
    certificates = load_trusted_roots(_read_small_file(path))
    added: list[str] = []
    with store.session() as session:
        known = set(session.scalars(select(TrustedRoot.fingerprint_sha256)))
        for certificate in certificates:
            fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
            if fingerprint in known:
                continue
            known.add(fingerprint)
            pem = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
            session.add(TrustedRoot(subject=subject_text(certificate), fingerprint_sha256=fingerprint, pem=pem))
            added.append(subject_text(certificate))
    return added


def read_roots_file(path: str | os.PathLike[str]) -> list[x509.Certificate]:
    """Roots from a file, trusted for one verification only (the CLI's --trust)."""
    return load_trusted_roots(_read_small_file(path))


def remove_trusted_root(store: Store, root_id: uuid.UUID) -> None:
    with store.session() as session:
        row = session.get(TrustedRoot, root_id)
        if row is None:
            raise ServiceError(N_("There is no trusted root with the id {id}."), id=str(root_id))
        session.delete(row)


# ---------------------------------------------------------------------------------------------- revocation lists

@dataclass(frozen=True)
class RevocationListInfo:
    issuer: str
    this_update: dt.datetime
    next_update: dt.datetime | None
    revoked_count: int


def import_revocation_list(store: Store, path: str | os.PathLike[str]) -> RevocationListInfo:
    """Keep a CRL (DER or PEM) for offline verification; importing the same one twice keeps one copy."""
    from hattama.services.signing.revocation import load_crl

    data = _read_small_file(path, MAX_CRL_FILE)
    crl = load_crl(data)
    der = crl.public_bytes(serialization.Encoding.DER)
    fingerprint = hashlib.sha256(der).hexdigest()
    with store.session() as session:
        known = select(RevocationList.id).where(RevocationList.fingerprint_sha256 == fingerprint)
        if session.scalars(known).first() is None:
            session.add(RevocationList(issuer=name_text(crl.issuer), fingerprint_sha256=fingerprint,
                                       this_update=crl.last_update_utc, next_update=crl.next_update_utc, der=der))
    return _crl_info(crl)


def list_revocation_lists(store: Store) -> list[RevocationListInfo]:
    return [_crl_info(crl) for crl in _stored_crls(store)]


def _crl_info(crl: x509.CertificateRevocationList) -> RevocationListInfo:
    return RevocationListInfo(name_text(crl.issuer), crl.last_update_utc, crl.next_update_utc, len(crl))


def _stored_crls(store: Store) -> list[x509.CertificateRevocationList]:
    with store.session() as session:
        blobs = session.scalars(select(RevocationList.der).order_by(RevocationList.this_update)).all()
    return [x509.load_der_x509_crl(der) for der in blobs]


def _stored_roots(store: Store) -> list[x509.Certificate]:
    with store.session() as session:
        pems = session.scalars(select(TrustedRoot.pem)).all()
    return [x509.load_pem_x509_certificate(pem.encode("ascii")) for pem in pems]


# ---------------------------------------------------------------------------------------------- signing key

class PasswordNeeded(ServiceError):
    def __init__(self) -> None:
        super().__init__(N_("No password is remembered for this key; enter the key's password."))


class RememberedPasswordWrong(KeyFileError):
    def __init__(self) -> None:
        super().__init__(
            N_("The remembered password no longer opens this key and has been forgotten; enter the password.")
        )


@dataclass(frozen=True)
class SigningKeySummary:
    """What the officer sees of a key: who it names, who issued it, and when it may sign."""

    subject: str
    issuer: str
    valid_from: dt.datetime
    valid_until: dt.datetime
    algorithm: str = "rsa"  # "rsa" or "gost"
    role: str | None = None  # NCA RK role OID (an employee's certificate), shown with its name
    iin: str | None = None
    bin: str | None = None


def summarise_key(signer: Signer | SigningIdentity) -> SigningKeySummary:
    signer = as_signer(signer)
    certificate = signer.certificate
    found_roles = roles.role_oids(certificate)
    return SigningKeySummary(signer.subject_name, name_text(certificate.issuer),
                             certificate.not_valid_before_utc, certificate.not_valid_after_utc,
                             signer.algorithm, found_roles[0] if found_roles else None,
                             roles.iin(certificate), roles.bin_(certificate))


def choose_signing_key(store: Store, path: str | os.PathLike[str]) -> Path:
    """Make this PKCS#12 file (RSA or GOST 2015) the officer's signing key after checking what can be checked
    without the password: that it is a PKCS#12 file Hattama can open. The choice is the officer's own (their
    config folder, issue 17.4), whatever store is open."""
    chosen = Path(path).absolute()
    _probe_key_file(_read_small_file(chosen))
    officer_settings(store)  # an older store's choice moves out first, so it cannot override this one later
    save_officer(signing_key_path=str(chosen))
    return chosen


def choose_ncalayer(store: Store, enabled: bool) -> None:
    """Sign with NCALayer (the key stays in it) instead of the chosen key file, or stop doing so."""
    officer_settings(store)
    save_officer(sign_with_ncalayer=enabled)


def signs_with_ncalayer(store: Store) -> bool:
    return officer_settings(store).sign_with_ncalayer


def signing_key_path(store: Store) -> Path | None:
    chosen = officer_settings(store).signing_key_path
    return Path(chosen) if chosen else None


def unlock_signing_key(
    store_or_path: Store | str | os.PathLike[str],
    password: str | None,
    remember: bool = False,
    now: dt.datetime | None = None,
) -> Signer:
    """The signer in the key file, RSA or GOST (the unit's chosen file when given the store), valid at `now`.

    `password` None takes the one remembered in the keyring (PasswordNeeded when there is none); a remembered
    password that no longer works is forgotten. With `remember`, a password that worked is kept in the keyring;
    if the keyring refuses, signing goes on and the refusal is only logged (the UI offers remembering only when
    a keyring is there).
    """
    path = _key_path(store_or_path)
    data = _read_small_file(path)
    remembered = password is None
    if remembered:
        password = secrets.get_password(path)
        if password is None:
            raise PasswordNeeded()
    try:
        signer = open_key_file(data, password, now or utc_now())
    except WrongPassword:
        if not remembered:
            raise
        _forget_quietly(path)
        raise RememberedPasswordWrong() from None
    if remember and not remembered:
        try:
            secrets.set_password(path, password)
        except KeyringUnavailable as error:
            log.warning("the key's password was not remembered: %s", error)
    return signer


def remembered_password_available(path: str | os.PathLike[str]) -> bool | KeyringUnavailable:
    """Whether the keyring holds a password for this key; the keyring's problem (not raised) when it has none
    to ask, so the UI can say why it cannot remember."""
    try:
        return secrets.get_password(path) is not None
    except KeyringUnavailable as error:
        return error


def forget_password(path: str | os.PathLike[str]) -> None:
    secrets.delete_password(path)


def _key_path(store_or_path: Store | str | os.PathLike[str]) -> Path:
    if not isinstance(store_or_path, Store):
        return Path(store_or_path)
    chosen = signing_key_path(store_or_path)
    if chosen is None:
        raise ServiceError(N_("No signing key has been chosen; choose your PKCS#12 key file in the settings."))
    return chosen


def _probe_key_file(data: bytes) -> None:
    """Opening with an empty password tells a PKCS#12 file (wrong password) from anything else, and names
    unsupported containers and old GOST keys, without asking the officer anything yet."""
    try:
        open_key_file(data, "", utc_now())
    except WrongPassword:
        pass


def _forget_quietly(path: Path) -> None:
    try:
        secrets.delete_password(path)
    except KeyringUnavailable as error:
        log.warning("a wrong remembered password could not be forgotten: %s", error)


def _read_small_file(path: str | os.PathLike[str], limit: int = MAX_KEY_OR_CERTIFICATE_FILE) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise ServiceError(N_("The file {path} cannot be read: {reason}."),
                           path=str(path), reason=error.strerror or str(error)) from error
    if len(data) > limit:
        raise ServiceError(N_("The file {path} is too large to be a key or certificate file."), path=str(path))
    return data
