"""The error services raise for a user to read: a translatable `msgid` and its `params`."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid.format(**params) if params else msgid)
        self.msgid = msgid
        self.params = params
