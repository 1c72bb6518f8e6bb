"""The p.46 activity report as a landscape A4 PDF: the body's header, the officer's narrative, the tables of
figures (drawn as the treaty forms draw theirs) and two charts drawn with reportlab's graphics — events by month
and by country — then the signature."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from hattama.language import N_, country_name, month_name, translate_in
from hattama.services.forms.tables import FormTable
from hattama.services.pdf.fonts import FontFamily, register_fonts
from hattama.services.pdf.forms import (
    TEXT_WIDTH,
    Registration,
    build_document,
    refuse_uncovered_characters,
    registration_paragraph,
    table_flowables,
)
from hattama.services.pdf.render import official_header
from hattama.services.pdf.text import clean_pasted_text

if TYPE_CHECKING:
    from hattama.services.plans import ActivityFigures

CHART_BY_MONTH = N_("Events held, by month")
CHART_BY_COUNTRY = N_("Events held, by country (the ten most frequent)")
CHART_HEIGHT = 62 * mm
BAR_COLOUR = colors.HexColor("#2f5d8a")
TOP_COUNTRIES = 10
TEXT_SIZE = 11


def _captioned(height: float, text: str, family: FontFamily) -> Drawing:
    """A chart's drawing with its caption. Its initial font is ours: reportlab's default, Times-Roman, would be
    named in the PDF without being embedded."""
    drawing = Drawing(TEXT_WIDTH, height, initialFontName=family.regular)
    drawing.add(String(0, drawing.height - 12, text, fontName=family.bold, fontSize=11))
    return drawing


def _chart_by_month(figures: ActivityFigures, language: str, family: FontFamily) -> Drawing:
    months = sorted(figures.by_month)
    drawing = _captioned(CHART_HEIGHT, translate_in(language, CHART_BY_MONTH), family)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 30, TEXT_WIDTH - 40, CHART_HEIGHT - 55
    chart.data = [[figures.by_month[month] for month in months] or [0]]
    chart.categoryAxis.categoryNames = [f"{month_name(m, language=language, width='abbreviated')} {y}" for y, m in months] or [""]
    _style(chart, family)
    chart.categoryAxis.labels.angle = 30 if len(months) > 12 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(months) > 12 else "n"
    drawing.add(chart)
    return drawing


def _chart_by_country(figures: ActivityFigures, language: str, family: FontFamily) -> Drawing:
    top = figures.by_country.most_common(TOP_COUNTRIES)[::-1]  # the most frequent at the top
    drawing = _captioned(CHART_HEIGHT + 8 * len(top), translate_in(language, CHART_BY_COUNTRY), family)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 160, 20, TEXT_WIDTH - 180, drawing.height - 45
    chart.data = [[count for _code, count in top] or [0]]
    chart.categoryAxis.categoryNames = [country_name(code, language) for code, _count in top] or [""]
    _style(chart, family)
    drawing.add(chart)
    return drawing


def _style(chart: VerticalBarChart | HorizontalBarChart, family: FontFamily) -> None:
    chart.bars[0].fillColor = BAR_COLOUR
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, (max(chart.data[0]) + 4) // 5)
    chart.valueAxis.labels.fontName = chart.categoryAxis.labels.fontName = family.regular
    chart.valueAxis.labels.fontSize = chart.categoryAxis.labels.fontSize = 8
    chart.barLabels.fontName = family.regular
    chart.barLabels.fontSize = 8
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 7


def render_activity_pdf(tables: Sequence[FormTable], narrative: str, figures: ActivityFigures,
                        author: str = "", registered: Registration = None) -> bytes:
    """The tables of `hattama.services.plans.build_activity_tables` (the first carries the document's title),
    under the report's registration date and number or marked a draft (issue 16.4)."""
    family = register_fonts()
    refuse_uncovered_characters(tables, narrative, registered[1] if registered else "")
    first = tables[0]
    language = first.language
    text_style = ParagraphStyle("activity-text", fontName=family.regular, fontSize=TEXT_SIZE,
                                leading=TEXT_SIZE * 1.35, firstLineIndent=10 * mm, spaceAfter=4)
    story: list[Flowable] = [*official_header(first.body_name, first.unit_name),
                             registration_paragraph(registered, language, family)]
    title, _newline, figures_title = first.title.partition("\n")
    story.append(table_flowables(FormTable(**{**first.__dict__, "title": title}), family)[0])
    story += [Paragraph(escape(line), text_style) for line in clean_pasted_text(narrative).split("\n") if line.strip()]
    for index, table in enumerate(tables):
        flowables = table_flowables(table if index else FormTable(**{**table.__dict__, "title": figures_title}),
                                    family, signed=index == len(tables) - 1)
        story += [CondPageBreak(40 * mm), *flowables, Spacer(0, 6 * mm)]
        if index == 0:
            story.append(KeepTogether([_chart_by_month(figures, language, family), Spacer(0, 4 * mm)]))
        if index == 2 and figures.by_country:
            story.append(KeepTogether([_chart_by_country(figures, language, family), Spacer(0, 4 * mm)]))
    return build_document(story, family, title, language, author)
