"""Hostile calendar-override CSV files (issue 10.9), imported with `hattama calendar import`.

Classes of hostile input, each built by `HOSTILE` below (most from the valid file):
- resource exhaustion: a value over the CSV reader's 131,072-character limit (plain, quoted over many lines, after
  good lines), a million lines (blank within the size limit; days over it);
- not text: binary bytes, a PNG, UTF-16 with and without its byte-order mark, cp1251, encoded lone surrogates,
  NUL bytes and other control characters (a terminal escape) inside otherwise good UTF-8;
- formula injection: values that a spreadsheet would run (`=`, `+`, `-`, `@`) are kept as the text they are.
Every refusal is one translated line (exit code 2) naming the line or the file, with nothing imported.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from hattama.cli import main
from hattama.db.store import open_store
from hattama.services.calendar import list_overrides

HEADER = "date,working,reason,act\n"
GOOD_LINE = "2026-03-20,0,Наурыз алдындағы демалыс,ҚР Үкіметінің қаулысы\n"
GOOD = HEADER + GOOD_LINE + "2026-03-28,иә,Жұмыс сенбісі,ҚР Үкіметінің қаулысы\n"
LIMIT = csv.field_size_limit()
MILLION = 1_000_000


def _long() -> str:
    return "ж" * (LIMIT + 1)


# Each hostile file: how to build it (from the valid one) and a fragment its refusal must contain.
HOSTILE: dict[str, tuple[Callable[[], bytes | str], str]] = {
    "value over the limit": (lambda: HEADER + f"2026-03-20,0,{_long()},act\n", f"Line 2: a value is longer than {LIMIT}"),
    "value over the limit after good lines": (lambda: GOOD + "\n" + f"2026-04-01,0,r,{_long()}\n",
                                              "Line 5: a value is longer than"),
    "quoted value over many lines": (lambda: HEADER + GOOD_LINE + '2026-04-01,0,"' + "line\n" * (LIMIT // 4) + '",a\n',
                                     "Line 3: a value is longer than"),
    "a million blank lines": (lambda: HEADER + "\r\n" * MILLION, "has a header but no days"),
    "a million days": (lambda: HEADER + GOOD_LINE * MILLION, "is too large for a calendar import"),
    "binary": (lambda: bytes(range(256)) * 64, "is not UTF-8 text"),
    "png": (lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "is not UTF-8 text"),
    "utf-16 with its mark": (lambda: GOOD.encode("utf-16"), "is not UTF-8 text"),
    "utf-16 without a mark": (lambda: (HEADER + "2026-03-20,0,Transfer,Decree 1\n").encode("utf-16-le"),
                              "Line 1: the file holds a control character (code U+0000)"),
    "cp1251": (lambda: "date,working,reason,act\n2026-03-20,нет,Перенос,Постановление\n".encode("cp1251"),
               "is not UTF-8 text"),
    "encoded lone surrogate": (lambda: HEADER.encode() + b"2026-03-20,0,\xed\xa0\x80,act\n", "is not UTF-8 text"),
    "nul in a value": (lambda: HEADER + "2026-03-20,0,rea\x00son,act\n",
                       "Line 2: the file holds a control character (code U+0000)"),
    "terminal escape in a value": (lambda: GOOD + "2026-04-01,0,\x1b[2J\x1b[31mcleared,act\n",
                                   "Line 4: the file holds a control character (code U+001B)"),
    "nul in the header": (lambda: "date,work\x00ing,reason,act\n" + GOOD_LINE,
                          "Line 1: the file holds a control character"),
}

FORMULAS = ["=HYPERLINK(\"http://example.invalid\",\"Ашу\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "=1+1;", "\t=tab first"]


def imported(store_path: Path, file: Path) -> int:
    return main(["--db", str(store_path), "--lang", "en", "calendar", "import", str(file)])


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_file_is_one_clear_line_and_nothing_is_imported(kind: str, store_path: Path, tmp_path: Path,
                                                                  capsys) -> None:
    build, expected = HOSTILE[kind]
    content = build()
    file = tmp_path / "overrides.csv"
    file.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    assert imported(store_path, file) == 2
    error = capsys.readouterr().err
    assert "Traceback" not in error and error.count("\n") == 1 and error.startswith("hattama: ")
    assert expected in error
    assert len(error) < 400  # the message quotes no hostile value whole
    store = open_store(store_path)
    try:
        assert list_overrides(store, include_removed=True) == []
    finally:
        store.close()


def test_formula_like_values_are_kept_as_text(store_path: Path, tmp_path: Path, capsys) -> None:
    lines = [HEADER.rstrip("\n")]
    for offset, formula in enumerate(FORMULAS):
        quoted = formula.replace('"', '""')
        lines.append(f'2026-04-{offset + 6:02d},0,"{quoted}","{quoted} act"')
    file = tmp_path / "formulas.csv"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert imported(store_path, file) == 0
    store = open_store(store_path)
    try:
        kept = [(item.override.reason, item.override.act) for item in list_overrides(store)]
    finally:
        store.close()
    assert kept == [(formula.strip(), f"{formula} act".strip()) for formula in FORMULAS]
    capsys.readouterr()
    assert main(["--db", str(store_path), "--lang", "en", "calendar", "overrides"]) == 0
    shown = capsys.readouterr().out
    assert all(formula.strip() in shown for formula in FORMULAS)
