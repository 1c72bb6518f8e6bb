"""Another Hattama holds the store's write lock (issue 10.8): the window's writes run off the GUI thread, so it
stays live; the officer reads that the store is busy, in their language; nothing typed is lost, and it is saved
once the lock is released.

The GUI thread's liveness is shown by a timer it runs while the write waits, never by timing anything.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from hattama.db.store import open_store
from hattama.i18n import _
from hattama.services.events import EventData, create_event, get_event
from hattama.services.reports import create_report, get_report
from hattama.services.settings import load_settings, save_settings
from hattama.ui import workers
from hattama.ui.events.editor import EventEditor
from hattama.ui.events.page import EventsPage
from hattama.ui.reports.editor import AUTOSAVE_INTERVAL_MS, ReportEditor
from hattama.ui.settings_dialog import UnitSettingsDialog
from tests.hostile.store_hazards import write_lock_held_elsewhere

pytestmark = pytest.mark.gui
STARTS = dt.datetime(2026, 3, 2, 10, 0)
BUSY_SENTENCE = "The store is busy (another Hattama is writing). Your text is kept and will be saved when it is free."


@pytest.fixture
def quick(store, monkeypatch):
    """The test's store opened again with a short busy timeout and retries, so a held lock is reported soon."""
    monkeypatch.setattr(workers, "BUSY_RETRY_DELAYS", (0.05, 0.1))
    opened = open_store(store.path, busy_timeout_ms=100)
    yield opened
    workers.write_pool().waitForDone()
    opened.close()


def event_data(title: str) -> EventData:
    return EventData(title_kk=title, title_ru="", kind="talks", starts_at=STARTS,
                     ends_at=STARTS + dt.timedelta(hours=2), country="KZ", city="Astana")


class GuiTicks:
    """A timer on the GUI thread noting, at each tick, whether a write was under way then."""

    def __init__(self, busy) -> None:
        self.during_write: list[bool] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.during_write.append(busy()))
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


def test_autosave_into_a_locked_store_keeps_the_window_live_and_the_text(qtbot, quick, widgets) -> None:
    report_id = create_report(quick, create_event(quick, event_data("Келіссөздер")))
    editor = ReportEditor(quick)
    widgets.append(editor)
    editor.load(report_id)
    edit = editor.language_tabs["kk"].edits["issues"]
    with write_lock_held_elsewhere(quick.path):
        edit.setPlainText("Сауда мәселелері")
        ticks = GuiTicks(lambda: editor._saving)
        editor.save_if_dirty()
        assert editor._saving  # the write was handed to the writing thread, not run here
        qtbot.waitUntil(lambda: BUSY_SENTENCE in editor.saved_mark.text(), timeout=20000)
        ticks.stop()
        # While the write waited for the lock, the GUI thread went on running its timer.
        assert True in ticks.during_write
        assert editor.dirty and edit.toPlainText() == "Сауда мәселелері"
        edit.setPlainText("Сауда мәселелері талқыланды")  # the officer goes on typing meanwhile
        assert get_report(quick, report_id).texts.get("kk") is None
    # Released: the next autosave stores everything typed, with no action from the officer.
    qtbot.waitUntil(lambda: not editor.dirty, timeout=AUTOSAVE_INTERVAL_MS + 10000)
    assert get_report(quick, report_id).texts["kk"].issues == "Сауда мәселелері талқыланды"
    assert editor.saved_mark.text() == _("All changes saved")


def test_a_report_left_while_the_store_is_busy_keeps_its_text(qtbot, quick, widgets) -> None:
    first = create_report(quick, create_event(quick, event_data("Бірінші")))
    second = create_report(quick, create_event(quick, event_data("Екінші")))
    editor = ReportEditor(quick)
    widgets.append(editor)
    editor.load(first)
    with write_lock_held_elsewhere(quick.path):
        editor.language_tabs["ru"].edits["agreements"].setPlainText("Стороны договорились")
        editor.load(second)  # the officer moves on before the text could be stored
        qtbot.waitUntil(lambda: BUSY_SENTENCE in editor.saved_mark.text(), timeout=20000)
        editor.load(first)  # and comes back: the text is there, still unsaved
        assert editor.language_tabs["ru"].edits["agreements"].toPlainText() == "Стороны договорились"
        assert editor.dirty
        editor.load(second)
    qtbot.waitUntil(lambda: "ru" in get_report(quick, first).texts, timeout=AUTOSAVE_INTERVAL_MS + 10000)
    assert get_report(quick, first).texts["ru"].agreements == "Стороны договорились"


