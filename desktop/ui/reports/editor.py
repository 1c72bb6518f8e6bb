"""The report editor: one text area per p.46 section and language, autosaved, with status and deadline on top.

Every write runs off the GUI thread (`workers.write_in_background`). What the officer typed is first kept here as
a pending save per report; it leaves only once the store holds it, so a store locked by another Hattama costs
nothing: the editor says so, shows the text as unsaved and tries again at the next autosave.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hattama import clock
from hattama.db.errors import StoreBusy
from hattama.db.store import Store
from hattama.i18n import _, current_language, describe, format_date, ngettext
from hattama.presentation.obligations import explanation, late_mark, state_label
from hattama.rules.obligations import ObligationState
from hattama.rules.report_status import WITH_THE_MFA, ReportStatus, allowed
from hattama.services.errors import ServiceError
from hattama.services.obligations import report_deadline
from hattama.services.reports import (
    LANGUAGE_NAMES,
    REPORT_LANGUAGES,
    SECTION_FIELDS,
    SECTION_LABELS,
    STATUS_LABELS,
    ReportRecord,
    ReportTexts,
    close_not_requested,
    get_report,
    participants_text,
    reopen_requested,
    report_pdf,
    save_texts,
    set_mfa_request,
    set_status,
    unit_details_missing,
    write_pdf,
)
from hattama.services.settings import UnitDetailsMissing
from hattama.ui.date_edit import DateEdit, choose_date
from hattama.ui.reports.section_edit import SectionEdit
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import write_in_background

AUTOSAVE_INTERVAL_MS = 3000


@dataclass(frozen=True)
class PendingSave:
    """What the editor showed for one report when a save was asked for."""

    report_id: uuid.UUID
    texts: dict[str, ReportTexts]
    stored_languages: frozenset[str]
    request_date: dt.date | None
    request_ref: str
    generation: int

    def write(self, store: Store) -> None:
        for language, texts in self.texts.items():
            if not texts.is_empty() or language in self.stored_languages:
                save_texts(store, self.report_id, language, texts)
        set_mfa_request(store, self.report_id, self.request_date, self.request_ref)


# A section shows at least this many lines; below that the tab scrolls.
SECTION_LINES = 4


class LanguageTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, SectionEdit] = {}
        self.labels: dict[str, QLabel] = {}
        # The sections scroll within the tab: on a 700 px screen the editor's top leaves them little height, and
        # squeezed they were a line each with their titles cut (issue 19).
        sections = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(sections)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(sections)
        for name in SECTION_FIELDS:
            label = QLabel()
            label.setWordWrap(True)  # a long section title wraps rather than widen the editor (issue 19)
            label.setStyleSheet("font-weight: bold;")
            edit = SectionEdit()
            edit.setTabChangesFocus(True)
            edit.textChanged.connect(self.changed)
            edit.setMinimumHeight(SECTION_LINES * edit.fontMetrics().lineSpacing() + 12)
            self.labels[name], self.edits[name] = label, edit
            layout.addWidget(label)
            layout.addWidget(edit, 1 if name != "participants" else 0)
        self.edits["participants"].setMaximumHeight(120)

    def texts(self) -> ReportTexts:
        return ReportTexts(**{name: edit.toPlainText() for name, edit in self.edits.items()})

    def show_texts(self, texts: ReportTexts) -> None:
        for name, edit in self.edits.items():
            edit.blockSignals(True)
            edit.setPlainText(getattr(texts, name))
            edit.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        for edit in self.edits.values():
            edit.setReadOnly(read_only)

    def word_count(self) -> int:
        return sum(edit.word_count() for edit in self.edits.values())

    def retranslate(self) -> None:
        required = {"participants", "issues", "agreements"}
        for name, label in self.labels.items():
            text = _(SECTION_LABELS[name])
            label.setText(text + (" *" if name in required else " " + _("(where needed)")))


# The deadline and request pane takes at most this share of the height the texts share with it.
NOTES_SHARE = 0.35


class SectionsSplitter(QSplitter):
    """The deadline and request pane above the report's texts: the pane takes what it needs up to NOTES_SHARE of
    the height, the texts the rest, until the officer drags the handle."""

    def __init__(self, notes: QScrollArea, content: QWidget, texts: QWidget) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self.notes, self.content = notes, content
        self.addWidget(notes)
        self.addWidget(texts)
        self.setChildrenCollapsible(False)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.dragged = False
        self.splitterMoved.connect(self._dragged)

    def _dragged(self, _position: int, _index: int) -> None:
        self.dragged = True

    def share(self) -> None:
        """Gives the pane its share, unless the officer chose the split."""
        if self.dragged:
            return
        height = self.height() - self.handleWidth()
        content = self.content
        needed = content.heightForWidth(self.notes.viewport().width()) if content.hasHeightForWidth() else -1
        needed = max(needed, content.minimumSizeHint().height())
        notes = max(min(needed, int(height * NOTES_SHARE)), self.notes.minimumSizeHint().height())
        self.setSizes([notes, height - notes])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.share()


class ReportEditor(Retranslating, QWidget):
    status_changed = Signal()
    event_requested = Signal(object)  # the report's event id: the main window opens the event (issue 19.7)
    setup_requested = Signal()  # the unit's details a report needs are missing: the main window opens the setup

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.report_id: uuid.UUID | None = None
        self.record: ReportRecord | None = None
        self.dirty = False
        self._generation = 0  # counts edits, so a save finishing after a newer edit leaves the text unsaved
        self._pending: dict[uuid.UUID, PendingSave] = {}
        self._saving = False
        self._after_save: list[Callable[[], None]] = []
        self.save_problem = ""

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.heading.setWordWrap(True)
        self.deadline = QLabel()
        self.deadline.setWordWrap(True)
        self.status_label = QLabel()
        self.saved_mark = QLabel()

        self.ready_button = QPushButton()
        self.ready_button.clicked.connect(lambda: self.change_status("ready"))
        self.draft_button = QPushButton()
        self.draft_button.clicked.connect(lambda: self.change_status("draft"))
        self.sent_button = QPushButton()
        self.sent_button.clicked.connect(lambda: self.change_status("sent", ask_date=True))
        self.ack_button = QPushButton()
        self.ack_button.clicked.connect(lambda: self.change_status("acknowledged", ask_date=True))
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_participants)
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button = QPushButton()
        self.pdf_button.clicked.connect(self.save_pdf)
        self.event_button = QPushButton()
        self.event_button.clicked.connect(self.open_event)

        self.request_box = QGroupBox()
        self.request_received = QCheckBox()
        self.request_date = DateEdit(clock.today())
        self.request_ref = QLineEdit()
        self.request_date_label, self.request_ref_label = QLabel(), QLabel()
        request_form = QFormLayout(self.request_box)
        request_form.addRow(self.request_received)
        request_form.addRow(self.request_date_label, self.request_date)
        request_form.addRow(self.request_ref_label, self.request_ref)
        for signal in (self.request_received.toggled, self.request_date.dateChanged, self.request_ref.textEdited):
            signal.connect(self._mark_dirty)
        # p.46: no request came; the officer closes the report with the reason (or takes that back).
        self.not_requested_reason = QLineEdit()
        self.not_requested_label = QLabel()
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close_as_not_requested)
        self.reopen_button = QPushButton()
        self.reopen_button.clicked.connect(self.reopen)
        closing = QVBoxLayout()  # the reason, then its buttons: beside them it left the editor too wide
        closing.addWidget(self.not_requested_reason)
        closing_buttons = QHBoxLayout()
        closing_buttons.addWidget(self.close_button)
        closing_buttons.addWidget(self.reopen_button)
        closing_buttons.addStretch(1)
        closing.addLayout(closing_buttons)
        # The label above its row: beside it the reason had no room, and the label was cut (issue 19).
        request_form.addRow(self.not_requested_label)
        request_form.addRow(closing)

        self.tabs = QTabWidget()
        self.language_tabs: dict[str, LanguageTab] = {}
        for language in REPORT_LANGUAGES:
            tab = LanguageTab()
            tab.changed.connect(self._mark_dirty)
            self.language_tabs[language] = tab
            self.tabs.addTab(tab, "")
        self.word_count = QLabel()

        # Two by two: in one row the Kazakh labels made the editor so wide that the reports list beside it
        # had no room left for the event titles; "Copy participants from the event" on a row of its own (in
        # Kazakh it was cut beside the others). On a narrow editor the sent and acknowledged buttons take a row
        # each (resizeEvent), so that at 1024 px the list keeps its titles (issue 19).
        self.status_grid = status_grid = QGridLayout()
        self._wide_buttons: bool | None = None
        footer = QHBoxLayout()
        footer.addWidget(self.word_count)
        footer.addStretch(1)
        footer.addWidget(self.saved_mark)
        layout = self._outer = QVBoxLayout(self)
        heading = QHBoxLayout()  # the report's event, and the way to it
        heading.addWidget(self.heading, 1)
        heading.addWidget(self.event_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(heading)
        layout.addWidget(self.status_label)
        layout.addLayout(status_grid)
        # The deadline and the MFA's request above the texts, in a pane that scrolls, the texts below it taking
        # the rest (SectionsSplitter): on a 700 px screen the request box left the sections a line or two of
        # height (issue 19). The officer may drag the handle between them.
        notes = QWidget()
        notes_layout = QVBoxLayout(notes)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.addWidget(self.deadline)
        notes_layout.addWidget(self.request_box)
        notes_layout.addStretch(1)
        self.notes_scroll = QScrollArea()
        self.notes_scroll.setWidgetResizable(True)
        self.notes_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.notes_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes_scroll.setWidget(notes)
        self.splitter = SectionsSplitter(self.notes_scroll, notes, self.tabs)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(footer)

        self._arrange_buttons(wide=True)

        self.autosave = QTimer(self)
        self.autosave.setInterval(AUTOSAVE_INTERVAL_MS)
        self.autosave.timeout.connect(lambda: self.save_if_dirty())
        self.autosave.start()
        self.setEnabled(False)
        self.retranslate_ui()

    # Layout -------------------------------------------------------------------------------------------------
    def _arrange_buttons(self, wide: bool) -> None:
        if wide == self._wide_buttons:
            return
        self._wide_buttons = wide
        grid = self.status_grid
        buttons = (self.ready_button, self.draft_button, self.sent_button, self.ack_button, self.copy_button,
                   self.preview_button, self.pdf_button)
        for button in buttons:
            grid.removeWidget(button)
        places = ((0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1), (2, 0, 1, 2), (3, 0, 1, 1), (3, 1, 1, 1))
        if not wide:
            places = ((0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 2), (2, 0, 1, 2), (3, 0, 1, 2), (4, 0, 1, 1), (4, 1, 1, 1))
        for button, place in zip(buttons, places, strict=True):
            grid.addWidget(button, *place)

    def _button_widths(self) -> tuple[int, int]:
        """The width the buttons need two by two, and with the sent and acknowledged buttons a row each."""
        def width(button: QPushButton) -> int:
            return button.sizeHint().width()

        spacing = self.status_grid.horizontalSpacing()
        pairs = ((self.ready_button, self.draft_button), (self.preview_button, self.pdf_button))
        two_by_two = (max(width(self.ready_button), width(self.sent_button))
                      + max(width(self.draft_button), width(self.ack_button)) + spacing)
        narrow = max([width(first) + width(second) + spacing for first, second in pairs]
                     + [width(self.sent_button), width(self.ack_button), width(self.copy_button)])
        return max(two_by_two, narrow), narrow

    def _fit_minimum(self) -> None:
        """The editor's least width: its buttons a row each where need be, the request box, the tabs."""
        margins = self._outer.contentsMargins()
        _two_by_two, narrow = self._button_widths()
        scrollbar = self.notes_scroll.verticalScrollBar().sizeHint().width()  # the pane scrolls beside the box
        self.setMinimumWidth(max(narrow, self.request_box.minimumSizeHint().width() + scrollbar,
                                 self.tabs.minimumSizeHint().width()) + margins.left() + margins.right())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        margins = self._outer.contentsMargins()
        two_by_two, _narrow = self._button_widths()
        self._arrange_buttons(event.size().width() >= two_by_two + margins.left() + margins.right())
        super().resizeEvent(event)

    # Loading and saving -------------------------------------------------------------------------------------
    def load(self, report_id: uuid.UUID) -> None:
        self.save_if_dirty()
        self.report_id = report_id
        self.record = get_report(self.store, report_id, current_language())
        # A text not yet stored (the store was busy) is shown again, still unsaved, rather than the stored one.
        pending = self._pending.get(report_id)
        for language, tab in self.language_tabs.items():
            tab.show_texts(pending.texts[language] if pending else self.record.texts.get(language, ReportTexts()))
        request_date = pending.request_date if pending else self.record.mfa_request_date
        request_ref = pending.request_ref if pending else self.record.mfa_request_ref
        for widget in (self.request_received, self.request_date, self.request_ref):
            widget.blockSignals(True)
        self.request_received.setChecked(request_date is not None or bool(request_ref))
        if request_date:
            self.request_date.set_value(request_date)
        self.request_ref.setText(request_ref)
        self.not_requested_reason.setText(self.record.not_requested_reason)
        for widget in (self.request_received, self.request_date, self.request_ref):
            widget.blockSignals(False)
        if not self.record.languages and current_language() == "ru":
            self.tabs.setCurrentIndex(REPORT_LANGUAGES.index("ru"))
        elif self.record.languages:
            self.tabs.setCurrentIndex(REPORT_LANGUAGES.index(self.record.languages[0]))
        self._generation += 1
        self.dirty = pending is not None
        self.setEnabled(True)
        self._refresh_header()

    def _mark_dirty(self) -> None:
        if self.report_id is None:
            return
        self.dirty = True
        self._generation += 1
        self._refresh_marks()

    def _snapshot(self) -> PendingSave:
        assert self.report_id is not None
        received = self.request_received.isChecked()
        return PendingSave(
            report_id=self.report_id,
            texts={language: tab.texts() for language, tab in self.language_tabs.items()},
            stored_languages=frozenset(self.record.texts if self.record else ()),
            request_date=self.request_date.value() if received else None,
            request_ref=self.request_ref.text() if received else "",
            generation=self._generation,
        )

    def save_if_dirty(self, then: Callable[[], None] | None = None) -> None:
        """Autosave: every few seconds while there are changes or saves still pending, when the editor is hidden,
        and before an action that needs the stored text (`then` runs once everything typed is stored; not at all
        if the store refused it, which the editor then says)."""
        if self.dirty and self.report_id is not None:
            self._pending[self.report_id] = self._snapshot()
        if then is not None:
            self._after_save.append(then)
        self._write_pending()

    def _write_pending(self) -> None:
        if self._saving:
            return  # the running save calls back here when it ends
        if not self._pending:
            waiting, self._after_save = self._after_save, []
            for action in waiting:
                action()
            return
        saves = list(self._pending.values())
        store, language = self.store, current_language()

        def write() -> dict[uuid.UUID, ReportRecord]:
            for save in saves:
                save.write(store)
            return {save.report_id: get_report(store, save.report_id, language) for save in saves}

        self._saving = True
        write_in_background(write, on_success=lambda records: self._saved(saves, records),
                            on_failure=self._not_saved, owner=self)

    def _saved(self, saves: list[PendingSave], records: dict[uuid.UUID, ReportRecord]) -> None:
        self._saving = False
        self.save_problem = ""
        for save in saves:
            if self._pending.get(save.report_id) is save:
                del self._pending[save.report_id]
            if save.report_id == self.report_id and save.generation == self._generation:
                self.dirty = False
        previous_status = self.record.status if self.record else None
        if self.report_id in records:
            self.record = records[self.report_id]
        self._refresh_header()
        if self.record is not None and self.record.status != previous_status:
            self.status_changed.emit()
        self._write_pending()

    def _not_saved(self, error: Exception) -> None:
        self._saving = False
        self._after_save.clear()
        if isinstance(error, StoreBusy):
            self.save_problem = _("The store is busy (another Hattama is writing). "
                                  "Your text is kept and will be saved when it is free.")
        else:
            self.save_problem = describe(error)
        self._refresh_marks()

    def _write_then_reload(self, write: Callable[[], object], title: str) -> None:
        """A status change off the GUI thread; the report is read again once it is stored."""
        report_id = self.report_id

        def written(_result: object) -> None:
            if report_id is not None and self.report_id == report_id:
                self.load(report_id)
            self.status_changed.emit()

        def refused(error: Exception) -> None:
            if isinstance(error, UnitDetailsMissing):
                self._point_to_setup(title, error, may_continue=False)
            else:
                QMessageBox.warning(self, title, describe(error))

        write_in_background(write, on_success=written, on_failure=refused, owner=self)

    def refresh_record(self) -> None:
        """Reads the open report's status, dates and deadline again (changed elsewhere: a bundle export, an
        import, a merged trip kit); what is typed here stays as it is."""
        if self.report_id is None:
            return
        try:
            self.record = get_report(self.store, self.report_id, current_language())
        except ServiceError:  # gone meanwhile (its event in the bin): nothing left to show
            self.report_id, self.record = None, None
            self.setEnabled(False)
        self._refresh_header()

    def _point_to_setup(self, title: str, error: UnitDetailsMissing, *, may_continue: bool) -> bool:
        """Issue 19.3: names the unit's details that are empty and offers the setup assistant; with
        `may_continue`, True when the officer goes on without them (a draft PDF shows blanks there)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, describe(error), parent=self)
        setup = box.addButton(_("Open the setup assistant…"), QMessageBox.ButtonRole.AcceptRole)
        go_on = box.addButton(_("Show it anyway"), QMessageBox.ButtonRole.DestructiveRole) if may_continue else None
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(setup)
        box.exec()
        if box.clickedButton() is setup:
            self.setup_requested.emit()
        return go_on is not None and box.clickedButton() is go_on

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # Shown, the widgets are polished: the request box may need more than when the texts were set.
        QTimer.singleShot(0, self._fit_minimum)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.save_if_dirty()
        super().hideEvent(event)

    # Actions ------------------------------------------------------------------------------------------------
    def change_status(self, status: str, ask_date: bool = False) -> None:
        if self.report_id is not None:
            self.save_if_dirty(then=lambda: self._change_status(status, ask_date))

    def _change_status(self, status: str, ask_date: bool) -> None:
        report_id = self.report_id
        if report_id is None:
            return
        on = None
        if ask_date:
            on = choose_date(self, _("Report status"), _("Date"), clock.today())
            if on is None:
                return
        store = self.store
        self._write_then_reload(lambda: set_status(store, report_id, status, on), _("Report status"))

    def close_as_not_requested(self) -> None:
        """p.46: the MFA did not ask for the report; closed with the reason typed beside the button."""
        if self.record is not None:
            self.save_if_dirty(then=self._close_as_not_requested)

    def _close_as_not_requested(self) -> None:
        if self.record is None:
            return
        store, event_id, reason = self.store, self.record.event_id, self.not_requested_reason.text()
        self._write_then_reload(lambda: close_not_requested(store, event_id, reason), _("The MFA's request (p.46)"))

    def reopen(self) -> None:
        if self.record is None:
            return
        store, report_id = self.store, self.record.id
        self._write_then_reload(lambda: reopen_requested(store, report_id), _("The MFA's request (p.46)"))

    def current_language_code(self) -> str:
        return REPORT_LANGUAGES[self.tabs.currentIndex()]

    def copy_participants(self) -> None:
        if self.record is None:
            return
        language = self.current_language_code()
        edit = self.language_tabs[language].edits["participants"]
        try:  # issue 19.2: this tab's language only; a missing form is named, nothing of the other copied
            text = participants_text(self.store, self.record.event_id, language)
        except ServiceError as error:
            QMessageBox.warning(self, _("Copy participants"), describe(error))
            return
        if edit.toPlainText().strip():
            answer = QMessageBox.question(self, _("Copy participants"),
                                          _("Replace the composition of participants with the event's list?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        edit.setPlainText(text)

    def _details_or_setup(self, language: str) -> bool:
        """Before a PDF: True when the unit's details it shows are there, or the officer goes on without."""
        missing = unit_details_missing(self.store, [language])
        return not missing or self._point_to_setup(_("Report PDF"), UnitDetailsMissing(missing), may_continue=True)

    def _render(self) -> bytes | None:
        report_id = self.report_id
        if report_id is None or not self._details_or_setup(self.current_language_code()):
            return None
        try:
            return report_pdf(self.store, report_id, self.current_language_code())
        except ServiceError as error:
            QMessageBox.warning(self, _("Report PDF"), describe(error))
            return None

    def open_event(self) -> None:
        """To the report's event; what was typed is saved first."""
        if self.record is not None:
            event_id = self.record.event_id
            self.save_if_dirty(then=lambda: self.event_requested.emit(event_id))

    def preview(self) -> None:
        if self.report_id is not None:
            self.save_if_dirty(then=self._preview_saved)

    def _preview_saved(self) -> None:
        if self.report_id is None:
            return
        data = self._render()
        if data is None:
            return
        from hattama.ui.reports.preview import PdfPreviewDialog

        PdfPreviewDialog(data, self, file_name=self._pdf_file_name()).exec()

    def _pdf_file_name(self) -> str:
        return f"report-{str(self.report_id)[:8]}-{self.current_language_code()}.pdf"

    def save_pdf(self) -> None:
        if self.report_id is not None:
            self.save_if_dirty(then=self._save_pdf_saved)

    def _save_pdf_saved(self) -> None:
        if self.report_id is None:
            return
        language = self.current_language_code()
        if not self._details_or_setup(language):
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Save report as PDF"), self._pdf_file_name(),
                                                    _("PDF files (*.pdf)"))
        if not path:
            return
        try:
            write_pdf(self.store, self.report_id, language, Path(path))
        except ServiceError as error:
            QMessageBox.warning(self, _("Report PDF"), describe(error))

    # Presentation -------------------------------------------------------------------------------------------
    def _refresh_marks(self) -> None:
        unsaved = self.dirty or self.report_id in self._pending
        if self.save_problem:
            self.saved_mark.setText("● " + self.save_problem)
        else:
            self.saved_mark.setText(_("● Unsaved changes") if unsaved else _("All changes saved"))
        self.saved_mark.setStyleSheet("color: #b35c00;" if unsaved else "color: #2e7d32;")
        count = self.language_tabs[self.current_language_code()].word_count()
        self.word_count.setText(ngettext("{count} word", "{count} words", count).format(count=count))

    def _refresh_header(self) -> None:
        record = self.record
        if record is None:
            self.heading.setText(_("Choose a report on the left, or start one for an event."))
            self.deadline.clear()
            self.status_label.clear()
            return
        self.heading.setText(record.event_title)
        view = report_deadline(self.store, record.event_id)
        self.deadline.setStyleSheet("")
        if view is None:
            self.deadline.clear()
        elif view.state is ObligationState.DONE and (done_on := view.obligation.done_on) is not None:
            sent = _("p.46: sent to the MFA on {date}").format(date=format_date(done_on, "long"))
            self.deadline.setText(f"{sent} ({late_mark(current_language())})" if view.obligation.late else sent)
        elif view.state in (ObligationState.AWAITING_REQUEST, ObligationState.NOT_REQUESTED,
                            ObligationState.NO_CALENDAR):
            language = current_language()
            self.deadline.setText(f"{state_label(view, language)}. {explanation(view, language)}")
        else:
            left = view.working_days_left or 0
            due = format_date(view.obligation.planned_due, "long")
            if left >= 0:
                text = ngettext("p.46: due {due}, {count} working day left.",
                                "p.46: due {due}, {count} working days left.", left).format(due=due, count=left)
            else:
                text = ngettext("p.46: was due {due}, {count} working day overdue.",
                                "p.46: was due {due}, {count} working days overdue.", -left).format(due=due, count=-left)
            self.deadline.setText(text)
            self.deadline.setStyleSheet("color: #b00020; font-weight: bold;" if left < 0 else "")
        self.splitter.share()  # the deadline's length changed what the pane needs
        self.status_label.setText(_("Status: {status}").format(status=_(STATUS_LABELS[record.status])))
        # What the status machine allows from here (hattama.rules.report_status), nothing else.
        moves = allowed(record.status)
        for button, status in ((self.ready_button, ReportStatus.READY), (self.draft_button, ReportStatus.DRAFT),
                               (self.sent_button, ReportStatus.SENT), (self.ack_button, ReportStatus.ACKNOWLEDGED)):
            button.setEnabled(status in moves)
        # What went to the MFA stays as sent.
        for tab in self.language_tabs.values():
            tab.set_read_only(record.status in WITH_THE_MFA)
        self.copy_button.setEnabled(record.status not in WITH_THE_MFA)
        closed = record.not_requested_on is not None
        self.not_requested_reason.setReadOnly(closed)
        self.close_button.setEnabled(not closed and record.mfa_request_date is None
                                     and record.status not in ("sent", "acknowledged"))
        self.reopen_button.setEnabled(closed)
        self._refresh_marks()

    def retranslate_ui(self) -> None:
        for index, language in enumerate(REPORT_LANGUAGES):
            self.tabs.setTabText(index, _(LANGUAGE_NAMES[language]))
            self.language_tabs[language].retranslate()
        self.ready_button.setText(_("Mark ready"))
        self.draft_button.setText(_("Back to draft"))
        self.sent_button.setText(_("Record sent…"))
        self.ack_button.setText(_("Record acknowledged…"))
        self.copy_button.setText(_("Copy participants from the event"))
        self.event_button.setText(_("Open event"))
        self.preview_button.setText(_("Preview…"))
        self.pdf_button.setText(_("Save PDF…"))
        self.request_box.setTitle(_("The MFA's request (p.46)"))
        self.request_received.setText(_("The MFA requested this report"))
        self.request_date_label.setText(_("Date"))
        self.request_ref_label.setText(_("Reference"))
        self.not_requested_label.setText(_("Not requested, because"))
        self.not_requested_reason.setPlaceholderText(_("why no report goes to the MFA"))
        self.close_button.setText(_("Close as not requested"))
        self.reopen_button.setText(_("Reopen"))
        self._fit_minimum()
        self._wide_buttons = None  # the texts' widths changed: arranged again on the next resize
        margins = self._outer.contentsMargins()
        self._arrange_buttons(self.width() >= self._button_widths()[0] + margins.left() + margins.right())
        if self.record is not None:
            self.record = get_report(self.store, self.record.id, current_language())
        self._refresh_header()
