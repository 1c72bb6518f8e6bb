"""The annual forms of p.2 (annexes 1–5) as data: one JSON definition per form, checked before it is used.

The decree's annex columns could not be found, so Hattama ships its own proposal in `resources/forms/`. When the
MFA sends its official form, a unit writes its own `form-N.json` into the `forms` folder of the per-user data
folder (`data_dir()/forms`, e.g. %LOCALAPPDATA%\\Hattama\\forms); it replaces the shipped one from the next
rendering on, with no new release. A definition that does not pass these checks is refused with its path and
the place of the problem, never used half-way.

A definition says which treaties the form covers (`treaties`: in force during the year, or signed and not in
force at its end), which of them get a row (`only_with`: those with problems, recommendations ...), how rows
are grouped (`group_by`, with a kk and ru heading per group) and ordered (`order`), and its columns in order:
each with kk and ru headings, an optional spanning heading shared by neighbouring columns (`group`), a
relative width, and the register field that fills it (`FIELDS`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hattama.language import N_
from hattama.paths import data_dir, resources_dir
from hattama.rules.errors import Message
from hattama.rules.obligations import ITEM_TREATIES_IN_FORCE, ITEM_TREATIES_NOT_IN_FORCE
from hattama.rules.treaty_validation import TREATY_KINDS, TREATY_STATUSES
from hattama.services.errors import ServiceError
from hattama.services.strict_json import StrictJsonError, loads

FORM_NUMBERS = (1, 2, 3, 4, 5)
FORM_LANGUAGES = ("kk", "ru")
MAX_DEFINITION_BYTES = 256 * 1024
MAX_COLUMNS = 20
# Forms 1–3 answer p.2(1), forms 4–5 p.2(2).
FORM_ITEMS = {1: ITEM_TREATIES_IN_FORCE, 2: ITEM_TREATIES_IN_FORCE, 3: ITEM_TREATIES_IN_FORCE,
              4: ITEM_TREATIES_NOT_IN_FORCE, 5: ITEM_TREATIES_NOT_IN_FORCE}

# The register fields a column can show. "measures", "problems" and "recommendations" are the year's entries of
# each kind (`MEASURE_KINDS`), one line per entry; "procedure" the domestic procedure steps of a signed treaty.
_TREATY_FIELDS = ("title", "title_original", "kind", "status", "parties", "signed", "signed_on", "signed_at",
                  "consent_act", "in_force_on", "duration", "terminated_on", "responsible_body", "co_executors",
                  "notes")
_ENTRY_FIELDS = ("description", "taken_on", "result", "organisation", "events")
ENTRY_GROUPS = {"measures": "measure", "problems": "problem", "recommendations": "recommendation"}
_PROCEDURE_FIELDS = ("completed", "pending", "stage", "reasons")
FIELDS = frozenset(
    ["row.number"]
    + [f"treaty.{name}" for name in _TREATY_FIELDS]
    + [f"{group}.{name}" for group in ENTRY_GROUPS for name in _ENTRY_FIELDS]
    + [f"procedure.{name}" for name in _PROCEDURE_FIELDS]
)
TREATY_SELECTIONS = ("in_force", "not_in_force")
ONLY_WITH = (*ENTRY_GROUPS, "procedure.pending")
GROUP_BY = {"treaty.kind": TREATY_KINDS, "treaty.status": TREATY_STATUSES}
ORDER_KEYS = ("signed_on", "in_force_on", "title", "kind")
_KEYS = frozenset({"form", "item", "title", "treaties", "only_with", "group_by", "order", "columns", "note"})
_COLUMN_KEYS = frozenset({"field", "heading", "group", "width"})


@dataclass(frozen=True)
class Column:
    field: str
    heading: Mapping[str, str]
    width: float
    group: Mapping[str, str] | None = None


@dataclass(frozen=True)
class FormDefinition:
    form: int
    item: str
    title: Mapping[str, str]  # "{year}" stands for the year reported on
    treaties: str
    columns: tuple[Column, ...]
    only_with: str | None = None
    group_by: str | None = None
    group_labels: Mapping[str, Mapping[str, str]] | None = None
    order: tuple[str, ...] = ("signed_on", "title")
    source: Path | None = None


class FormDefinitionError(ServiceError):
    """`problem` is an N_ msgid; it is worded at once, as the error names a file the unit wrote."""

    def __init__(self, path: Path, where: str, problem: str, **params: Any) -> None:
        super().__init__(N_("The form definition {path} cannot be used: {where}: {problem}"),
                         path=str(path), where=where, problem=Message(problem, params))


def shipped_dir() -> Path:
    return resources_dir() / "forms"


def override_dir() -> Path:
    """Where a unit puts the MFA's official definitions; a file here wins over the shipped one."""
    return data_dir() / "forms"


def definition_path(form: int) -> Path:
    override = override_dir() / f"form-{form}.json"
    return override if override.is_file() else shipped_dir() / f"form-{form}.json"


def load_form_definition(form: int) -> FormDefinition:
    if form not in FORM_NUMBERS:
        raise ServiceError(N_("There is no form {form}; the forms of p.2 are 1 to 5."), form=form)
    path = definition_path(form)
    try:
        stat = path.stat()
        return _cached(path, stat.st_mtime_ns, stat.st_size, form)
    except OSError as error:
        raise ServiceError(N_("The file {path} cannot be read: {reason}."), path=str(path),
                           reason=error.strerror or str(error)) from error


