"""The document font: Liberation Serif 2.x from `resources/fonts`, registered with reportlab once per process."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from hattama.paths import resources_dir

FAMILY = "LiberationSerif"
# reportlab font name → file in resources/fonts; the family name doubles as the regular face's name.
_FACE_FILES = {
    FAMILY: "LiberationSerif-Regular.ttf",
    f"{FAMILY}-Bold": "LiberationSerif-Bold.ttf",
    f"{FAMILY}-Italic": "LiberationSerif-Italic.ttf",
    f"{FAMILY}-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}

_lock = threading.Lock()


@dataclass(frozen=True)
class FontFamily:
    regular: str
    bold: str
    italic: str
    bold_italic: str


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


@cache
def _loaded_faces() -> dict[str, TTFont]:
    # Parsing a TTF costs milliseconds; every PDF in the process shares one parse.
    return {name: TTFont(name, fonts_dir() / file_name) for name, file_name in _FACE_FILES.items()}


def register_fonts() -> FontFamily:
    """Register the four faces as one family so <b> and <i> in paragraphs pick the right file."""
    with _lock:
        faces = _loaded_faces()
        for face in faces.values():
            if face.fontName not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(face)
        family = FontFamily(FAMILY, f"{FAMILY}-Bold", f"{FAMILY}-Italic", f"{FAMILY}-BoldItalic")
        pdfmetrics.registerFontFamily(
            FAMILY,
            normal=family.regular,
            bold=family.bold,
            italic=family.italic,
            boldItalic=family.bold_italic,
        )
        return family


@cache
def covered_code_points() -> frozenset[int]:
    """Code points every face can draw: a character must survive a switch to bold or italic."""
    with _lock:
        faces = _loaded_faces()
    covered: frozenset[int] | None = None
    for face in faces.values():
        # Glyph 0 is .notdef, the empty box: a cmap entry pointing at it is no coverage.
        drawn = frozenset(code for code, glyph in face.face.charToGlyph.items() if glyph)
        covered = drawn if covered is None else covered & drawn
    return covered or frozenset()
