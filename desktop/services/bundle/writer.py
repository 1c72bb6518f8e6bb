"""Write a signed submission bundle: the manifest, its detached CMS signature, then every file, in one ZIP.

The ZIP is written to a temporary file beside the destination and moved over it only once complete, so a full
disk, a crash or a cancelled export never leaves half a bundle, and nothing is written outside that folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hattama.language import N_
from hattama.services.bundle import format as bundle_format
from hattama.services.errors import ServiceError
from hattama.services.signing.keys import SigningIdentity
from hattama.services.signing.providers import Signer, as_signer

# Called with (steps done, steps in all); raising from it cancels the export and removes the partial file.
Progress = Callable[[int, int], None]

# Deflate what compresses; PDFs and images already are, so storing them saves time and nothing else.
_TEXTUAL_MEDIA_TYPES = frozenset({"application/json", "application/xml"})


@dataclass(frozen=True)
class BundleFile:
    path: str  # member name inside the ZIP, e.g. from bundle_format.pdf_member()
    data: bytes
    media_type: str
    # A report PDF (under bundle_format.PDF_FOLDER) names its report and language, and the manifest binds it to them.
    report_id: str | None = None
    language: str | None = None
    # A document (under bundle_format.DOCUMENTS_FOLDER) names its kind and record (bundle_format.document_record).
    document: str | None = None
    record: str | None = None


@dataclass(frozen=True)
class BundleResult:
    path: Path
    sha256: str  # of the whole bundle file, for the submission log
    size: int


class BundleTooLarge(ServiceError):
    """The files break one of the bundle's limits (bundle_format)."""


class BodyNamesMissing(ServiceError):
    def __init__(self) -> None:
        super().__init__(N_("The sending body's name must be given in Kazakh, Russian and English."))


class BundleWriteFailed(ServiceError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            N_("The bundle could not be written to {path}: {reason}"), path=str(path), reason=reason
        )


def write_bundle(
    out_path: str | os.PathLike[str],
    files: Sequence[BundleFile],
    body: Mapping[str, str],
    signer: Signer | SigningIdentity,
    now: dt.datetime,
    progress: Progress | None = None,
    *,
    source: Mapping[str, str],
) -> BundleResult:
    """Sign and write the bundle to `out_path`, replacing any file there only when the new one is complete.

    `body` names the sending body in each of bundle_format.BODY_LANGUAGES; `source` identifies it
    (bundle_format.SOURCE_FIELDS: its BIN, which the signer's certificate must carry, and its stable id).
    Progress counts one step for the manifest and signature and one per file.
    """
    _check_files(files)
    if any(
        not isinstance(body.get(language), str) or not body[language].strip()
        for language in bundle_format.BODY_LANGUAGES
    ):
        raise BodyNamesMissing()
    advance = progress or (lambda done, total: None)
    steps = len(files) + 1
    advance(0, steps)
    signer = as_signer(signer)
    manifest = manifest_bytes(files, body, signer, now, source)
    signature = signer.sign_detached(manifest, now)
    advance(1, steps)

    destination = Path(out_path)
    try:
        handle, temporary_name = tempfile.mkstemp(
            prefix=f".{destination.name}.", suffix=".part", dir=destination.parent
        )
    except OSError as error:
        raise BundleWriteFailed(destination, error.strerror or str(error)) from error
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "w+b") as output:
            with zipfile.ZipFile(output, "w") as archive:
                _add(archive, bundle_format.MANIFEST_NAME, manifest, now, compress=True)
                _add(archive, bundle_format.SIGNATURE_NAME, signature, now, compress=False)
                for done, file in enumerate(files, start=2):
                    _add(archive, file.path, file.data, now, compress=_is_textual(file.media_type))
                    advance(done, steps)
            output.flush()
            os.fsync(output.fileno())
            size = output.tell()
            output.seek(0)
            digest = hashlib.file_digest(output, "sha256").hexdigest()
        os.replace(temporary, destination)
    except BaseException as error:  # a cancellation from `progress` too: never leave the partial file behind
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise BundleWriteFailed(destination, error.strerror or str(error)) from error
        raise
    return BundleResult(destination, digest, size)


def manifest_bytes(
    files: Sequence[BundleFile],
    body: Mapping[str, str],
    signer: Signer,
    now: dt.datetime,
    source: Mapping[str, str],
) -> bytes:
    """The manifest exactly as stored and signed: UTF-8 JSON, Kazakh and Russian letters left readable."""
    manifest: dict[str, Any] = {
        "format": bundle_format.FORMAT_NAME,
        "format_version": bundle_format.FORMAT_VERSION,
        "created_at": now.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "body": {language: body[language] for language in bundle_format.BODY_LANGUAGES},
        "source": {field: source.get(field, "") for field in bundle_format.SOURCE_FIELDS},
        "signer": {
            "subject": signer.subject_name,
            "serial": signer.serial_hex,
            "issuer": signer.issuer_name,
        },
        "files": [_entry(file) for file in files],
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def _entry(file: BundleFile) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "path": file.path,
        "size": len(file.data),
        "sha256": hashlib.sha256(file.data).hexdigest(),
        "media_type": file.media_type,
    }
    if bundle_format.is_report_pdf(file.path):
        entry["report_id"], entry["language"] = file.report_id, file.language
    elif bundle_format.is_document(file.path):
        entry["document"], entry["record"], entry["language"] = file.document, file.record, file.language
    return entry


def _check_files(files: Sequence[BundleFile]) -> None:
    seen: set[str] = set()
    for file in files:
        # Paths are composed by code (bundle_format.*_member), so a bad one is a programming error.
        if not bundle_format.is_safe_member_path(file.path) or file.path in bundle_format.RESERVED_NAMES:
            raise ValueError(f"unsafe or reserved bundle member name: {file.path!r}")
        if bundle_format.is_report_pdf(file.path) and (
            file.report_id is None
            or file.language is None
            or bundle_format.pdf_member(file.report_id, file.language) != file.path
        ):
            raise ValueError(f"report PDF not bound to its report and language: {file.path!r}")
        if bundle_format.is_document(file.path) and not bundle_format.document_bound(
                file.path, file.media_type, file.document, file.record, file.language):
            raise ValueError(f"document not bound to its record and language: {file.path!r}")
        if file.path in seen:
            raise ValueError(f"bundle member listed twice: {file.path!r}")
        seen.add(file.path)
    problem = bundle_format.size_limit_problem((file.path, len(file.data)) for file in files)
    if problem is not None:
        msgid, params = problem
        raise BundleTooLarge(msgid, **params)


def _is_textual(media_type: str) -> bool:
    return (
        media_type.startswith("text/")
        or media_type in _TEXTUAL_MEDIA_TYPES
        or media_type.endswith(("+json", "+xml"))
    )


def _add(archive: zipfile.ZipFile, name: str, data: bytes, now: dt.datetime, *, compress: bool) -> None:
    info = zipfile.ZipInfo(name, date_time=now.astimezone(dt.UTC).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16  # rw-r--r-- when unpacked with Unix tools
    archive.writestr(info, data)
