"""Deadline reminders (issue 19.10): a tray notification of what is due at start-up and once a day while the
window stays open, which the officer can turn off. The tray is faked (the offscreen platform has none)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from hattama.services.demo import fill_demo
from hattama.services.officer import load_officer, save_officer
from hattama.ui.app import build_main_window
from hattama.ui.reminders import ReminderSettings

pytestmark = pytest.mark.gui


@pytest.fixture
def shown(monkeypatch) -> list[tuple[str, str]]:
    """The notifications shown, on a desktop that has a tray."""
    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "showMessage",
                        lambda _tray, title, message, *_args: messages.append((title, message)))
    return messages


@pytest.fixture
def window(qtbot, qapp, store, widgets):
    fill_demo(store, events=30)  # some of its obligations are overdue on the pinned day
    main = build_main_window(qapp, store, "en")
    widgets.append(main)
    qtbot.waitUntil(lambda: main.dashboard.groups is not None, timeout=20000)
    return main


def test_start_up_notifies_what_is_due_and_leaves_the_officer_where_they_are(window, shown) -> None:
    window.show_page("settings")
    message = window.remind_due_soon()
    assert message is not None and "overdue" in message
    assert shown == [("Hattama: deadlines", message)]
    # The earliest obligations are named with their due dates.
    earliest = min(view.obligation.planned_due for view in window.dashboard.first_urgent())
    from hattama.i18n import format_date

    assert format_date(earliest, "short") in message.splitlines()[1]
    # Issue 22.4: the reminder never pulls the officer back to the Dashboard from the page they went to.
    assert window.pages.currentWidget() is window.page("settings")


def test_once_a_day_while_running(qtbot, window, shown, pinned_clock) -> None:
    window.remind_due_soon()
    window.reminder.timer.timeout.emit()  # the same day: nothing new
    assert not window.dashboard.is_loading() and len(shown) == 1
    pinned_clock.pin(dt.datetime(2026, 12, 5, 8, 0))
    window.reminder.timer.timeout.emit()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=20000)
    assert window.reminder.reminded_on == dt.date(2026, 12, 5)
    assert window.reminder.timer.isActive()


def test_the_officer_can_turn_them_off(qtbot, window, shown, widgets) -> None:
    settings = ReminderSettings()
    widgets.append(settings)
    assert settings.enabled.isChecked()
    settings.enabled.setChecked(False)
    qtbot.waitUntil(lambda: load_officer().reminders is False)
    assert window.remind_due_soon() is not None  # the Dashboard's banner still says it
    assert shown == []
    save_officer(reminders=True)
    window.remind_due_soon()
    assert len(shown) == 1


def test_without_a_tray_the_dashboard_says_it(window, monkeypatch) -> None:
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    window.show_page("settings")
    assert window.remind_due_soon() is not None
    assert window.reminder.tray is None
    assert "overdue" in window.dashboard.banner.text()
    assert window.pages.currentWidget() is window.page("settings")  # issue 22.4: no jump


def test_clicking_the_notification_opens_the_dashboard(window, shown) -> None:
    window.remind_due_soon()
    window.show_page("events")
    window.reminder.tray.messageClicked.emit()
    assert window.pages.currentWidget() is window.dashboard
