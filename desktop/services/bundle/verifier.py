"""Verify a submission bundle before anything in it is used, and say which checks passed and which failed.

Every check is listed. A check runs whenever it still means something after earlier failures (a tampered
file does not stop the signature check); one that cannot run is listed as skipped, never left out. Members
are read in bounded chunks with their actual byte counts enforced, never trusting declared sizes alone, and
nothing is ever extracted to disk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509

from desktop.i18n import N_
from desktop.services.bundle import format as bundle_format
from desktop.services.signing.cms import MalformedSignature, verify_detached
from desktop.services.signing.keys import AuthenticationKey, NotASigningKey, check_signing_usage
from desktop.services.signing.trust import name_text, serial_hex, subject_text

CHECK_ARCHIVE = N_("The file is a readable ZIP archive")
CHECK_LIMITS = N_("Member count and sizes are within limits")
CHECK_PATHS = N_("Member names are safe")
CHECK_MANIFEST = N_("The manifest is present and well-formed")
CHECK_SIGNATURE = N_("The signature over the manifest is valid")
CHECK_TRUST = N_("The signer's certificate chains to a trusted root")
CHECK_VALIDITY = N_("The certificate was valid at signing time")
CHECK_USAGE = N_("The certificate is meant for signing")
CHECK_FILES = N_("Every listed file is present and intact")
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
    CHECK_FILES,
    CHECK_NO_EXTRAS,
)

# What zipfile raises on a damaged or hostile archive (ValueError includes undecodable names).
ZIP_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, struct.error)

NOT_CHECKED = N_("Not checked, because an earlier check failed.")
# The signer's clock may run a little ahead of ours; beyond this, a signing time "from the future" is refused.
CLOCK_SKEW = dt.timedelta(minutes=5)


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
    path: str | os.PathLike[str], trusted_roots: list[x509.Certificate], now: dt.datetime
) -> VerificationReport:
    try:
        archive = zipfile.ZipFile(path)
    except ZIP_ERRORS:
        not_a_zip = _failed(
            CHECK_ARCHIVE, N_("This file is not a ZIP archive, or it is truncated or damaged.")
        )
        return VerificationReport((not_a_zip, *map(_skipped, ALL_CHECKS[1:])), None, None)
    with archive:
        return _Verification(archive, os.path.getsize(path), trusted_roots, now).run()


class _Verification:
    def __init__(
        self,
        archive: zipfile.ZipFile,
        archive_size: int,
        trusted_roots: list[x509.Certificate],
        now: dt.datetime,
    ) -> None:
        self.archive = archive
        self.archive_size = archive_size
        self.trusted_roots = trusted_roots
        self.now = now
        self.members = archive.infolist()
        self.names = Counter(info.filename for info in self.members)
        # Members it is safe to read: unique, safe names, plainly stored or deflated, under the per-member limit.
        self.readable = {
            info.filename: info
            for info in self.members
            if self.names[info.filename] == 1
            and bundle_format.is_safe_member_path(info.filename)
            and _plainly_stored(info)
            and info.file_size <= bundle_format.MAX_MEMBER_SIZE
        }
        self.signer: str | None = None

    def run(self) -> VerificationReport:
        limits = self._limits()
        checks = [self._archive(), limits, self._paths()]
        manifest_bytes, manifest, manifest_check = self._manifest()
        checks.append(manifest_check)
        checks.extend(self._signature(manifest_bytes, manifest))
        checks.append(self._files(manifest, within_limits=limits.passed))
        checks.append(self._no_extras(manifest))
        return VerificationReport(tuple(checks), self.signer, manifest)

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
            manifest = json.loads(data.decode("utf-8"))
        except (ValueError, RecursionError):  # bad UTF-8 or JSON, absurd numbers, hostile nesting
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
        certificate_checks = (CHECK_TRUST, CHECK_VALIDITY, CHECK_USAGE)
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
            status = verify_detached(manifest_bytes, signature, self.trusted_roots, self.now)
        except MalformedSignature as error:
            return [_failed(CHECK_SIGNATURE, error.msgid), *map(_skipped, certificate_checks)]
        if not status.signature_matches:
            mismatch = _failed(
                CHECK_SIGNATURE,
                N_(
                    "The signature does not match the manifest: the manifest was changed after signing, or the signature belongs to another one."
                ),
            )
            not_checked = N_("Not checked, because the signature is not valid.")
            return [mismatch, *(_skipped(name, not_checked) for name in certificate_checks)]

        certificate = status.signer_certificate
        self.signer = subject_text(certificate)
        return [
            self._signer_named(certificate, manifest),
            self._trust(status.chains_to_trusted_root),
            _validity(certificate, status.signing_time, self.now),
            _usage(certificate),
        ]

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


def _plainly_stored(info: zipfile.ZipInfo) -> bool:
    encrypted = bool(info.flag_bits & 0x1)
    return not encrypted and info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def _validity(certificate: x509.Certificate, signing_time: dt.datetime | None, now: dt.datetime) -> Check:
    """Judged at the signer's own signingTime claim: bundles carry no timestamp from a timestamp authority."""
    if signing_time is None:
        return _failed(CHECK_VALIDITY, N_("The signature carries no signing time."))
    if signing_time > now + CLOCK_SKEW:
        return _failed(
            CHECK_VALIDITY, N_("The signing time {signing_time} is in the future."), signing_time=signing_time
        )
    if signing_time < certificate.not_valid_before_utc:
        return _failed(
            CHECK_VALIDITY,
            N_(
                "The signature was made on {signing_time}, before the certificate became valid on {not_before}."
            ),
            signing_time=signing_time,
            not_before=certificate.not_valid_before_utc,
        )
    if signing_time > certificate.not_valid_after_utc:
        return _failed(
            CHECK_VALIDITY,
            N_("The signature was made on {signing_time}, after the certificate expired on {not_after}."),
            signing_time=signing_time,
            not_after=certificate.not_valid_after_utc,
        )
    return _passed(CHECK_VALIDITY, N_("Signed on {signing_time}."), signing_time=signing_time)


def _usage(certificate: x509.Certificate) -> Check:
    try:
        check_signing_usage(certificate)
    except AuthenticationKey:
        return _failed(
            CHECK_USAGE,
            N_("The bundle was signed with an authentication (AUTH) key, which is not meant for signing."),
        )
    except NotASigningKey:
        return _failed(CHECK_USAGE, N_("The signer's certificate does not allow digital signatures."))
    return _passed(CHECK_USAGE)


def _manifest_problem(manifest: Any) -> tuple[str, dict[str, Any]] | None:
    """Why a parsed manifest is not one this version reads, as (msgid, params); None when it is."""
    if not isinstance(manifest, dict) or manifest.get("format") != bundle_format.FORMAT_NAME:
        return N_("The manifest is not a Hattama bundle manifest."), {}
    version = manifest.get("format_version")
    if version != bundle_format.FORMAT_VERSION or isinstance(version, bool):
        return N_("The manifest is of format version {version}; this Hattama reads version {supported}."), {
            "version": version,
            "supported": bundle_format.FORMAT_VERSION,
        }
    malformed = N_("The manifest's field “{field}” is missing or malformed.")
    if not _is_iso_datetime(manifest.get("created_at")):
        return malformed, {"field": "created_at"}
    if not _has_strings(manifest.get("body"), bundle_format.BODY_LANGUAGES):
        return malformed, {"field": "body"}
    if not _has_strings(manifest.get("signer"), ("subject", "serial", "issuer")):
        return malformed, {"field": "signer"}
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
        seen.add(path)
    return None


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
