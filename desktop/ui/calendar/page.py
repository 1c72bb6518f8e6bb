"""Calendar page: the year at a glance with a legend, why a day is what it is, the unit's overrides (entered,
removed, and the list of those in force) and a working-day calculator (issue 19.7). The calculations are the
calendar service's; the page only shows them."""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QToolBox,
    QVBoxLayout,
    QWidget,
)

from hattama import clock
from hattama.db.store import Store
from hattama.i18n import _, describe, format_date, format_datetime, ngettext
from hattama.presentation.calendar import DAY_KIND_LABELS, describe_day
from hattama.rules.calendar import FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, DayInfo
from hattama.rules.errors import RuleError
from hattama.services.calendar import (
    add_override,
    calendar_year,
    import_overrides_csv,
    list_overrides,
    remove_override,
    working_day_after,
    working_days_between,
)
from hattama.services.errors import ServiceError
from hattama.services.settings import load_settings
from hattama.ui.calendar.year_view import DAY_COLOURS, YearView
from hattama.ui.date_edit import DateEdit, to_qdate
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import write_in_background


def swatch(colour) -> QLabel:
    label = QLabel()
    label.setFixedSize(14, 14)
    label.setStyleSheet(f"background:{colour.name()}; border:1px solid #999;")
    return label


class CalendarPage(Retranslating, QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._days: dict[dt.date, DayInfo] = {}
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(clock.today().year)
        self.year.valueChanged.connect(self.reload)
        self.year_label = QLabel()
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_csv)
        self.count_label = QLabel()

        top = QHBoxLayout()
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.import_button)

        self.legend_box = QGroupBox()
        legend = QGridLayout(self.legend_box)
        self.legend_labels = {}
        for index, kind in enumerate(DAY_COLOURS):
            legend.addWidget(swatch(DAY_COLOURS[kind]), index // 3, (index % 3) * 2)
            label = QLabel()
            label.setWordWrap(True)
            self.legend_labels[kind] = label
            legend.addWidget(label, index // 3, (index % 3) * 2 + 1)

        self.view = YearView()
        self.view.day_selected.connect(self.show_day)

        self.day_box = QWidget()
        self.day_title = QLabel()
        self.day_title.setStyleSheet("font-weight: bold;")
        self.day_title.setWordWrap(True)
        self.day_text = QLabel()
        self.day_text.setWordWrap(True)
        self.day_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.make_working = QRadioButton()
        self.make_off = QRadioButton()
        self.make_off.setChecked(True)
        self.reason = QLineEdit()
        self.act = QLineEdit()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_override)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_override)
        self.reason_label, self.act_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.make_off)
        form.addRow(self.make_working)
        form.addRow(self.reason_label, self.reason)
        form.addRow(self.act_label, self.act)
        day_layout = QVBoxLayout(self.day_box)
        day_layout.addWidget(self.day_title)
        day_layout.addWidget(self.day_text)
        day_layout.addLayout(form)
        day_layout.addWidget(self.add_button)
        day_layout.addWidget(self.remove_button)
        self.history_label = QLabel()
        self.history_label.setWordWrap(True)
        self.history_label.setTextFormat(Qt.TextFormat.RichText)
        day_layout.addWidget(self.history_label)
        day_layout.addStretch(1)

        # Sections one above the other: their names stay whole in a narrow column (Kazakh at 1024 pixels).
        self.side = QToolBox()
        self.side.addItem(self.day_box, "")
        self.side.addItem(self._build_overrides(), "")
        self.side.addItem(self._build_calculator(), "")
        self.side.setFixedWidth(320)

        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addWidget(self.side)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.legend_box)
        layout.addLayout(body, 1)
        self._selected: dt.date | None = None
        self.retranslate_ui()
        self.reload()

    def _build_overrides(self) -> QWidget:
        """The overrides in force, every year: a row opens its day."""
        self.overrides = QTableWidget(0, 3)
        self.overrides.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.overrides.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.overrides.verticalHeader().hide()
        header = self.overrides.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.overrides.cellClicked.connect(lambda row, _column: self._open_override(row))
        self.overrides_hint = QLabel()
        self.overrides_hint.setWordWrap(True)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addWidget(self.overrides_hint)
        layout.addWidget(self.overrides, 1)
        return box

    def _build_calculator(self) -> QWidget:
        """Date + N working days, and the working days between two dates, in the calendar in force."""
        today = clock.today()
        self.after_box, self.between_box = QGroupBox(), QGroupBox()
        self.after_start = DateEdit(today)
        self.after_count = QSpinBox()
        self.after_count.setRange(0, 999)
        self.after_count.setValue(5)
        self.after_result = QLabel()
        self.after_result.setWordWrap(True)
        self.after_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.after_start_label, self.after_count_label = QLabel(), QLabel()
        after = QFormLayout(self.after_box)
        after.addRow(self.after_start_label, self.after_start)
        after.addRow(self.after_count_label, self.after_count)
        after.addRow(self.after_result)
        self.between_start, self.between_end = DateEdit(today), DateEdit(dt.date(today.year, 12, 31))
        self.between_result = QLabel()
        self.between_result.setWordWrap(True)
        self.between_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.between_start_label, self.between_end_label = QLabel(), QLabel()
        between = QFormLayout(self.between_box)
        between.addRow(self.between_start_label, self.between_start)
        between.addRow(self.between_end_label, self.between_end)
        between.addRow(self.between_result)
        for edit in (self.after_start, self.between_start, self.between_end):
            edit.setDateRange(to_qdate(dt.date(FIRST_SUPPORTED_YEAR, 1, 1)),
                              to_qdate(dt.date(LAST_SUPPORTED_YEAR, 12, 31)))
            edit.dateChanged.connect(lambda _date: self.calculate())
        self.after_count.valueChanged.connect(lambda _count: self.calculate())
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addWidget(self.after_box)
        layout.addWidget(self.between_box)
        layout.addStretch(1)
        return box

    def calculate(self) -> None:
        """Both answers again; a date outside the calendar's years says so in place of the answer."""
        try:
            day = working_day_after(self.store, self.after_start.value(), self.after_count.value())
            self.after_result.setText(_("Working day {count} after it: {day}").format(
                count=self.after_count.value(), day=format_date(day, "full")))
        except (RuleError, ServiceError) as error:
            self.after_result.setText(describe(error))
        try:
            count = working_days_between(self.store, self.between_start.value(), self.between_end.value())
            self.between_result.setText(ngettext(
                "{count} working day after the first date, up to and including the second.",
                "{count} working days after the first date, up to and including the second.", abs(count),
            ).format(count=count))
        except (RuleError, ServiceError) as error:
            self.between_result.setText(describe(error))

    def _show_overrides(self) -> None:
        self._in_force = [stored.override for stored in list_overrides(self.store)]
        self.overrides.setRowCount(len(self._in_force))
        for row, override in enumerate(self._in_force):
            cells = (format_date(override.day, "short"), _("working") if override.working else _("day off"),
                     override.reason + (f" ({override.act})" if override.act else ""))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.overrides.setItem(row, column, item)

    def _open_override(self, row: int) -> None:
        day = self._in_force[row].day
        self.year.setValue(day.year)  # reloads when the year changes
        self.view.select(day)  # shows why the day is what it is
        self.side.setCurrentWidget(self.day_box)

    def reload(self) -> None:
        year = self.year.value()
        try:
            days = calendar_year(self.store, year)
        except (RuleError, ServiceError) as error:
            QMessageBox.warning(self, _("Calendar"), describe(error))
            return
        self._days = {info.day: info for info in days}
        self.view.show_year(year, days)
        working = sum(1 for info in days if info.is_working)
        self.count_label.setText(_("{count} working days").format(count=working))
        if self._selected is not None and self._selected.year == year:
            self.show_day(self._selected)
        else:
            self._clear_day()
        self._show_overrides()
        self.calculate()

    def _clear_day(self) -> None:
        self._selected = None
        self.day_title.setText(_("Click a day to see why it is working or not."))
        self.day_text.clear()
        self.history_label.clear()
        self.add_button.setEnabled(False)
        self.remove_button.setEnabled(False)

    def show_day(self, day: dt.date) -> None:
        self._selected = day
        info = self._days.get(day)
        if info is None:
            return
        self.day_title.setText(format_date(day, "full"))
        self.day_text.setText(describe_day(info))
        self.add_button.setEnabled(True)
        self.remove_button.setEnabled(info.override is not None)
        history = [stored for stored in list_overrides(self.store, include_removed=True) if stored.override.day == day]
        lines = []
        for stored in history:
            override = stored.override
            state = (_("removed {when} by {who}").format(when=format_datetime(stored.removed_at, "short"),
                                                         who=stored.removed_by or "—")
                     if stored.removed_at else _("in force"))
            kind = _("working") if override.working else _("day off")
            lines.append(_("{kind}: {reason}; entered {when} by {who}; {state}").format(
                kind=kind, reason=override.reason, when=format_datetime(override.entered_at, "short"),
                who=override.entered_by or "—", state=state))
        self.history_label.setText("<br>".join(lines))

    def _officer(self) -> str:
        return load_settings(self.store).officer_name or getpass.getuser()

    def add_override(self) -> None:
        if self._selected is None:
            return
        store, day, working = self.store, self._selected, self.make_working.isChecked()
        reason, act, officer = self.reason.text(), self.act.text(), self._officer()

        def added(_result: object) -> None:
            self.reason.clear()
            self.act.clear()
            self.reload()

        self._write(lambda: add_override(store, day, working, reason, act, officer), added, _("Calendar"))

    def _write(self, write: Callable[[], object], then: Callable[[object], None], title: str) -> None:
        """A change on the writing thread (the store may be busy with another Hattama); a refusal is shown and
        what was typed stays."""
        write_in_background(write, on_success=then,
                            on_failure=lambda error: QMessageBox.warning(self, title, describe(error)), owner=self)

    def remove_override(self) -> None:
        info = self._days.get(self._selected) if self._selected else None
        if info is None or info.override is None:
            return
        store, officer = self.store, self._officer()
        active = [s for s in list_overrides(self.store) if s.override.day == info.day]

        def write() -> None:
            for stored in active:
                remove_override(store, stored.id, officer)

        self._write(write, lambda _result: self.reload(), _("Calendar"))

    def import_csv(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Import calendar overrides"), "", _("CSV files (*.csv)"))
        if not path:
            return
        store, officer = self.store, self._officer()

        def imported(count: object) -> None:
            QMessageBox.information(self, _("Import calendar overrides"),
                                    _("Imported {count} calendar overrides.").format(count=count))
            self.reload()

        self._write(lambda: import_overrides_csv(store, Path(path), officer), imported, _("Import calendar overrides"))

    def retranslate_ui(self) -> None:
        self.year_label.setText(_("Year"))
        self.import_button.setText(_("Import overrides from CSV…"))
        self.legend_box.setTitle(_("Legend"))
        for kind, label in self.legend_labels.items():
            label.setText(_(DAY_KIND_LABELS[kind]))
        self.make_off.setText(_("Make it a day off"))
        self.make_working.setText(_("Make it a working day"))
        self.reason_label.setText(_("Reason"))
        self.act_label.setText(_("Act"))
        self.reason.setPlaceholderText(_("e.g. transfer of the day off"))
        self.act.setPlaceholderText(_("e.g. Government decree No. …"))
        self.add_button.setText(_("Enter override"))
        self.remove_button.setText(_("Remove override"))
        self.side.setItemText(0, _("Day"))
        self.side.setItemText(1, _("Overrides in force"))
        self.side.setItemText(2, _("Working days"))
        self.overrides_hint.setText(_("Days the unit made working or off, replacing the official calendar. Click "
                                      "one to see it."))
        self.overrides.setHorizontalHeaderLabels([_("Date"), _("Kind"), _("Reason")])
        self.after_box.setTitle(_("A date plus working days"))
        self.between_box.setTitle(_("Working days between two dates"))
        self.after_start_label.setText(_("From"))
        self.after_count_label.setText(_("Working days"))
        self.between_start_label.setText(_("From"))
        self.between_end_label.setText(_("To"))
        self.view.update()
