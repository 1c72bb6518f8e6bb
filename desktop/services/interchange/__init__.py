"""The one versioned JSON interchange format: export, import (merge by id and time) and its schema.

Used by the command line, trip sync and the submission bundles; see `resources/schemas/` for the format.
"""

from hattama.services.interchange.export import ExportSummary, export_interchange, export_to_file
from hattama.services.interchange.importer import (
    Conflict,
    ImportResult,
    MissingAttachment,
    import_file,
    import_interchange,
)
from hattama.services.interchange.schema import FORMAT, VERSION

__all__ = [
    "FORMAT",
    "VERSION",
    "Conflict",
    "ExportSummary",
    "ImportResult",
    "MissingAttachment",
    "export_interchange",
    "export_to_file",
    "import_file",
    "import_interchange",
]
