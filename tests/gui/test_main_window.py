"""The main window: it opens, switches language at run time for every open widget, and remembers it."""

from __future__ import annotations

import pytest

from hattama.services.officer import load_officer
from hattama.services.settings import UnitDetails, load_settings, save_settings
from hattama.ui.app import build_main_window
from hattama.ui.settings_dialog import UnitSettingsDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, qapp, store):
    main = build_main_window(qapp, store, "en")
    qtbot.addWidget(main)
    main.show()
    return main


def test_window_opens_with_title_menus_and_status(window, store) -> None:
    assert window.windowTitle().startswith("Hattama")
    assert [action.text() for action in window.menuBar().actions()] == ["&File", "&Settings", "&Help"]
    assert str(store.path) in window.store_label.text()
    assert window.width() >= 900 and window.height() >= 600


@pytest.mark.parametrize(
    ("language", "settings_menu", "edit_button"),
    [("kk", "&Баптаулар", "Бөлімше деректерін өзгерту…"), ("ru", "&Настройки", "Изменить данные подразделения…")],
)
def test_language_switch_retranslates_open_widgets_and_persists(
    qtbot, window, store, language, settings_menu, edit_button
) -> None:
    english_title = window.windowTitle()
    window.language_actions[language].trigger()
    # Qt posts LanguageChange to every widget; they retranslate when the event loop delivers it.
    qtbot.waitUntil(lambda: window.windowTitle() != english_title)
    assert window.settings_menu.title() == settings_menu
    assert window.settings_page.edit_button.text() == edit_button
    qtbot.waitUntil(lambda: load_officer().language == language)  # the officer's own, written off the GUI thread
    assert window.language_actions[language].isChecked()


def test_unit_details_dialog_saves_through_the_service(qtbot, store) -> None:
    saved: list[UnitDetails] = []

    def save(details: UnitDetails) -> None:
        saved.append(save_settings(store, details))

    dialog = UnitSettingsDialog(load_settings(store), save)
    qtbot.addWidget(dialog)
    dialog.edits["officer_name"].setText("  Ә. Қасымова ")
    dialog.checks["special_state_body"].setChecked(True)
    with qtbot.waitSignal(dialog.accepted):  # saved off the GUI thread
        dialog.accept()
    assert load_settings(store).officer_name == "Ә. Қасымова"
    assert load_settings(store).special_state_body is True


def test_unit_details_dialog_keeps_input_when_saving_is_refused(qtbot, store, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    dialog = UnitSettingsDialog(load_settings(store), lambda details: save_settings(store, details))
    qtbot.addWidget(dialog)
    dialog.checks["special_state_body"].setChecked(True)
    dialog.checks["prime_ministers_office"].setChecked(True)
    dialog.edits["officer_name"].setText("Typed, not lost")
    dialog.accept()
    qtbot.waitUntil(lambda: bool(warnings))
    assert warnings and "special state body" in warnings[0]
    assert dialog.edits["officer_name"].text() == "Typed, not lost"
    assert load_settings(store).officer_name == ""


def test_the_window_reopens_at_the_size_this_officer_left_it(qtbot, qapp, store, window) -> None:
    """Issue 17.4: the window layout is the officer's (their config folder), not the unit store's."""
    # The offscreen screen is 800 px wide, less than the window's least width: Qt fits a restored window to the
    # screen sideways, so the height and the top edge are what can show the officer's layout came back.
    window.resize(900, 655)
    window.move(40, 25)
    window.close()
    assert load_officer().window_geometry
    again = build_main_window(qapp, store, "en")
    qtbot.addWidget(again)
    again.show()
    assert (again.height(), again.y()) == (655, 25)  # a new window would be 780 high
