"""Text as officers paste it from Word, made fit for a document: invisible debris out, visible text untouched."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from hattama.services.pdf.fonts import covered_code_points

BULLET = "–"
NBSP = "\u00a0"

# Word turns manual line breaks into VT and page breaks into FF; Unicode has its own separators.
_LINE_BREAK = re.compile(r"\r\n?|[\v\u2028\u0085]")
_PARAGRAPH_BREAK = re.compile(r"[\f\u2029]")
# Spaces that must not break keep the one non-breaking form fonts surely have; the rest become plain spaces.
_NARROW_NON_BREAKING = re.compile(r"[\u2007\u202f]")
_ODD_SPACE = re.compile(r"[\t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]")
# Markers Word leaves at the start of list lines: its own bullets, Symbol/Wingdings private-use bullets, "o"+tab
# for the second level. "-", "–", "—" and "*" followed by a space are bullets typed by hand.
_BULLET_LINE = re.compile(
    r"^[ \t]*(?:[•·◦▪▫■□●○‣⁃∙\uf0a7\uf0b7\uf0d8\uf0fc\uf076]|[-–—*](?=[ \t])|o(?=\t))[ \t]*(?=\S)",
    re.MULTILINE,
)
_SPACE_RUN = re.compile(r" {2,}")
_BLANK_RUN = re.compile(r"\n{3,}")


def clean_pasted_text(text: str) -> str:
    """Normalise text pasted from Word; quotes, dashes, № and every letter are kept as typed.

    Line ends become LF; tabs and odd spaces become spaces (NBSP stays non-breaking); soft hyphens, zero-width
    and other invisible format characters and control characters go; list markers become "– "; runs of
    spaces and of blank lines shrink to one.
    """
    text = unicodedata.normalize("NFC", text)
    # Every break, odd space and invisible character is non-printable, so text already clean (re-rendered
    # reports mostly are) skips those passes; the regexes cost more than the C-speed checks guarding them.
    unusual = not text.replace("\n", " ").replace(NBSP, " ").isprintable()
    if unusual:
        text = _PARAGRAPH_BREAK.sub("\n\n", _LINE_BREAK.sub("\n", text))
    text = _BULLET_LINE.sub(BULLET + " ", text)  # before tabs become spaces: Word's "o<TAB>" is a bullet
    if unusual:
        text = _ODD_SPACE.sub(" ", _NARROW_NON_BREAKING.sub(NBSP, text))
        text = "\n".join(line if line.isprintable() else _visible(line) for line in text.split("\n"))
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    text = "\n".join(line.strip(" ") for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n")


def clean_single_line(text: str) -> str:
    """For names, titles and places: pasted line breaks become spaces."""
    return " ".join(clean_pasted_text(text).split("\n")).strip()


def _visible(line: str) -> str:
    # isprintable() is False for every Cc and Cf character, so only lines that have one come here.
    return "".join(char for char in line if not _is_invisible(char))


def _is_invisible(char: str) -> bool:
    # Cc: control characters (newlines were split off before); Cf: soft hyphen, zero-width space/joiners,
    # BOM, direction marks — nothing a reader of a Kazakh or Russian document should get.
    return unicodedata.category(char) in ("Cc", "Cf")


def uncovered_characters(text: str) -> set[str]:
    """Characters of `text` the document font cannot draw (reportlab would draw an empty box, silently)."""
    return set(_uncovered_pattern().findall(text))


@cache
def _uncovered_pattern() -> re.Pattern[str]:
    # One character class of everything drawable (plus the line feed): the scan runs in C, not per character.
    drawable = sorted(covered_code_points() | {ord("\n")})
    ranges: list[tuple[int, int]] = []
    for code in drawable:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    members = "".join(re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")
                      for first, last in ranges)
    return re.compile(f"[^{members}]")
