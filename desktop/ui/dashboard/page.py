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
from hattama.i18n import _, describe, format_date, ngettext
from hattama.rules.obligations import ObligationKind, ObligationState
from hattama.services.obligations import ObligationView, compute_obligations, mark_done, unmark_done
from hattama.services.reports import close_not_requested
from hattama.services.settings import load_settings
from hattama.ui.dashboard.groups import EXPAND_AT_MOST, EXPANDED_GROUPS, GroupedObligations, group_obligations
from hattama.ui.dashboard.obligations_model import VIEW_ROLE, ObligationTreeModel
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


class DashboardPage(Retranslating, QWidget):
    event_requested = Signal(uuid.UUID)
    report_requested = Signal(uuid.UUID)
    loaded = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.views: list[ObligationView] = []
        self._urgent: list[ObligationView] = []
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
        for column, width in enumerate((120, 130, 90, 60, 420)):
            self.tree.header().resizeSection(column, width)
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
        """Recomputes and groups every obligation off the GUI thread (seconds for a store of 100,000 events); a
        newer reload replaces one still running."""
        store = self.store
        self.loading.start(lambda _report: group_obligations(compute_obligations(store), clock.today()))

    def is_loading(self) -> bool:
        return self.loading.is_loading()

    def _show_views(self, grouped: GroupedObligations) -> None:
        self.views, self._urgent = grouped.views, grouped.urgent
        # A reset forgets which rows were spanned and expanded.
        self.model.set_groups(grouped)
        self._span_group_rows()
        for key in EXPANDED_GROUPS:
            group = self.model.group_index(key)
            if self.model.rowCount(group) <= EXPAND_AT_MOST:
                self.tree.expand(group)
        self._show_banner()
        self._show_selected()
        self.loaded.emit()

    def urgent(self) -> list[ObligationView]:
        return self._urgent

    def _show_closed_groups(self, shown: bool) -> None:
        self.model.show_closed(shown)
        self._span_group_rows()

    def _span_group_rows(self) -> None:
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)

    def _show_banner(self) -> None:
        count = len(self._urgent)
        self.banner.setVisible(bool(count))
        self.banner.setText(ngettext(
            "{count} obligation is overdue or due within the due-soon window.",
            "{count} obligations are overdue or due within the due-soon window.", count,
        ).format(count=count))

    def selected_view(self) -> ObligationView | None:
        return self.tree.currentIndex().data(VIEW_ROLE)

    def _show_selected(self) -> None:
        view = self.selected_view()
        self.open_button.setEnabled(view is not None and (view.event_id is not None or view.report_id is not None))
        self.done_button.setEnabled(view is not None and view.obligation.kind is not ObligationKind.POST_EVENT_REPORT
                                    and view.state is not ObligationState.NOT_APPLICABLE)
        self.not_requested_button.setEnabled(view is not None and view.state is ObligationState.AWAITING_REQUEST)
        if view is None:
            self.details.setText(_("Select an obligation to see what the decree requires and by when."))
            return
        self.done_button.setText(_("Undo done") if view.state is ObligationState.DONE else _("Mark done…"))
        self.open_button.setText(_("Open report") if view.report_id is not None else _("Open event"))
        due = format_date(view.obligation.planned_due, "long")
        self.details.setText(f"<b>{view.item_label()} · {view.title()}</b> — {due}<br>{view.explanation()}")

    def open_subject(self) -> None:
        view = self.selected_view()
        if view is None:
            return
        if view.report_id is not None:
            self.report_requested.emit(view.report_id)
        elif view.event_id is not None:
            self.event_requested.emit(view.event_id)

    def toggle_done(self) -> None:
        view = self.selected_view()
        if view is None:
            return
        obligation, store = view.obligation, self.store
        if view.state is ObligationState.DONE:
            def write() -> None:
                unmark_done(store, obligation.kind, obligation.subject_id)
        else:
            dialog = MarkDoneDialog(view.title(), self)
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
                                                    event=view.event_title))
        if not accepted:
            return
        store, event_id = self.store, view.event_id
        self._write(lambda: close_not_requested(store, event_id, reason))

    def retranslate_ui(self) -> None:
        self.show_closed.setText(_("Show done and not applicable"))
        self.refresh_button.setText(_("Refresh"))
        self.loading.label.setText(_("Computing obligations…"))
        self.open_button.setText(_("Open event"))
        self.done_button.setText(_("Mark done…"))
        self.not_requested_button.setText(_("Not requested…"))
        self.model.retranslate()
        self._show_banner()
        self._show_selected()
