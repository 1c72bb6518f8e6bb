"""The trip flows in the window (issue 17): the merge preview side by side with choices per field and per
record, File → Trip, File → Import…, and the event editor's history."""

from __future__ import annotations

import dataclasses
import json

from PySide6.QtWidgets import QWidget

from hattama.services import events as event_service
from hattama.services.history import history
from hattama.services.trips import export_kit, open_kit, preview_merge, return_kit
from hattama.ui.events.editor import EventEditor
from hattama.ui.trips.actions import TripActions
from hattama.ui.trips.dialogs import HistoryDialog
from hattama.ui.trips.merge_dialog import MergeDialog
from tests.trips.helpers import PASSPHRASE


def conflicting(trip) -> None:
    export_kit(trip.unit, [trip.talks], trip.kit, PASSPHRASE)
    open_kit(trip.laptop, trip.kit, PASSPHRASE)
    for store, suffix in ((trip.unit, "unit"), (trip.laptop, "trip")):
        data = event_service.get_event(store, trip.talks).data
        event_service.update_event(store, trip.talks, dataclasses.replace(
            data, title_ru=f"Title ({suffix})", venue=f"Venue ({suffix})"))
    return_kit(trip.laptop, trip.returned, PASSPHRASE)


def test_the_preview_shows_both_versions_and_a_record_choice_sets_every_field(trip, qtbot) -> None:
    conflicting(trip)
    dialog = MergeDialog(preview_merge(trip.unit, trip.returned, PASSPHRASE))
    qtbot.addWidget(dialog)
    record = dialog.tree.topLevelItem(0)
    rows = {record.child(i).text(0): (record.child(i).text(1), record.child(i).text(2))
            for i in range(record.childCount())}
    assert rows["Title in Russian"] == ("Title (unit)", "Title (trip)")
    assert "Event: Қытай делегациясымен келіссөздер" == record.text(0)
    assert set(dialog.choices().values()) == {"unit"}
    dialog.choose_record("event", trip.talks, "trip")
    assert dialog.choices() == {("event", trip.talks, "title_ru"): "trip", ("event", trip.talks, "venue"): "trip"}
    dialog.choose("event", trip.talks, "venue", "unit")
    assert dialog.choices()[("event", trip.talks, "venue")] == "unit"


class Scripted(TripActions):
    """The flows with the officer's answers given in advance."""

    def __init__(self, store, window, answers: dict) -> None:
        self.changes = 0
        super().__init__(store, window, self._changed)
        self.answers = answers
        self.told: list[tuple[str, str]] = []

    def _changed(self) -> None:
        self.changes += 1

    def ask_open_path(self, title, file_filter):
        return self.answers["path"]

    def ask_save_path(self, title, file_filter):
        return self.answers["path"]

    def ask_passphrase(self, title, confirm):
        return PASSPHRASE

    def ask_merge(self, preview):
        return self.answers["choices"]

    def tell(self, title, text, details=""):
        self.told.append((text, details))

    def refuse(self, title, message):
        self.told.append(("refused", message))


def test_merge_returned_kit_takes_the_chosen_field_and_keeps_the_other(trip, qtbot) -> None:
    conflicting(trip)
    window = QWidget()
    qtbot.addWidget(window)
    actions = Scripted(trip.unit, window, {"path": trip.returned,
                                           "choices": {("event", trip.talks, "title_ru"): "trip"}})
    actions.merge_kit_action.trigger()
    qtbot.waitUntil(lambda: bool(actions.told), timeout=20000)
    text, details = actions.told[0]
    assert "1 with conflicts" in text
    assert "title_ru" in details and "the trip's value was taken" in details
    merged = event_service.get_event(trip.unit, trip.talks).data
    assert (merged.title_ru, merged.venue) == ("Title (trip)", "Venue (unit)")
    assert actions.changes == 1
    kept = {v.fields["venue"] for v in history(trip.unit, "event", trip.talks)}
    assert {"Venue (trip)", "Venue (unit)"} <= kept


def test_file_import_shows_the_summary(trip, qtbot, tmp_path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    exported = tmp_path / "events.json"
    Scripted(trip.unit, window, {"path": exported}).export_interchange()
    qtbot.waitUntil(exported.exists, timeout=20000)
    assert len(json.loads(exported.read_text(encoding="utf-8"))["events"]) == 2
    actions = Scripted(trip.laptop, window, {"path": exported})
    actions.import_action.trigger()
    qtbot.waitUntil(lambda: bool(actions.told), timeout=20000)
    assert actions.told[0][0].startswith("Created: 3; updated: 0; unchanged: 0; conflicts: 0.")


def test_the_event_editor_shows_the_history(trip, qtbot, monkeypatch) -> None:
    shown: list[HistoryDialog] = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: shown.append(self))
    editor = EventEditor(trip.unit, trip.talks)
    qtbot.addWidget(editor)
    assert editor.history_button.isEnabled()
    editor.history_button.click()
    dialog = shown[0]
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 2).text() == "Aliya Kassymova"
    assert "Переговоры с делегацией Китая" in dialog.fields.toPlainText()
