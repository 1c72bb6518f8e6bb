"""What a subcommand needs: the store (opened on first use) and the output language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from db.store import Store, open_store
from desktop import i18n
from desktop.services.settings import load_settings

# A command waits this long for another Hattama's write to end (e.g. an import of the same file), then says the
# store is busy.
CLI_BUSY_TIMEOUT_MS = 15000


@dataclass
class CommandContext:
    store_path: Path
    language_fixed: bool = False
    _store: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.store_path, busy_timeout_ms=CLI_BUSY_TIMEOUT_MS)
            if not self.language_fixed:
                i18n.set_language(load_settings(self._store).language)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
