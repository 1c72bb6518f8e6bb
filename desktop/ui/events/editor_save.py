"""Saving from the event editor: the event with its added and removed attachments in one service call
(`events.save_event`, one transaction), on the writing thread; and drafts kept across a closed or crashed app."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QMessageBox,
)

from hattama.db.errors import StoreError
from hattama.i18n import _, describe
from hattama.services.drafts import discard_draft, load_draft, save_draft
from hattama.services.event_json import event_data_from_json, event_data_to_json
from hattama.services.events import save_event, validate
from hattama.ui.events.editor_form import EventForm
from hattama.ui.workers import write_in_background

log = logging.getLogger(__name__)

DRAFT_KIND = "event"
DRAFT_DELAY_MS = 800


class EventSaving(EventForm):
    """The saving part of the event editor: the form kept as a draft as the officer types, and the save.
    `saved` carries the event's id once it is stored."""

    saved = Signal(uuid.UUID)
    _draft_subject: str
    _closed: bool
    _initial: dict[str, Any]
    _draft_timer: QTimer

    def _changed(self) -> None:
        super()._changed()
        if not self._closed:
            self._draft_timer.start()

    def payload(self) -> dict[str, Any]:
        """The whole form as JSON values: the draft, and what "unsaved changes" are measured against."""
        return {
            "event": event_data_to_json(self.form_data()),
            "attachments_added": [str(path) for path in self.attachments.added],
            "attachments_removed": sorted(str(attachment_id) for attachment_id in self.attachments.removed),
        }

    def apply_payload(self, payload: dict[str, Any]) -> None:
        """Shows a draft; files that have gone from disk since are left out. KeyError/ValueError/TypeError if
        the payload is malformed."""
        data = event_data_from_json(payload["event"])
        added = [Path(name) for name in payload.get("attachments_added", ()) if Path(name).is_file()]
        removed = [uuid.UUID(text) for text in payload.get("attachments_removed", ())]
        self._show_data(data)
        self.attachments.set_state(self.attachments.stored, added, removed)
        self._changed()

    def is_modified(self) -> bool:
        return self.payload() != self._initial

    def offer_draft(self) -> bool:
        """If an unfinished entry was kept for this event, offers it back; True if it is now in the form."""
        payload = load_draft(self.store, DRAFT_KIND, self._draft_subject)
        if payload is None:
            return False
        answer = QMessageBox.question(
            self, _("Unfinished entry"), _("An unfinished entry was found — restore it?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            try:
                self.apply_payload(payload)
                return True
            except (KeyError, ValueError, TypeError):
                log.warning("discarding an unreadable event draft for %s", self._draft_subject, exc_info=True)
        store, subject = self.store, self._draft_subject
        self._write_draft(lambda: discard_draft(store, DRAFT_KIND, subject))
        return False

    def keep_draft(self) -> None:
        if not self._closed:
            self._write_draft(self._draft_write())

    def _draft_write(self) -> Callable[[], object]:
        store, subject = self.store, self._draft_subject
        if self.is_modified():
            payload = self.payload()
            return lambda: save_draft(store, DRAFT_KIND, subject, payload)
        return lambda: discard_draft(store, DRAFT_KIND, subject)

    def _write_draft(self, write: Callable[[], object], then: Callable[[], None] | None = None) -> None:
        """Drafts are written in order on the writing thread; one the store refused (busy) is only logged: the
        form still holds it, and the next change writes it again. `then` follows either way."""

        def done(_result: object = None) -> None:
            if then is not None:
                then()

        def refused(error: Exception) -> None:
            log.warning("event draft not written: %s", error)
            done()

        write_in_background(write, on_success=done, on_failure=refused, owner=self)

    def flush_draft(self) -> None:
        """Writes a pending draft now, on this thread: the app is quitting and its writing thread stopping."""
        if self._draft_timer.isActive():
            self._draft_timer.stop()
            if not self._closed:
                try:
                    self._draft_write()()
                except StoreError as error:
                    log.warning("event draft not written: %s", error)

    def _close(self, finish: Callable[[], None], *, after_draft: bool = True) -> None:
        """With `after_draft`, the draft is dropped first, so whoever hears `saved` finds no stale draft."""
        self._closed = True
        self._draft_timer.stop()
        store, subject = self.store, self._draft_subject
        self._write_draft(lambda: discard_draft(store, DRAFT_KIND, subject), then=finish if after_draft else None)
        if not after_draft:
            finish()

    # ---------------------------------------------------------------------------------------- save / cancel

    def save(self) -> None:
        """Stores the event with its added and removed attachments in one service call and one transaction, on
        the writing thread (the window stays live if another Hattama holds the store); a refusal — a busy store,
        a file that cannot be read — leaves the store as it was, the form as typed and Save ready again."""
        data = self.form_data()
        if validate(data):
            return
        store, event_id = self.store, self.event_id
        added, removed = list(self.attachments.added), sorted(self.attachments.removed)
        self.save_button.setEnabled(False)
        write_in_background(lambda: save_event(store, event_id, data, added, removed),
                            on_success=self._event_stored, on_failure=self._event_refused, owner=self)

    def _event_refused(self, error: Exception) -> None:
        self.revalidate()  # shows the problems of an InvalidEvent; enables Save again
        QMessageBox.warning(self, self.windowTitle(), describe(error))

    def _event_stored(self, event_id: uuid.UUID) -> None:
        self.event_id = event_id
        if self._draft_subject != str(event_id):
            store, subject = self.store, self._draft_subject
            self._write_draft(lambda: discard_draft(store, DRAFT_KIND, subject))
            self._draft_subject = str(event_id)
        self._close(self._finish_save)

    def _finish_save(self) -> None:
        assert self.event_id is not None
        self.saved.emit(self.event_id)
        self.accept()
