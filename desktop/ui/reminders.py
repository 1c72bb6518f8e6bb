"""Deadline reminders (issue 19.10): a notification in the desktop's notification area (Windows' tray, most Linux
desktops) of what is overdue or due within the due-soon window — at start-up, and once a day while Hattama stays
open. The officer can turn them off (officer.json `reminders`, the Settings page). Where the desktop has no
tray, the Dashboard's banner says the same.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QSystemTrayIcon, QVBoxLayout, QWidget

from hattama import clock
from hattama.i18n import _, current_language, describe, format_date, ngettext
from hattama.presentation import obligations as words
from hattama.services.officer import load_officer, save_officer
from hattama.ui.dashboard.page import DashboardPage
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import write_in_background

# How often a running Hattama looks whether a new day has begun (a laptop left open overnight).
DAY_CHECK_INTERVAL_MS = 15 * 60 * 1000
SHOWN_AT_MOST = 3  # obligations named in the notification; the rest are counted
MESSAGE_MS = 15_000


class DeadlineReminder(QObject):
    """Tells the officer what is due; `notified` carries each notification's text (shown or, without a tray,
    not)."""

    notified = Signal(str)
    opened = Signal()  # the officer clicked the notification

    def __init__(self, dashboard: DashboardPage, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dashboard = dashboard
        self.icon = icon
        self.tray: QSystemTrayIcon | None = None
        self.reminded_on: dt.date | None = None
        self._after_load = False
        dashboard.loaded.connect(self._dashboard_loaded)
        self.timer = QTimer(self)
        self.timer.setInterval(DAY_CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check_day)
        self.timer.start()

    def message(self) -> str | None:
        """The banner's sentence and the first few obligations, or None when nothing is urgent."""
        urgent = self.dashboard.urgent()
        if not urgent:
            return None
        first = self.dashboard.first_urgent()[:SHOWN_AT_MOST]
        lines = [self.dashboard.banner.text()]
        language = current_language()
        lines += [f"{format_date(view.obligation.planned_due, 'short')} — {words.title(view, language)}"
                  + (f": {event}" if (event := words.event_title(view, language)) else "") for view in first]
        if urgent > len(first):
            rest = urgent - len(first)
            lines.append(ngettext("…and {count} more", "…and {count} more", rest).format(count=rest))
        return "\n".join(lines)

    def remind(self) -> str | None:
        """Notifies (when the officer wants it and the desktop has a tray) and returns the text, if any."""
        self.reminded_on = clock.today()
        message = self.message()
        if message is None or not load_officer().reminders:
            return message
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                self.tray = QSystemTrayIcon(self.icon, self)
                self.tray.setToolTip("Hattama")
                self.tray.messageClicked.connect(self.opened)
                self.tray.activated.connect(lambda _reason: self.opened.emit())
            self.tray.show()
            self.tray.showMessage(_("Hattama: deadlines"), message, QSystemTrayIcon.MessageIcon.Warning, MESSAGE_MS)
        self.notified.emit(message)
        return message

    def check_day(self) -> None:
        """On the timer: on a new day, the obligations are computed again and then reminded of."""
        if self.reminded_on is not None and self.reminded_on != clock.today():
            self._after_load = True
            self.dashboard.reload()

    def _dashboard_loaded(self) -> None:
        if self._after_load:
            self._after_load = False
            self.remind()


class ReminderSettings(Retranslating, QGroupBox):
    """The officer's switch for the reminders (their own file, not the unit's store), on the Settings page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox()
        self.enabled.setChecked(load_officer().reminders)
        self.enabled.toggled.connect(self._save)
        # A check box does not wrap: its words are short, the explanation wraps below (1024 px, issue 19.4).
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        layout.addWidget(self.explanation)
        layout.addWidget(self.status)
        self.retranslate_ui()

    def _save(self, on: bool) -> None:
        self.status.clear()
        write_in_background(lambda: save_officer(reminders=on), on_success=lambda _settings: None,
                            on_failure=lambda error: self.status.setText(describe(error)), owner=self)

    def retranslate_ui(self) -> None:
        self.setTitle(_("Reminders"))
        self.enabled.setText(_("Remind me of deadlines"))
        self.explanation.setText(_("Overdue and upcoming deadlines in the notification area, at start-up and once a "
                                   "day."))
