"""Dashboard: every obligation, grouped by urgency and coloured, each with its decree item and a way to act."""

from __future__ import annotations

import datetime as dt
import getpass
import uuid

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.store import Store
from desktop.i18n import _, describe, format_date, ngettext
from desktop.rules.obligations import ObligationKind, ObligationState
from desktop.services.errors import ServiceError
from desktop.services.obligations import ObligationView, compute_obligations, mark_done, unmark_done
from desktop.services.settings import load_settings
from desktop.ui.retranslate import Retranslating
from desktop.ui.workers import Job, start

STATE_COLOURS = {
    ObligationState.OVERDUE: QColor("#f4b6b6"),
    ObligationState.DUE_TODAY: QColor("#f7c98b"),
    ObligationState.DUE_SOON: QColor("#fbe7a1"),
    ObligationState.UPCOMING: QColor("#ffffff"),
    ObligationState.DONE: QColor("#d5eedb"),
    ObligationState.NOT_APPLICABLE: QColor("#e3e6ea"),
}
GROUPS = ("overdue", "this_week", "later", "done", "not_applicable")
URGENT = (ObligationState.OVERDUE, ObligationState.DUE_TODAY, ObligationState.DUE_SOON)


def group_of(view: ObligationView, today: dt.date) -> str:
    if view.state is ObligationState.OVERDUE:
        return "overdue"
    if view.state is ObligationState.DONE:
        return "done"
    if view.state is ObligationState.NOT_APPLICABLE:
        return "not_applicable"
    week_end = today + dt.timedelta(days=6 - today.weekday())
    return "this_week" if view.obligation.planned_due <= week_end else "later"


def group_titles() -> dict[str, str]:
    return {
        "overdue": _("Overdue"),
        "this_week": _("Due this week"),
        "later": _("Later"),
        "done": _("Done"),
        "not_applicable": _("Not applicable (p.50 and other exemptions)"),
    }


class MarkDoneDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Mark done"))
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setMaximumDate(QDate.currentDate())
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
        return self.date.date().toPython()


class DashboardPage(Retranslating, QWidget):
    event_requested = Signal(uuid.UUID)
    report_requested = Signal(uuid.UUID)
    loaded = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.views: list[ObligationView] = []
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("padding: 8px; border-radius: 4px; background: #fff4d6; border: 1px solid #e0c068;")
        self.show_closed = QCheckBox()
        self.show_closed.toggled.connect(self.fill)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.reload)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(6)
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(self._show_selected)
        self.tree.itemActivated.connect(lambda item, _column: self.open_subject())
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(70)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_subject)
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.toggle_done)
        top = QHBoxLayout()
        top.addWidget(self.show_closed)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.done_button)
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
        """Recomputes every obligation off the GUI thread (seconds for a store of 100,000 events)."""
        self.refresh_button.setEnabled(False)
        job = Job(lambda _report: compute_obligations(self.store))
        job.succeeded.connect(self._show_views)
        job.failed.connect(lambda message: QMessageBox.warning(self, _("Dashboard"), message))
        job.finished.connect(lambda: self.refresh_button.setEnabled(True))
        start(job)

    def _show_views(self, views: list[ObligationView]) -> None:
        self.views = views
        self.fill()
        self.loaded.emit()

    def urgent(self) -> list[ObligationView]:
        return [view for view in self.views if view.state in URGENT]

    def fill(self) -> None:
        today = dt.date.today()
        self.tree.clear()
        titles = group_titles()
        groups: dict[str, list[ObligationView]] = {key: [] for key in GROUPS}
        for view in self.views:
            groups[group_of(view, today)].append(view)
        for key in GROUPS:
            if key in ("done", "not_applicable") and not self.show_closed.isChecked():
                continue
            members = sorted(groups[key], key=lambda view: view.obligation.planned_due)
            parent = QTreeWidgetItem([f"{titles[key]} ({len(members)})"])
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            self.tree.addTopLevelItem(parent)
            parent.setFirstColumnSpanned(True)
            for view in members:
                parent.addChild(self._item(view))
            parent.setExpanded(key in ("overdue", "this_week"))
        for column, width in enumerate((120, 130, 90, 60, 420)):
            self.tree.header().resizeSection(column, width)
        urgent = self.urgent()
        self.banner.setVisible(bool(urgent))
        self.banner.setText(ngettext(
            "{count} obligation is overdue or due within the due-soon window.",
            "{count} obligations are overdue or due within the due-soon window.", len(urgent),
        ).format(count=len(urgent)))
        self._show_selected(None, None)

    def _item(self, view: ObligationView) -> QTreeWidgetItem:
        obligation = view.obligation
        left = "" if view.working_days_left is None else str(view.working_days_left)
        item = QTreeWidgetItem([
            format_date(obligation.planned_due, "short"), view.state_label(), left, obligation.item, view.title(),
            view.event_title,
        ])
        item.setData(0, Qt.ItemDataRole.UserRole, view)
        brush = QBrush(STATE_COLOURS[view.state])
        for column in range(6):
            item.setBackground(column, brush)
        item.setToolTip(4, view.explanation())
        return item

    def selected_view(self) -> ObligationView | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _show_selected(self, _current, _previous) -> None:
        view = self.selected_view()
        self.open_button.setEnabled(view is not None and (view.event_id is not None or view.report_id is not None))
        self.done_button.setEnabled(view is not None and view.obligation.kind is not ObligationKind.POST_EVENT_REPORT
                                    and view.state is not ObligationState.NOT_APPLICABLE)
        if view is None:
            self.details.setText(_("Select an obligation to see what the decree requires and by when."))
            return
        self.done_button.setText(_("Undo done") if view.state is ObligationState.DONE else _("Mark done…"))
        self.open_button.setText(_("Open report") if view.report_id is not None else _("Open event"))
        due = format_date(view.obligation.planned_due, "long")
        self.details.setText(f"<b>{view.obligation.item} · {view.title()}</b> — {due}<br>{view.explanation()}")

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
        obligation = view.obligation
        try:
            if view.state is ObligationState.DONE:
                unmark_done(self.store, obligation.kind, obligation.subject_id)
            else:
                dialog = MarkDoneDialog(view.title(), self)
                if not dialog.exec():
                    return
                who = load_settings(self.store).officer_name or getpass.getuser()
                mark_done(self.store, obligation.kind, obligation.subject_id, dialog.done_on(), who)
        except ServiceError as error:
            QMessageBox.warning(self, _("Dashboard"), describe(error))
            return
        self.reload()

    def retranslate_ui(self) -> None:
        self.tree.setHeaderLabels([_("Due"), _("State"), _("WD left"), _("Item"), _("Obligation"), _("Event")])
        self.show_closed.setText(_("Show done and not applicable"))
        self.refresh_button.setText(_("Refresh"))
        self.open_button.setText(_("Open event"))
        self.done_button.setText(_("Mark done…"))
        if self.views:
            self.fill()
