"""The main window: navigation on the left, pages on the right, menus, status bar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from hattama import i18n
from hattama.db.store import Store
from hattama.i18n import _, describe
from hattama.paths import resources_dir
from hattama.services.errors import ServiceError
from hattama.services.officer import load_officer, save_officer
from hattama.services.settings import load_settings, save_settings
from hattama.ui.about import show_about
from hattama.ui.bundles.keys_settings import KeysSettings
from hattama.ui.bundles.verify_page import VerifyPage
from hattama.ui.calendar.page import CalendarPage
from hattama.ui.dashboard.page import DashboardPage
from hattama.ui.events.page import EventsPage
from hattama.ui.help import HelpWindow
from hattama.ui.letters.page import LettersPage
from hattama.ui.plans.page import PlanPage
from hattama.ui.reminders import DeadlineReminder, ReminderSettings
from hattama.ui.reports.page import ReportsPage
from hattama.ui.retranslate import LanguageSwitcher, Retranslating
from hattama.ui.settings_dialog import UnitSettingsDialog
from hattama.ui.settings_page import SettingsPage
from hattama.ui.treaties.page import TreatiesPage
from hattama.ui.trips.actions import TripActions
from hattama.ui.workers import write_in_background


@dataclass
class PageEntry:
    key: str
    title: Callable[[], str]
    widget: QWidget


class MainWindow(Retranslating, QMainWindow):
    def __init__(self, store: Store, switcher: LanguageSwitcher) -> None:
        super().__init__()
        self.store = store
        self.switcher = switcher
        self.setWindowIcon(QIcon(str(resources_dir() / "icons" / "hattama.svg")))
        self.resize(1200, 780)
        self.setMinimumSize(QSize(900, 600))
        self._restore_layout()

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(200)
        self.navigation.setIconSize(QSize(20, 20))
        self.pages = QStackedWidget()
        self.entries: list[PageEntry] = []
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)

        self.settings_page = SettingsPage()
        self.settings_page.edit_requested.connect(self.edit_unit_details)
        self.settings_page.add_group(KeysSettings(store))
        self.settings_page.add_group(ReminderSettings())
        self.add_page("settings", lambda: _("Settings"), self.settings_page)
        self.verify_page = VerifyPage(store)
        self.verify_page.imported.connect(lambda _result: self.reports_page.reload())
        self.add_page("verify", lambda: _("Verify bundle"), self.verify_page, position=0)
        self.add_page("calendar", lambda: _("Calendar"), CalendarPage(store), position=0)
        self.plan_page = PlanPage(store)
        self.add_page("plans", lambda: _("Plan and activity"), self.plan_page, position=0)
        self.letters_page = LettersPage(store)
        self.add_page("letters", lambda: _("Letters"), self.letters_page, position=0)
        self.treaties_page = TreatiesPage(store)
        self.add_page("treaties", lambda: _("Treaties"), self.treaties_page, position=0)
        self.reports_page = ReportsPage(store)
        self.add_page("reports", lambda: _("Reports"), self.reports_page, position=0)
        self.events_page = EventsPage(store, self)
        self.add_page("events", lambda: _("Events"), self.events_page, position=0)
        self.dashboard = DashboardPage(store)
        self.add_page("dashboard", lambda: _("Dashboard"), self.dashboard, position=0)
        self.dashboard.report_requested.connect(self.open_report)
        self.dashboard.event_requested.connect(self.open_event)
        # Issue 19.10: at start-up (`remind_due_soon`) and on each new day while the window stays open.
        self.reminder = DeadlineReminder(self.dashboard, self.windowIcon(), self)
        self.reminder.opened.connect(self._show_deadlines)
        # Issue 19.7: from an event to its report and back.
        self.events_page.report_requested.connect(self.open_report_of_event)
        self.reports_page.editor.event_requested.connect(self.open_event)
        # What is due changes with every event and report: recompute whenever the officer comes back to it.
        self.pages.currentChanged.connect(self._page_shown)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.store_label = QLabel()
        self.statusBar().addPermanentWidget(self.store_label)
        self.navigation.setCurrentRow(0)
        self.refresh_settings()
        self.retranslate_ui()

    def _restore_layout(self) -> None:
        """The size and place this officer left the window in (issue 17.4: layout is the officer's, not the unit's)."""
        geometry = load_officer().window_geometry
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")
        try:  # a few hundred bytes on closing: no worker thread outlives the window to write it
            save_officer(window_geometry=geometry)
        except ServiceError:
            pass  # an unwritable config folder must not stop the window from closing; the size is not data
        super().closeEvent(event)

    def add_page(self, key: str, title: Callable[[], str], widget: QWidget, position: int | None = None) -> None:
        """Adds a navigation entry and its page; `position` places it before existing ones (None: last)."""
        row = len(self.entries) if position is None else position
        self.entries.insert(row, PageEntry(key, title, widget))
        self.pages.insertWidget(row, widget)
        item = QListWidgetItem(title())
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.navigation.insertItem(row, item)

    def show_page(self, key: str) -> None:
        for row, entry in enumerate(self.entries):
            if entry.key == key:
                self.navigation.setCurrentRow(row)
                return

    def remind_due_soon(self) -> str | None:
        """At start-up: what is overdue or due within the due-soon window, as a tray notification where the
        desktop has a tray and the officer wants it, and always on the Dashboard's banner (shown first)."""
        message = self.reminder.remind()
        if message is not None:
            self.show_page("dashboard")
        return message

    def _show_deadlines(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()
        self.show_page("dashboard")

    def _page_shown(self, _index: int) -> None:
        if self.pages.currentWidget() is self.dashboard:
            self.dashboard.reload()

    def open_event(self, event_id) -> None:
        self.show_page("events")
        self.events_page.open_event(event_id)

    def open_report(self, report_id) -> None:
        self.show_page("reports")
        self.reports_page.select_report(report_id)

    def open_report_of_event(self, event_id) -> None:
        """The event's report on the Reports page, started if there is none yet."""
        self.show_page("reports")
        self.reports_page.open_for_event(event_id)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        self.file_menu = menu_bar.addMenu("")
        self.export_bundle_action = QAction(self)
        self.export_bundle_action.triggered.connect(self.reports_page.export_bundle)
        self.file_menu.addAction(self.export_bundle_action)
        self.trip_actions = TripActions(self.store, self, self._records_changed)
        self.trip_actions.add_to(self.file_menu)
        self.file_menu.addSeparator()
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

        self.settings_menu = menu_bar.addMenu("")
        self.unit_action = QAction(self)
        self.unit_action.triggered.connect(self.edit_unit_details)
        self.settings_menu.addAction(self.unit_action)
        self.language_menu = self.settings_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code in i18n.LANGUAGES:
            action = QAction(i18n.LANGUAGE_NATIVE_NAMES[code], self, checkable=True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, code=code: self.change_language(code))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        self.help_menu = menu_bar.addMenu("")
        self.guide_action = QAction(self)
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide_action.triggered.connect(self.show_guide)
        self.help_menu.addAction(self.guide_action)
        self.help_window: HelpWindow | None = None
        self.about_action = QAction(self)
        self.about_action.triggered.connect(lambda: show_about(self, str(self.store.path)))
        self.help_menu.addAction(self.about_action)

    def show_guide(self) -> HelpWindow:
        """The user guide beside the window (one, raised when asked again)."""
        if self.help_window is None:
            self.help_window = HelpWindow(self)
        self.help_window.show()
        self.help_window.raise_()
        return self.help_window

    def _records_changed(self) -> None:
        self.events_page.reload()
        self.reports_page.reload()

    def change_language(self, code: str) -> None:
        self.switcher.apply(code)
        # The officer's own choice (their config folder, issue 17.4), written off the GUI thread.
        write_in_background(lambda: save_officer(language=code), on_success=lambda _result: None,
                            on_failure=lambda error: self.statusBar().showMessage(describe(error), 10000),
                            owner=self)

    def edit_unit_details(self) -> None:
        dialog = UnitSettingsDialog(load_settings(self.store), lambda details: save_settings(self.store, details), self)
        if dialog.exec():
            self.refresh_settings()

    def refresh_settings(self) -> None:
        self.settings_page.show_details(load_settings(self.store))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Hattama — international events and MFA submissions"))
        for row, entry in enumerate(self.entries):
            self.navigation.item(row).setText(entry.title())
        self.file_menu.setTitle(_("&File"))
        self.export_bundle_action.setText(_("&Export bundle…"))
        self.trip_actions.retranslate_ui()
        self.quit_action.setText(_("&Quit"))
        self.settings_menu.setTitle(_("&Settings"))
        self.unit_action.setText(_("&Unit details…"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About Hattama"))
        self.guide_action.setText(_("&User guide"))
        self.language_actions[i18n.current_language()].setChecked(True)
        self.store_label.setText(
            _("Store: {path} · schema {revision}").format(path=self.store.path, revision=self.store.revision())
        )
