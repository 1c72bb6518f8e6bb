"""Verify a submission bundle before anything in it is used, and say which checks passed and which failed.

Every check is listed. A check runs whenever it still means something after earlier failures (a tampered
file does not stop the signature check); one that cannot run is listed as skipped, never left out. Members
are read in bounded chunks with their actual byte counts enforced, never trusting declared sizes alone, and
nothing is ever extracted to disk. The central directory's entries are counted from its own records before
`zipfile` builds its list of them, so a directory of millions of entries costs neither memory nor time.

The signer's certificate is judged at the time of verification, or at a verified timestamp token's time; the
signer's own signingTime is never relied on. The signer must belong to the sending body the manifest names, and
each PDF — a report's, or a document's (treaty forms, plan, activity report, covering letter) — must be signed
whole by the same signer for the record and language it is listed for; a workbook must be one (the manifest's
signature covers its bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import stat
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509

from hattama.language import N_
from hattama.services import strict_json
from hattama.services.bundle import format as bundle_format
from hattama.services.signing.cms import (
    DetachedSignatureStatus,
    RefusedSignature,
    signature_algorithm,
    verify_detached,
)
from hattama.services.signing.gost.cms import carried_certificates
from hattama.services.signing.gost.cms import verify_status as verify_gost
from hattama.services.signing.keys import GOST_ARCS, NotASigningKey, check_signing_usage
from hattama.services.signing.pades import pdf_magic_problem, signed_pdf_problem
from hattama.services.signing.revocation import revocation_status
from hattama.services.signing.roles import bin_
from hattama.services.signing.trust import certificate_organisation, name_text, serial_hex, subject_text

CHECK_ARCHIVE = N_("The file is a readable ZIP archive")
CHECK_LIMITS = N_("Member count and sizes are within limits")
CHECK_PATHS = N_("Member names are safe")
CHECK_MANIFEST = N_("The manifest is present and well-formed")
CHECK_SIGNATURE = N_("The signature over the manifest is valid")
CHECK_TRUST = N_("The signer's certificate chains to a trusted root")
CHECK_VALIDITY = N_("The certificate is valid now, or was at a trusted timestamp's time")
CHECK_USAGE = N_("The certificate is meant for signing")
CHECK_BODY = N_("The signer belongs to the sending body the manifest names")
CHECK_REVOCATION = N_("The signer's certificate is not revoked")
CHECK_FILES = N_("Every listed file is present and intact")
CHECK_PDFS = N_(
    "Each PDF is signed whole, by the same signer, and each report, form, plan, activity report, workbook and "
    "letter is the one of the record and language it is listed for"
)
CHECK_NO_EXTRAS = N_("The archive holds only the listed files")
ALL_CHECKS = (
    CHECK_ARCHIVE,
    CHECK_LIMITS,
    CHECK_PATHS,
    CHECK_MANIFEST,
    CHECK_SIGNATURE,
    CHECK_TRUST,
    CHECK_VALIDITY,
    CHECK_USAGE,
    CHECK_BODY,
    CHECK_REVOCATION,
    CHECK_FILES,
    CHECK_PDFS,
    CHECK_NO_EXTRAS,
)

# What zipfile raises on a damaged or hostile archive (ValueError includes undecodable names).
ZIP_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, struct.error)

NOT_CHECKED = N_("Not checked, because an earlier check failed.")
NO_VALID_SIGNATURE = N_("Not checked, because the signature is not valid.")

_END_OF_DIRECTORY = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END_OF_DIRECTORY = b"PK\x06\x06"
_DIRECTORY_ENTRY = b"PK\x01\x02"
_END_RECORD_SIZE = 22
_ZIP64_LOCATOR_SIZE = 20
_ZIP64_END_RECORD_SIZE = 56
_DIRECTORY_ENTRY_SIZE = 46
_MAX_ZIP_COMMENT = 65535


@dataclass(frozen=True)
class Check:
    name_msgid: str  # one of the CHECK_* constants
    passed: bool
    detail_msgid: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    skipped: bool = False


@dataclass(frozen=True)
class VerificationReport:
    checks: tuple[Check, ...]
    signer: str | None  # from the certificate whose signature matched, never from the manifest's claim
    manifest: dict[str, Any] | None
    # The BIN the signer's certificate proves, when it is the one the manifest names as the sending body
    # (manifest["source"]["body_bin"]); None otherwise. The importer lets only this body change its own records.
    proven_body: str | None = None

    @property
    def ok(self) -> bool:
        return all(check.passed for check in self.checks)

    def check(self, name_msgid: str) -> Check:
        return next(check for check in self.checks if check.name_msgid == name_msgid)


class UnreadableMember(Exception):
    """A member that is damaged, encrypted, or longer than allowed; internal to bundle reading."""


class _Unavailable(Exception):
    """The manifest or its signature cannot be had; `msgid` says why, with `{path}` for the member."""

    def __init__(self, msgid: str) -> None:
        super().__init__(msgid)
        self.msgid = msgid


def _passed(name: str, detail: str | None = None, **params: Any) -> Check:
    return Check(name, True, detail, params)


def _failed(name: str, detail: str, **params: Any) -> Check:
    return Check(name, False, detail, params)


def _skipped(name: str, detail: str = NOT_CHECKED) -> Check:
    return Check(name, False, detail, {}, skipped=True)


def member_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """The member's bytes in bounded chunks; UnreadableMember once more than `limit` bytes come out."""
    produced = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(bundle_format.READ_CHUNK_SIZE):
                produced += len(chunk)
                if produced > limit:
                    raise UnreadableMember(info.filename)
                yield chunk
    except (*ZIP_ERRORS, zlib.error, RuntimeError) as error:  # RuntimeError: an encrypted member
        raise UnreadableMember(info.filename) from error


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise UnreadableMember(info.filename)
    return b"".join(member_chunks(archive, info, limit))


