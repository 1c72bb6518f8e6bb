"""File → Export… / Import… (the interchange file) and File → Trip → Export kit… / Open kit… / Return kit… /
Merge returned kit…. Reading, sealing and merging run off the GUI thread; writes on the writing thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from hattama.db.store import Store
from hattama.i18n import _, describe, format_datetime
from hattama.presentation.bundles import refused_line
from hattama.services.interchange import ImportResult, export_to_file, import_file
from hattama.services.listed_events import all_listed_events
from hattama.services.trips import (
    MergePreview,
    conflicts,
    export_kit,
    merge_kit,
    open_kit,
    preview_merge,
    return_kit,
)
from hattama.ui.trips.dialogs import EventChoiceDialog, PassphraseDialog
from hattama.ui.trips.merge_dialog import MergeDialog, shown
from hattama.ui.workers import run_with_progress, write_in_background

JSON_FILTER = "JSON (*.json)"
KIT_FILTER = "Hattama trip kit (*.hattkit)"

Result = TypeVar("Result")  # what a flow's work gives its `done`


class TripActions(QObject):
    """The menu entries and their flows; `changed` runs (on the GUI thread) after the store took records in."""

    def __init__(self, store: Store, window: QWidget, changed: Callable[[], None]) -> None:
        super().__init__(window)
        self.store = store
        self.window = window
        self.changed = changed
        self.export_action, self.import_action = QAction(window), QAction(window)
        self.export_kit_action, self.open_kit_action = QAction(window), QAction(window)
        self.return_kit_action, self.merge_kit_action = QAction(window), QAction(window)
        self.trip_menu = QMenu(window)
        for action, slot in ((self.export_action, self.export_interchange), (self.import_action, self.import_interchange),
                             (self.export_kit_action, self.export_kit), (self.open_kit_action, self.open_kit),
                             (self.return_kit_action, self.return_kit), (self.merge_kit_action, self.merge_kit)):
            action.triggered.connect(slot)
        for action in (self.export_kit_action, self.open_kit_action, self.return_kit_action, self.merge_kit_action):
            self.trip_menu.addAction(action)

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.export_action)
        menu.addAction(self.import_action)
        menu.addMenu(self.trip_menu)

    def retranslate_ui(self) -> None:
        self.export_action.setText(_("E&xport…"))
        self.import_action.setText(_("&Import…"))
        self.trip_menu.setTitle(_("&Trip"))
        self.export_kit_action.setText(_("&Export kit…"))
        self.open_kit_action.setText(_("&Open kit…"))
        self.return_kit_action.setText(_("&Return kit…"))
        self.merge_kit_action.setText(_("&Merge returned kit…"))

    # ------------------------------------------------------------------------------------ asking (tests replace)

    def ask_open_path(self, title: str, file_filter: str) -> Path | None:
        name, _chosen = QFileDialog.getOpenFileName(self.window, title, "", file_filter)
        return Path(name) if name else None

    def ask_save_path(self, title: str, file_filter: str) -> Path | None:
        name, _chosen = QFileDialog.getSaveFileName(self.window, title, "", file_filter)
        return Path(name) if name else None

    def ask_passphrase(self, title: str, confirm: bool) -> str | None:
        dialog = PassphraseDialog(title, confirm, self.window)
        return dialog.value() if dialog.exec() else None

    def ask_events(self) -> list | None:
        dialog = EventChoiceDialog(all_listed_events(self.store), self.window)
        return dialog.chosen() if dialog.exec() else None

    def ask_merge(self, preview: MergePreview) -> dict | None:
        dialog = MergeDialog(preview, self.window)
        return dialog.choices() if dialog.exec() else None

    def tell(self, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self.window)
        if details:
            box.setDetailedText(details)
        box.exec()

    def refuse(self, title: str, message: str) -> None:
        QMessageBox.warning(self.window, title, message)

    # ------------------------------------------------------------------------------------------------ running

    def _read(self, title: str, work: Callable[[], Result], done: Callable[[Result], object]) -> None:
        run_with_progress(self.window, lambda _report: work(), label=_("Working…"), on_success=done,
                          on_failure=lambda message: self.refuse(title, message))

    def _write(self, title: str, work: Callable[[], Result], done: Callable[[Result], object]) -> None:
        def stored(result: Result) -> None:
            self.changed()
            done(result)

        write_in_background(work, on_success=stored, on_failure=lambda error: self.refuse(title, describe(error)),
                            owner=self)

    # ------------------------------------------------------------------------------------------------ flows

    def export_interchange(self) -> None:
        title = _("Export")
        path = self.ask_save_path(_("Export events and reports to"), JSON_FILTER)
        if path is None:
            return
        self._read(title, lambda: export_to_file(self.store, path), lambda summary: self.tell(title, _(
            "Exported to {path}. Events: {events}; reports: {reports}.").format(
            path=summary.path, events=summary.events, reports=summary.reports)))

    def import_interchange(self) -> None:
        title = _("Import")
        path = self.ask_open_path(_("Import an interchange file"), JSON_FILTER)
        if path is not None:
            self._write(title, lambda: import_file(self.store, path), lambda result: self._imported(title, result))

    def _imported(self, title: str, result: ImportResult) -> None:
        lines = [_("The event or report {id} was kept as the store has it (changed {local}); the file's copy, older "
                   "(changed {incoming}), is kept in its history.").format(
            id=conflict.id, local=format_datetime(conflict.local_updated_at),
            incoming=format_datetime(conflict.incoming_updated_at))
            if conflict.reason is None else refused_line(conflict) for conflict in result.conflicts]
        lines += [_("Not attached: {file_name} (event {id}); its content is neither in the store nor beside the "
                    "file.").format(file_name=missing.file_name, id=missing.event_id)
                  for missing in result.missing_attachments]
        self.tell(title, _("Created: {created}; updated: {updated}; unchanged: {unchanged}; conflicts: {conflicts}.")
                  .format(created=result.created, updated=result.updated, unchanged=result.unchanged,
                          conflicts=len(result.conflicts)), "\n".join(lines))

    def export_kit(self) -> None:
        title = _("Export kit")
        events = self.ask_events()
        if not events:
            return
        path = self.ask_save_path(_("Save the trip kit as"), KIT_FILTER)
        passphrase = path and self.ask_passphrase(title, confirm=True)
        if path is None or not passphrase:
            return
        self._write(title, lambda: export_kit(self.store, events, path, passphrase), lambda summary: self.tell(
            title, _("Trip kit {path}: {events} events, {reports} reports, {attachments} attachments.").format(
                path=summary.path, events=summary.events, reports=summary.reports, attachments=summary.attachments)))

    def open_kit(self) -> None:
        title = _("Open kit")
        path = self.ask_open_path(_("Open a trip kit"), KIT_FILTER)
        passphrase = path and self.ask_passphrase(title, confirm=False)
        if path is None or not passphrase:
            return
        self._write(title, lambda: open_kit(self.store, path, passphrase), lambda result: self.tell(title, _(
            "Opened the trip kit of the unit {unit}: {created} created, {updated} updated, {unchanged} unchanged; "
            "{overrides} calendar overrides.").format(**vars(result))))

    def return_kit(self) -> None:
        title = _("Return kit")
        path = self.ask_save_path(_("Save the returned kit as"), KIT_FILTER)
        passphrase = path and self.ask_passphrase(title, confirm=True)
        if path is None or not passphrase:
            return
        self._read(title, lambda: return_kit(self.store, path, passphrase), lambda summary: self.tell(title, _(
            "Returned kit {path}: {events} events and {reports} reports created or changed on this laptop.").format(
            path=summary.path, events=summary.events, reports=summary.reports)))

    def merge_kit(self) -> None:
        title = _("Merge returned kit")
        path = self.ask_open_path(_("Merge a returned trip kit"), KIT_FILTER)
        passphrase = path and self.ask_passphrase(title, confirm=False)
        if path is None or not passphrase:
            return
        self._read(title, lambda: preview_merge(self.store, path, passphrase),
                   lambda preview: self._chosen(title, path, passphrase, preview))

    def _chosen(self, title: str, path: Path, passphrase: str, preview: MergePreview) -> None:
        choices = self.ask_merge(preview)
        if choices is None:
            return
        self._write(title, lambda: merge_kit(self.store, path, passphrase, choices=choices),
                    lambda done: self._merged(title, done, choices))

    def _merged(self, title: str, done: MergePreview, choices: dict) -> None:
        took = {"unit": _("{record} “{title}”, {field}: the unit had {unit}, the trip {trip}; the unit's value was "
                          "taken."),
                "trip": _("{record} “{title}”, {field}: the unit had {unit}, the trip {trip}; the trip's value was "
                          "taken.")}
        lines = [took[choices.get((record.kind, record.id, change.name), "unit")].format(
            record=_("Event") if record.kind == "event" else _("Report"), title=record.title, field=change.name,
            unit=shown(change.unit), trip=shown(change.trip)) for record, change in conflicts(done)]
        self.tell(title, _("Merged: {new} new, {taken} taken from the trip, {combined} combined, {kept} kept as the "
                           "unit has them, {conflict} with conflicts, {unchanged} unchanged.").format(
            **{status: done.count(status) for status in ("new", "taken", "combined", "kept", "conflict",
                                                         "unchanged")}), "\n".join(lines))
