"""Dashboard: every obligation, grouped by urgency and coloured, each with its decree item and a way to act."""

from __future__ import annotations

import datetime as dt
import getpass
import uuid
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from hattama import clock
from hattama.db.store import Store
from hattama.i18n import _, current_language, describe, format_date, ngettext
from hattama.presentation import obligations as words
from hattama.rules.obligations import ObligationKind, ObligationState
from hattama.services.obligations import (
    ObligationGroups,
    ObligationView,
    dashboard_groups,
    mark_done,
    unmark_done,
)
from hattama.services.reports import close_not_requested
from hattama.services.settings import load_settings
from hattama.ui.column_widths import TableLayout
from hattama.ui.dashboard.groups import EXPAND_AT_MOST, EXPANDED_GROUPS
from hattama.ui.dashboard.obligations_model import COLUMNS, VIEW_ROLE, ObligationTreeModel, column_titles
from hattama.ui.date_edit import DateEdit, to_qdate
from hattama.ui.loading import BackgroundLoad
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import write_in_background


class MarkDoneDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Mark done"))
        self.date = DateEdit(clock.today())
        self.date.setMaximumDate(to_qdate(clock.today()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        label = QLabel(_("When was “{title}” done?").format(title=title))
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.date)
        layout.addWidget(buttons)

    def done_on(self) -> dt.date:
        return self.date.value()


# Where each obligation is done (issue 19.7): the thing that closes it, opened from the Dashboard.
_ON_THE_EVENT = frozenset({ObligationKind.POST_EVENT_REPORT, ObligationKind.MFA_NOTICE_AFTER_MEETING,
                           ObligationKind.NEXT_OFFICIAL_BRIEFING, ObligationKind.PRE_DEPARTURE_CONSULTATION,
                           ObligationKind.DIPLOMATIC_SERVICE_PARTICIPATION})


def load_groups(store: Store, today: dt.date) -> ObligationGroups:
    """The worker's part: the groups counted, and the first window of each group that opens read."""
    groups = dashboard_groups(store, today)
    for key in EXPANDED_GROUPS:
        if 0 < groups.counts[key] <= EXPAND_AT_MOST:
            groups.preload(key, 0, ObligationTreeModel.WINDOW)
    return groups


class DashboardPage(Retranslating, QWidget):
    event_requested = Signal(uuid.UUID)
    report_requested = Signal(uuid.UUID)
    letter_requested = Signal(object)  # the letter (p.44) or None: the letter log (p.45 position letters)
    treaty_forms_requested = Signal(int)  # p.2: the year the forms report on
    plan_requested = Signal(int)  # p.46: the year of the 20 December submission
    image_project_requested = Signal(uuid.UUID)  # p.46: the project to agree
    loaded = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.groups: ObligationGroups | None = None
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("padding: 8px; border-radius: 4px; background: #fff4d6; border: 1px solid #e0c068;")
        self.model = ObligationTreeModel(self)
        self.show_closed = QCheckBox()
        self.show_closed.toggled.connect(self._show_closed_groups)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.reload)
        self.loading = BackgroundLoad()
        self.loading.loaded.connect(self._show_views)
        self.loading.failed.connect(lambda message: QMessageBox.warning(self, _("Dashboard"), message))
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.selectionModel().currentChanged.connect(lambda _current, _previous: self._show_selected())
        self.tree.activated.connect(lambda _index: self.open_subject())
        # Issue 19: the event's title stretches, the other columns fit their content in the current language.
        self.layout_keeper = TableLayout(self.tree, "dashboard", COLUMNS, stretch="event",
                                         elidable=("obligation", "state"), title_share=0.3,
                                         keep=("state", "obligation"), shortened=("state", "obligation"))
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(70)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_subject)
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.toggle_done)
        self.not_requested_button = QPushButton()
        self.not_requested_button.clicked.connect(self.close_not_requested)
        top = QHBoxLayout()
        top.addWidget(self.show_closed)
        top.addStretch(1)
        top.addWidget(self.loading)
        top.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.done_button)
        actions.addWidget(self.not_requested_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details)
        layout.addLayout(actions)
        self.retranslate_ui()
        self.reload()

    def reload(self) -> None:
        """Reads the groups off the GUI thread (their sizes from the stored obligations' index, and the first
        rows of the groups that open); a newer reload replaces one still running."""
        store, today = self.store, clock.today()
        self.loading.start(lambda _report: load_groups(store, today))

    def is_loading(self) -> bool:
        return self.loading.is_loading()

    def _show_views(self, groups: ObligationGroups) -> None:
        self.groups = groups
        # A reset forgets which rows were spanned and expanded.
        self.model.set_groups(groups)
        self._span_group_rows()
        for key in EXPANDED_GROUPS:
            group = self.model.group_index(key)
            if self.model.rowCount(group) <= EXPAND_AT_MOST:
                self.tree.expand(group)
        self._show_banner()
        self._show_selected()
        self.loaded.emit()

    def urgent(self) -> int:
        """How many obligations are overdue or due within the due-soon window."""
        return 0 if self.groups is None else self.groups.urgent

    def first_urgent(self) -> list[ObligationView]:
        """The earliest of them (a few, read with the groups)."""
        return [] if self.groups is None else self.groups.first_urgent

    def _show_closed_groups(self, shown: bool) -> None:
        self.model.show_closed(shown)
        self._span_group_rows()

    def _span_group_rows(self) -> None:
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)

    def _show_banner(self) -> None:
        count = self.urgent()
        self.banner.setVisible(bool(count))
        self.banner.setText(ngettext(
            "{count} obligation is overdue or due within the due-soon window.",
            "{count} obligations are overdue or due within the due-soon window.", count,
        ).format(count=count))

    def selected_view(self) -> ObligationView | None:
        return self.tree.currentIndex().data(VIEW_ROLE)

    def _show_selected(self) -> None:
        view = self.selected_view()
        self.open_button.setEnabled(view is not None and self._opener(view) is not None)
        self.done_button.setEnabled(view is not None and view.obligation.kind is not ObligationKind.POST_EVENT_REPORT
                                    and view.state is not ObligationState.NOT_APPLICABLE)
        self.not_requested_button.setEnabled(view is not None and view.state is ObligationState.AWAITING_REQUEST)
        if view is None:
            self.details.setText(_("Select an obligation to see what the decree requires and by when."))
            return
        self.done_button.setText(_("Undo done") if view.state is ObligationState.DONE else _("Mark done…"))
        self.open_button.setText(self._open_text(view))
        due = format_date(view.obligation.planned_due, "long")
        language = current_language()
        self.details.setText(f"<b>{words.item_label(view.obligation.item, language)} · {words.title(view, language)}"
                             f"</b> — {due}<br>{words.explanation(view, language)}")

    def _opener(self, view: ObligationView) -> Callable[[], None] | None:
        """How to open what closes the obligation: the event's report, the event (consultations, briefings,
        notices and drafted letters are recorded there), the letter, the treaty forms, the plan, the project."""
        obligation = view.obligation
        kind, subject = obligation.kind, obligation.subject_id
        if view.report_id is not None:
            report_id = view.report_id
            return lambda: self.report_requested.emit(report_id)
        if kind in _ON_THE_EVENT and view.event_id is not None:
            event_id = view.event_id
            return lambda: self.event_requested.emit(event_id)
        if kind is ObligationKind.DIRECT_LETTER_NOTICE:
            letter_id = uuid.UUID(subject)
            return lambda: self.letter_requested.emit(letter_id)
        if kind is ObligationKind.MFA_POSITION_LETTER:
            return lambda: self.letter_requested.emit(None)
        if kind is ObligationKind.TREATY_INFORMATION:  # "2026-1": the forms on 2025, due 10 January 2026
            year = int(subject.split("-")[0]) - 1
            return lambda: self.treaty_forms_requested.emit(year)
        if kind is ObligationKind.ANNUAL_PLAN_AND_REPORT:
            return lambda: self.plan_requested.emit(int(subject))
        if kind is ObligationKind.IMAGE_PROJECT_AGREEMENT:
            project_id = uuid.UUID(subject)
            return lambda: self.image_project_requested.emit(project_id)
        return None

    @staticmethod
    def _open_text(view: ObligationView) -> str:
        kind = view.obligation.kind
        if view.report_id is not None:
            return _("Open report")
        if kind in (ObligationKind.DIRECT_LETTER_NOTICE, ObligationKind.MFA_POSITION_LETTER):
            return _("Open letters")
        if kind is ObligationKind.TREATY_INFORMATION:
            return _("Open treaty forms")
        if kind is ObligationKind.ANNUAL_PLAN_AND_REPORT:
            return _("Open plan")
        if kind is ObligationKind.IMAGE_PROJECT_AGREEMENT:
            return _("Open project")
        return _("Open event")

    def open_subject(self) -> None:
        view = self.selected_view()
        opener = None if view is None else self._opener(view)
        if opener is not None:
            opener()

    def toggle_done(self) -> None:
        view = self.selected_view()
        if view is None:
            return
        obligation, store = view.obligation, self.store
        if view.state is ObligationState.DONE:
            def write() -> None:
                unmark_done(store, obligation.kind, obligation.subject_id)
        else:
            dialog = MarkDoneDialog(words.title(view, current_language()), self)
            if not dialog.exec():
                return
            who = load_settings(self.store).officer_name or getpass.getuser()
            done_on = dialog.done_on()

            def write() -> None:
                mark_done(store, obligation.kind, obligation.subject_id, done_on, who)
        self._write(write)

    def _write(self, write: Callable[[], object]) -> None:
        """A change on the writing thread (the store may be busy with another Hattama); the obligations are
        computed again once it is stored."""
        write_in_background(write, on_success=lambda _result: self.reload(),
                            on_failure=lambda error: QMessageBox.warning(self, _("Dashboard"), describe(error)),
                            owner=self)

    def close_not_requested(self) -> None:
        """p.46: the MFA did not ask for the event's report; closed with the officer's reason."""
        view = self.selected_view()
        if view is None or view.event_id is None:
            return
        reason, accepted = QInputDialog.getText(self, _("Not requested"),
                                                _("Why does no report go to the MFA for “{event}”?").format(
                                                    event=words.event_title(view, current_language())))
        if not accepted:
            return
        store, event_id = self.store, view.event_id
        self._write(lambda: close_not_requested(store, event_id, reason))

    def _fit_columns(self) -> None:
        language = current_language()
        states = [words.short_state_name(state, language) for state in ObligationState]
        self.layout_keeper.fit(column_titles(), {
            "due": [format_date(dt.date(2026, month, 28), "short") for month in range(1, 13)],
            "state": [*states, _(words.DONE_LATE)],
            "days_left": ["-9999"],
            "item": [words.item_label(item, language) for item in ("p.46", "p.2(1)")],
            "obligation": [_(short) for short in words.SHORT_TITLES.values()],
        })

    def retranslate_ui(self) -> None:
        self._fit_columns()
        self.show_closed.setText(_("Show done and not applicable"))
        self.refresh_button.setText(_("Refresh"))
        self.loading.label.setText(_("Computing obligations…"))
        self.open_button.setText(_("Open event"))
        self.done_button.setText(_("Mark done…"))
        self.not_requested_button.setText(_("Not requested…"))
        self.model.retranslate()
        self._show_banner()
        self._show_selected()
