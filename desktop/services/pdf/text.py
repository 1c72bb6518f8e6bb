"""Text as officers paste it from Word, made fit for a document: invisible debris out, visible text untouched."""

from __future__ import annotations

import re
import unicodedata

from desktop.services.pdf.fonts import covered_code_points

BULLET = "–"
NBSP = "\u00a0"

# Word turns manual line breaks into VT and page breaks into FF; Unicode has its own separators.
_BREAKS = str.maketrans({"\r": "\n", "\v": "\n", "\f": "\n\n", "\u2028": "\n", "\u2029": "\n\n", "\u0085": "\n"})
# Spaces that must not break keep one non-breaking form the font surely has; the rest become plain spaces.
_SPACES = {"\u2007": NBSP, "\u202f": NBSP, "\t": " ", "\u1680": " ", "\u205f": " ", "\u3000": " "}
_SPACES.update({chr(code): " " for code in range(0x2000, 0x200B) if chr(code) != "\u2007"})
_SPACE_TABLE = str.maketrans(_SPACES)
# Markers Word leaves at the start of list lines: its own bullets, Symbol/Wingdings private-use bullets, "o"+tab
# for the second level. "-", "–", "—" and "•" followed by a space are bullets typed by hand.
_BULLET_LINE = re.compile(
    r"^[ \t]*(?:[•·◦▪▫■□●○‣⁃∙\uf0a7\uf0b7\uf0d8\uf0fc\uf076]|[-–—*](?=[ \t])|o(?=\t))[ \t]*(?=\S)"
)
_SPACE_RUN = re.compile(r"[ ]{2,}")
_BLANK_RUN = re.compile(r"\n{3,}")


def clean_pasted_text(text: str) -> str:
    """Normalise text pasted from Word; quotes, dashes, № and every letter are kept as typed.

    Line ends become LF; tabs and odd spaces become spaces (NBSP stays non-breaking); soft hyphens, zero-width
    and other invisible format characters and control characters go; list markers become "– "; runs of
    spaces and of blank lines shrink to one.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").translate(_BREAKS))
    lines = (_clean_line(line) for line in text.split("\n"))
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


def clean_single_line(text: str) -> str:
    """For names, titles and places: pasted line breaks become spaces."""
    return " ".join(clean_pasted_text(text).split("\n")).strip()


def _clean_line(line: str) -> str:
    line = _BULLET_LINE.sub(BULLET + " ", line).translate(_SPACE_TABLE)
    # isprintable() is False for every Cc and Cf character: most lines skip the per-character pass.
    if not line.isprintable():
        line = "".join(char for char in line if not _is_invisible(char))
    return _SPACE_RUN.sub(" ", line).strip(" ")


def _is_invisible(char: str) -> bool:
    # Cc: control characters (newlines were split off before); Cf: soft hyphen, zero-width space/joiners,
    # BOM, direction marks — nothing a reader of a Kazakh or Russian document should get.
    return unicodedata.category(char) in ("Cc", "Cf")


def uncovered_characters(text: str) -> set[str]:
    """Characters of `text` the document font cannot draw (reportlab would draw an empty box, silently)."""
    covered = covered_code_points()
    return {char for char in set(text) if char != "\n" and ord(char) not in covered}
