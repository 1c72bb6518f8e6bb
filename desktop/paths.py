"""Where things live: bundled assets beside the code, the user's store in the per-user data directory.

One resolver serves a source checkout, an installed package and a frozen (PyInstaller) build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Hattama"
APP_AUTHOR = "Hattama"


def install_root() -> Path:
    """The folder holding `resources/` and `i18n/`."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return install_root() / "resources"


def i18n_dir() -> Path:
    return install_root() / "i18n"


def data_dir() -> Path:
    """Per-user data folder (%LOCALAPPDATA%\\Hattama on Windows); HATTAMA_DATA_DIR overrides it."""
    override = os.environ.get("HATTAMA_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


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
