"""Calendar page: the year at a glance with a legend, why a day is what it is, and the unit's overrides."""

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
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hattama import clock
from hattama.db.store import Store
from hattama.i18n import _, describe, format_date, format_datetime
from hattama.presentation.calendar import DAY_KIND_LABELS, describe_day
from hattama.rules.calendar import DayInfo
from hattama.rules.errors import RuleError
from hattama.services.calendar import (
    add_override,
    calendar_year,
    import_overrides_csv,
    list_overrides,
    remove_override,
)
from hattama.services.errors import ServiceError
from hattama.services.settings import load_settings
from hattama.ui.calendar.year_view import DAY_COLOURS, YearView
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

        self.day_box = QGroupBox()
        self.day_title = QLabel()
        self.day_title.setStyleSheet("font-weight: bold;")
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
        self.day_box.setFixedWidth(340)

        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addWidget(self.day_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.legend_box)
        layout.addLayout(body, 1)
        self._selected: dt.date | None = None
        self.retranslate_ui()
        self.reload()

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
        self.day_box.setTitle(_("Day"))
        self.make_off.setText(_("Make it a day off"))
        self.make_working.setText(_("Make it a working day"))
        self.reason_label.setText(_("Reason"))
        self.act_label.setText(_("Act"))
        self.reason.setPlaceholderText(_("e.g. transfer of the day off"))
        self.act.setPlaceholderText(_("e.g. Government decree No. …"))
        self.add_button.setText(_("Enter override"))
        self.remove_button.setText(_("Remove override"))
        if self._days:
            self.reload()
        self.view.update()
