"""The merge preview of a returned trip kit: both versions side by side per field, a choice per field or per
record for the conflicts; nothing is written until the officer merges."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hattama.i18n import N_, _
from hattama.services.reports import LANGUAGE_NAMES, SECTION_LABELS
from hattama.services.trips import BOTH, MergePreview, RecordMerge
from hattama.ui.events.editor_form import field_labels

_STATUS = {
    "new": lambda: _("new on the trip"),
    "unchanged": lambda: _("already merged"),
    "taken": lambda: _("changed on the trip only: taken"),
    "kept": lambda: _("changed in the unit only: kept"),
    "combined": lambda: _("changed on both sides, different fields: combined"),
    "conflict": lambda: _("changed on both sides: choose"),
}
_SIDE = {"trip": lambda: _("trip's (changed there only)"), "unit": lambda: _("unit's (changed there only)")}
# Fields the event editor labels by a group or a check box rather than a form row.
_MORE_LABELS = {"notes": N_("Notes"), "parties": N_("Foreign parties"), "participants": N_("Participants"),
                "attachments": N_("Attachments"), "deleted_at": N_("In the bin since")}


def field_label(name: str) -> str:
    """The field as the editors label it (a report's text: its language and section); else its name."""
    parts = name.split(".")
    if len(parts) == 3 and parts[0] == "texts" and parts[1] in LANGUAGE_NAMES and parts[2] in SECTION_LABELS:
        return f"{_(LANGUAGE_NAMES[parts[1]])}: {_(SECTION_LABELS[parts[2]])}"
    if name in _MORE_LABELS:
        return _(_MORE_LABELS[name])
    return field_labels().get(name, name)


def shown(value: Any) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class MergeDialog(QDialog):
    def __init__(self, preview: MergePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(_("Merge returned kit"))
        self.resize(1100, 640)
        self.field_choices: dict[tuple[str, Any, str], QComboBox] = {}
        self.record_choices: dict[tuple[str, Any], QComboBox] = {}
        summary = _("From {author}: {new} new, {taken} taken, {combined} combined, {kept} kept, {conflict} with "
                    "conflicts, {unchanged} already merged. The version that loses stays in the record's history.")
        counts = {status: preview.count(status) for status in _STATUS}
        self.summary = QLabel(summary.format(author=preview.author or "—", **counts))
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([_("Record / field"), _("In the unit"), _("On the trip"), _("Take")])
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for record in preview.records:
            self._add_record(record)
        self.tree.expandAll()
        for column, width in enumerate((260, 320, 320, 180)):
            self.tree.setColumnWidth(column, width)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton(_("Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    def _combo(self, default: str, mixed: bool = False) -> QComboBox:
        combo = QComboBox()
        if mixed:
            combo.addItem(_("per field"), "")
        combo.addItem(_("unit's"), "unit")
        combo.addItem(_("trip's"), "trip")
        combo.setCurrentIndex(combo.findData(default))
        return combo

    def _add_record(self, record: RecordMerge) -> None:
        kind = _("Event") if record.kind == "event" else _("Report")
        item = QTreeWidgetItem([f"{kind}: {record.title}", _STATUS[record.status](), "", ""])
        item.setToolTip(0, str(record.id))
        self.tree.addTopLevelItem(item)
        conflicts = record.conflicts
        if conflicts:
            whole = self._combo("", mixed=True)
            self.tree.setItemWidget(item, 3, whole)
            self.record_choices[record.kind, record.id] = whole
            whole.currentIndexChanged.connect(lambda _index, record=record, whole=whole: self._whole(record, whole))
        for change in record.fields:
            child = QTreeWidgetItem([field_label(change.name), shown(change.unit), shown(change.trip), ""])
            for column in (1, 2):
                child.setToolTip(column, shown(change.unit if column == 1 else change.trip))
            item.addChild(child)
            if change.side == BOTH:
                combo = self._combo("unit")
                self.tree.setItemWidget(child, 3, combo)
                self.field_choices[record.kind, record.id, change.name] = combo
            else:
                child.setText(3, _SIDE[change.side]())
                child.setForeground(3, Qt.GlobalColor.darkGray)

    def _whole(self, record: RecordMerge, whole: QComboBox) -> None:
        side = whole.currentData()
        if not side:
            return
        for change in record.conflicts:
            combo = self.field_choices[record.kind, record.id, change.name]
            combo.setCurrentIndex(combo.findData(side))

    def choose(self, kind: str, record_id, field: str, side: str) -> None:
        combo = self.field_choices[kind, record_id, field]
        combo.setCurrentIndex(combo.findData(side))

    def choose_record(self, kind: str, record_id, side: str) -> None:
        whole = self.record_choices[kind, record_id]
        whole.setCurrentIndex(whole.findData(side))

    def choices(self) -> dict[tuple[str, Any, str], str]:
        return {key: combo.currentData() for key, combo in self.field_choices.items()}
