"""Per-officer settings (issue 17.4): the interface language and the chosen signing key or NCALayer.

They live in the officer's own config folder (`paths.config_dir`, platformdirs), not in the unit store: they do
not travel in a trip kit, and colleagues sharing a store keep their own. Stores from before kept them in
`unit_settings`: migration 0014 parks what such a store still holds in `officer_handover` (a store's file
knows nothing of the officer's folder, so Alembic cannot move it further) and the first `officer_settings`
after it moves that into the officer's file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hattama.db.store import Store
from hattama.language import LANGUAGES, N_
from hattama.paths import config_dir
from hattama.services.errors import ServiceError

FILE_NAME = "officer.json"
DEFAULT_LANGUAGE = "kk"


@dataclass(frozen=True)
class OfficerSettings:
    language: str = ""  # "" : not chosen (Kazakh)
    signing_key_path: str = ""
    sign_with_ncalayer: bool = False
    window_geometry: str = ""  # the main window's size and place on this officer's screen (Qt's, base64)
    # Per table (hattama.ui.column_widths): {"widths": {column: pixels}, "sort": [column, descending]}.
    table_layouts: dict[str, Any] = dataclasses.field(default_factory=dict)
    reminders: bool = True  # the tray notification of deadlines (issue 19.10)

    @property
    def interface_language(self) -> str:
        return self.language or DEFAULT_LANGUAGE


def settings_file() -> Path:
    return config_dir() / FILE_NAME


def load_officer() -> OfficerSettings:
    """The officer's settings; a missing or unreadable file (or a value of the wrong kind) counts as unset."""
    try:
        values = json.loads(settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return OfficerSettings()
    if not isinstance(values, dict):
        return OfficerSettings()
    language = values.get("language")
    key = values.get("signing_key_path")
    ncalayer = values.get("sign_with_ncalayer")
    geometry = values.get("window_geometry")
    layouts = values.get("table_layouts")
    reminders = values.get("reminders")
    return OfficerSettings(language if language in LANGUAGES else "", key if isinstance(key, str) else "",
                           ncalayer if isinstance(ncalayer, bool) else False,
                           geometry if isinstance(geometry, str) else "",
                           layouts if isinstance(layouts, dict) else {},
                           reminders=reminders if isinstance(reminders, bool) else True)


def save_officer(**changes: Any) -> OfficerSettings:  # any of OfficerSettings' fields, by name
    """Change some of the officer's settings; the file is replaced atomically."""
    if "language" in changes and changes["language"] not in LANGUAGES:
        raise ServiceError(N_("Unknown interface language: {language}."), language=changes["language"])
    settings = dataclasses.replace(load_officer(), **changes)
    path = settings_file()
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp", delete=False) as handle:
            temporary = handle.name
            json.dump(dataclasses.asdict(settings), handle, ensure_ascii=False, indent=2)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise ServiceError(N_("The file {path} cannot be written: {reason}."),
                           path=str(path), reason=error.strerror or str(error)) from error
    return settings


def officer_settings(store: Store) -> OfficerSettings:
    """The officer's settings, after taking in what an older Hattama kept for them in the store (parked in
    `officer_handover` by migration 0014): a value fills only what the officer's file does not hold yet, so the
    officer's own choices are kept. Once taken, one plain read of an empty table tells so (no ORM)."""
    if not store.read("SELECT name FROM officer_handover LIMIT 1"):
        return load_officer()
    from sqlalchemy import delete, select

    from hattama.db.models import OfficerHandover

    with store.session(write=True) as session:
        parked = dict(session.execute(select(OfficerHandover.name, OfficerHandover.value)).tuples().all())
        current = load_officer()
        taken: dict[str, object] = {}
        if parked.get("language") in LANGUAGES and not current.language:
            taken["language"] = parked["language"]
        if parked.get("signing_key_path") and not current.signing_key_path:
            taken["signing_key_path"] = parked["signing_key_path"]
        if parked.get("sign_with_ncalayer") == "1" and not current.signing_key_path and not current.sign_with_ncalayer:
            taken["sign_with_ncalayer"] = True
        settings = save_officer(**taken) if taken else current
        session.execute(delete(OfficerHandover))
    return settings
