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


@dataclass(frozen=True)
class Title:
    """A record's title in Kazakh and Russian (a record needs only one of the two), as data: nested in a message's
    `params` or carried by a view, it is shown by the layer that words it in that layer's language."""

    kk: str
    ru: str

    def in_language(self, language: str) -> str:
        """The title in `language` ("ru": the Russian one, else the Kazakh one), else the other one."""
        if language == "ru":
            return self.ru or self.kk
        return self.kk or self.ru

    def __bool__(self) -> bool:
        return bool(self.kk or self.ru)

    def __str__(self) -> str:  # a log line or str(error): the Kazakh title, else the Russian one
        return self.kk or self.ru
