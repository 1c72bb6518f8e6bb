"""Issue 19.1: a new store opens on the setup assistant; it can be skipped, run again from Settings, and its
end writes the unit's details (and the day overdue obligations count from) through the settings service."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QWizard

from hattama.services.officer import load_officer
from hattama.services.settings import load_settings, needs_setup, update_settings
from hattama.ui.app import build_main_window

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, qapp, store):
    main = build_main_window(qapp, store, "en")
    qtbot.addWidget(main)
    main.show()
    return main


def test_a_new_store_opens_on_the_assistant(window, store) -> None:
    assert needs_setup(store)
    assistant = window.offer_setup()
    assert assistant is not None and assistant.isVisible()
    assert assistant.button(QWizard.WizardButton.CancelButton).text() == "Skip setup"


def test_a_store_with_the_units_details_is_not_new(window, store) -> None:
    update_settings(store, body_name_kk="Сауда және интеграция министрлігі")
    assert not needs_setup(store)
    assert window.offer_setup() is None


def test_skipping_saves_nothing_but_that_the_store_is_no_longer_new(qtbot, window, store) -> None:
    assistant = window.offer_setup()
    assistant.body.edits["body_name_ru"].setText("Министерство торговли и интеграции")
    with qtbot.waitSignal(assistant.finished_setup):  # written off the GUI thread
        assistant.reject()
    assert not assistant.isVisible()
    assert load_settings(store).body_name_ru == ""
    assert not needs_setup(store)
    assert window.offer_setup() is None


def test_finishing_writes_the_details_and_the_tracking_day(qtbot, window, store) -> None:
    assistant = window.offer_setup()
    typed = {"body_name_kk": "Сауда және интеграция министрлігі", "body_name_ru": "Министерство торговли и интеграции",
             "unit_name_kk": "Халықаралық ынтымақтастық департаменті",
             "unit_name_ru": "Департамент международного сотрудничества", "officer_name": "Ә. Қасымова",
             "officer_position_kk": "Департамент директоры", "officer_position_ru": "Директор департамента"}
    for name, value in typed.items():
        form = assistant.body if name in assistant.body.edits else assistant.officer
        form.edits[name].setText(f" {value} ")
    assistant.tracking_since.set_value(dt.date(2026, 11, 2))
    while assistant.currentPage() is not assistant.tracking_page:
        assistant.next()
    assert assistant.still_missing.text() == "Everything a report is sent with is filled in."
    with qtbot.waitSignal(assistant.finished_setup):
        assistant.accept()
    saved = load_settings(store)
    assert {name: getattr(saved, name) for name in typed} == typed
    assert saved.tracking_since == dt.date(2026, 11, 2)
    assert saved.setup_done and not needs_setup(store)
    assert window.settings_page.values["officer_name"].text() == "Ә. Қасымова"


def test_the_last_page_names_what_a_report_would_still_miss(window) -> None:
    assistant = window.offer_setup()
    assistant.body.edits["body_name_kk"].setText("Сауда және интеграция министрлігі")
    while assistant.currentPage() is not assistant.tracking_page:
        assistant.next()
    text = assistant.still_missing.text()
    assert "Body name (Russian) is empty." in text and "Officer's name is empty." in text
    assert "Body name (Kazakh)" not in text


def test_the_assistant_is_reachable_from_settings_and_cancels_without_writing(qtbot, window, store) -> None:
    update_settings(store, officer_name="Ә. Қасымова")
    window.show_page("settings")
    window.settings_page.setup_button.click()
    assistant = window.setup_assistant
    assert assistant.isVisible() and not assistant.first_run
    assert assistant.officer.edits["officer_name"].text() == "Ә. Қасымова"
    assert assistant.button(QWizard.WizardButton.CancelButton).text() == "Cancel"
    assistant.reject()
    assert not assistant.isVisible()
    assert not load_settings(store).setup_done  # cancelled, not a first run: nothing written


def test_the_language_chosen_in_the_assistant_switches_the_window_and_is_the_officers(qtbot, window) -> None:
    assistant = window.offer_setup()
    assistant.language.chosen.emit("ru")
    qtbot.waitUntil(lambda: window.settings_menu.title() == "&Настройки")
    qtbot.waitUntil(lambda: load_officer().language == "ru")
    assert window.settings_page.language.currentData() == "ru"


def test_the_settings_page_has_the_language_and_only_unit_details(qtbot, window) -> None:
    page = window.settings_page
    assert not {"language", "signing_key_path", "sign_with_ncalayer", "setup_done"} & set(page.values)
    page.language.chosen.emit("kk")
    qtbot.waitUntil(lambda: load_officer().language == "kk")
    qtbot.waitUntil(lambda: window.settings_menu.title() == "&Баптаулар")
