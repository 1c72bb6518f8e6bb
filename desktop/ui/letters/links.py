"""The events and treaties a letter is about (issue 16.1): the list in the letter editor, and the chooser that
ticks them — events of a year from the streaming event list (as the treaty editor's and the trip's choosers
read it), treaties from the register, both searchable."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hattama import clock
from hattama.db.store import Store
from hattama.i18n import _, current_language, format_date
from hattama.presentation.letters import subject_title
from hattama.rules.event_validation import FIRST_YEAR, LAST_YEAR
from hattama.services.event_reference import display_title
from hattama.services.letters import LinkedSubject, linked_subjects
from hattama.services.listed_events import all_listed_events
from hattama.services.treaties import list_treaty_rows

LINK_ROLE = Qt.ItemDataRole.UserRole


class LinkChooser(QDialog):
    """Ticks the events (of a year) or the treaties a letter is about; `chosen()` gives the ticked ones, those
    ticked before and not shown (an event of another year) kept."""

    def __init__(self, store: Store, kind: str, linked: Sequence[uuid.UUID], year: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.kind = store, kind
        self.ticked: set[uuid.UUID] = set(linked)
        self.setWindowTitle(_("Link events") if kind == "event" else _("Link treaties"))
        self.resize(680, 460)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search"))
        self.search.textChanged.connect(self._filter)
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(year)
        self.year.setPrefix(_("Year: "))
        self.year.valueChanged.connect(self._load)
        self.year.setVisible(kind == "event")
        self.choices = QListWidget()
        self.choices.itemChanged.connect(self._ticked)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.year)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Tick the events the letter is about.") if kind == "event"
                                else _("Tick the treaties the letter is about.")))
        layout.addLayout(top)
        layout.addWidget(self.choices, 1)
        layout.addWidget(buttons)
        self._load()

    def _rows(self) -> list[tuple[uuid.UUID, dt.date, str, str]]:
        if self.kind == "event":
            return [(event.id, event.starts_at.date(), event.title_kk, event.title_ru)
                    for event in all_listed_events(self.store, year=self.year.value())]
        return [(treaty.id, treaty.signed_on, treaty.title_kk, treaty.title_ru)
                for treaty in list_treaty_rows(self.store)]

    def _load(self) -> None:
        self.choices.blockSignals(True)
        self.choices.clear()
        language = current_language()
        for subject_id, on, title_kk, title_ru in self._rows():
            item = QListWidgetItem(f"{format_date(on)}  {display_title(title_kk, title_ru, language)}")
            item.setData(LINK_ROLE, subject_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, f"{title_kk} {title_ru}".casefold())
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if subject_id in self.ticked else Qt.CheckState.Unchecked)
            self.choices.addItem(item)
        self.choices.blockSignals(False)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        searched = text.strip().casefold()
        for row in range(self.choices.count()):
            item = self.choices.item(row)
            item.setHidden(bool(searched) and searched not in item.data(Qt.ItemDataRole.UserRole + 1))

    def _ticked(self, item: QListWidgetItem) -> None:
        subject_id = item.data(LINK_ROLE)
        if item.checkState() == Qt.CheckState.Checked:
            self.ticked.add(subject_id)
        else:
            self.ticked.discard(subject_id)

    def set_ticked(self, subject_id: uuid.UUID, ticked: bool) -> None:
        for row in range(self.choices.count()):
            item = self.choices.item(row)
            if item.data(LINK_ROLE) == subject_id:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def chosen(self) -> list[uuid.UUID]:
        """The ticked ones in the list's order, then those ticked and not shown (another year's events)."""
        listed = [self.choices.item(row).data(LINK_ROLE) for row in range(self.choices.count())]
        return [subject_id for subject_id in listed if subject_id in self.ticked] + [
            subject_id for subject_id in self.ticked if subject_id not in set(listed)]


class LetterLinks(QWidget):
    """The letter's events and treaties, in the order linked, with buttons to link more and to unlink; the
    editor saves `links()` with the letter, in one transaction."""

    changed = Signal()

    def __init__(self, store: Store, subjects: Sequence[LinkedSubject], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.year_of_letter = clock.today().year  # the editor sets the letter's year: events of it come first
        self.list = QListWidget()
        self.list.setFixedHeight(64)
        self.link_button = QPushButton(_("Link…"))
        menu = QMenu(self.link_button)
        menu.addAction(_("Events…"), lambda: self.choose("event"))
        menu.addAction(_("Treaties…"), lambda: self.choose("treaty"))
        self.link_button.setMenu(menu)
        self.unlink_button = QPushButton(_("Unlink"))
        self.unlink_button.clicked.connect(self.unlink_current)
        buttons = QVBoxLayout()
        for button in (self.link_button, self.unlink_button):
            buttons.addWidget(button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.set_subjects(subjects)

    def set_subjects(self, subjects: Sequence[LinkedSubject]) -> None:
        self._show([((subject.kind, subject.id), subject_title(subject)) for subject in subjects])

    def _show(self, rows: Sequence[tuple[tuple[str, uuid.UUID], str]]) -> None:
        self.list.clear()
        for link, text in rows:
            item = QListWidgetItem(text)
            item.setData(LINK_ROLE, link)
            item.setToolTip(text)
            self.list.addItem(item)
        self.unlink_button.setEnabled(bool(rows))
        self.changed.emit()

    def links(self) -> tuple[tuple[str, uuid.UUID], ...]:
        return tuple(self.list.item(row).data(LINK_ROLE) for row in range(self.list.count()))

    def unlink_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.set_links([link for position, link in enumerate(self.links()) if position != row])

    def set_links(self, links: Sequence[tuple[str, uuid.UUID]]) -> None:
        shown = {self.list.item(row).data(LINK_ROLE): self.list.item(row).text() for row in range(self.list.count())}
        missing = [link for link in links if link not in shown]
        fresh = {(s.kind, s.id): subject_title(s) for s in linked_subjects(self.store, missing)} if missing else {}
        self._show([(link, shown.get(link) or fresh[link]) for link in links])

    def chooser(self, kind: str) -> LinkChooser:
        linked = [subject_id for link_kind, subject_id in self.links() if link_kind == kind]
        return LinkChooser(self.store, kind, linked, self.year_of_letter, self)

    def choose(self, kind: str) -> None:
        dialog = self.chooser(kind)
        if dialog.exec():
            self.apply_choice(kind, dialog.chosen())

    def apply_choice(self, kind: str, chosen: Sequence[uuid.UUID]) -> None:
        """Keeps the order: links still chosen stay where they were, new ones come last."""
        kept = [link for link in self.links() if link[0] != kind or link[1] in set(chosen)]
        present = {subject_id for link_kind, subject_id in kept if link_kind == kind}
        self.set_links(kept + [(kind, subject_id) for subject_id in chosen if subject_id not in present])