@functools.lru_cache(maxsize=16)
def _cached(path: Path, _mtime_ns: int, size: int, form: int) -> FormDefinition:
    # Keyed on the file's time and size too: a definition the unit replaces is read again.
    if size > MAX_DEFINITION_BYTES:
        raise FormDefinitionError(path, "file", N_("larger than {limit} KB"), limit=MAX_DEFINITION_BYTES // 1024)
    try:
        raw = loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, StrictJsonError) as error:
        raise FormDefinitionError(path, "file", N_("not valid JSON ({reason})"), reason=str(error)) from error
    return parse_definition(raw, path, form)


def _texts(value: Any, path: Path, where: str) -> Mapping[str, str]:
    if not isinstance(value, dict) or set(value) != set(FORM_LANGUAGES):
        raise FormDefinitionError(path, where, N_("needs exactly a kk and a ru text"))
    for language, text in value.items():
        if not isinstance(text, str) or not text.strip():
            raise FormDefinitionError(path, f"{where}.{language}", N_("must be a text that is not empty"))
    return dict(value)


def _choice(raw: Mapping[str, Any], key: str, allowed: Any, path: Path, *, optional: bool = False) -> Any:
    value = raw.get(key)
    if value is None and optional:
        return None
    if value not in allowed:
        raise FormDefinitionError(path, key, N_("must be one of {allowed}"), allowed=", ".join(map(str, allowed)))
    return value


def _column(raw: Any, path: Path, where: str) -> Column:
    if not isinstance(raw, dict) or not raw.keys() <= _COLUMN_KEYS:
        raise FormDefinitionError(path, where, N_("a column has only the keys {keys}"), keys=", ".join(sorted(_COLUMN_KEYS)))
    if raw.get("field") not in FIELDS:
        raise FormDefinitionError(path, f"{where}.field", N_("“{field}” is not a register field a form can show"),
                                  field=raw.get("field"))
    width = raw.get("width", 1)
    if isinstance(width, bool) or not isinstance(width, int | float) or not 0 < width <= 100:
        raise FormDefinitionError(path, f"{where}.width", N_("must be a number above 0 and at most 100"))
    group = _texts(raw["group"], path, f"{where}.group") if "group" in raw else None
    return Column(raw["field"], _texts(raw.get("heading"), path, f"{where}.heading"), float(width), group)


def _grouping(raw: Any, path: Path) -> tuple[str | None, dict[str, Mapping[str, str]] | None]:
    """`{"field": "treaty.kind", "labels": {code: {"kk": …, "ru": …}, …}}`: a heading for every code."""
    if raw is None:
        return None, None
    if not isinstance(raw, dict) or set(raw) != {"field", "labels"} or raw["field"] not in GROUP_BY:
        raise FormDefinitionError(path, "group_by", N_("needs a field among {fields} and its labels"),
                                  fields=", ".join(GROUP_BY))
    codes = GROUP_BY[raw["field"]]
    labels = raw["labels"]
    if not isinstance(labels, dict) or set(labels) != set(codes):
        raise FormDefinitionError(path, "group_by.labels", N_("needs a heading for each of {codes}"),
                                  codes=", ".join(codes))
    return raw["field"], {code: _texts(text, path, f"group_by.labels.{code}") for code, text in labels.items()}


def parse_definition(raw: Any, path: Path, form: int) -> FormDefinition:
    """A checked definition of form `form` (the file must say which form it is)."""
    if not isinstance(raw, dict):
        raise FormDefinitionError(path, "file", N_("must hold one JSON object"))
    unknown = set(raw) - _KEYS
    if unknown:
        raise FormDefinitionError(path, "file", N_("unknown keys {keys}"), keys=", ".join(sorted(unknown)))
    if raw.get("form") != form:
        raise FormDefinitionError(path, "form", N_("must be {form}, the number in the file's name"), form=form)
    if raw.get("item") != FORM_ITEMS[form]:
        raise FormDefinitionError(path, "item", N_("form {form} answers {item}"), form=form, item=FORM_ITEMS[form])
    columns = raw.get("columns")
    if not isinstance(columns, list) or not 0 < len(columns) <= MAX_COLUMNS:
        raise FormDefinitionError(path, "columns", N_("must list 1 to {limit} columns"), limit=MAX_COLUMNS)
    group_by, group_labels = _grouping(raw.get("group_by"), path)
    order = raw.get("order", ["signed_on", "title"])
    if not isinstance(order, list) or not order or any(key not in ORDER_KEYS for key in order):
        raise FormDefinitionError(path, "order", N_("must list keys among {keys}"), keys=", ".join(ORDER_KEYS))
    return FormDefinition(
        form=form,
        item=raw["item"],
        title=_texts(raw.get("title"), path, "title"),
        treaties=_choice(raw, "treaties", TREATY_SELECTIONS, path),
        columns=tuple(_column(column, path, f"columns[{index}]") for index, column in enumerate(columns)),
        only_with=_choice(raw, "only_with", ONLY_WITH, path, optional=True),
        group_by=group_by,
        group_labels=group_labels,
        order=tuple(order),
        source=path,
    )
