"""JSON as Hattama accepts it from outside: no duplicate keys, no lone surrogates, bounded nesting.

Python's `json` keeps the last of two equal keys, while other parsers keep the first: a signed manifest or an
interchange file with a key twice could mean one thing to the signer and another to us, so a duplicate is
refused wherever it stands. A `\\ud800` escape decodes to a lone surrogate that no UTF-8 encoder accepts later;
it is refused here, with the rest, before anything reads the data. Nesting deeper than `MAX_DEPTH` is refused
too: no Hattama document nests beyond a dozen levels, and deep nesting only serves to exhaust recursion.
The caller bounds the size before it reads the bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 32

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class StrictJsonError(ValueError):
    """Why the text was refused: `reason` is one of "syntax", "duplicate_key", "surrogate", "depth"; `key`
    names the duplicated key, `line`/`column` the syntax error's place when known. From `decode_at`, a syntax
    error also gives its `offset` in the text and whether it is `incomplete`: the text ends before the value
    does, so more text could complete it."""

    def __init__(self, reason: str, *, key: str = "", line: int = 0, column: int = 0, offset: int = 0,
                 incomplete: bool = False) -> None:
        super().__init__(f"{reason} {key}".strip())
        self.reason = reason
        self.key = key
        self.line = line
        self.column = column
        self.offset = offset
        self.incomplete = incomplete


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise StrictJsonError("duplicate_key", key=key)
            seen.add(key)
    return result


def loads(text: str) -> Any:
    """The value of `text`; StrictJsonError says why it is refused."""
    try:
        value = json.loads(text, object_pairs_hook=_refuse_duplicates)
    except StrictJsonError:
        raise
    except json.JSONDecodeError as error:
        raise StrictJsonError("syntax", line=error.lineno, column=error.colno) from None
    except RecursionError:
        raise StrictJsonError("depth") from None
    except ValueError:  # e.g. an integer of thousands of digits
        raise StrictJsonError("syntax") from None
    _check_containers(value, check_strings=_may_hold_surrogates(text))
    return value


_DECODER = json.JSONDecoder(object_pairs_hook=_refuse_duplicates)
# How near the end of the text a syntax error may stand and still be the text's end cutting a value short (the
# longest token cut short is a \uXXXX escape or a literal such as `false`).
_CUT_SHORT = 8


def decode_at(text: str, offset: int, depth: int | None = 1, *, from_utf8: bool = False) -> tuple[Any, int]:
    """The value that starts at `offset` in `text` and the offset just after it, refused as `loads` refuses a
    whole text; `depth` is the value's own nesting depth (1 for a whole document, 3 for an object in a list in
    the document), or None when the caller bounds the nesting otherwise and calls `check_depth` only when it
    must (a record that a schema without recursion accepts cannot nest deep). For reading a long text a piece
    at a time: a value the text's end cuts short is a syntax error marked `incomplete`. `from_utf8`: the text
    was decoded strictly from UTF-8, which yields no surrogate, so only an escape can make one (the look for
    surrogates in the text itself, a tenth of reading a file, is spared)."""
    try:
        value, end = _DECODER.raw_decode(text, offset)
    except StrictJsonError:
        raise
    except json.JSONDecodeError as error:
        incomplete = error.pos >= len(text) - _CUT_SHORT or error.msg.startswith("Unterminated string")
        raise StrictJsonError("syntax", line=error.lineno, column=error.colno, offset=error.pos,
                              incomplete=incomplete) from None
    except RecursionError:
        raise StrictJsonError("depth") from None
    except ValueError:
        raise StrictJsonError("syntax", offset=offset) from None
    check_strings = _may_hold_surrogates(text, offset, end, escapes_only=from_utf8)
    if check_strings or depth is not None:
        _check_containers(value, check_strings=check_strings, depth=depth or 1)
    return value, end


def check_depth(value: Any, depth: int = 1) -> None:
    """Refuse (StrictJsonError "depth") a value at nesting depth `depth` whose containers nest beyond
    `MAX_DEPTH`."""
    _check_containers(value, check_strings=False, depth=depth)


def _may_hold_surrogates(text: str, start: int = 0, end: int | None = None, *, escapes_only: bool = False) -> bool:
    """Escapes are rare in real documents, so the walk over every string runs only when one could be lone."""
    end = len(text) if end is None else end
    return _SURROGATE_ESCAPE.search(text, start, end) is not None or (
        not escapes_only and _LONE_SURROGATE.search(text, start, end) is not None)


def _check_containers(value: Any, *, check_strings: bool, depth: int = 1) -> None:
    pending: list[tuple[Any, int]] = [(value, depth)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children = list(item.values())
            if check_strings:
                children.extend(item.keys())
        elif isinstance(item, list):
            children = item
        else:
            if check_strings and isinstance(item, str) and _LONE_SURROGATE.search(item):
                raise StrictJsonError("surrogate")
            continue
        if depth > MAX_DEPTH:
            raise StrictJsonError("depth")
        for child in children:
            if check_strings or isinstance(child, dict | list):
                pending.append((child, depth + 1))
