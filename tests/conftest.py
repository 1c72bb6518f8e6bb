"""Test-wide set-up: offscreen Qt, a private data dir, an in-memory keyring, no network, a pinned clock, one store
per test."""

from __future__ import annotations

import datetime as dt
import os
import socket
import tempfile
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["HATTAMA_DATA_DIR"] = tempfile.mkdtemp(prefix="hattama-test-data-")
os.environ.pop("HATTAMA_LANG", None)

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from sqlalchemy import update  # noqa: E402

from hattama import clock, i18n  # noqa: E402
from hattama.db.models import UnitSettings  # noqa: E402
from hattama.db.store import open_store  # noqa: E402


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (host.startswith("127.") or host in {"::1", "localhost"} or self.family == socket.AF_UNIX):
            return real_connect(self, address)
        raise OSError(f"network blocked in tests: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture(autouse=True)
def officer_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own per-officer config folder (language, key choice: issue 17.4)."""
    folder = tmp_path_factory.mktemp("officer-config")
    monkeypatch.setenv("HATTAMA_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def english_by_default():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


# The date every test runs on, whatever the real one (a Friday; `make test-faketime` runs the suite years later to
# prove it). A test that needs another day pins the clock itself (`pinned_clock.pin(...)`); each starts from here.
TODAY = dt.date(2026, 12, 4)
NOW = dt.datetime.combine(TODAY, dt.time(10, 0))


@pytest.fixture(autouse=True)
def pinned_clock():
    clock.pin(NOW)
    yield clock
    clock.pin(None)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def store(store_path: Path):
    """A new store, made at the pinned moment. Its default `tracking_since` is the day its settings row was stamped
    by the machine's clock, which `make test-faketime` moves while the officer's clock stays pinned: the stamp is
    set to the pinned moment, as it is when both clocks agree."""
    opened = open_store(store_path)
    with opened.session() as session:
        session.execute(update(UnitSettings).values(created_at=NOW.astimezone(dt.UTC)))
    yield opened
    opened.close()
