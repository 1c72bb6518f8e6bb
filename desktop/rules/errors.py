"""Errors the rules raise for a user to read.

`msgid` is an English source string marked with `N_` (extracted into the catalogs) with `{name}` placeholders
filled from `params`; the calling layer translates it with `hattama.i18n.describe()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def N_(message: str) -> str:
    """Marks a string for translation later, by a layer that knows the language."""
    return message


class RuleError(ValueError):
    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid.format(**params) if params else msgid)
        self.msgid = msgid
        self.params = params


@dataclass(frozen=True)
class Message:
    """A message nested in another's `params` (a status's name, a field's label): the layer that words the outer
    message words this one too (`hattama.i18n.describe`)."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)
