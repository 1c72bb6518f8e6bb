"""What a submission bundle is: its member names, format version and limits, shared by the writer and verifier.

The writer refuses what the verifier would refuse, with the same rules from here, so a bundle Hattama writes
always passes Hattama's verification.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from hattama.language import N_

FORMAT_NAME = "hattama-bundle"
# Version 2 (issue 10): the manifest names the sending body's BIN and id (`source`), and binds each report PDF
# to its report id and language. A version 1 reader refuses it rather than skip those checks.
# Version 3 (issues 14–16): documents besides reports (forms, plan, activity report, covering letter), each bound
# to its record and language; a version 2 reader refuses it rather than take them for plain files.
FORMAT_VERSION = 3
READABLE_VERSIONS = (2, 3)
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.p7s"
RESERVED_NAMES = frozenset({MANIFEST_NAME, SIGNATURE_NAME})
BODY_LANGUAGES = ("kk", "ru", "en")
# The manifest's `source`: the sending body's BIN (12 digits, or empty) and its stable id (interfaces.md).
SOURCE_FIELDS = ("body_bin", "body_id")

DATA_FOLDER = "data"
PDF_FOLDER = "pdf"
DOCUMENTS_FOLDER = "documents"
ATTACHMENTS_FOLDER = "attachments"
# The documents a bundle carries besides reports: the p.2 treaty forms (issue 14), the p.46 plan and activity
# report (issue 15) and the covering letter (issue 16). Each is a PDF, and the tables also a workbook.
DOCUMENT_KINDS = ("forms", "plan", "activity", "letter")
PDF_MEDIA_TYPE = "application/pdf"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCUMENT_FORMATS = {"pdf": PDF_MEDIA_TYPE, "xlsx": XLSX_MEDIA_TYPE}

_MIB = 1024 * 1024
MAX_MEMBERS = 10_000
MAX_MEMBER_SIZE = 200 * _MIB
MAX_TOTAL_SIZE = 1024 * _MIB
MAX_MANIFEST_SIZE = 16 * _MIB
MAX_SIGNATURE_SIZE = 1 * _MIB
# ZIP-bomb guard: the members may expand to at most this many times the archive's own size, once past a floor
# small enough to be harmless. Real bundles are mostly PDFs, which barely compress.
MAX_EXPANSION_RATIO = 100
EXPANSION_FLOOR = 64 * _MIB
MAX_PATH_LENGTH = 512
READ_CHUNK_SIZE = 1 * _MIB

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
# Characters Windows refuses in file names, control characters, and the separators.
_UNSAFE_FILE_NAME_CHARACTERS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
# In a member path: control characters, backslashes, and colons (drive letters, NTFS streams).
_UNSAFE_PATH_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\\:]")


def is_safe_member_path(path: str) -> bool:
    """A relative POSIX path that stays inside the archive on any system: no absolute path, `..`, `.`,
    empty segment, backslash, drive letter or stream (no colon at all), nor control character."""
    if not path or len(path) > MAX_PATH_LENGTH or path.startswith("/"):
        return False
    if _UNSAFE_PATH_CHARACTERS.search(path):
        return False
    return all(segment not in ("", ".", "..") for segment in path.split("/"))


def is_sha256_hex(value: object) -> bool:
    return isinstance(value, str) and _SHA256_HEX.fullmatch(value) is not None


def data_member(name: str) -> str:
    return f"{DATA_FOLDER}/{safe_file_name(name)}"


def pdf_member(report_id: str, language: str) -> str:
    return f"{PDF_FOLDER}/{safe_file_name(report_id)}.{language}.pdf"


def is_report_pdf(path: str) -> bool:
    return path.startswith(f"{PDF_FOLDER}/")


def document_record(kind: str, subject: str) -> str:
    """The record a document renders, as the manifest names it: "forms-2025", "plan-2027",
    "activity-2026-01-01-2026-12-04", "letter-<uuid>"."""
    return f"{kind}-{subject}"


def document_member(record: str, language: str, format: str) -> str:
    """`documents/<record>.<language>.<pdf|xlsx>`."""
    return f"{DOCUMENTS_FOLDER}/{safe_file_name(record)}.{language}.{format}"


def is_document(path: str) -> bool:
    return path.startswith(f"{DOCUMENTS_FOLDER}/")


def document_format(path: str) -> str:
    """"pdf" or "xlsx": the document's format, from its member name."""
    return path.rsplit(".", 1)[-1]


def document_bound(path: str, media_type: object, document: object, record: object, language: object) -> bool:
    """Whether a document's member name, media type, kind, record and language agree (the writer and the
    verifier's manifest check both ask)."""
    if not (isinstance(document, str) and isinstance(record, str) and isinstance(language, str)):
        return False
    format = document_format(path)
    return (document in DOCUMENT_KINDS
            and record.startswith(f"{document}-")
            and DOCUMENT_FORMATS.get(format) == media_type
            and document_member(record, language, format) == path)


def member_kind(entry: Mapping[str, Any]) -> str:
    """What a manifest entry is: "report", one of DOCUMENT_KINDS, "data" or "attachment"."""
    path = entry["path"]
    if is_report_pdf(path):
        return "report"
    if is_document(path):
        return str(entry["document"])
    return "data" if path.startswith(f"{DATA_FOLDER}/") else "attachment"


def attachment_member(data: bytes, file_name: str) -> str:
    """`attachments/<sha256>/<file-name>`: the hash keeps two attachments with one name apart."""
    return f"{ATTACHMENTS_FOLDER}/{hashlib.sha256(data).hexdigest()}/{safe_file_name(file_name)}"


def safe_file_name(name: str) -> str:
    """A user's file name made safe as one path segment, keeping its letters (Kazakh and Russian included)."""
    base = re.split(r"[/\\]", name)[-1]
    cleaned = _UNSAFE_FILE_NAME_CHARACTERS.sub("_", base).strip(" .")
    return cleaned[:200] or "file"


def size_limit_problem(sizes: Iterable[tuple[str, int]]) -> tuple[str, dict[str, Any]] | None:
    """The first limit that members of these (path, uncompressed size) pairs break, as (msgid, params)."""
    sizes = list(sizes)
    if len(sizes) > MAX_MEMBERS:
        return N_("The bundle has {count} files; at most {limit} are allowed."), {
            "count": len(sizes),
            "limit": MAX_MEMBERS,
        }
    for path, size in sizes:
        if size > MAX_MEMBER_SIZE:
            return N_("{path} is {size_mb} MB; a bundle file may be at most {limit_mb} MB."), {
                "path": path,
                "size_mb": megabytes(size),
                "limit_mb": megabytes(MAX_MEMBER_SIZE),
            }
    total = sum(size for _, size in sizes)
    if total > MAX_TOTAL_SIZE:
        return N_("The files total {size_mb} MB; a bundle may hold at most {limit_mb} MB."), {
            "size_mb": megabytes(total),
            "limit_mb": megabytes(MAX_TOTAL_SIZE),
        }
    return None


def megabytes(size: int) -> int:
    return math.ceil(size / _MIB)
