"""The CSV file of calendar overrides a unit imports when the Government moves a day off.

Format:
- UTF-8, with or without a byte-order mark; fields separated by commas or by semicolons (as Excel saves
  them with Kazakh or Russian settings): the header line decides which.
- A header line naming the columns, in any order (other columns are ignored):
  - `date`: the day, as YYYY-MM-DD (e.g. 2026-03-20);
  - `working`: whether the day is worked: 1/0, true/false, yes/no, иә/жоқ or да/нет (any letter case);
  - `reason`: why the day changes (must not be empty);
  - `act`: the act that ordered it, e.g. "ҚР Үкіметінің 2024 жылғы ... қаулысы" (may be empty until it is
    published).
- One line per day; a day appears at most once. Blank lines are skipped.
- Plain text: a control character other than a tab or a line break (e.g. NUL) is refused; a value longer than
  the CSV reader's limit (`csv.field_size_limit()`, 131,072 characters) is refused. Values are kept as the text
  they are: one starting with `=`, `+`, `-` or `@` is a reason or an act like any other, never a formula.

The import is all or nothing: the first bad line stops it with a message naming its line number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime

from hattama.rules.calendar import FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, Override
from hattama.rules.errors import N_, RuleError

REQUIRED_COLUMNS = ("date", "working", "reason", "act")
WORKING_VALUES: dict[str, bool] = {
    **dict.fromkeys(("1", "true", "yes", "иә", "да"), True),
    **dict.fromkeys(("0", "false", "no", "жоқ", "нет"), False),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_overrides_csv(text: str, entered_by: str, entered_at: datetime) -> list[Override]:
    """Every override in `text`, or RuleError for the first bad line (nothing is returned then)."""
    text = text.removeprefix("\ufeff")
    records = _records(text)
    header = next(records, None)
    if header is None:
        raise RuleError(N_("The file is empty: it needs a header line with the columns {columns}."),
                        columns=", ".join(REQUIRED_COLUMNS))
    columns = _read_header(*header)
    overrides: list[Override] = []
    first_line_of_day: dict[date, int] = {}
    for line, row in records:
        override = _read_row(row, columns, line, entered_by, entered_at)
        if override.day in first_line_of_day:
            raise RuleError(N_("Line {line}: the date {day} is already given on line {first_line}."),
                            line=line, day=override.day, first_line=first_line_of_day[override.day])
        first_line_of_day[override.day] = line
        overrides.append(override)
    if not overrides:
        raise RuleError(N_("The file has a header but no days to import."))
    return overrides


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank records with the file line each starts on (a quoted field may span lines)."""
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    while True:
        try:
            row = next(reader, None)
        except csv.Error as error:
            # On text, in the default (not strict) dialect, the reader's one error is a value over its limit.
            raise RuleError(N_("Line {line}: a value is longer than {limit} characters, far longer than a date, a "
                               "reason or an act. Is this the calendar file?"),
                            line=line, limit=csv.field_size_limit()) from error
        if row is None:
            return
        if any(field.strip() for field in row):
            yield line, row
        line = reader.line_num + 1


def _read_header(line: int, header: list[str]) -> dict[str, int]:
    _check_plain_text(header, line)
    columns: dict[str, int] = {}
    for index, name in enumerate(field.strip().lower() for field in header):
        if name in columns:
            raise RuleError(N_("Line {line}: the column “{column}” appears twice in the header."),
                            line=line, column=name)
        columns[name] = index
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            raise RuleError(N_("Line {line}: the header has no column “{column}”; it needs {columns}."),
                            line=line, column=column, columns=", ".join(REQUIRED_COLUMNS))
    return columns


def _read_row(row: list[str], columns: dict[str, int], line: int, entered_by: str,
              entered_at: datetime) -> Override:
    _check_plain_text(row, line)
    values = {}
    for column in REQUIRED_COLUMNS:
        if columns[column] >= len(row):
            raise RuleError(N_("Line {line}: the value for the column “{column}” is missing."),
                            line=line, column=column)
        values[column] = row[columns[column]].strip()
    day = _read_date(values["date"], line)
    working = WORKING_VALUES.get(values["working"].casefold())
    if working is None:
        raise RuleError(N_("Line {line}: “{value}” in the column “working” is not one of {allowed}."),
                        line=line, value=values["working"], allowed="1/0, true/false, yes/no, иә/жоқ, да/нет")
    if not values["reason"]:
        raise RuleError(N_("Line {line}: the reason is empty; say why the day changes."), line=line)
    return Override(day, working, values["reason"], values["act"], entered_by, entered_at)


def _check_plain_text(row: list[str], line: int) -> None:
    for field in row:
        control = _CONTROL.search(field)
        if control is not None:
            raise RuleError(N_("Line {line}: the file holds a control character (code {code}) that text has no "
                               "place for. Is this the calendar file, saved as CSV?"),
                            line=line, code=f"U+{ord(control.group()):04X}")


def _read_date(value: str, line: int) -> date:
    try:
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError:
        raise RuleError(N_("Line {line}: “{value}” is not a date written as YYYY-MM-DD."),
                        line=line, value=value) from None
    if not FIRST_SUPPORTED_YEAR <= day.year <= LAST_SUPPORTED_YEAR:
        raise RuleError(N_("Line {line}: the year {year} is outside the calendar ({first_year} to {last_year})."),
                        line=line, year=day.year, first_year=FIRST_SUPPORTED_YEAR, last_year=LAST_SUPPORTED_YEAR)
    return day
