"""Read the files of a verified bundle into memory; nothing is extracted to disk.

The bundle is opened again here, so each file is checked once more against the verified manifest: a file
swapped on disk between verification and reading is refused, not used.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from typing import Any

from hattama.language import N_
from hattama.services.bundle import format as bundle_format
from hattama.services.bundle.verifier import (
    ZIP_ERRORS,
    UnreadableMember,
    VerificationReport,
    directory_entries,
    read_member,
)
from hattama.services.errors import ServiceError


class BundleNotVerified(ServiceError):
    def __init__(self) -> None:
        super().__init__(N_("The bundle did not pass verification, so its files cannot be opened."))


class BundleChangedSinceVerification(ServiceError):
    def __init__(self, member: str | None = None) -> None:
        if member is None:
            super().__init__(
                N_("The bundle changed or became unreadable after verification; verify it again.")
            )
        else:
            super().__init__(
                N_("The file {path} in the bundle changed after verification; verify the bundle again."),
                path=member,
            )


def read_verified_members(path: str | os.PathLike[str], report: VerificationReport) -> dict[str, bytes]:
    """Every file the verified manifest lists, by member name, each checked again against its size and SHA-256."""
    if not report.ok or report.manifest is None:
        raise BundleNotVerified()
    return _read(path, report.manifest["files"])


def read_verified_member(path: str | os.PathLike[str], report: VerificationReport, member: str) -> bytes:
    """One listed file of a verified bundle (to open it), checked again against its size and SHA-256."""
    if not report.ok or report.manifest is None:
        raise BundleNotVerified()
    entries = [entry for entry in report.manifest["files"] if entry["path"] == member]
    if not entries:
        raise BundleChangedSinceVerification(member)
    return _read(path, entries)[member]


def _read(path: str | os.PathLike[str], entries: list[dict[str, Any]]) -> dict[str, bytes]:
    members: dict[str, bytes] = {}
    try:
        if directory_entries(path, bundle_format.MAX_MEMBERS) > bundle_format.MAX_MEMBERS:
            raise BundleChangedSinceVerification()
        with zipfile.ZipFile(path) as archive:
            for entry in entries:
                member = entry["path"]
                try:
                    data = read_member(archive, archive.getinfo(member), entry["size"])
                except (KeyError, UnreadableMember):
                    raise BundleChangedSinceVerification(member) from None
                if len(data) != entry["size"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
                    raise BundleChangedSinceVerification(member)
                members[member] = data
    except ZIP_ERRORS:
        raise BundleChangedSinceVerification() from None
    return members
