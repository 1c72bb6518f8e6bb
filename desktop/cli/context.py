"""What a subcommand needs: the store (opened on first use) and the output language.

The language chosen for the run (--lang or HATTAMA_LANG) is kept; without one, the officer's (issue 17.4).
Nothing heavy is imported before a command asks for the store.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hattama.i18n import N_
from hattama.services.errors import ServiceError

if TYPE_CHECKING:
    from hattama.db.store import Store

# A command waits this long for another Hattama's write to end (e.g. an import of the same file), then says the
# store is busy.
CLI_BUSY_TIMEOUT_MS = 15000


@dataclass
class CommandContext:
    store_path: Path
    language_fixed: bool = False
    may_create_folder: bool = True
    _store: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        """The store, opened with the cheap check; after an unclean shutdown the full check runs first."""
        if self._store is None:
            from hattama import i18n
            from hattama.db.store import open_store
            from hattama.paths import open_markers_dir
            from hattama.services.officer import officer_settings

            folder = self.store_path.parent
            if not self.may_create_folder and not folder.exists():
                raise ServiceError(N_("There is no folder {folder}, so no store {path}. Check the path, or add "
                                      "--new-store to create a new, empty store there."),
                                   folder=str(folder), path=str(self.store_path))
            self._store = open_store(self.store_path, busy_timeout_ms=CLI_BUSY_TIMEOUT_MS,
                                     markers=open_markers_dir())
            if "sqlalchemy.orm" in sys.modules:  # a command that writes records: stored obligations follow
                from hattama.services import obligation_listener  # noqa: F401
            if not self.language_fixed:
                i18n.set_language(officer_settings(self._store).interface_language)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
