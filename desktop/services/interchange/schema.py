"""The interchange schema (`resources/schemas/hattama-interchange-1.schema.json`) and a fast check against it.

The schema file is the definition other systems read. jsonschema takes about a millisecond per event, so an
import of 100,000 events would spend minutes validating; the schema is therefore compiled once into plain
Python checks covering exactly the keywords it uses (a keyword outside that set is refused when compiling, so
none is ever ignored silently). The tests hold these checks to jsonschema's verdict on valid, broken and random
documents. A document read a record at a time is checked a record at a time (`record_violation`,
`member_violation`), at the paths the whole check would name.

Why not `fastjsonschema` (issue 20.8, measured on 2026-12-04 with fastjsonschema 2.22.3): on the damaged files of
the tests it names the same places (`data.events[0].title_kk` for `$.events[0].title_kk`), but (1) it is slower
here — 3.1 s against 1.5 s for the export of 10,000 demo events with their reports —, as its generated code
formats a path string at every value; (2) it knows drafts 4–7 only, so the schema's `$defs` would be rewritten
before compiling; (3) for an optional value (`anyOf` a date or null) it says only "cannot be validated by any
definition", where this check says which form was expected (`pattern`), and an unknown field's name is only
inside its English message. So these checks stay.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hattama.paths import resources_dir

FORMAT = "hattama-interchange"
VERSION = 1
SCHEMA_FILE_NAME = f"{FORMAT}-{VERSION}.schema.json"

Check = Callable[[Any], None]

_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description"})
_JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    # As JSON Schema has it: 5.0 is an integer.
    "integer": lambda value: (isinstance(value, int) and not isinstance(value, bool))
    or (isinstance(value, float) and value.is_integer()),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
}


@dataclass(frozen=True)
class SchemaViolation:
    """The first place a document breaks the schema: a JSON path ("$.events[3].title_kk"), the schema keyword
    it breaks and that keyword's figures (e.g. {"limit": 1000} for maxLength)."""

    path: str
    keyword: str
    params: Mapping[str, Any] = field(default_factory=dict)


class _Violation(Exception):
    def __init__(self, keyword: str, **params: Any) -> None:
        super().__init__(keyword)
        self.keyword = keyword
        self.params = params
        self.path: list[str | int] = []  # filled innermost-first while the exception travels outwards


@functools.cache
def interchange_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((resources_dir() / "schemas" / SCHEMA_FILE_NAME).read_text(encoding="utf-8"))
    return schema


def first_violation(document: Any) -> SchemaViolation | None:
    try:
        _compiled()(document)
    except _Violation as violation:
        return SchemaViolation(_json_path(reversed(violation.path)), violation.keyword, violation.params)
    return None


def _json_path(parts: Iterable[str | int]) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def record_violation(section: str, index: int, record: Any) -> SchemaViolation | None:
    """`first_violation` for the record at `index` of the document's list `section` ("events", …), checked
    alone: a document read a record at a time is checked a record at a time."""
    limit, _list, each = _member_checks()[section]
    if limit is not None and index >= limit:
        return SchemaViolation(f"$.{section}", "maxItems", {"limit": limit})
    return _violation_of(each, record, [section, index])


def member_violation(name: str, value: Any) -> SchemaViolation | None:
    """`first_violation` for one member of the document's top-level object, checked alone; the records of a
    record list are left to `record_violation`."""
    schema = interchange_schema()
    if name not in schema["properties"]:
        closed = schema.get("additionalProperties", True) is False
        return SchemaViolation("$", "additionalProperties", {"field": name}) if closed else None
    return _violation_of(_member_checks()[name][1], value, [name])


def _violation_of(check: Check, value: Any, place: list[str | int]) -> SchemaViolation | None:
    try:
        check(value)
    except _Violation as violation:
        return SchemaViolation(_json_path([*place, *reversed(violation.path)]), violation.keyword, violation.params)
    return None


@functools.cache
def _compiler() -> _Compiler:
    return _Compiler(interchange_schema().get("$defs", {}))