def verify_bundle(
    path: str | os.PathLike[str],
    trusted_roots: list[x509.Certificate],
    now: dt.datetime,
    crls: Sequence[x509.CertificateRevocationList] = (),
) -> VerificationReport:
    try:
        entries = directory_entries(path, bundle_format.MAX_MEMBERS)
        if entries > bundle_format.MAX_MEMBERS:
            too_many = _failed(
                CHECK_LIMITS,
                N_("The archive's directory holds more than {limit} entries; it was not read any further."),
                limit=bundle_format.MAX_MEMBERS,
            )
            not_read = _skipped(CHECK_ARCHIVE, N_("Not read, because its directory is too large."))
            return VerificationReport((not_read, too_many, *map(_skipped, ALL_CHECKS[2:])), None, None)
        archive = zipfile.ZipFile(path)
    except ZIP_ERRORS:
        not_a_zip = _failed(
            CHECK_ARCHIVE, N_("This file is not a ZIP archive, or it is truncated or damaged.")
        )
        return VerificationReport((not_a_zip, *map(_skipped, ALL_CHECKS[1:])), None, None)
    with archive:
        return _Verification(archive, os.path.getsize(path), trusted_roots, now, crls).run()


def directory_entries(path: str | os.PathLike[str], limit: int) -> int:
    """How many entries the ZIP's central directory holds, counted up to `limit` + 1 from its own records.

    The count in the end record is read first; a lying count does not help, because the records themselves are
    then walked one fixed-size header at a time (zipfile ignores that count and reads the whole directory into
    one list). Memory stays bounded whatever the archive claims. 0 when there is no end record or directory:
    zipfile then says what is wrong.
    """
    with open(path, "rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        tail_size = min(size, _END_RECORD_SIZE + _MAX_ZIP_COMMENT)
        handle.seek(size - tail_size)
        tail = handle.read(tail_size)
        found = tail.rfind(_END_OF_DIRECTORY)
        if found < 0 or tail_size - found < _END_RECORD_SIZE:
            return 0
        declared, directory_size = struct.unpack_from("<HL", tail, found + 10)
        directory_end = size - tail_size + found
        locator = directory_end - _ZIP64_LOCATOR_SIZE
        zip64 = found >= _ZIP64_LOCATOR_SIZE and tail[found - _ZIP64_LOCATOR_SIZE :][:4] == _ZIP64_LOCATOR
        if zip64 and locator >= _ZIP64_END_RECORD_SIZE:
            handle.seek(locator - _ZIP64_END_RECORD_SIZE)
            record = handle.read(_ZIP64_END_RECORD_SIZE)
            if record[:4] == _ZIP64_END_OF_DIRECTORY:
                declared, directory_size = struct.unpack_from("<QQ", record, 32)
                directory_end = locator - _ZIP64_END_RECORD_SIZE
        if declared > limit:
            return declared
        if directory_size > directory_end:
            return 0
        handle.seek(directory_end - directory_size)
        counted = 0
        while counted <= limit:
            header = handle.read(_DIRECTORY_ENTRY_SIZE)
            if len(header) < _DIRECTORY_ENTRY_SIZE or header[:4] != _DIRECTORY_ENTRY:
                break
            name, extra, comment = struct.unpack_from("<HHH", header, 28)
            handle.seek(name + extra + comment, os.SEEK_CUR)
            counted += 1
        return counted


class _Verification:
    def __init__(
        self,
        archive: zipfile.ZipFile,
        archive_size: int,
        trusted_roots: list[x509.Certificate],
        now: dt.datetime,
        crls: Sequence[x509.CertificateRevocationList] = (),
    ) -> None:
        self.archive = archive
        self.archive_size = archive_size
        self.trusted_roots = trusted_roots
        self.now = now
        self.crls = crls
        self.members = archive.infolist()
        self.names = Counter(info.filename for info in self.members)
        # Members it is safe to read: unique, safe names, plainly stored or deflated, under the per-member limit.
        self.readable = {
            info.filename: info
            for info in self.members
            if self.names[info.filename] == 1
            and bundle_format.is_safe_member_path(info.filename)
            and not _is_symlink(info)
            and _plainly_stored(info)
            and info.file_size <= bundle_format.MAX_MEMBER_SIZE
        }
        self.signer: str | None = None
        self.signer_certificate: x509.Certificate | None = None
        self.proven_body: str | None = None
        self.judged_at = now  # the verified timestamp's time once one is found

    def run(self) -> VerificationReport:
        limits = self._limits()
        checks = [self._archive(), limits, self._paths()]
        manifest_bytes, manifest, manifest_check = self._manifest()
        checks.append(manifest_check)
        checks.extend(self._signature(manifest_bytes, manifest))
        files = self._files(manifest, within_limits=limits.passed)
        checks.append(files)
        checks.append(self._pdfs(manifest, files))
        checks.append(self._no_extras(manifest))
        return VerificationReport(tuple(checks), self.signer, manifest, self.proven_body)

    def _archive(self) -> Check:
        for info in self.members:
            if not _plainly_stored(info):
                return _failed(
                    CHECK_ARCHIVE,
                    N_("The member {path} is encrypted or compressed in a way Hattama does not read."),
                    path=info.filename,
                )
        return _passed(CHECK_ARCHIVE)

    def _limits(self) -> Check:
        problem = bundle_format.size_limit_problem((info.filename, info.file_size) for info in self.members)
        if problem is not None:
            msgid, params = problem
            return _failed(CHECK_LIMITS, msgid, **params)
        expanded = sum(info.file_size for info in self.members)
        if expanded > max(
            bundle_format.EXPANSION_FLOOR, bundle_format.MAX_EXPANSION_RATIO * self.archive_size
        ):
            return _failed(
                CHECK_LIMITS,
                N_(
                    "The members would expand to {size_mb} MB from a {archive_mb} MB file; this looks like a ZIP bomb."
                ),
                size_mb=bundle_format.megabytes(expanded),
                archive_mb=bundle_format.megabytes(self.archive_size),
            )
        return _passed(CHECK_LIMITS)

    def _paths(self) -> Check:
        for info in self.members:
            if not bundle_format.is_safe_member_path(info.filename):
                return _failed(
                    CHECK_PATHS,
                    N_(
                        "The member name {path} is unsafe: absolute, with “..”, a backslash or a drive letter."
                    ),
                    path=info.filename,
                )
        for info in self.members:
            if _is_symlink(info):
                return _failed(
                    CHECK_PATHS,
                    N_("The member {path} is a symbolic link; a bundle holds only plain files."),
                    path=info.filename,
                )
        for name, count in self.names.items():
            if count > 1:
                return _failed(CHECK_PATHS, N_("The member name {path} appears more than once."), path=name)
        return _passed(CHECK_PATHS)

    def _manifest(self) -> tuple[bytes | None, dict[str, Any] | None, Check]:
        try:
            data = self._read_own_member(bundle_format.MANIFEST_NAME, bundle_format.MAX_MANIFEST_SIZE)
        except _Unavailable as problem:
            return None, None, _failed(CHECK_MANIFEST, problem.msgid, path=bundle_format.MANIFEST_NAME)
        try:
            manifest = strict_json.loads(data.decode("utf-8"))
        except strict_json.StrictJsonError as error:
            if error.reason == "duplicate_key":
                return data, None, _failed(
                    CHECK_MANIFEST,
                    N_("The manifest has the key “{key}” more than once, so what was signed is ambiguous."),
                    key=error.key,
                )
            return data, None, _failed(CHECK_MANIFEST, N_("The manifest is not valid JSON."))
        except UnicodeDecodeError:
            return data, None, _failed(CHECK_MANIFEST, N_("The manifest is not valid JSON."))
        shape_problem = _manifest_problem(manifest)
        if shape_problem is not None:
            msgid, params = shape_problem
            return data, None, _failed(CHECK_MANIFEST, msgid, **params)
        return data, manifest, _passed(CHECK_MANIFEST)

    def _read_own_member(self, name: str, limit: int) -> bytes:
        """The manifest or its signature; _Unavailable says why it cannot be had."""
        if name not in self.names:
            raise _Unavailable(N_("The bundle has no {path}."))
        unreadable = _Unavailable(N_("{path} is damaged, duplicated or too large to read."))
        info = self.readable.get(name)
        if info is None or info.file_size > limit:
            raise unreadable
        try:
            return read_member(self.archive, info, limit)
        except UnreadableMember:
            raise unreadable from None

    def _signature(self, manifest_bytes: bytes | None, manifest: dict[str, Any] | None) -> list[Check]:
        certificate_checks = (CHECK_TRUST, CHECK_VALIDITY, CHECK_USAGE, CHECK_BODY, CHECK_REVOCATION)
        if manifest_bytes is None:
            return [_skipped(CHECK_SIGNATURE), *map(_skipped, certificate_checks)]
        try:
            signature = self._read_own_member(bundle_format.SIGNATURE_NAME, bundle_format.MAX_SIGNATURE_SIZE)
        except _Unavailable as problem:
            return [
                _failed(CHECK_SIGNATURE, problem.msgid, path=bundle_format.SIGNATURE_NAME),
                *map(_skipped, certificate_checks),
            ]
        try:
            status = verify_manifest_signature(manifest_bytes, signature, self.trusted_roots, self.now)
        except RefusedSignature as error:
            return [_failed(CHECK_SIGNATURE, error.msgid, **error.params), *map(_skipped, certificate_checks)]
        if not status.signature_matches:
            mismatch = _failed(
                CHECK_SIGNATURE,
                N_(
                    "The signature does not match the manifest: the manifest was changed after signing, or the signature belongs to another one."
                ),
            )
            return [mismatch, *(_skipped(name, NO_VALID_SIGNATURE) for name in certificate_checks)]

        certificate = status.signer_certificate
        self.signer = subject_text(certificate)
        self.signer_certificate = certificate
        self.judged_at = status.judged_at or self.now
        return [
            self._signer_named(certificate, manifest),
            self._trust(status.chains_to_trusted_root),
            _validity(certificate, status, self.now),
            _usage(certificate),
            self._body(certificate, manifest),
            self._revocation(certificate, signature),
        ]

    def _revocation(self, certificate: x509.Certificate, signature: bytes) -> Check:
        """Offline: by an imported CRL of the signer's issuer that covers the moment judged, or said plainly."""
        issuers = [*carried_certificates(signature), *self.trusted_roots]
        status = revocation_status(certificate, issuers, self.crls, self.judged_at)
        if status.revoked_on is not None:
            return _failed(
                CHECK_REVOCATION,
                N_("The signer's certificate was revoked on {revoked_on} (revocation list of {crl_date})."),
                revoked_on=status.revoked_on,
                crl_date=status.crl_this_update,
            )
        if not status.checked:
            return _passed(
                CHECK_REVOCATION,
                N_(
                    "Revocation not checked: no imported revocation list (CRL) of the signer's issuer covers this time."
                ),
            )
        return _passed(
            CHECK_REVOCATION, N_("Not revoked, by the revocation list of {crl_date}."), crl_date=status.crl_this_update
        )

    def _body(self, certificate: x509.Certificate, manifest: dict[str, Any] | None) -> Check:
        """The sending body the manifest names (its BIN, or without one its name) is the signer's own."""
        if manifest is None:
            return _skipped(CHECK_BODY)
        claimed = manifest["source"]["body_bin"]
        proven = bin_(certificate)
        if claimed:
            if proven == claimed:
                self.proven_body = proven
                return _passed(CHECK_BODY, N_("The signer's certificate belongs to BIN {bin}."), bin=proven)
            if proven is None:
                return _failed(
                    CHECK_BODY,
                    N_(
                        "The manifest names the sending body BIN {claimed}, but the signer's certificate names no BIN, so it does not prove the signer belongs to it."
                    ),
                    claimed=claimed,
                )
            return _failed(
                CHECK_BODY,
                N_(
                    "They differ: the manifest names the sending body BIN {claimed}, but the signer's certificate belongs to BIN {proven}."
                ),
                claimed=claimed,
                proven=proven,
            )
        organisation = certificate_organisation(certificate) or ""
        names = {_comparable(name) for name in manifest["body"].values()}
        if organisation and _comparable(organisation) in names:
            return _passed(
                CHECK_BODY,
                N_("The manifest names no BIN; the signer's organisation is the sending body, {organisation}."),
                organisation=organisation,
            )
        return _failed(
            CHECK_BODY,
            N_(
                "They differ: the manifest names the sending body “{body}” (without a BIN), but the signer's certificate names the organisation “{organisation}”."
            ),
            body=manifest["body"]["ru"],
            organisation=organisation or "—",
        )

    def _signer_named(self, certificate: x509.Certificate, manifest: dict[str, Any] | None) -> Check:
        """The signature matches; the manifest must also name the one who made it."""
        if manifest is not None:
            actual = {
                "subject": subject_text(certificate),
                "serial": serial_hex(certificate),
                "issuer": name_text(certificate.issuer),
            }
            if manifest["signer"] != actual:
                return _failed(
                    CHECK_SIGNATURE,
                    N_("The manifest names {claimed} as the signer, but the signature was made by {actual}."),
                    claimed=manifest["signer"]["subject"],
                    actual=actual["subject"],
                )
        return _passed(CHECK_SIGNATURE, N_("Signed by {signer}."), signer=subject_text(certificate))

    def _trust(self, chains_to_trusted_root: bool) -> Check:
        if not self.trusted_roots:
            return _failed(
                CHECK_TRUST,
                N_(
                    "No trusted root certificate has been imported; import your certification authority's root certificate (for NCA RK keys, the NCA RK root) in the settings."
                ),
            )
        if not chains_to_trusted_root:
            return _failed(
                CHECK_TRUST, N_("The signer's certificate does not chain to any imported trusted root.")
            )
        return _passed(CHECK_TRUST)

    def _files(self, manifest: dict[str, Any] | None, *, within_limits: bool) -> Check:
        if manifest is None:
            return _skipped(CHECK_FILES)
        if not within_limits:
            return _skipped(CHECK_FILES, N_("Not checked, because the archive breaks the size limits."))
        for entry in manifest["files"]:
            path, size = entry["path"], entry["size"]
            if path not in self.names:
                return _failed(
                    CHECK_FILES, N_("The listed file {path} is missing from the archive."), path=path
                )
            info = self.readable.get(path)
            if info is None:
                return _failed(CHECK_FILES, N_("The listed file {path} cannot be read safely."), path=path)
            if info.file_size != size:
                return _failed(
                    CHECK_FILES,
                    N_("The file {path} is {actual} bytes long, but the manifest says {expected}."),
                    path=path,
                    actual=info.file_size,
                    expected=size,
                )
            digest = hashlib.sha256()
            try:
                for chunk in member_chunks(self.archive, info, size):
                    digest.update(chunk)
            except UnreadableMember:
                return _failed(CHECK_FILES, N_("The file {path} is damaged inside the archive."), path=path)
            if digest.hexdigest() != entry["sha256"]:
                return _failed(
                    CHECK_FILES,
                    N_("The file {path} was changed: its SHA-256 does not match the manifest."),
                    path=path,
                )
        return _passed(CHECK_FILES)

    def _pdfs(self, manifest: dict[str, Any] | None, files: Check) -> Check:
        if manifest is None:
            return _skipped(CHECK_PDFS)
        if self.signer_certificate is None:
            return _skipped(CHECK_PDFS, NO_VALID_SIGNATURE)
        if not files.passed:
            return _skipped(CHECK_PDFS, N_("Not checked, because the files are not all intact."))
        for entry in manifest["files"]:
            path = entry["path"]
            if bundle_format.is_report_pdf(path):
                record = entry["report_id"]
            elif bundle_format.is_document(path):
                record = entry["record"]
            else:
                continue
            try:
                data = read_member(self.archive, self.readable[path], entry["size"])
            except UnreadableMember:
                return _failed(CHECK_PDFS, N_("The file {path} is damaged inside the archive."), path=path)
            if entry["media_type"] == bundle_format.XLSX_MEDIA_TYPE:
                # A workbook cannot carry a signature of its own: the manifest's signature covers its SHA-256.
                problem = workbook_problem(data)
            elif _is_gost(self.signer_certificate):
                # A GOST signature inside a PDF could not be checked by anyone; a GOST export leaves its PDFs
                # unsigned, bound to their records by the manifest its signature covers.
                problem = pdf_magic_problem(data)
            else:
                problem = signed_pdf_problem(
                    data,
                    self.signer_certificate,
                    record,
                    entry["language"],
                    self.trusted_roots,
                    self.judged_at,
                )
            if problem is not None:
                msgid, params = problem
                return _failed(CHECK_PDFS, msgid, path=path, **params)
        if _is_gost(self.signer_certificate):
            return _passed(
                CHECK_PDFS,
                N_(
                    "Signed with GOST: the PDFs carry no signature of their own (no PDF reader could check a GOST one); the signature over the manifest covers each PDF's SHA-256."
                ),
            )
        return _passed(CHECK_PDFS)

    def _no_extras(self, manifest: dict[str, Any] | None) -> Check:
        if manifest is None:
            return _skipped(CHECK_NO_EXTRAS)
        listed = bundle_format.RESERVED_NAMES | {entry["path"] for entry in manifest["files"]}
        for info in self.members:
            if info.filename not in listed:
                return _failed(
                    CHECK_NO_EXTRAS,
                    N_("The archive holds {path}, which the manifest does not list."),
                    path=info.filename,
                )
        return _passed(CHECK_NO_EXTRAS)


def workbook_problem(data: bytes) -> tuple[str, dict[str, Any]] | None:
    """Why these bytes are not an .xlsx workbook (a ZIP holding `xl/workbook.xml`), as (msgid, params)."""
    not_a_workbook = N_("{path} is not an Excel workbook (.xlsx).")
    if not data.startswith(b"PK\x03\x04"):
        return not_a_workbook, {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as workbook:
            workbook.getinfo("xl/workbook.xml")
    except (*ZIP_ERRORS, KeyError):
        return not_a_workbook, {}
    return None


def _plainly_stored(info: zipfile.ZipInfo) -> bool:
    encrypted = bool(info.flag_bits & 0x1)
    return not encrypted and info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def verify_manifest_signature(
    data: bytes, signature: bytes, trusted_roots: list[x509.Certificate], now: dt.datetime
) -> DetachedSignatureStatus:
    """The one way the manifest's CMS signature is checked, chosen by its signature algorithm: RSA and EC
    through pyHanko (cms.verify_detached); NCA RK's GOST 2015 through gost.cms (pyHanko cannot do GOST)."""
    if signature_algorithm(signature).startswith(GOST_ARCS):
        return verify_gost(data, signature, trusted_roots, now)
    return verify_detached(data, signature, trusted_roots, now)


def _is_gost(certificate: x509.Certificate) -> bool:
    return certificate.public_key_algorithm_oid.dotted_string.startswith(GOST_ARCS)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _comparable(name: str) -> str:
    return " ".join(name.casefold().split())


def _validity(certificate: x509.Certificate, status: DetachedSignatureStatus, now: dt.datetime) -> Check:
    """Judged at a verified timestamp token's time, else at `now`: the signer's signingTime is only its claim."""
    timestamp = status.timestamp
    if timestamp is not None and timestamp.problem is not None:
        return _failed(CHECK_VALIDITY, timestamp.problem)
    at = status.judged_at
    not_before, not_after = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    if at is None:
        if now < not_before:
            return _failed(
                CHECK_VALIDITY,
                N_(
                    "At the time of verification, {moment}, the certificate is not yet valid (from {not_before}); the bundle carries no trusted timestamp."
                ),
                moment=now,
                not_before=not_before,
            )
        if now > not_after:
            return _failed(
                CHECK_VALIDITY,
                N_(
                    "At the time of verification, {moment}, the certificate has expired (on {not_after}); the bundle carries no trusted timestamp, and the signer's own claim of when it signed is not relied on."
                ),
                moment=now,
                not_after=not_after,
            )
        return _passed(CHECK_VALIDITY, N_("Judged at the time of verification, {moment}."), moment=now)
    if not not_before <= at <= not_after:
        return _failed(
            CHECK_VALIDITY,
            N_(
                "At the trusted timestamp's time, {moment}, the certificate was not valid (valid from {not_before} to {not_after})."
            ),
            moment=at,
            not_before=not_before,
            not_after=not_after,
        )
    return _passed(
        CHECK_VALIDITY,
        N_("Judged at the trusted timestamp's time, {moment} (timestamp by {authority})."),
        moment=at,
        authority=timestamp.authority if timestamp is not None else "—",
    )


def _usage(certificate: x509.Certificate) -> Check:
    """The same rule as for a key chosen for export (keys.check_signing_usage), with its reason."""
    try:
        check_signing_usage(certificate)
    except NotASigningKey as refusal:
        return _failed(CHECK_USAGE, refusal.msgid, **refusal.params)
    return _passed(CHECK_USAGE)


def _manifest_problem(manifest: Any) -> tuple[str, dict[str, Any]] | None:
    """Why a parsed manifest is not one this version reads, as (msgid, params); None when it is."""
    if not isinstance(manifest, dict) or manifest.get("format") != bundle_format.FORMAT_NAME:
        return N_("The manifest is not a Hattama bundle manifest."), {}
    version = manifest.get("format_version")
    if version not in bundle_format.READABLE_VERSIONS or isinstance(version, bool):
        return N_("The manifest is of format version {version}; this Hattama reads version {supported}."), {
            "version": version,
            "supported": "–".join(str(known) for known in bundle_format.READABLE_VERSIONS),
        }
    malformed = N_("The manifest's field “{field}” is missing or malformed.")
    if not _is_iso_datetime(manifest.get("created_at")):
        return malformed, {"field": "created_at"}
    if not _has_strings(manifest.get("body"), bundle_format.BODY_LANGUAGES):
        return malformed, {"field": "body"}
    if not _has_strings(manifest.get("signer"), ("subject", "serial", "issuer")):
        return malformed, {"field": "signer"}
    source = manifest.get("source")
    if not isinstance(source, dict) or not _has_strings(source, bundle_format.SOURCE_FIELDS) or not (
        source["body_bin"] == "" or _BIN.fullmatch(source["body_bin"])
    ):
        return malformed, {"field": "source"}
    files = manifest.get("files")
    if not isinstance(files, list):
        return malformed, {"field": "files"}
    seen: set[str] = set()
    for entry in files:
        if not (
            _has_strings(entry, ("path", "media_type"))
            and isinstance(entry.get("size"), int)
            and not isinstance(entry["size"], bool)
            and entry["size"] >= 0
            and bundle_format.is_sha256_hex(entry.get("sha256"))
        ):
            return malformed, {"field": "files"}
        path = entry["path"]
        if (
            not bundle_format.is_safe_member_path(path)
            or path in bundle_format.RESERVED_NAMES
            or path in seen
        ):
            return N_("The manifest lists {path} twice, or under an unsafe or reserved name."), {"path": path}
        if bundle_format.is_report_pdf(path) and not (
            _has_strings(entry, ("report_id", "language"))
            and bundle_format.pdf_member(entry["report_id"], entry["language"]) == path
        ):
            return N_("The manifest lists the report PDF {path} without its report and language."), {"path": path}
        if bundle_format.is_document(path) and not (
            version >= 3
            and bundle_format.document_bound(
                path, entry["media_type"], entry.get("document"), entry.get("record"), entry.get("language")
            )
        ):
            return N_("The manifest lists the document {path} without its kind, record and language."), {
                "path": path
            }
        seen.add(path)
    return None


_BIN = re.compile(r"\d{12}")


def _has_strings(value: Any, keys: tuple[str, ...]) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(key), str) for key in keys)


def _is_iso_datetime(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True
