"""The tables of the p.46 plan and activity report and of the p.2 treaty forms never cut a word across lines
("Запланиров|ано", "Министерств|о" were printed in narrow columns): each column is at least as wide as its longest
word, a date range may break after its dash, and a table whose words cannot all fit is set smaller.

Each cell is wrapped by reportlab at the width the table gives it and its lines are read back from the
paragraph's layout (`blPara`): every piece of a line must be a whole word of the cell's text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from reportlab.platypus import Paragraph, Table

from hattama.services.demo import fill_demo
from hattama.services.forms.tables import FormSection, FormTable, build_form_table
from hattama.services.pdf.fonts import register_fonts
from hattama.services.pdf.forms import (
    CELL_PADDING,
    CELL_SIZE,
    CELL_SIZES,
    TEXT_WIDTH,
    fit_widths,
    table_flowables,
)
from hattama.services.plans import PLAN_WIDTHS, activity_figures, build_activity_tables, build_plan_table
from tests.conftest import TODAY


def _drawn_table(table: FormTable) -> Table:
    _title, drawn = table_flowables(table, register_fonts())
    assert isinstance(drawn, Table)
    return drawn


def _cells(drawn: Table) -> list[tuple[Paragraph, float]]:
    """Each paragraph cell with the width its text is set in (a spanning cell: its columns together)."""
    drawn._calcSpanRanges()
    cells = []
    for row_index, row in enumerate(drawn._cellvalues):
        for column, cell in enumerate(row):
            if not isinstance(cell, Paragraph):
                continue
            span = drawn._spanRanges.get((column, row_index))
            first, last = (span[0], span[2]) if span else (column, column)
            cells.append((cell, sum(drawn._argW[first:last + 1]) - 2 * CELL_PADDING))
    return cells


def _lines(paragraph: Paragraph, width: float) -> list[str]:
    paragraph.wrap(width, 10_000)
    laid = paragraph.blPara
    if laid.kind == 0:
        return [" ".join(words) for _spare, words in laid.lines]
    return ["".join(getattr(fragment, "text", "") for fragment in line.words) for line in laid.lines]


def _whole_words(text: str) -> set[str]:
    """The cell's words, and the halves of a range cut after its dash (the one break allowed inside a word)."""
    words = set(text.replace("<br/>", " ").split())
    return words | {piece for word in words for piece in re.split(r"(?<=–)", word) if piece}


def cut_words(table: FormTable) -> list[tuple[str, list[str]]]:
    """(cell text, its lines) of every cell a line of which holds a piece of a word."""
    cut = []
    for paragraph, width in _cells(_drawn_table(table)):
        lines = _lines(paragraph, width)
        allowed = _whole_words(paragraph.text)
        if any(word not in allowed for line in lines for word in line.split()):
            cut.append((paragraph.text, lines))
    return cut


def _multi_line_cells(table: FormTable) -> int:
    return sum(len(_lines(paragraph, width)) > 1 for paragraph, width in _cells(_drawn_table(table)))


@pytest.fixture
def demo(store):
    fill_demo(store, events=120, seed=2026, today=TODAY)
    return store


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_p46_plan_cells_keep_every_word_whole(demo, language: str) -> None:
    table = build_plan_table(demo, TODAY.year + 1, language)
    assert table.row_count >= 5
    assert _multi_line_cells(table) > 10  # the check reads wrapped cells, not one-liners
    assert cut_words(table) == []


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_p46_activity_report_cells_keep_every_word_whole(demo, language: str) -> None:
    figures = activity_figures(demo, dt.date(TODAY.year, 1, 1), TODAY, language, today=TODAY)
    tables = build_activity_tables(demo, figures, language)
    assert sum(table.row_count for table in tables) > 10
    assert [cut_words(table) for table in tables] == [[]] * len(tables)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_p2_form_cells_keep_every_word_whole(demo, language: str) -> None:
    tables = [build_form_table(demo, form, TODAY.year, language) for form in range(1, 6)]
    assert all(table.row_count for table in tables)
    assert [cut_words(table) for table in tables] == [[]] * 5


def _plan_like(rows: tuple[tuple[str, ...], ...], headings: tuple[str, ...] | None = None) -> FormTable:
    return FormTable(form=None, item="p.46", year=2027, language="ru", title="План",
                     headings=headings or tuple(f"Графа {n}" for n in range(1, len(PLAN_WIDTHS) + 1)),
                     header_groups=(), widths=PLAN_WIDTHS, sections=(FormSection("I квартал", rows),),
                     body_name="Министерство", unit_name="Департамент", signer_position="Эксперт", signer_name="А. Б.",
                     empty_note="")


def test_p46_plan_columns_widen_for_their_longest_word_and_a_range_breaks_after_its_dash() -> None:
    # The words that were cut in the plan's narrow columns at the definition's proportions.
    row = ("1", "Консультации", "26.02.2027–28.02.2027", "Швейцария, Женева", "Всемирная торговая организация",
           "Вице-министр", "Международная организация", "Средства международной организации",
           "Национальный проект", "Запланировано")
    table = _plan_like((row,), headings=("№ п/п", "Наименование мероприятия", "Даты или период", "Место проведения",
                                         "Иностранные стороны", "Уровень участия", "Инициатор",
                                         "Источник финансирования", "Договор или программа", "Статус"))
    assert cut_words(table) == []
    drawn = _drawn_table(table)
    status = next(paragraph for paragraph, _width in _cells(drawn) if paragraph.text == "Запланировано")
    assert status.style.fontSize == CELL_SIZE  # the column widened; the size stayed
    dates = next((paragraph, width) for paragraph, width in _cells(drawn) if "26.02.2027" in paragraph.text)
    assert _lines(*dates) in (["26.02.2027–28.02.2027"], ["26.02.2027–", "28.02.2027"])
    assert sum(drawn._argW) == pytest.approx(TEXT_WIDTH)


def test_a_table_whose_longest_words_cannot_all_fit_is_set_smaller_not_cut() -> None:
    # About 80 pt each at 10 pt: ten of them, padded, are wider than the table at 10 pt, not at 8.
    long_words = ("Северокавказский", "Правительственный", "Межведомственный", "Представительство",
                  "Государственный", "Республиканский", "Финансирования", "Сотрудничество", "Международная",
                  "Интернациональный")
    table = _plan_like(((*long_words,),))
    drawn = _drawn_table(table)
    sizes = {paragraph.style.fontSize for paragraph, _width in _cells(drawn) if paragraph.text in long_words}
    assert len(sizes) == 1 and min(CELL_SIZES) <= sizes.pop() < CELL_SIZE
    assert cut_words(table) == []


def test_fit_widths_keeps_the_proportions_and_gives_a_short_column_its_need() -> None:
    assert fit_widths((1, 3), (10, 10), 100) == [25, 75]
    assert fit_widths((1, 3, 1), (40, 10, 10), 100) == pytest.approx([40, 45, 15])
    assert fit_widths((1, 1), (60, 50), 100) is None
    widths = fit_widths(PLAN_WIDTHS, (30, 60, 100, 60, 70, 60, 75, 85, 70, 70), TEXT_WIDTH)
    assert widths is not None and sum(widths) == pytest.approx(TEXT_WIDTH)
    assert all(width >= need for width, need in zip(widths, (30, 60, 100, 60, 70, 60, 75, 85, 70, 70), strict=True))
