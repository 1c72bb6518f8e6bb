"""Small dialogs of the trip flows: the passphrase, the events to take on a trip, an event's history."""

from __future__ import annotations

import json
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hattama.i18n import N_, _, current_language, format_date, format_datetime
from hattama.services.event_reference import display_title
from hattama.services.history import Version
from hattama.services.listed_events import ListedEvent

ORIGIN_LABELS = {"unit": N_("unit"), "laptop": N_("laptop"), "file": N_("file")}
REASON_LABELS = {
    "saved": N_("saved"), "imported": N_("imported from a file"), "opened": N_("taken on the trip"),
    "returned": N_("returned from the trip"), "merged": N_("merged"), "lost": N_("lost in a merge, kept here"),
    "replaced": N_("replaced by a merge, kept here"), "current": N_("as it is now"),
}


class PassphraseDialog(QDialog):
    """The kit's passphrase; `confirm` asks for it twice (a new kit)."""

    def __init__(self, title: str, confirm: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(_("Passphrase:"), self.passphrase)
        if confirm:
            form.addRow(_("Once more:"), self.again)
        self.confirm = confirm
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if not self.passphrase.text():
            self.problem.setText(_("Enter the kit's passphrase."))
        elif self.confirm and self.again.text() != self.passphrase.text():
            self.problem.setText(_("The two passphrases differ."))
        else:
            super().accept()

    def value(self) -> str:
        return self.passphrase.text()


class EventChoiceDialog(QDialog):
    """Which events go on the trip."""

    def __init__(self, rows: list[ListedEvent], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Events for the trip kit"))
        self.resize(640, 480)
        self.events = QListWidget()
        for row in rows:
            item = QListWidgetItem(f"{format_date(row.starts_at.date())}  {display_title(row.title_kk, row.title_ru, current_language())}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.events.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Tick the events to take on the trip; their reports and attachments come along.")))
        layout.addWidget(self.events, 1)
        layout.addWidget(buttons)

    def chosen(self) -> list[uuid.UUID]:
        return [self.events.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.events.count())
                if self.events.item(row).checkState() == Qt.CheckState.Checked]


class HistoryDialog(QDialog):
    """Every version of a record: when, where (unit or laptop), who, why; the selected version's fields."""

    def __init__(self, versions: list[Version], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History"))
        self.resize(900, 520)
        self.versions = versions
        self.table = QTableWidget(len(versions), 4)
        self.table.setHorizontalHeaderLabels([_("Changed"), _("Where"), _("Who"), _("Why")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, version in enumerate(versions):
            origin, reason = ORIGIN_LABELS.get(version.origin), REASON_LABELS.get(version.reason)
            cells = (format_datetime(version.version_at), _(origin) if origin else "—", version.author or "—",
                     _(reason) if reason else version.reason)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.fields = QPlainTextEdit()
        self.fields.setReadOnly(True)
        self.table.currentCellChanged.connect(lambda row, *_rest: self._show(row))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addWidget(self.table, 1)
        columns.addWidget(self.fields, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(buttons)
        if versions:
            self.table.selectRow(len(versions) - 1)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.versions):
            self.fields.setPlainText(json.dumps(self.versions[row].fields, ensure_ascii=False, indent=2))
