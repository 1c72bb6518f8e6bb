"""Fixtures for the PDF tests: the proposed catalogs in place of the real ones, and poppler's tools."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from hattama.services.pdf import render as render_module


@pytest.fixture
def document_catalog(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the languages the renderer translates document strings into, in order (through the catalogs)."""
    asked: list[str] = []
    real_translate_in = render_module.translate_in

    def translate_in(language: str, message: str) -> str:
        asked.append(language)
        return real_translate_in(language, message)

    monkeypatch.setattr(render_module, "translate_in", translate_in)
    return asked


def _poppler(tool: str, *args: str, data: bytes) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "document.pdf"
        pdf.write_bytes(data)
        done = subprocess.run([tool, *args, str(pdf), "-"] if tool == "pdftotext" else [tool, *args, str(pdf)],
                              capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def pdf_text() -> Callable[..., str]:
    def extract(data: bytes, layout: bool = False) -> str:
        return _poppler("pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8", data=data)

    return extract


@pytest.fixture
def pdf_fonts() -> Callable[[bytes], list[dict[str, str]]]:
    def fonts(data: bytes) -> list[dict[str, str]]:
        """pdffonts' table as rows: name, type, emb."""
        lines = _poppler("pdffonts", data=data).splitlines()[2:]
        rows = []
        for line in lines:
            columns = line.split()
            # name type [type words...] encoding emb sub uni object ID
            rows.append({"name": columns[0], "type": " ".join(columns[1:-6]), "emb": columns[-5]})
        return rows

    return fonts


@pytest.fixture
def pdf_info() -> Callable[[bytes], dict[str, str]]:
    def info(data: bytes) -> dict[str, str]:
        pairs = (line.split(":", 1) for line in _poppler("pdfinfo", data=data).splitlines() if ":" in line)
        return {key.strip(): value.strip() for key, value in pairs}

    return info


@pytest.fixture
def pdf_words() -> Callable[[bytes], list[list[tuple[float, float, float, float, str]]]]:
    def words(data: bytes) -> list[list[tuple[float, float, float, float, str]]]:
        """Per page, each word's box in points from the top left: xMin, yMin, xMax, yMax, text."""
        html = _poppler("pdftotext", "-bbox", "-enc", "UTF-8", data=data)
        return [
            [
                (float(x0), float(y0), float(x1), float(y1), text)
                for x0, y0, x1, y1, text in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
                )
            ]
            for page in html.split("<page ")[1:]
        ]

    return words
