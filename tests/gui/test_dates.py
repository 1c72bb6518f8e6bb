"""Dates (issue 19.6): four-digit years in every language, English day first with the month's name, and one date
picker wherever the window asks for a date."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QDialog

from hattama import i18n
from hattama.ui import date_edit
from hattama.ui.date_edit import DateEdit, DateTimeEdit, choose_date
from hattama.ui.retranslate import LanguageSwitcher

UI = Path(date_edit.__file__).parent
DAY = dt.date(2026, 12, 4)
EARLY = dt.date(2027, 1, 9)  # one-digit day and month: a two-digit or US form would show
MOMENT = dt.datetime(2027, 1, 9, 9, 5)
NNBSP = "\u202f"


@pytest.mark.parametrize(("language", "format", "expected"), [
    ("en", "short", "9 Jan 2027"),
    ("en", "medium", "9 Jan 2027"),
    ("en", "long", "9 January 2027"),
    ("en", "full", "Saturday, 9 January 2027"),
    ("ru", "short", "09.01.2027"),
    ("ru", "medium", f"9 янв. 2027{NNBSP}г."),
    ("ru", "long", f"9 января 2027{NNBSP}г."),
    ("kk", "short", "09.01.2027"),
    ("kk", "medium", f"2027{NNBSP}ж. 09 қаң."),
    ("kk", "long", f"2027{NNBSP}ж. 9 қаңтар"),
])
def test_dates_have_four_digit_years_and_english_puts_the_day_first(language, format, expected) -> None:
    assert i18n.format_date(EARLY, format, language) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "9 Jan 2027, 09:05"), ("ru", "09.01.2027, 09:05"), ("kk", "09.01.2027, 09:05")])
def test_date_and_time_on_the_24_hour_clock(language, expected) -> None:
    assert i18n.format_datetime(MOMENT, "short", language) == expected


def test_every_language_and_width_shows_the_whole_year() -> None:
    for language in i18n.LANGUAGES:
        for width in ("short", "medium", "long", "full"):
            assert "2027" in i18n.format_date(EARLY, width, language), (language, width)
            assert "2027" in i18n.format_datetime(MOMENT, width, language), (language, width)


def test_the_ui_language_is_the_default(qapp) -> None:
    i18n.set_language("ru")
    assert i18n.format_date(DAY) == f"4 дек. 2026{NNBSP}г."
    i18n.set_language("en")
    assert i18n.format_date(DAY) == "4 Dec 2026"


def test_the_picker_shows_what_the_lists_show(qtbot, qapp) -> None:
    switcher = LanguageSwitcher(qapp)
    edit = DateEdit(EARLY)
    stamp = DateTimeEdit(MOMENT)
    qtbot.addWidget(edit)
    qtbot.addWidget(stamp)
    try:
        for language in ("kk", "ru", "en"):
            switcher.apply(language)
            qtbot.waitUntil(lambda language=language: edit.displayFormat() == date_edit.date_format(language))
            assert edit.text() == i18n.format_date(EARLY, "short", language)
            assert edit.calendarPopup()
            assert stamp.text() == i18n.format_datetime(MOMENT, "short", language).replace(",", "")
            assert edit.value() == EARLY and stamp.value() == MOMENT
    finally:
        switcher.apply("en")


def test_choose_date_gives_the_picked_date_or_none(qtbot, monkeypatch) -> None:
    def pick(dialog: QDialog) -> int:
        dialog.edit.set_value(DAY)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(date_edit.DateDialog, "exec", pick)
    assert choose_date(None, "Report status", "Date", EARLY) == DAY
    monkeypatch.setattr(date_edit.DateDialog, "exec", lambda _dialog: QDialog.DialogCode.Rejected)
    assert choose_date(None, "Report status", "Date", EARLY) is None


def _ui_sources() -> list[Path]:
    return sorted(path for path in UI.rglob("*.py") if path.name != "date_edit.py")


def test_no_window_makes_its_own_date_field_or_parses_typed_dates() -> None:
    """A scan of desktop/ui: no QDateEdit/QDateTimeEdit/QCalendarWidget built outside the shared picker, no date
    typed into a line edit and parsed (fromisoformat, strptime, "YYYY-MM-DD")."""
    offenders = []
    for path in _ui_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in {"QDateEdit", "QDateTimeEdit", "fromisoformat", "strptime"}:
                    offenders.append(f"{path.relative_to(UI)}:{node.lineno} {name}")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "YYYY-MM-DD" in node.value:
                offenders.append(f"{path.relative_to(UI)}:{node.lineno} YYYY-MM-DD")
    # The treaty editor reads its table's date cells, ISO text behind the picker (DateCellDelegate), with its own
    # parser.
    allowed = {"treaties/editor.py"}
    assert [entry for entry in offenders if entry.split(":")[0] not in allowed] == []


def test_every_date_field_of_the_editors_is_the_shared_picker(qtbot, store) -> None:
    from hattama.ui.events.editor import EventEditor
    from hattama.ui.letters.editor import LetterEditor
    from hattama.ui.reports.editor import ReportEditor
    from hattama.ui.treaties.editor import TreatyEditor

    windows = [EventEditor(store), ReportEditor(store), LetterEditor(store, []), TreatyEditor(store)]
    for window in windows:
        qtbot.addWidget(window)
        fields = window.findChildren(QDateTimeEdit)  # QDateEdit is one too
        assert fields, type(window).__name__
        for field in fields:
            assert isinstance(field, DateEdit | DateTimeEdit), (type(window).__name__, field.objectName())
            assert field.calendarPopup()
            assert "yyyy" in field.displayFormat()
    assert any(isinstance(field, QDateEdit) for window in windows for field in window.findChildren(QDateEdit))


def test_a_pattern_of_the_callers_own_is_used_as_given() -> None:
    assert i18n.format_date(DAY, "EEEE", "kk") == "жұма"
    assert i18n.format_date(DAY, "EEEE", "en") == "Friday"
    assert i18n.format_datetime(MOMENT, "HH:mm", "ru") == "09:05"


def test_date_cells_of_a_table_are_picked_and_kept_as_iso_text(qtbot, store) -> None:
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QStyleOptionViewItem

    from hattama.rules.treaty_validation import Measure
    from hattama.ui.treaties.editor import MEASURE_COLUMNS, TreatyEditor

    editor = TreatyEditor(store)
    qtbot.addWidget(editor)
    column = MEASURE_COLUMNS.index("taken_on")
    delegate = editor.measures.itemDelegateForColumn(column)
    assert isinstance(delegate, date_edit.DateCellDelegate)
    assert delegate.displayText("2027-01-09", QLocale()) == "9 Jan 2027"
    assert delegate.displayText("not a date", QLocale()) == "not a date"

    editor.add_measure(Measure(2027, "measure", "Кездесу"))  # a row as the editor makes it (its kind's combo too)
    index = editor.measures.model().index(0, column)
    picker = delegate.createEditor(editor.measures.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(picker, DateEdit)
    delegate.setEditorData(picker, index)
    assert picker.text() == date_edit.NO_DATE_TEXT  # an empty cell: no date
    picker.set_value(EARLY)
    delegate.setModelData(picker, editor.measures.model(), index)
    assert editor.measures.item(0, column).text() == "2027-01-09"
    picker.setDate(date_edit.NO_DATE)
    delegate.setModelData(picker, editor.measures.model(), index)
    assert editor.measures.item(0, column).text() == ""
