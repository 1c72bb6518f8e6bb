"""The treaty register's vocabularies in the UI language, for the Treaties page and `hattama treaty`."""

from __future__ import annotations

from hattama.i18n import current_language
from hattama.services.treaties import label


def treaty_label(vocabulary: str, code: str) -> str:
    """A kind, status, act, measure kind or stage named in the officer's language."""
    return label(vocabulary, code, current_language())
