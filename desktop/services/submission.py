"""Signed submission bundles as the officer uses them: export chosen reports, verify a bundle, import one,
the unit's trusted roots, and the signing key (chosen in the settings, unlocked with a password that may be
remembered in the system keyring).

The signing and bundle format are in `hattama.services.signing` and `hattama.services.bundle`; this module ties
them to the store. Signing runs its own asyncio loop, so call export, verify and import off the GUI thread.
The modules built on pyHanko take half a second to load, so they are imported where they are used: opening the
window or running any other command does not pay for them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from sqlalchemy import select

from hattama import clock
from hattama.db.models import Attachment, AttachmentBlob, Bundle, RevocationList, TrustedRoot
from hattama.db.store import Store
from hattama.language import N_, translate_in
from hattama.rules.letters import COVERING_LETTER, PURPOSE_ADDRESSEE
from hattama.rules.report_status import EXPORTABLE
from hattama.services.bundle import format as bundle_format
from hattama.services.bundle.covering_letter import COVERING_TITLE, Enclosure, covering_body, covering_letter
from hattama.services.errors import ServiceError
from hattama.services.interchange.export import export_interchange
from hattama.services.interchange.importer import ImportResult, import_interchange, parse_json_bytes
from hattama.services.letter_drafts import MFA_ADDRESSEE
from hattama.services.letters import LetterData, add_letter_with_files, attach_letter_files
from hattama.services.officer import officer_settings, save_officer
from hattama.services.pdf.document import DOCUMENT_LANGUAGES
from hattama.services.pdf.letter import render_letter_pdf
from hattama.services.registration import (
    Registered,
    register_document,
    register_submission_document,
    registration_in,
    submission_registration,
)
from hattama.services.reports import (
    ReportRecord,
    ReportRow,
    get_reports,
    list_report_rows,
    record_export,
    report_pdf,
)
from hattama.services.settings import UnitDetails, load_settings
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
    from hattama.services.bundle.verifier import VerificationReport
    from hattama.services.bundle.writer import BundleFile, BundleResult

log = logging.getLogger(__name__)

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

    rendering: float  # the PDFs and workbooks drawn
    signing: float  # a PAdES signature in each PDF
    collecting: float  # the registration, the interchange document and the attachments read from the store
    packaging: float  # hashing, manifest, CMS signature and ZIP (write_bundle)


@dataclass(frozen=True)
class Enclosures:
    """What a bundle carries besides reports, each in `languages` (PDF, and the tables also as a workbook): the
    p.2 forms of `forms_year` (issue 14), the plan of `plan_year` and the activity report of `activity` (first,
    last day) of the 20 December submission (issue 15)."""

    forms_year: int | None = None
    forms: tuple[int, ...] = (1, 2, 3, 4, 5)
    plan_year: int | None = None
    activity: tuple[dt.date, dt.date] | None = None
    languages: tuple[str, ...] = ("kk", "ru")


@dataclass(frozen=True)
class ExportedBundle:
    path: Path
    sha256: str
    size: int
    report_count: int
    signer: str
    timings: ExportTimings
    letter_id: uuid.UUID | None = None  # the covering letter, logged as an outgoing letter
    registered: Registered | None = None  # its number and date, which the enclosed documents went under
    documents: tuple[str, ...] = ()  # the bundle_format.DOCUMENT_KINDS it carries, in order


class ReportNotExportable(ServiceError):
    def __init__(self, record: ReportRecord) -> None:
        super().__init__(
            N_("The report on “{title}” is not ready; only ready or exported reports go into a bundle."),
            title=record.event_title,
        )


def exportable_reports(store: Store, language: str = "kk") -> list[ReportRow]:
    """Reports that may go into a bundle, newest event first (their list lines: the texts are not read)."""
    return [row for row in list_report_rows(store, language) if row.status in EXPORTABLE]


def export_bundle(
    store: Store,
    report_ids: Sequence[uuid.UUID],
    signer: Signer | SigningIdentity,
    out_path: str | os.PathLike[str],
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    *,
    enclosures: Enclosures = Enclosures(),
    letter_number: str | None = None,
    letter_body: Mapping[str, str] | None = None,
    today: dt.date | None = None,
) -> ExportedBundle:
    """Write a signed bundle of these reports and `enclosures` with its covering letter to `out_path`.

    The whole export is one transaction over one snapshot of the store (issue 20.3): the covering letter is
    logged as an outgoing letter to the MFA and registered (as `letter_number` from ESEDO, else by the local
    register), the reports not yet registered take its number and date, the data, PDFs and workbooks are read
    and drawn, the ZIP is written, and the reports become exported, the forms and plan documents recorded as
    sent (closing their obligations) — committed only once the ZIP is complete. `progress(done, total)` may
    raise to cancel, and then nothing is written anywhere. `letter_body` replaces the drafted text of the
    covering letter per language. GOST signers sign the manifest only: nothing could check a GOST signature
    inside a PDF, and the manifest's signature covers every file's hash."""
    from hattama.services.bundle.writer import write_bundle
    from hattama.services.signing.pades import make_pdf_signer, sign_pdf

    now = now or utc_now()
    today = today or clock.today()
    advance = progress or (lambda done, total: None)
    signer = as_signer(signer).with_intermediates(_stored_roots(store))
    pdf_signer = make_pdf_signer(signer.pades_identity) if signer.pades_identity is not None else None
    with store.single_transaction() as snapshot:
        started = time.perf_counter()
        records = _exportable(snapshot, report_ids, enclosures)
        settings = load_settings(snapshot)
        body = _body_names(settings)
        drafts = _drafts(enclosures)
        languages = enclosures.languages
        texts = {language: _letter_text(snapshot, settings, records, drafts, language, letter_body)
                 for language in languages}
        letter_id, registered = _register(snapshot, records, drafts, texts[languages[0]], letter_number, today,
                                          languages[0])
        files: list[BundleFile] = []
        source = {name: "" for name in bundle_format.SOURCE_FIELDS}
        if records:
            data_file, source = _data_file(snapshot, [record.id for record in records])
            files = [data_file, *_attachment_files(snapshot, records)]
        collecting = time.perf_counter() - started

        letters = {language: covering_letter(settings, texts[language], language, registered.number,
                                             registered.registered_on) for language in languages}
        documents: list[tuple[BundleFile, Callable[[], bytes]]] = [
            *((_report_member(report_id, language), functools.partial(report_pdf, snapshot, report_id, language))
              for record in records for report_id, language in ((record.id, code) for code in record.languages)),
            *((_document_member("letter", str(letter_id), language, "pdf"),
               functools.partial(render_letter_pdf, letters[language])) for language in languages),
            *((_document_member(draft.kind, draft.subject, language, format),
               functools.partial(draft.render, snapshot, language, format))
              for draft in drafts for language in languages for format in bundle_format.DOCUMENT_FORMATS),
        ]
        # Per document one step to draw it and one to sign it; write_bundle's own: one per file plus the manifest.
        total = 2 * len(documents) + len(files) + len(documents) + 1
        done = 0
        advance(done, total)
        rendering = signing = 0.0
        for member, draw in documents:
            started = time.perf_counter()
            data = draw()
            rendering += time.perf_counter() - started
            done += 1
            advance(done, total)
            started = time.perf_counter()
            if member.media_type == bundle_format.PDF_MEDIA_TYPE and pdf_signer is not None:
                data = sign_pdf(data, pdf_signer, member.report_id or member.record or "", member.language or "")
            signing += time.perf_counter() - started
            done += 1
            advance(done, total)
            files.append(dataclasses.replace(member, data=data))

        attach_letter_files(snapshot, letter_id, [
            (f"{COVERING_LETTER}-{file.language}.pdf", file.data) for file in files if file.document == "letter"])
        started = time.perf_counter()
        offset = done
        written = write_bundle(out_path, files, body, signer, now,
                               lambda step, _steps: advance(offset + step, total), source=source)
        packaging = time.perf_counter() - started
        _record_sent(snapshot, records, enclosures, registered, written, signer.subject_name, today)
    timings = ExportTimings(rendering, signing, collecting, packaging)
    kinds = tuple(draft.kind for draft in drafts)
    log.info("bundle %s written: %d reports, %s, %d files, covering letter No. %s, %s", written.path, len(records),
             kinds, len(files), registered.number, timings)
    return ExportedBundle(written.path, written.sha256, written.size, len(records), signer.subject_name, timings,
                          letter_id, registered, kinds)


@dataclass(frozen=True)
class _Draft:
    """A document of the bundle other than a report: its kind and subject (bundle_format.document_record), the
    line the covering letter gives it, and how it is drawn."""

    kind: str
    subject: str
    enclosure: Enclosure
    render: Callable[[Store, str, str], bytes]


def _drafts(enclosures: Enclosures) -> list[_Draft]:
    from hattama.services import forms, plans

    drafts = []
    if enclosures.forms_year is not None:
        year, numbers = enclosures.forms_year, tuple(sorted(set(enclosures.forms)))
        drafts.append(_Draft("forms", str(year), Enclosure("forms", year=year, forms=numbers),
                             lambda store, language, format: forms.render_forms(store, year, language, format,
                                                                                numbers)))
    if enclosures.plan_year is not None:
        plan_year = enclosures.plan_year
        drafts.append(_Draft("plan", str(plan_year), Enclosure("plan", year=plan_year),
                             lambda store, language, format: plans.render_plan(store, plan_year, language, format)))
    if enclosures.activity is not None:
        start, end = enclosures.activity
        drafts.append(_Draft("activity", f"{start.isoformat()}-{end.isoformat()}",
                             Enclosure("activity", period=(start, end)),
                             lambda store, language, format: plans.render_activity(store, start, end, language,
                                                                                   format, today=end)))
    return drafts


def _report_member(report_id: uuid.UUID, language: str) -> BundleFile:
    from hattama.services.bundle.writer import BundleFile

    return BundleFile(bundle_format.pdf_member(str(report_id), language), b"", bundle_format.PDF_MEDIA_TYPE,
                      str(report_id), language)


def _document_member(kind: str, subject: str, language: str, format: str) -> BundleFile:
    from hattama.services.bundle.writer import BundleFile

    record = bundle_format.document_record(kind, subject)
    return BundleFile(bundle_format.document_member(record, language, format), b"",
                      bundle_format.DOCUMENT_FORMATS[format], language=language, document=kind, record=record)


def _exportable(store: Store, report_ids: Sequence[uuid.UUID], enclosures: Enclosures) -> list[ReportRecord]:
    """The reports, read in one go by id (issue 22.3); at least one document must go."""
    unique = list(dict.fromkeys(report_ids))
    if not unique and (enclosures.forms_year, enclosures.plan_year, enclosures.activity) == (None, None, None):
        raise ServiceError(N_("Choose at least one report or document for the bundle."))
    if not enclosures.languages or not set(enclosures.languages) <= set(DOCUMENT_LANGUAGES):
        raise ServiceError(N_("Documents are written in Kazakh or Russian, not “{language}”."),
                           language=",".join(enclosures.languages))
    records = get_reports(store, unique)
    for record in records:
        if record.status not in EXPORTABLE or not record.languages:
            raise ReportNotExportable(record)
    return records


def _body_names(settings: UnitDetails) -> dict[str, str]:
    """Checked before any PDF is drawn: write_bundle refuses a body without all three names anyway."""
    from hattama.services.bundle.writer import BodyNamesMissing

    body = {
        language: getattr(settings, f"body_name_{language}").strip() for language in bundle_format.BODY_LANGUAGES
    }
    if not all(body.values()):
        raise BodyNamesMissing()
    return body


def _register(store: Store, records: Sequence[ReportRecord], drafts: Sequence[_Draft], text: str,
              number: str | None, today: dt.date, language: str) -> tuple[uuid.UUID, Registered]:
    """The covering letter logged as an outgoing letter to the MFA (purpose "covering-letter", linked to the
    reports' events) and registered; the reports, forms, plan and activity report not registered yet go under
    its number and date (issue 16.4), those registered on their own keep theirs."""
    letter = LetterData(direction="outgoing", correspondent_kind=PURPOSE_ADDRESSEE[COVERING_LETTER],
                        dated_on=today, correspondent=translate_in(language, MFA_ADDRESSEE),
                        subject=translate_in(language, COVERING_TITLE), purpose=COVERING_LETTER, text=text,
                        links=tuple(("event", event_id) for event_id in dict.fromkeys(r.event_id for r in records)))
    letter_id = add_letter_with_files(store, letter, [], today)
    registered = register_document(store, "letter", letter_id, number=number, on=today, today=today)
    with store.session() as session:
        unregistered = [record.id for record in records if registration_in(session, "report", record.id) is None]
    for report_id in unregistered:
        register_document(store, "report", report_id, number=registered.number, on=today, today=today)
    for draft in drafts:
        if submission_registration(store, draft.kind, draft.subject) is None:
            register_submission_document(store, draft.kind, draft.subject, number=registered.number, on=today,
                                         today=today)
    return letter_id, registered


def _letter_text(store: Store, settings: UnitDetails, records: Sequence[ReportRecord], drafts: Sequence[_Draft],
                 language: str, letter_body: Mapping[str, str] | None) -> str:
    """The officer's text of the covering letter in `language`, else the one Hattama drafts."""
    if letter_body and letter_body.get(language, "").strip():
        return letter_body[language]
    titled = get_reports(store, [record.id for record in records], language) if records else []
    enclosures = [*(Enclosure("report", title=record.event_title, on=record.event_ends_at.date())
                    for record in titled), *(draft.enclosure for draft in drafts)]
    return covering_body(settings, enclosures, language)


def draft_covering_letter(store: Store, report_ids: Sequence[uuid.UUID], enclosures: Enclosures,
                          language: str) -> str:
    """The covering letter's text Hattama drafts for this choice, for the officer to edit before exporting."""
    records = get_reports(store, list(dict.fromkeys(report_ids)))
    return _letter_text(store, load_settings(store), records, _drafts(enclosures), language, None)


def _data_file(store: Store, report_ids: list[uuid.UUID]) -> tuple[BundleFile, dict[str, str]]:
    """The interchange document as a bundle file, and the sending body's identity from its `source`, which the
    manifest repeats for the signer–body check."""
    from hattama.services.bundle.writer import BundleFile

    document = export_interchange(store, report_ids=report_ids)
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    source = {name: str(document["source"].get(name) or "") for name in bundle_format.SOURCE_FIELDS}
    return BundleFile(DATA_MEMBER, data, "application/json"), source


def _attachment_files(store: Store, records: Sequence[ReportRecord]) -> list[BundleFile]:
    """The files attached to the reports' events, each content once however many events share it: one query."""
    from hattama.services.bundle.writer import BundleFile

    event_ids = list(dict.fromkeys(record.event_id for record in records))
    order = {event_id: position for position, event_id in enumerate(event_ids)}
    query = (select(Attachment.event_id, Attachment.file_name, Attachment.media_type, AttachmentBlob.content)
             .join(AttachmentBlob, AttachmentBlob.sha256 == Attachment.sha256)
             .where(Attachment.event_id.in_(event_ids)))
    with store.session() as session:
        rows = sorted(session.execute(query).all(), key=lambda row: (order[row.event_id], row.file_name))
    files: dict[str, BundleFile] = {}
    for row in rows:
        member = bundle_format.attachment_member(row.content, row.file_name)
        files.setdefault(member, BundleFile(member, row.content, row.media_type or "application/octet-stream"))
    return list(files.values())


def _record_sent(store: Store, records: Sequence[ReportRecord], enclosures: Enclosures, registered: Registered,
                 written: BundleResult, signer: str, today: dt.date) -> None:
    """What the bundle sent, recorded in the export's transaction: the bundle, the reports exported, the forms
    and the 20 December documents sent under the covering letter's number (closing p.2 and p.46 obligations)."""
    from hattama.services import forms, plans
    from hattama.services.stored_obligations import refresh_obligations

    with store.session() as session:
        session.add(Bundle(file_name=str(written.path), sha256=written.sha256, size=written.size, signer=signer,
                           report_count=len(records)))
    if records:
        record_export(store, [record.id for record in records], written.sha256)
    sent_on, reference = registered.registered_on, registered.number
    if enclosures.forms_year is not None:
        forms.record_forms_sent(store, enclosures.forms_year, enclosures.forms, sent_on, reference, today=today)
    if enclosures.plan_year is not None:  # the plan of a year goes with the previous year's 20 December submission
        plans.record_sent(store, enclosures.plan_year - 1, plans.PLAN, sent_on, reference, today=today)
    if enclosures.activity is not None:
        plans.record_sent(store, enclosures.activity[1].year, plans.ACTIVITY, sent_on, reference, today=today)
    with store.session() as session:
        refresh_obligations(session, today=today)


# ---------------------------------------------------------------------------------------------- verify, import

class BundleRefused(ServiceError):
    """The bundle failed verification, so nothing of it was used; `report` says which checks failed
    (hattama.presentation.bundles words them)."""

    def __init__(self, report: VerificationReport) -> None:
        super().__init__(N_("The bundle did not pass verification, so nothing was imported."))
        self.report = report


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
    report = verify_bundle(path, roots, now or utc_now(), _stored_crls(store))
    log.info("bundle %s verified: %s; failed: %s", path, "passed" if report.ok else "refused",
             ", ".join(check.name_msgid for check in report.checks if not check.passed) or "none")
    return report


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
    assert report.manifest is not None  # read_verified_members refuses a report without one
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
    if password is None:
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
