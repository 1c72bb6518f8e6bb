"""Trips (issue 17): encrypted trip kits, their return and merge with a preview, and record history."""

from hattama.services.history import Version, history, version_as_json
from hattama.services.trips.kit import KitError
from hattama.services.trips.merge import (
    BOTH,
    PREFERENCES,
    FieldChange,
    MergePreview,
    RecordMerge,
    conflicts,
    merge_kit,
    preview_merge,
)
from hattama.services.trips.service import KitSummary, OpenResult, export_kit, open_kit, return_kit

__all__ = [
    "BOTH",
    "PREFERENCES",
    "FieldChange",
    "KitError",
    "KitSummary",
    "MergePreview",
    "OpenResult",
    "RecordMerge",
    "Version",
    "conflicts",
    "export_kit",
    "history",
    "merge_kit",
    "open_kit",
    "preview_merge",
    "return_kit",
    "version_as_json",
]
