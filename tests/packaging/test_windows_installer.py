"""The Windows installer, installed silently under Wine, and the installed Hattama walking the headless path.

Runs only when HATTAMA_INSTALLER names the built .exe (`make test-installer` sets it after `make installer`).
Under Wine: the per-user install (no administrator), the Start-menu shortcut, the uninstall entry, `hattama`
on the user's PATH, the store in %LOCALAPPDATA%\\Hattama, an upgrade in place that keeps the store, and the
uninstaller that removes the program and keeps the store. Qt's window does not load under Wine (Qt needs
Windows' own ICU), so the window itself is checked on a real Windows machine (see the README).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.packaging.headless_path import Installed, password_environment, walk
from tests.packaging.wine_shims import PYTHON_DLL_OVERRIDES, install_shims

INSTALLER = os.environ.get("HATTAMA_INSTALLER")
WINE = shutil.which("wine64") or shutil.which("/usr/lib/wine/wine64")
WINESERVER = shutil.which("wineserver") or "/usr/lib/wine/wineserver"

pytestmark = [
    pytest.mark.skipif(not INSTALLER, reason="set HATTAMA_INSTALLER to the built .exe (make test-installer)"),
    pytest.mark.skipif(WINE is None, reason="wine64 is missing (packaging/install-installer-deps.sh)"),
    pytest.mark.timeout(1200),
]


def windows_path(path: Path) -> str:
    """Wine's Z: drive is this machine's root."""
    return "Z:" + str(path).replace("/", "\\")


class Wine:
    def __init__(self, prefix: Path) -> None:
        self.prefix = prefix
        self.environment = password_environment()
        # The installed copy must use its own default data folder, and read no Linux settings.
        for variable in ("HATTAMA_DATA_DIR", "HATTAMA_LANG", "PYTHONPATH", "DISPLAY", "WAYLAND_DISPLAY"):
            self.environment.pop(variable, None)
        self.environment.update(WINEPREFIX=str(prefix), WINEDEBUG="-all", WINEDLLOVERRIDES="mscoree,mshtml=",
                                # Output to a pipe, not a console: Python would use the ANSI code page.
                                PYTHONUTF8="1")

    def run(self, program: str | Path, *arguments: str, dll_overrides: str = "",
            timeout: int = 600) -> subprocess.CompletedProcess:
        environment = dict(self.environment)
        if dll_overrides:
            environment["WINEDLLOVERRIDES"] += ";" + dll_overrides
        result = subprocess.run([WINE, str(program), *arguments], capture_output=True, text=True, encoding="utf-8",
                                errors="replace", env=environment, timeout=timeout)
        subprocess.run([WINESERVER, "-w"], env=self.environment, timeout=timeout, check=False)  # until all exit
        return result

    def c_drive_path(self, path: Path) -> str:
        """A path inside the prefix's drive_c as Windows writes it (C:\\users\\…)."""
        return "C:\\" + str(path.relative_to(self.prefix / "drive_c")).replace("/", "\\")

    def user_folder(self) -> Path:
        (folder,) = [p for p in (self.prefix / "drive_c" / "users").iterdir() if p.name not in {"Public"}]
        return folder

    def user_registry(self) -> str:
        return (self.prefix / "user.reg").read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def wine(tmp_path_factory: pytest.TempPathFactory) -> Wine:
    wine = Wine(tmp_path_factory.mktemp("wineprefix"))
    result = wine.run(Path(INSTALLER), "/S")
    assert result.returncode == 0, result.stderr
    install_shims(wine.prefix)
    return wine


@pytest.fixture(scope="module")
def install_dir(wine: Wine) -> Path:
    return wine.user_folder() / "AppData" / "Local" / "Programs" / "Hattama"


def _hattama(wine: Wine, install_dir: Path):
    def run(arguments) -> subprocess.CompletedProcess:
        return wine.run(install_dir / "bin" / "hattama.exe", *arguments, dll_overrides=PYTHON_DLL_OVERRIDES)
    return run


def test_a_per_user_install_with_shortcut_uninstall_entry_and_command(wine: Wine, install_dir: Path) -> None:
    assert (install_dir / "Python" / "python.exe").is_file()
    assert (install_dir / "pkgs" / "hattama" / "resources" / "fonts" / "LiberationSerif-Regular.ttf").is_file()
    assert (install_dir / "uninstall.exe").is_file()
    start_menu = wine.user_folder() / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    assert (start_menu / "Hattama.lnk").is_file()
    registry = wine.user_registry()
    assert re.search(r"Uninstall\\\\Hattama-543f96d4-9933-4d47-9f37-ce9d92f7b144\]", registry)
    assert "Programs\\\\Hattama\\\\bin" in registry  # on the user's PATH (HKCU\Environment)
    assert "Hattama" not in (wine.prefix / "system.reg").read_text(encoding="utf-8", errors="replace")


def test_the_installed_hattama_walks_the_whole_headless_path(wine: Wine, install_dir: Path, tmp_path: Path) -> None:
    """No --db: the store goes to the per-user data folder, %LOCALAPPDATA%\\Hattama."""
    store = wine.user_folder() / "AppData" / "Local" / "Hattama" / "hattama.sqlite3"
    walk(Installed(_hattama(wine, install_dir), windows_path), tmp_path, store)


def test_an_upgrade_replaces_the_program_in_place_and_keeps_the_store(wine: Wine, install_dir: Path) -> None:
    store = wine.user_folder() / "AppData" / "Local" / "Hattama" / "hattama.sqlite3"
    if not store.exists():  # this test alone: make a store first
        assert _hattama(wine, install_dir)(["demo", "--events", "3"]).returncode == 0
    before = store.read_bytes()
    stale = install_dir / "pkgs" / "hattama" / "stale_module_of_an_older_version.py"
    stale.write_text("raise ImportError\n", encoding="utf-8")
    assert wine.run(Path(INSTALLER), "/S").returncode == 0
    assert not stale.exists()
    assert store.read_bytes() == before
    assert len(re.findall(r"Uninstall\\\\Hattama-", wine.user_registry())) == 1
    result = _hattama(wine, install_dir)(["report", "list", "--format", "json"])
    assert result.returncode == 0 and result.stdout.lstrip().startswith("[")


def test_the_uninstaller_removes_the_program_and_keeps_the_store(wine: Wine, install_dir: Path) -> None:
    store = wine.user_folder() / "AppData" / "Local" / "Hattama" / "hattama.sqlite3"
    if not store.exists():
        assert _hattama(wine, install_dir)(["demo", "--events", "3"]).returncode == 0
    # _?= keeps the uninstaller in place, so Wine waits for it (otherwise it copies itself to %TEMP% and returns).
    result = wine.run(install_dir / "uninstall.exe", "/S", "_?=" + wine.c_drive_path(install_dir))
    assert result.returncode == 0, result.stderr
    assert not (install_dir / "pkgs").exists() and not (install_dir / "Python").exists()
    assert not (install_dir / "bin").exists()
    start_menu = wine.user_folder() / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    assert not (start_menu / "Hattama.lnk").exists()
    assert "Uninstall\\\\Hattama-" not in wine.user_registry()
    assert store.is_file()
