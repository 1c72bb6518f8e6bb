"""The bundled font: Liberation Serif 2.x, four faces, its licence beside it, registered once."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile

from hattama.services.pdf.fonts import covered_code_points, fonts_dir, register_fonts

FACES = ["Regular", "Bold", "Italic", "BoldItalic"]
KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"


def test_the_four_faces_and_the_licence_are_bundled():
    for face in FACES:
        assert (fonts_dir() / f"LiberationSerif-{face}.ttf").is_file()
    licence = (fonts_dir() / "LICENSE-LiberationSerif.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Copyright (c) 2012 Red Hat, Inc." in licence


def test_bundled_faces_are_the_2x_series_with_every_kazakh_letter():
    """1.x lacks the Kazakh letters: the bundle must never fall back to it."""
    for face in FACES:
        font = TTFontFile(str(fonts_dir() / f"LiberationSerif-{face}.ttf"))
        assert font.fontRevision[0] == 2, face  # (major, fraction of 65536): 2.1.5 reads (2, 6553)
        missing = [char for char in KAZAKH_LETTERS if not font.charToGlyph.get(ord(char))]
        assert missing == [], face


def test_registration_is_idempotent_and_forms_a_family():
    family = register_fonts()
    again = register_fonts()

    assert family == again
    assert pdfmetrics.getFont(family.regular).face.name == b"LiberationSerif"
    assert pdfmetrics.getFont(family.bold).face.name == b"LiberationSerif-Bold"
    assert pdfmetrics.getFont(family.bold_italic).face.name == b"LiberationSerif-BoldItalic"


def test_coverage_is_what_every_face_draws():
    covered = covered_code_points()

    assert all(ord(char) in covered for char in KAZAKH_LETTERS + "«»—–№")
    assert ord("\u4e2d") not in covered