def test_saving_an_event_into_a_locked_store_keeps_the_dialog_and_saves_later(qtbot, quick, widgets,
                                                                              monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    event_id = create_event(quick, event_data("Келіссөздер"))
    editor = EventEditor(quick, event_id)
    widgets.append(editor)
    editor.show()
    editor.city.setText("Түркістан")
    with write_lock_held_elsewhere(quick.path):
        ticks = GuiTicks(lambda: not editor.save_button.isEnabled())
        editor.save_button.click()
        qtbot.waitUntil(lambda: bool(warnings), timeout=20000)
        ticks.stop()
    assert True in ticks.during_write
    assert warnings[0].startswith("The store is busy (another Hattama is writing).")
    assert editor.isVisible() and editor.city.text() == "Түркістан" and editor.save_button.isEnabled()
    assert get_event(quick, event_id).data.city == "Astana"
    with qtbot.waitSignal(editor.saved, timeout=20000):
        editor.save_button.click()
    assert get_event(quick, event_id).data.city == "Түркістан"


def test_unit_details_into_a_locked_store_stay_in_the_dialog(qtbot, quick, widgets, monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    dialog = UnitSettingsDialog(load_settings(quick), lambda details: save_settings(quick, details))
    widgets.append(dialog)
    dialog.edits["officer_name"].setText("Ә. Қасымова")
    with write_lock_held_elsewhere(quick.path):
        dialog.accept()
        qtbot.waitUntil(lambda: bool(warnings), timeout=20000)
    assert "The store is busy" in warnings[0]
    assert dialog.edits["officer_name"].text() == "Ә. Қасымова" and dialog.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.accept()
    assert load_settings(quick).officer_name == "Ә. Қасымова"


def test_moving_events_to_the_bin_of_a_locked_store_says_busy_and_keeps_them(qtbot, quick, widgets,
                                                                            monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    event_id = create_event(quick, event_data("Келіссөздер"))
    page = EventsPage(quick)
    widgets.append(page)
    page.reload()
    qtbot.waitUntil(lambda: not page.is_loading())
    assert page.select_event(event_id)
    with write_lock_held_elsewhere(quick.path):
        page.delete_selected()
        qtbot.waitUntil(lambda: bool(warnings), timeout=20000)
    assert warnings[0].startswith("The store is busy (another Hattama is writing).")
    assert [row.id for row in page.model.rows] == [event_id] and not page.undo_bar.isVisible()
    assert get_event(quick, event_id).deleted_at is None
    assert [row.id for row in page.selected_rows()] == [event_id]  # still chosen: the officer tries again
    page.delete_selected()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=20000)
    assert get_event(quick, event_id).deleted_at is not None


def test_importing_a_trusted_root_into_a_locked_store_keeps_the_window_live(qtbot, quick, widgets, tmp_path,
                                                                            monkeypatch) -> None:
    from hattama.services import submission
    from hattama.ui.bundles.keys_settings import KeysSettings
    from tests.pki import default_pki
    from tests.submission.helpers import write_root

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    group = KeysSettings(quick)
    widgets.append(group)
    with write_lock_held_elsewhere(quick.path):
        ticks = GuiTicks(lambda: not warnings)
        group.import_roots_from(write_root(tmp_path, default_pki()))
        qtbot.waitUntil(lambda: bool(warnings), timeout=20000)
        ticks.stop()
        assert True in ticks.during_write  # the GUI thread ran its timer while the import waited
        assert "The store is busy" in warnings[0]
        assert submission.list_trusted_roots(quick) == []
    group.import_roots_from(write_root(tmp_path, default_pki()))  # released: the same import goes through
    qtbot.waitUntil(lambda: group.roots.topLevelItemCount() == 1, timeout=20000)
