"""A plain-text section editor that cleans what is pasted from Word before it lands in the text."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QPlainTextEdit

from hattama.services.pdf.text import clean_pasted_text


class SectionEdit(QPlainTextEdit):
    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802
        # Tabs, soft hyphens and control characters from Word would otherwise reach the PDF.
        self.insertPlainText(clean_pasted_text(source.text()))

    def word_count(self) -> int:
        return len(self.toPlainText().split())
