"""Registration numbers of outgoing documents (issue 16): the local register's pattern and the numbers it makes.

A pattern holds `{seq}` (the document's place in the year's sequence, from 1) and may hold `{year}`:
"12-1/{seq}" gives "12-1/1", "12-1/2", … and starts again at 1 each year.
"""

from __future__ import annotations

import re
import string

from hattama.rules.errors import N_, RuleError

PLACEHOLDERS = frozenset({"seq", "year"})
MAX_NUMBER_LENGTH = 100
# What an officer may type before a number that the document's own "№" already says.
_NUMBER_SIGN = re.compile(r"^\s*(?:№|No\.|No(?=\s))\s*(?=\S)", re.IGNORECASE)


def check_pattern(pattern: str) -> None:
    try:
        names = {name for _text, name, spec, conversion in string.Formatter().parse(pattern) if name is not None}
        if "seq" not in names or not names <= PLACEHOLDERS:
            raise ValueError(pattern)
        if len(issue_number(pattern, 9999, 99999)) > MAX_NUMBER_LENGTH:
            raise ValueError(pattern)
    except (ValueError, IndexError, KeyError):
        raise RuleError(N_("“{value}” is not a pattern of registration numbers: it holds {{seq}} (and may hold "
                           "{{year}}), e.g. 12-1/{{seq}}."), value=pattern[:MAX_NUMBER_LENGTH]) from None


def issue_number(pattern: str, year: int, seq: int) -> str:
    return pattern.format(seq=seq, year=year)


def bare_number(text: str) -> str:
    """The number without a leading "№" or "No." the officer typed: documents print their own."""
    return _NUMBER_SIGN.sub("", text.strip(), count=1)
