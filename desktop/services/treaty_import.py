"""Importing a unit's existing treaty list from a spreadsheet (.xlsx) or a CSV file: all rows or none.

The first row holds the column headings. A heading is mapped to a register field by the officer's mapping
(`{"Наименование договора": "title_ru"}`), else by its own name when it is a field name or a usual heading.
Kinds, statuses and acts are accepted as codes or as their names in Kazakh, Russian or English; dates as
2024-05-17, 17.05.2024 or a spreadsheet date; parties as a list separated by ";" of ISO country codes, country
names, organisation codes or abbreviations, or free names. The first row with a problem is named and nothing
is stored; a treaty the register (or an earlier row) already holds is reported the same way, not merged.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from hattama.db.store import Store
from hattama.language import LANGUAGES, N_, country_name, translate_in
from hattama.rules.errors import Title
from hattama.rules.event_validation import Party
from hattama.rules.treaty_validation import (
    CONSENT_ACT_KINDS,
    TREATY_KINDS,
    TREATY_STATUSES,
    TreatyData,
    duplicate_keys,
)
from hattama.services.attachments import read_file_within
from hattama.services.errors import ServiceError
from hattama.services.event_reference import known_countries
from hattama.services.organisations import organisations
from hattama.services.treaties import add_treaties, find_duplicate, validate

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_ROWS = 10_000
PARTY_SEPARATOR = ";"

TEXT_FIELDS = ("title_kk", "title_ru", "title_original", "original_language", "signed_at", "consent_act_number",
               "duration", "responsible_body", "co_executors", "notes")
DATE_FIELDS = ("signed_on", "consent_act_date", "in_force_on", "terminated_on")
CODED_FIELDS = {"kind": TREATY_KINDS, "status": TREATY_STATUSES, "consent_act_kind": CONSENT_ACT_KINDS}
IMPORT_FIELDS = (*TEXT_FIELDS, *DATE_FIELDS, *CODED_FIELDS, "parties")
# Headings units usually give these columns (compared casefolded, spacing aside).
USUAL_HEADINGS: dict[str, str] = {
    "атауы (қазақша)": "title_kk", "шарттың атауы": "title_kk", "название (на казахском)": "title_kk",
    "наименование": "title_ru", "наименование договора": "title_ru", "название": "title_ru",
    "түрі": "kind", "вид": "kind", "вид договора": "kind",
    "мәртебесі": "status", "статус": "status",
    "қол қойылған күні": "signed_on", "дата подписания": "signed_on",
    "қол қойылған жері": "signed_at", "место подписания": "signed_at",
    "күшіне енген күні": "in_force_on", "дата вступления в силу": "in_force_on",
    "тоқтатылған күні": "terminated_on", "дата прекращения": "terminated_on",
    "тараптар": "parties", "стороны": "parties",
    "жауапты орган": "responsible_body", "ответственный орган": "responsible_body",
    "тең орындаушылар": "co_executors", "соисполнители": "co_executors",
}  # fmt: skip


@dataclass(frozen=True)
class ImportSummary:
    path: Path
    created: int


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _row_error(row: int, msgid: str, **params: object) -> ServiceError:
    return ServiceError(N_("Row {row}: {problem} Nothing was imported."), row=row,
                        problem=ServiceError(msgid, **params))


# ---------------------------------------------------------------------------------------------- reading

def _cells_of_csv(content: bytes, path: Path) -> Iterator[list[object]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ServiceError(N_("The file {path} is not UTF-8 text."), path=str(path)) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _cells_of_xlsx(content: bytes, path: Path) -> Iterator[list[object]]:
    from openpyxl import load_workbook  # only an import of a workbook needs it
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, XML and its own errors alike
        raise ServiceError(N_("The file {path} is not a readable .xlsx workbook."), path=str(path)) from error
    try:
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield ["" if value is None else value for value in values]
    finally:
        workbook.close()


def read_table(path: Path) -> list[tuple[int, list[object]]]:
    """The rows that are not blank, each with its number as a spreadsheet shows it (the first is 1)."""
    content = read_file_within(path, MAX_IMPORT_BYTES, N_("The file {path} is larger than {limit} MB."))
    reader = _cells_of_xlsx if path.suffix.casefold() == ".xlsx" else _cells_of_csv
    rows = []
    for number, cells in enumerate(reader(content, path), start=1):
        if any(str(cell).strip() for cell in cells):
            rows.append((number, cells))
        if len(rows) > MAX_IMPORT_ROWS + 1:
            raise ServiceError(N_("The file {path} has more than {limit} rows."), path=str(path), limit=MAX_IMPORT_ROWS)
    if not rows:
        raise ServiceError(N_("The file {path} has no rows."), path=str(path))
    return rows


# ------------------------------------------------------------------------------------------------ values

def column_fields(headings: list[object], mapping: Mapping[str, str]) -> dict[int, str]:
    """Which register field each column fills; columns neither mapped nor recognised are left out."""
    for mapped in mapping.values():
        if mapped not in IMPORT_FIELDS:
            raise ServiceError(N_("“{field}” is not a treaty field that can be imported."), field=mapped)
    explicit = {_folded(heading): field for heading, field in mapping.items()}
    fields: dict[int, str] = {}
    for index, heading in enumerate(headings):
        key = _folded(str(heading))
        field: str | None = explicit.get(key) or (key if key in IMPORT_FIELDS else USUAL_HEADINGS.get(key))
        if field is None:
            continue
        if field in fields.values():
            raise ServiceError(N_("Two columns fill the field “{field}”."), field=field)
        fields[index] = field
    for required in ("signed_on", "kind"):
        if required not in fields.values():
            raise ServiceError(N_("No column fills the field “{field}”; map one with --map."), field=required)
    return fields


def _parse_date(value: object, field: str, row: int) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise _row_error(row, N_("{field}: “{value}” is not a date (2024-05-17 or 17.05.2024)."), field=field,
                     value=text)


@functools.cache
def _coded_names(field: str) -> dict[str, str]:
    """Every way the code of a field may be written: the code, its name in each language."""
    names: dict[str, str] = {}
    for code, msgid in CODED_FIELDS[field].items():
        names[code.casefold()] = code
        for language in LANGUAGES:
            names[_folded(translate_in(language, msgid))] = code
    return names


def _parse_code(value: object, field: str, row: int) -> str:
    text = _folded(str(value))
    if not text:
        return ""
    code = _coded_names(field).get(text)
    if code is None:
        raise _row_error(row, N_("{field}: “{value}” is not one Hattama knows."), field=field, value=str(value))
    return code


@functools.cache
def _party_names() -> dict[str, Party]:
    """Countries by code and by name in every language; organisations by code, abbreviation and name."""
    found: dict[str, Party] = {}
    for code in known_countries():
        found[code.casefold()] = Party("country", code)
        for language in LANGUAGES:
            found[_folded(country_name(code, language))] = Party("country", code)
    for listed in organisations():
        for text in (listed.code, *listed.names.values(), *listed.abbreviations.values()):
            found[_folded(text)] = Party("organisation", listed.code)
    return found


def parse_parties(value: object) -> tuple[Party, ...]:
    parties = []
    for part in str(value).split(PARTY_SEPARATOR):
        text = " ".join(part.split())
        if text:
            parties.append(_party_names().get(text.casefold(), Party("other", "", text)))
    return tuple(parties)


def _treaty_of(cells: list[object], fields: Mapping[int, str], row: int) -> TreatyData:
    values: dict[str, object] = {"title_kk": "", "title_ru": "", "kind": "", "status": ""}
    for index, field in fields.items():
        cell = cells[index] if index < len(cells) else ""
        if field in DATE_FIELDS:
            values[field] = _parse_date(cell, field, row)
        elif field in CODED_FIELDS:
            values[field] = _parse_code(cell, field, row)
        elif field == "parties":
            values[field] = parse_parties(cell)
        else:
            values[field] = " ".join(str(cell).split()) if field != "notes" else str(cell).strip()
    if values["signed_on"] is None:
        raise _row_error(row, N_("{field}: the date is missing."), field="signed_on")
    if not values["status"]:
        values["status"] = ("terminated" if values.get("terminated_on") else
                            "in_force" if values.get("in_force_on") else "signed")
    return TreatyData(**values)  # type: ignore[arg-type]


def parse_rows(rows: list[tuple[int, list[object]]], mapping: Mapping[str, str]) -> list[tuple[int, TreatyData]]:
    """Treaties from the numbered rows after the headings' row, each with its row number."""
    fields = column_fields(rows[0][1], mapping)
    treaties = []
    seen: dict[object, int] = {}
    for row, cells in rows[1:]:
        data = _treaty_of(cells, fields, row)
        problems = validate(data)
        if problems:
            first = problems[0]
            raise _row_error(row, N_("{field}: {problem}"), field=first.field, problem=first)
        for key in duplicate_keys(data):
            if key in seen:
                raise _row_error(row, N_("it repeats row {other} (same title, parties and signing date)."),
                                 other=seen[key])
            seen[key] = row
        treaties.append((row, data))
    return treaties


def import_treaties(store: Store, path: Path, mapping: Mapping[str, str] | None = None) -> ImportSummary:
    """All rows as new treaties in one transaction, or none (a ServiceError names the first bad row)."""
    rows = read_table(path)
    treaties = parse_rows(rows, mapping or {})
    with store.session() as session:
        for row, data in treaties:
            existing = find_duplicate(session, data)
            if existing is not None:
                raise _row_error(row, N_("the register already has this treaty: “{title}” ({id})."),
                                 title=Title(existing.data.title_kk, existing.data.title_ru),
                                 id=str(existing.id))
        add_treaties(session, [data for _row, data in treaties])
    return ImportSummary(path, len(treaties))
