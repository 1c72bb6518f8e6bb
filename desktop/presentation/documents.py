"""How the languages a document can be written in are offered: each in its own name, as officers expect."""

from __future__ import annotations

DOCUMENT_LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский"}
