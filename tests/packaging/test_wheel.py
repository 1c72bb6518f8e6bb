"""The wheel carries everything: built from this checkout, installed in a clean venv, it works with no checkout.

Catches what a source checkout hides: a module or subpackage missing from pyproject's package list, fonts,
icons, schemas or catalogs not shipped as package data (the installed UI would fall back to English and PDF
rendering would fail), a resolver that still looks beside the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.packaging.headless_path import Installed, password_environment, walk

# pip reaches the package index over TLS, which a shifted system clock (make test-faketime) breaks; packaging
# does not depend on the date, so `make test` runs this once with the real clock.
pytestmark = pytest.mark.skipif("FAKETIME" in os.environ, reason="pip's TLS needs the real clock")

ROOT = Path(__file__).resolve().parents[2]
# Repository folder -> where its files sit in the installed package (pyproject.toml's package-dir).
MAPPED = {"desktop": "hattama", "db": "hattama/db", "resources": "hattama/resources"}


def _pip(python: Path, *arguments: str | Path) -> None:
    subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", "--quiet", *map(str, arguments)],
                   check=True, capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _pip(Path(sys.executable), "wheel", "--no-deps", "--wheel-dir", out, ROOT)
    (built,) = out.glob("hattama-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv (no system site-packages, not editable) with the wheel and its dependencies."""
    folder = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, timeout=300)
    _pip(folder / "bin" / "python", "install", wheel)
    return folder


def test_every_module_resource_and_catalog_of_the_checkout_is_in_the_wheel(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    expected = set()
    for folder, target in MAPPED.items():
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                if folder == "resources" or path.suffix in {".py", ".mako"}:
                    expected.add(f"{target}/{path.relative_to(ROOT / folder).as_posix()}")
    for catalog in (ROOT / "i18n").glob("*/LC_MESSAGES/*.po"):
        expected.add(f"hattama/locale/{catalog.relative_to(ROOT / 'i18n').as_posix()}")
    assert sorted(expected - shipped) == [], "add the folder to pyproject.toml's packages or package-data"


def test_the_installed_copy_finds_its_own_files_not_the_checkout(venv: Path, tmp_path: Path) -> None:
    probe = ("from hattama.paths import resources_dir, i18n_dir; import hattama;"
             "print(resources_dir()); print(i18n_dir()); print(hattama.__file__)")
    lines = subprocess.run([str(venv / "bin" / "python"), "-c", probe], capture_output=True, text=True,
                           check=True, cwd=tmp_path, timeout=120).stdout.splitlines()
    for line in lines:
        assert Path(line).is_relative_to(venv), line
    assert (Path(lines[0]) / "fonts" / "LiberationSerif-Regular.ttf").is_file()
    assert (Path(lines[1]) / "kk" / "LC_MESSAGES" / "hattama.po").is_file()


def test_the_installed_copy_walks_the_whole_headless_path(venv: Path, tmp_path: Path) -> None:
    """`hattama` from the clean venv: kk UI strings, demo, kk and ru PDFs, a signed bundle that verifies."""
    environment = password_environment()
    environment["HATTAMA_DATA_DIR"] = str(tmp_path / "data")
    environment.pop("PYTHONPATH", None)
    store = tmp_path / "store.sqlite3"

    def run(arguments) -> subprocess.CompletedProcess:
        return subprocess.run([str(venv / "bin" / "hattama"), *arguments], capture_output=True, text=True,
                              encoding="utf-8", env=environment, cwd=tmp_path, timeout=300)

    walk(Installed(run), tmp_path, store, store_args=("--db", store))