@functools.cache
def _compiled() -> Check:
    return _compiler().compile(interchange_schema())


@functools.cache
def _member_checks() -> dict[str, tuple[int | None, Check, Check]]:
    """Each top-level member's `maxItems` (None if it has none), its check without its items' and the check of
    one of its items (a record; a check that passes anything if it has no items)."""
    checks: dict[str, tuple[int | None, Check, Check]] = {}
    for name, node in interchange_schema()["properties"].items():
        shell = {keyword: value for keyword, value in node.items() if keyword != "items"}
        each = _compiler().compile(node["items"]) if "items" in node else _compiler().compile({})
        checks[name] = node.get("maxItems"), _compiler().compile(shell), each
    return checks


def _json_key(value: Any) -> tuple[str, Any]:
    """JSON equality: true is not 1, as Python's == would have it."""
    kind = next((name for name, matches in _JSON_TYPES.items() if matches(value)), "other")
    return kind, value


class _Compiler:
    def __init__(self, definitions: Mapping[str, Any]) -> None:
        self._definitions = definitions
        self._compiled: dict[str, Check] = {}

    def compile(self, node: Mapping[str, Any]) -> Check:
        unknown = set(node) - _ANNOTATIONS - _KEYWORDS
        if unknown:
            raise ValueError(f"the interchange schema uses keywords this checker does not know: {sorted(unknown)}")
        if node.get("type") == "string" and node.keys() - _ANNOTATIONS <= {"type", "maxLength", "pattern"}:
            return self.string(node)  # most of a record's values: one call each, not three
        checks = [handler(self, node) for keywords, handler in _HANDLERS if keywords & node.keys()]
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:  # the usual case (a type and its limits), spared a loop: it runs millions of times
            first, second = checks

            def check_both(value: Any) -> None:
                first(value)
                second(value)
            return check_both

        def check_all(value: Any) -> None:
            for check in checks:
                check(value)
        return check_all

    def reference(self, node: Mapping[str, Any]) -> Check:
        """A definition is compiled once however often it is referred to (the schema has no recursion)."""
        name = node["$ref"].removeprefix("#/$defs/")
        if name not in self._compiled:
            self._compiled[name] = self.compile(self._definitions[name])
        return self._compiled[name]

    def type_(self, node: Mapping[str, Any]) -> Check:
        name = node["type"]
        python_type = {"string": str, "object": dict, "array": list}.get(name)
        if python_type is not None:  # a plain isinstance for the types most values have
            def check_class(value: Any) -> None:
                if not isinstance(value, python_type):
                    raise _Violation("type", type=name)
            return check_class
        matches = _JSON_TYPES[name]

        def check(value: Any) -> None:
            if not matches(value):
                raise _Violation("type", type=name)
        return check

    def string(self, node: Mapping[str, Any]) -> Check:
        """`type_` and `text` of a string in one check, in their order."""
        limit = node.get("maxLength")
        search = re.compile(node["pattern"]).search if "pattern" in node else None

        def check(value: Any) -> None:
            if not isinstance(value, str):
                raise _Violation("type", type="string")
            if limit is not None and len(value) > limit:
                raise _Violation("maxLength", limit=limit)
            if search is not None and search(value) is None:
                raise _Violation("pattern")
        return check

    def const(self, node: Mapping[str, Any]) -> Check:
        expected = _json_key(node["const"])

        def check(value: Any) -> None:
            if _json_key(value) != expected:
                raise _Violation("const")
        return check

    def enum(self, node: Mapping[str, Any]) -> Check:
        allowed = {_json_key(value) for value in node["enum"]}
        allowed_texts = {value for value in node["enum"] if isinstance(value, str)}

        def check(value: Any) -> None:
            if isinstance(value, str):
                if value not in allowed_texts:
                    raise _Violation("enum")
            elif isinstance(value, dict | list) or _json_key(value) not in allowed:
                raise _Violation("enum")
        return check

    def text(self, node: Mapping[str, Any]) -> Check:
        """maxLength and pattern, which apply to strings only."""
        limit = node.get("maxLength")
        search = re.compile(node["pattern"]).search if "pattern" in node else None

        def check(value: Any) -> None:
            if not isinstance(value, str):
                return
            if limit is not None and len(value) > limit:
                raise _Violation("maxLength", limit=limit)
            if search is not None and search(value) is None:
                raise _Violation("pattern")
        return check

    def bounds(self, node: Mapping[str, Any]) -> Check:
        low, high = node.get("minimum"), node.get("maximum")

        def check(value: Any) -> None:
            if _JSON_TYPES["integer"](value) and (
                    (low is not None and value < low) or (high is not None and value > high)):
                raise _Violation("range", minimum=low, maximum=high)
        return check

    def any_of(self, node: Mapping[str, Any]) -> Check:
        # A null alternative is a test for None, made first: most optional values are null, and a failed try
        # raises (an exception per value that is not null would cost more than the check).
        null = next((index for index, branch in enumerate(node["anyOf"]) if branch == {"type": "null"}), None)
        tries = [(index, self.compile(branch)) for index, branch in enumerate(node["anyOf"]) if index != null]

        def check(value: Any) -> None:
            if value is None and null is not None:
                return
            failures: dict[int, _Violation] = {}
            for index, branch in tries:
                try:
                    branch(value)
                    return
                except _Violation as violation:
                    failures[index] = violation
            if null is not None:
                failures[null] = _Violation("type", type="null")
            raise failures[min(failures)]  # the first alternative says best what was meant (a date, not null)
        return check

    def items(self, node: Mapping[str, Any]) -> Check:
        limit = node.get("maxItems")
        each = self.compile(node["items"]) if "items" in node else None

        def check(value: Any) -> None:
            if not isinstance(value, list):
                return
            if limit is not None and len(value) > limit:
                raise _Violation("maxItems", limit=limit)
            if each is not None:
                for index, item in enumerate(value):
                    try:
                        each(item)
                    except _Violation as violation:
                        violation.path.append(index)
                        raise
        return check

    def object_(self, node: Mapping[str, Any]) -> Check:
        required = node.get("required", [])
        all_required = frozenset(required)
        properties = {name: self.compile(schema) for name, schema in node.get("properties", {}).items()}
        closed = node.get("additionalProperties", True) is False

        def check(value: Any) -> None:
            if not isinstance(value, dict):
                return
            if not all_required <= value.keys():  # one set operation; the first missing one named
                raise _Violation("required", field=next(name for name in required if name not in value))
            if closed and not value.keys() <= properties.keys():
                check_open(value)  # which names the first field of none, where the walk would have
            for name, item in value.items():
                property_check = properties.get(name)
                if property_check is not None:
                    try:
                        property_check(item)
                    except _Violation as violation:
                        violation.path.append(name)
                        raise

        def check_open(value: dict[str, Any]) -> None:
            for name, item in value.items():
                property_check = properties.get(name)
                if property_check is None:
                    raise _Violation("additionalProperties", field=name)
                try:
                    property_check(item)
                except _Violation as violation:
                    violation.path.append(name)
                    raise
        return check


# Keywords → the compiler method handling them (once per node), in the order the checks run.
_HANDLERS: tuple[tuple[frozenset[str], Callable[[_Compiler, Mapping[str, Any]], Check]], ...] = (
    (frozenset({"$ref"}), _Compiler.reference),
    (frozenset({"type"}), _Compiler.type_),
    (frozenset({"const"}), _Compiler.const),
    (frozenset({"enum"}), _Compiler.enum),
    (frozenset({"anyOf"}), _Compiler.any_of),
    (frozenset({"maxLength", "pattern"}), _Compiler.text),
    (frozenset({"minimum", "maximum"}), _Compiler.bounds),
    (frozenset({"maxItems", "items"}), _Compiler.items),
    (frozenset({"required", "properties", "additionalProperties"}), _Compiler.object_),
)
_KEYWORDS = frozenset().union(*(keywords for keywords, _handler in _HANDLERS))
