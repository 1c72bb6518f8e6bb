"""Where things live: bundled assets beside the code, the user's store in the per-user data directory.

One resolver serves a source checkout, an installed package (the Windows installer installs the wheel)
and a frozen (PyInstaller) build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Hattama"
PACKAGE_DIR = Path(__file__).resolve().parent  # desktop/ in a checkout, hattama/ installed
APP_AUTHOR = "Hattama"


def _bundled(installed_name: str, checkout_name: str) -> Path:
    """A folder of bundled files: beside a frozen executable, inside the installed package, or in a checkout.

    An installed `hattama` carries `resources/` and the catalogs (`locale/`) inside the package; a source
    checkout has `resources/` and `i18n/` beside desktop/ (the package's folder).
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / checkout_name
    installed = PACKAGE_DIR / installed_name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / checkout_name


def resources_dir() -> Path:
    return _bundled("resources", "resources")


def i18n_dir() -> Path:
    """The catalogs: <lang>/LC_MESSAGES/hattama.po (and, in a checkout, the .pot template and babel.cfg)."""
    return _bundled("locale", "i18n")


def data_dir() -> Path:
    """Per-user data folder: %LOCALAPPDATA%\\Hattama on Windows, ~/.local/share/Hattama on Linux;
    HATTAMA_DATA_DIR overrides it."""
    override = os.environ.get("HATTAMA_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def config_dir() -> Path:
    """Per-officer settings folder (%APPDATA%\\Hattama on Windows, roaming with the officer's profile);
    HATTAMA_CONFIG_DIR overrides it, and beside a HATTAMA_DATA_DIR it is that folder's `config`."""
    override = os.environ.get("HATTAMA_CONFIG_DIR")
    if override:
        return Path(override)
    if os.environ.get("HATTAMA_DATA_DIR"):
        return data_dir() / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR, roaming=True))


def default_store_path() -> Path:
    return data_dir() / "hattama.sqlite3"


def log_dir() -> Path:
    return data_dir() / "logs"


def open_markers_dir() -> Path:
    """Where each opening of a store leaves its marker until it closes (`hattama.db.store.OpenMarker`)."""
    return data_dir() / "open-stores"
