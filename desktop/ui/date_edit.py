"""The one date picker (issue 19.6): every date the window asks for is typed or picked from a calendar in the
same form the lists show dates in — four-digit years, English day first ("4 Dec 2026") — and follows a language
switch."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QDateTime,
    QEvent,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from hattama import clock, i18n

# LDML (Babel's patterns) to Qt's display format: quoted text stays; years are always four digits; weekday names
# are E in LDML and d in Qt; day, month, hour and minute letters are the same in both.
_LDML_TOKEN = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|.", re.DOTALL)
# Qt's own locale data for the UI language (month names in the picker); English as the British write dates.
_QT_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}


def qt_format(ldml_pattern: str) -> str:
    parts = []
    for match in _LDML_TOKEN.finditer(ldml_pattern):
        token = match.group(0)
        letter = match.group(1)
        if letter == "E":
            parts.append("dddd" if len(token) >= 4 else "ddd")
        elif letter == "y":
            parts.append("yyyy")
        elif letter is not None and letter not in "dMHhms":
            continue  # an LDML field Qt has no letter for (era, zone): left out of an editable date
        else:
            parts.append(token)
    return "".join(parts).strip(" ,")


def date_format(language: str | None = None) -> str:
    """The Qt display format of a date in the picker: the short LDML date of `hattama.i18n`, made Qt's."""
    return qt_format(i18n.date_pattern("short", language))


def date_time_format(language: str | None = None) -> str:
    return f"{date_format(language)} HH:mm"


def qt_locale(language: str | None = None) -> QLocale:
    return QLocale(_QT_LOCALES[i18n.normalise_language(language or i18n.current_language())])


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    """The picked day as a `datetime.date` (`QDate.toPython` gives the same, typed as any object)."""
    return dt.date(day.year(), day.month(), day.day())


def from_qdatetime(moment: QDateTime) -> dt.datetime:
    """The picked moment as a naive `datetime` to the second (as `QDateTime.toPython`, typed as any object)."""
    day, time = moment.date(), moment.time()
    return dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(), time.second())


if TYPE_CHECKING:
    _Picker = QDateTimeEdit  # what the mixin is used with, for the type checker
else:
    _Picker = object


class _FollowsLanguage(_Picker):
    """What DateEdit and DateTimeEdit share, as a plain mixin before their Qt class (a second Qt base crashes
    shiboken): a calendar popup; Qt's locale (the month names), the lists' date form and a Monday-first calendar,
    set again at each language switch."""

    def _display_format(self) -> str:
        raise NotImplementedError

    def _start(self) -> None:
        self.setCalendarPopup(True)
        self._follow_language()

    def _follow_language(self) -> None:
        locale = qt_locale()
        self.setLocale(locale)
        self.setDisplayFormat(self._display_format())
        self.calendarWidget().setLocale(locale)
        self.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._follow_language()
        super().changeEvent(event)


class DateEdit(_FollowsLanguage, QDateEdit):
    """A date with a calendar popup; `value()` is a `datetime.date`."""

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._start()
        if value is not None:
            self.set_value(value)

    def _display_format(self) -> str:
        return date_format()

    def value(self) -> dt.date:
        return from_qdate(self.date())

    def set_value(self, day: dt.date) -> None:
        self.setDate(to_qdate(day))


class DateTimeEdit(_FollowsLanguage, QDateTimeEdit):
    """A date and a time of day (to the minute) with a calendar popup; `value()` is a naive `datetime`."""

    def __init__(self, value: dt.datetime | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._start()
        if value is not None:
            self.set_value(value)

    def _display_format(self) -> str:
        return date_time_format()

    def value(self) -> dt.datetime:
        return from_qdatetime(self.dateTime()).replace(second=0)

    def set_value(self, moment: dt.datetime) -> None:
        self.setDateTime(QDateTime(to_qdate(moment.date()), QTime(moment.hour, moment.minute)))


class DateDialog(QDialog):
    """Asks for one date (a status's date, a sending date) with the picker instead of typed ISO text."""

    def __init__(self, title: str, label: str, initial: dt.date, parent: QWidget | None = None,
                 latest: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.edit = DateEdit(initial)
        if latest is not None:
            self.edit.setMaximumDate(to_qdate(latest))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        text = QLabel(label)
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)


def choose_date(parent: QWidget | None, title: str, label: str, initial: dt.date,
             latest: dt.date | None = None) -> dt.date | None:
    """The date chosen, or None when the officer cancels."""
    dialog = DateDialog(title, label, initial, parent, latest)
    return dialog.edit.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


# A table cell's date is kept as ISO text in the model; the lowest date of its picker means "no date".
NO_DATE = QDate(1900, 1, 1)
NO_DATE_TEXT = "—"


def _cell_date(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        return None


class DateCellDelegate(QStyledItemDelegate):
    """The picker in a table's date column: the cell keeps ISO text ("" for none), shown as the lists show dates;
    in the picker, "—" (its lowest date) leaves the cell empty. Text that is not a date is shown as it is."""

    def displayText(self, value: object, locale: QLocale | QLocale.Language) -> str:  # noqa: N802 (Qt's name)
        day = _cell_date(value)
        return i18n.format_date(day, "short") if day is not None else super().displayText(value, locale)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = DateEdit(parent=parent)
        editor.setMinimumDate(NO_DATE)
        editor.setSpecialValueText(NO_DATE_TEXT)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, DateEdit)
        day = _cell_date(index.data(Qt.ItemDataRole.EditRole))
        editor.setDate(to_qdate(day) if day is not None else NO_DATE)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, DateEdit)
        text = "" if editor.date() == NO_DATE else editor.value().isoformat()
        model.setData(index, text, Qt.ItemDataRole.EditRole)


class OptionalDate(QWidget):
    """A date that may be absent: a check box before it turns it on (today's date until one is picked)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.present = QCheckBox()
        self.date = DateEdit(clock.today())
        self.date.setEnabled(False)
        self.present.toggled.connect(self.date.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.present)
        row.addWidget(self.date, 1)

    def value(self) -> dt.date | None:
        return self.date.value() if self.present.isChecked() else None

    def set_value(self, value: dt.date | None) -> None:
        self.present.setChecked(value is not None)
        if value is not None:
            self.date.set_value(value)
