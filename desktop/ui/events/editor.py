"""The event editor: a two-column form that validates as the user types, keeps an unfinished entry as a draft,
and asks before throwing changes away. The form is editor_form.py, saving and drafts editor_save.py, the lists
parts.py."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QMargins, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hattama.db.store import Store
from hattama.i18n import _
from hattama.services.events import get_event
from hattama.services.history import history
from hattama.ui.events.editor_save import DRAFT_DELAY_MS, EventSaving
from hattama.ui.trips.dialogs import HistoryDialog

# Both columns side by side on a 1366×768 screen; a smaller screen gets what it has.
EDITOR_SIZE = (1240, 720)


class EventEditor(EventSaving):
    """Edits one event (`event_id` None: a new one). `saved` carries the event's id once it is stored."""

    report_requested = Signal(uuid.UUID)  # the event's id: its report opens on the Reports page (issue 19.7)

    def __init__(self, store: Store, event_id: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.event_id = event_id
        self._draft_subject = str(event_id) if event_id else "new"
        self._closed = False
        self._new_series_id = str(uuid.uuid4())
        self._build()
        self._fit_screen()
        record = get_event(store, event_id) if event_id else None
        # p.46: the status machine starts from the stored status (a draft cannot skip a step).
        self._stored_status = record.data.status if record is not None else None
        if record is not None:
            self._show_data(record.data)
            self.attachments.set_state(record.attachments)
            for edit in self.findChildren(QLineEdit):  # a long text shows its beginning, not its end
                edit.setCursorPosition(0)
        else:
            self._show_defaults()
        self.retranslate_ui()
        self._initial = self.payload()
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.keep_draft)
        self._connect_changes()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush_draft)

    def _build(self) -> None:
        columns = self._build_form()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(columns)
        # Never sideways: the columns stack when they do not fit side by side.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.viewport().installEventFilter(self)
        self.scroll_area = scroll
        self._form = columns

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # Issue 17: every version of the event, with who changed it, when and where (unit or laptop).
        self.history_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.HelpRole)
        self.history_button.setEnabled(self.event_id is not None)
        self.history_button.clicked.connect(self.show_history)
        self.report_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.HelpRole)
        self.report_button.setEnabled(self.event_id is not None)
        self.report_button.clicked.connect(self.open_report)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)

    def _fit_screen(self) -> None:
        """Wide enough for both columns on a 1366 px screen, never wider or taller than the screen."""
        screen = self.screen() or QApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        width, height = EDITOR_SIZE
        if available is not None:
            width, height = min(width, available.width() - 40), min(height, available.height() - 40)
        self.resize(width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and watched is self.scroll_area.viewport():
            self._arrange_columns(self.scroll_area.viewport().width())
        return super().eventFilter(watched, event)

    def _arrange_columns(self, width: int) -> None:
        """Side by side when both columns' least widths fit in `width`, else the right one below the left."""
        layout = self.columns_layout
        form_layout = self._form.layout()
        margins = form_layout.contentsMargins() if form_layout is not None else QMargins()
        needed = (sum(column.minimumSize().width() for column in self.column_layouts) + layout.spacing()
                  + margins.left() + margins.right())
        direction = (QBoxLayout.Direction.LeftToRight if width >= needed
                     else QBoxLayout.Direction.TopToBottom)
        if layout.direction() != direction:
            layout.setDirection(direction)

    def reject(self) -> None:
        """Cancel, Esc and the window's close button all come here."""
        if self.is_modified():
            answer = QMessageBox.question(
                self, _("Discard changes?"), _("The changes to this event are not saved. Discard them?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        self._close(super().reject, after_draft=False)

    def open_report(self) -> None:
        """To the event's report (started if there is none): the editor closes first, asking about unsaved
        changes as Cancel does."""
        event_id = self.event_id
        if event_id is None:
            return
        self.reject()
        if self._closed:
            self.report_requested.emit(event_id)

    def show_history(self) -> None:
        if self.event_id is None:  # a new event has none (the button is disabled)
            return
        HistoryDialog(history(self.store, "event", self.event_id), self).exec()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("New event") if self.event_id is None else _("Edit event"))
        self.history_button.setText(_("History…"))
        self.report_button.setText(_("Open report"))
        self.retranslate_form()
        self.revalidate()
