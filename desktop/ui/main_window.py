"""The main window: navigation on the left, pages on the right, menus, status bar.

First paint before any page (issue 18.1): the window is shown with its navigation, menus and status bar, each
page's module imported and the page built (its data starting to load) when it is first shown or asked for
(`page(key)`, and the `dashboard`, `events_page`, … properties); the Dashboard, shown first, right after the
first paint. The trip entries of the File menu come after that too. Once the Dashboard has its data, the other
pages are built ahead, one at a time while the window is quiet (issue 22.4: a click then only shows its page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QIcon,
    QKeySequence,
    QPaintEvent,
)
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
from hattama.paths import log_dir, resources_dir
from hattama.services.errors import ServiceError
from hattama.services.officer import load_officer, save_officer
from hattama.ui.retranslate import LanguageSwitcher, Retranslating
from hattama.ui.workers import write_in_background

if TYPE_CHECKING:
    from hattama.ui.bundles.verify_page import VerifyPage
    from hattama.ui.dashboard.page import DashboardPage
    from hattama.ui.events.page import EventsPage
    from hattama.ui.help import HelpWindow
    from hattama.ui.letters.page import LettersPage
    from hattama.ui.plans.page import PlanPage
    from hattama.ui.reminders import DeadlineReminder
    from hattama.ui.reports.page import ReportsPage
    from hattama.ui.settings_page import SettingsPage
    from hattama.ui.setup_assistant import SetupAssistant
    from hattama.ui.treaties.page import TreatiesPage
    from hattama.ui.trips.actions import TripActions

# The navigation's least and greatest width, and the room either side of an entry's title.
NAVIGATION_WIDTH = (150, 230)
NAVIGATION_PADDING = 12
# The pages in navigation order: key and title. Each is built by `MainWindow._build_<key>` when first needed.
PAGES: tuple[tuple[str, Callable[[], str]], ...] = (
    ("dashboard", lambda: _("Dashboard")), ("events", lambda: _("Events")), ("reports", lambda: _("Reports")),
    ("treaties", lambda: _("Treaties")), ("letters", lambda: _("Letters")),
    ("plans", lambda: _("Plan and activity")), ("calendar", lambda: _("Calendar")),
    ("verify", lambda: _("Verify bundle")), ("settings", lambda: _("Settings")),
)


@dataclass
class PageEntry:
    key: str
    title: Callable[[], str]
    widget: QWidget


# Milliseconds between the Dashboard's data arriving and the later pages' imports starting (hattama.ui.preload).
PRELOAD_DELAY_MS = 1000
# The pages built ahead once the window is quiet, in navigation order. Not Settings: its signing group asks the
# system keyring about the key, which may ask the officer to unlock it; that waits for the officer to open it.
BUILT_AHEAD = tuple(key for key, _title in PAGES if key != "settings")


class MainWindow(Retranslating, QMainWindow):
    # Records changed behind the pages' backs (an import, a merged trip kit): every list and editor reads again.
    records_changed = Signal()
    # The page on screen is built, after the first paint (issue 18.1).
    filled = Signal()
    # Whether the pages not yet shown are built ahead while the window is quiet (`_preload_later_pages`).
    builds_ahead = True

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
        self.navigation.setIconSize(QSize(20, 20))
        # Issue 19: room around each entry; the width follows the longest title (retranslate_ui).
        self.navigation.setSpacing(1)
        self.navigation.setStyleSheet(
            "QListWidget#navigation { border: none; border-right: 1px solid palette(mid); padding-top: 6px;"
            " outline: none; }"
            f" QListWidget#navigation::item {{ padding: {NAVIGATION_PADDING // 2}px {NAVIGATION_PADDING}px; }}")
        self.pages = QStackedWidget()
        self.entries: list[PageEntry] = []
        self.built: dict[str, QWidget] = {}
        self.reminder: DeadlineReminder | None = None
        self.trip_actions: TripActions | None = None
        for key, title in PAGES:
            self.add_page(key, title, QWidget())  # stands for the page until it is first shown
        self.navigation.currentRowChanged.connect(self._show_row)
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
        self.painted = False
        self.navigation.blockSignals(True)  # the Dashboard is built after the first paint (`paintEvent`)
        self.navigation.setCurrentRow(0)
        self.navigation.blockSignals(False)
        self.retranslate_ui()

    # ------------------------------------------------------------------------------------------ pages, lazily

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self._fill)

    def _fill(self) -> None:
        """After the first paint: the page on screen, then the File menu's trip entries."""
        self._show_chosen(self.navigation.currentRow())
        if self.trip_actions is None:
            from hattama.ui.trips.actions import TripActions

            self.trip_actions = TripActions(self.store, self, self._records_changed)
            below = self.file_menu.actions()[1:]  # the separator and Quit stay last
            for action in below:
                self.file_menu.removeAction(action)
            self.trip_actions.add_to(self.file_menu)
            self.file_menu.addActions(below)
            self.trip_actions.retranslate_ui()
        self._preload_later_pages()
        self.filled.emit()

    def _preload_later_pages(self) -> None:
        """The other pages' modules are imported on a background thread once the Dashboard has its data (so
        they do not compete with its load), or now if another page is on screen; then, while the window is
        quiet, the pages are built one at a time (hattama.ui.preload)."""
        from hattama.ui import preload

        def start() -> None:
            builds = [partial(self._build_ahead, key) for key in BUILT_AHEAD] if self.builds_ahead else []
            preload.run_when_quiet(builds, preload.preload_in_background(), self)

        def later() -> None:  # the data painted first, the reminder shown; not once the window is gone
            QTimer.singleShot(PRELOAD_DELAY_MS, self, start)

        if "dashboard" in self.built and self.dashboard.is_loading():
            self.dashboard.loaded.connect(later, Qt.ConnectionType.SingleShotConnection)
        else:
            later()

    def _build_ahead(self, key: str) -> None:
        """A page built before it is asked for (issue 22.4): the first click on it then only shows it, instead
        of building it (10-40 ms) and painting it in the same frame. Not once the window is closed."""
        if self.isVisible():
            self.page(key)

    def _show_row(self, row: int) -> None:
        """The officer's choice in the navigation. A page not built yet is built on the event loop's next turn,
        once this frame has painted the choice (issue 22.4: building a page and painting it in one frame took
        40-70 ms); the page shown until then stays."""
        if row < 0:
            return
        if self.entries[row].key in self.built:
            self.pages.setCurrentIndex(row)
        else:
            QTimer.singleShot(0, self, partial(self._show_chosen, row))

    def _show_chosen(self, row: int) -> None:
        """The page of `row`, built if need be, unless the officer has chosen another one meanwhile."""
        if row >= 0 and row == self.navigation.currentRow():
            self.page(self.entries[row].key)
            self.pages.setCurrentIndex(row)

    def page(self, key: str) -> QWidget:
        """The page of `key`, built the first time it is asked for (its module imported, its data loading)."""
        built = self.built.get(key)
        if built is None:
            built = self.built[key] = getattr(self, f"_build_{key}")()
            row = next(row for row, entry in enumerate(self.entries) if entry.key == key)
            placeholder = self.entries[row].widget
            self.entries[row].widget = built
            current = self.pages.currentIndex()
            self.pages.blockSignals(True)
            self.pages.insertWidget(row, built)
            self.pages.removeWidget(placeholder)
            self.pages.setCurrentIndex(current)
            self.pages.blockSignals(False)
            placeholder.deleteLater()
        return built

    def _build_dashboard(self) -> DashboardPage:
        from hattama.ui.dashboard.page import DashboardPage
        from hattama.ui.reminders import DeadlineReminder

        dashboard = DashboardPage(self.store)
        dashboard.report_requested.connect(self.open_report)
        dashboard.event_requested.connect(self.open_event)
        dashboard.letter_requested.connect(self.open_letter)
        dashboard.treaty_forms_requested.connect(self.open_treaty_forms)
        dashboard.plan_requested.connect(self.open_plan)
        dashboard.image_project_requested.connect(self.open_image_project)
        # Issue 19.10: at start-up (`remind_due_soon`) and on each new day while the window stays open.
        self.reminder = DeadlineReminder(dashboard, self.windowIcon(), self)
        self.reminder.opened.connect(self._show_deadlines)
        return dashboard

    def _build_events(self) -> EventsPage:
        from hattama.ui.events.page import EventsPage

        events = EventsPage(self.store, self)
        # Issue 19.7: from an event to its report and back.
        events.report_requested.connect(self.open_report_of_event)
        self.records_changed.connect(events.reload)
        return events

    def _build_reports(self) -> ReportsPage:
        from hattama.ui.reports.page import ReportsPage

        reports = ReportsPage(self.store)
        reports.editor.event_requested.connect(self.open_event)
        # Issue 19.3: a report refused for the unit's empty details points to the setup.
        reports.editor.setup_requested.connect(self.open_setup_assistant)
        # Issue 19.5: the reports list reads again and with it the open editor's status.
        self.records_changed.connect(reports.reload)
        return reports

    def _build_treaties(self) -> TreatiesPage:
        from hattama.ui.treaties.page import TreatiesPage

        return TreatiesPage(self.store)

    def _build_letters(self) -> LettersPage:
        from hattama.ui.letters.page import LettersPage

        return LettersPage(self.store)

    def _build_plans(self) -> PlanPage:
        from hattama.ui.plans.page import PlanPage

        return PlanPage(self.store)

    def _build_calendar(self) -> QWidget:
        from hattama.ui.calendar.page import CalendarPage

        return CalendarPage(self.store)

    def _build_verify(self) -> VerifyPage:
        from hattama.ui.bundles.verify_page import VerifyPage

        verify = VerifyPage(self.store)
        verify.imported.connect(lambda _result: self.records_changed.emit())
        return verify

    def _build_settings(self) -> SettingsPage:
        from hattama.services.settings import load_settings
        from hattama.ui.bundles.keys_settings import KeysSettings
        from hattama.ui.reminders import ReminderSettings
        from hattama.ui.settings_page import SettingsPage

        settings = SettingsPage()
        settings.edit_requested.connect(self.edit_unit_details)
        settings.setup_requested.connect(self.open_setup_assistant)
        settings.language_chosen.connect(self.change_language)
        settings.add_group(KeysSettings(self.store))
        settings.add_group(ReminderSettings())
        settings.show_details(load_settings(self.store))
        return settings

    @property
    def dashboard(self) -> DashboardPage:
        return self.page("dashboard")  # type: ignore[return-value]

    @property
    def events_page(self) -> EventsPage:
        return self.page("events")  # type: ignore[return-value]

    @property
    def reports_page(self) -> ReportsPage:
        return self.page("reports")  # type: ignore[return-value]

    @property
    def treaties_page(self) -> TreatiesPage:
        return self.page("treaties")  # type: ignore[return-value]

    @property
    def letters_page(self) -> LettersPage:
        return self.page("letters")  # type: ignore[return-value]

    @property
    def plan_page(self) -> PlanPage:
        return self.page("plans")  # type: ignore[return-value]

    @property
    def verify_page(self) -> VerifyPage:
        return self.page("verify")  # type: ignore[return-value]

    @property
    def settings_page(self) -> SettingsPage:
        return self.page("settings")  # type: ignore[return-value]

    def _restore_layout(self) -> None:
        """The size and place this officer left the window in (issue 17.4: layout is the officer's, not the unit's)."""
        geometry = load_officer().window_geometry
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        geometry = self.saveGeometry().toBase64().toStdString()  # base64: ASCII
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
        """The page of `key` on screen at once, built first if need be (its callers go on to act on it)."""
        self.page(key)
        for row, entry in enumerate(self.entries):
            if entry.key == key:
                self.navigation.setCurrentRow(row)
                return

    def remind_due_soon(self) -> str | None:
        """At start-up: what is overdue or due within the due-soon window, as a tray notification where the
        desktop has a tray and the officer wants it, and always on the Dashboard's banner (shown first)."""
        self.page("dashboard")  # builds the reminder with it
        assert self.reminder is not None
        # The Dashboard is the first page; the officer who went on to another before its data arrived stays
        # there (issue 22.4): the banner and the notification say it.
        return self.reminder.remind()

    def _show_deadlines(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()
        self.show_page("dashboard")

    def _page_shown(self, _index: int) -> None:
        dashboard = self.built.get("dashboard")
        if dashboard is not None and self.pages.currentWidget() is dashboard:
            dashboard.reload()  # type: ignore[attr-defined]

    def open_event(self, event_id) -> None:
        self.show_page("events")
        self.events_page.open_event(event_id)

    def open_report(self, report_id) -> None:
        self.show_page("reports")
        self.reports_page.select_report(report_id)

    def open_letter(self, letter_id) -> None:
        """The letter log, with the letter selected (p.44 notice) or as it is (p.45 position letters)."""
        self.show_page("letters")
        self.letters_page.reload(select=letter_id)

    def open_treaty_forms(self, _year: int) -> None:
        """p.2: the forms on last year's treaties, to record them as sent."""
        self.show_page("treaties")
        self.treaties_page.forms_sent()

    def open_plan(self, year: int) -> None:
        """p.46: the plan for the year after the 20 December submission of `year`."""
        self.show_page("plans")
        self.plan_page.year.setValue(year + 1)

    def open_image_project(self, project_id) -> None:
        self.show_page("plans")
        self.plan_page.open_project(project_id)

    def open_report_of_event(self, event_id) -> None:
        """The event's report on the Reports page, started if there is none yet."""
        self.show_page("reports")
        self.reports_page.open_for_event(event_id)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        self.file_menu = menu_bar.addMenu("")
        self.export_bundle_action = QAction(self)
        self.export_bundle_action.triggered.connect(lambda: self.reports_page.export_bundle())
        self.file_menu.addAction(self.export_bundle_action)
        self.file_menu.addSeparator()
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

        self.settings_menu = menu_bar.addMenu("")
        self.unit_action = QAction(self)
        self.unit_action.triggered.connect(self.edit_unit_details)
        self.settings_menu.addAction(self.unit_action)
        self.setup_action = QAction(self)
        self.setup_action.triggered.connect(lambda: self.open_setup_assistant())
        self.settings_menu.addAction(self.setup_action)
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
        self.log_folder_action = QAction(self)
        self.log_folder_action.triggered.connect(self.open_log_folder)
        self.help_menu.addAction(self.log_folder_action)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self._show_about)
        self.help_menu.addAction(self.about_action)

    def _show_about(self) -> None:
        from hattama.ui.about import show_about

        show_about(self, str(self.store.path))

    def open_log_folder(self) -> bool:
        """Help → Open log folder: the folder of the log (issue 20.7), in the system's file manager."""
        log_dir().mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    def show_guide(self) -> HelpWindow:
        """The user guide beside the window (one, raised when asked again)."""
        if self.help_window is None:
            from hattama.ui.help import HelpWindow

            self.help_window = HelpWindow(self)
        self.help_window.show()
        self.help_window.raise_()
        return self.help_window

    def _records_changed(self) -> None:
        self.records_changed.emit()

    def change_language(self, code: str) -> None:
        self.switcher.apply(code)
        # The officer's own choice (their config folder, issue 17.4), written off the GUI thread.
        write_in_background(lambda: save_officer(language=code), on_success=lambda _result: None,
                            on_failure=lambda error: self.statusBar().showMessage(describe(error), 10000),
                            owner=self)

    def edit_unit_details(self) -> None:
        from hattama.services.settings import load_settings, save_settings
        from hattama.ui.settings_dialog import UnitSettingsDialog

        dialog = UnitSettingsDialog(load_settings(self.store), lambda details: save_settings(self.store, details), self)
        if dialog.exec():
            self.refresh_settings()

    def offer_setup(self) -> SetupAssistant | None:
        """At start-up: a new store (as the store tells, `needs_setup`) opens on the setup assistant (19.1)."""
        from hattama.services.settings import needs_setup

        return self.open_setup_assistant(first_run=True) if needs_setup(self.store) else None

    def open_setup_assistant(self, first_run: bool = False) -> SetupAssistant:
        """The first-run assistant, also from Settings; window-modal, the window stays behind it."""
        from hattama.services.settings import load_settings
        from hattama.ui.setup_assistant import SetupAssistant

        assistant = SetupAssistant(self.store, load_settings(self.store), self.change_language,
                                   first_run=first_run, parent=self)
        assistant.finished_setup.connect(self._setup_finished)
        self.setup_assistant = assistant
        assistant.open()
        return assistant

    def _setup_finished(self, _details: object) -> None:
        self.refresh_settings()
        self.dashboard.reload()  # the day overdue obligations count from may have moved

    def refresh_settings(self) -> None:
        from hattama.services.settings import load_settings

        self.settings_page.show_details(load_settings(self.store))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Hattama — international events and MFA submissions"))
        for row, entry in enumerate(self.entries):
            self.navigation.item(row).setText(entry.title())
        widest = max(self.navigation.fontMetrics().horizontalAdvance(entry.title()) for entry in self.entries)
        self.navigation.setFixedWidth(max(NAVIGATION_WIDTH[0], min(widest + 3 * NAVIGATION_PADDING,
                                                                    NAVIGATION_WIDTH[1])))
        self.file_menu.setTitle(_("&File"))
        self.export_bundle_action.setText(_("&Export bundle…"))
        if self.trip_actions is not None:
            self.trip_actions.retranslate_ui()
        self.quit_action.setText(_("&Quit"))
        self.settings_menu.setTitle(_("&Settings"))
        self.unit_action.setText(_("&Unit details…"))
        self.setup_action.setText(_("Setup &assistant…"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About Hattama"))
        self.log_folder_action.setText(_("Open &log folder"))
        self.guide_action.setText(_("&User guide"))
        self.language_actions[i18n.current_language()].setChecked(True)
        self.store_label.setText(
            _("Store: {path} · schema {revision}").format(path=self.store.path, revision=self.store.revision())
        )
