"""p.46, the 20 December submission: next year's plan (grouped by quarter, numbered rows, kk and ru, PDF and
XLSX), the activity report with figures counted from the registry, and both sent closing the obligation."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hattama.cli import main
from hattama.i18n import translate_in
from hattama.rules.obligations import ObligationKind, ObligationState
from hattama.services.demo import fill_demo
from hattama.services.errors import ServiceError
from hattama.services.event_storage import load_event_records
from hattama.services.obligations import compute_obligations
from hattama.services.pdf.activity import CHART_BY_COUNTRY, CHART_BY_MONTH
from hattama.services.plans import (
    ACTIVITY,
    AGREEMENTS_TITLE,
    FOREIGN_ECONOMIC_MARK,
    NARRATIVE_TITLE,
    PLAN,
    QUARTER_HEADING,
    QUARTER_PERIOD,
    activity_figures,
    build_plan_table,
    load_narrative,
    record_sent,
    render_activity,
    render_plan,
    save_narrative,
)
from tests.plans.conftest import BODY_KK, BODY_RU, OFFICER

LANDSCAPE_A4 = "841.89 x 595.276 pts (A4)"
TODAY = dt.date(2026, 12, 4)


def test_p46_plan_lists_next_years_planned_events_by_quarter_with_numbered_rows(plan) -> None:
    table = build_plan_table(plan, 2027, "kk")
    quarter = translate_in("kk", QUARTER_HEADING)
    assert [section.heading for section in table.sections] == [quarter.format(quarter=q) for q in ("I", "II", "IV")]
    rows = [row for section in table.sections for row in section.rows]
    assert [row[0] for row in rows] == ["1", "2", "3"]
    assert [row[1] for row in rows] == [f"Ақпандағы келіссөздер ({translate_in('kk', FOREIGN_ECONOMIC_MARK)})", "Екінші тоқсандағы форум",
                                        "Қарашадағы кездесу"]
    assert rows[0][2] == "10.02.2027" and rows[0][5:8] == ("Вице-министр", "Шетелдік тарап", "Республикалық бюджет")
    assert rows[1][2] == translate_in("kk", QUARTER_PERIOD).format(quarter="II", year=2027) and rows[1][8] == "Экспорт 2029"
    assert "2027" in rows[2][2] and rows[2][2] != "01.11.2027"  # the month, not the placeholder day
    assert [row[1] for row in build_plan_table(plan, 2027, "ru").sections[0].rows] == [
        f"Ақпандағы келіссөздер (ru) ({translate_in('ru', FOREIGN_ECONOMIC_MARK)})"]


def test_p46_plan_pdf_is_landscape_a4_with_the_body_header_in_both_languages(plan, pdf_text, pdf_info) -> None:
    for language, body in (("kk", BODY_KK), ("ru", BODY_RU)):
        data = render_plan(plan, 2027, language, "pdf")
        assert pdf_info(data)["Page size"] == LANDSCAPE_A4
        text = " ".join(pdf_text(data).split())
        assert body in text and OFFICER in text
        assert "Екінші тоқсандағы форум" in text and "Наурыздағы кездесу" not in text  # cancelled: not planned


def test_p46_plan_xlsx_reads_back(plan) -> None:
    sheet = load_workbook(io.BytesIO(render_plan(plan, 2027, "ru", "xlsx"))).worksheets[0]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert values[0] == BODY_RU
    assert "Қарашадағы кездесу (ru)" in values and "Өткен кездесу (ru)" not in values
    assert sheet.page_setup.orientation == "landscape"


def test_p46_a_year_without_plan_says_so_and_bad_choices_are_refused(unit, pdf_text) -> None:
    assert build_plan_table(unit, 2030, "kk").sections == ()
    with pytest.raises(ServiceError):
        render_plan(unit, 2027, "en", "pdf")
    with pytest.raises(ServiceError):
        render_plan(unit, 2027, "kk", "docx")


def test_p46_activity_figures_match_the_registry_counted_independently(store) -> None:
    fill_demo(store, events=300, seed=11, today=TODAY)
    start, end = dt.date(2026, 1, 1), TODAY
    figures = activity_figures(store, start, end, "ru", today=TODAY)
    with store.session() as session:
        records = [r for r in load_event_records(session) if r.deleted_at is None]
    held = [r for r in records if r.data.status == "held" and start <= r.data.starts_at.date() <= end]
    assert figures.counts["held"] == len(held) > 0
    assert figures.counts["in_kazakhstan"] == sum(r.data.country == "KZ" for r in held)
    assert figures.counts["abroad"] == sum(r.data.country != "KZ" for r in held)
    assert figures.counts["foreign_economic"] == sum(r.data.foreign_economic for r in held) > 0
    assert figures.by_kind == Counter(r.data.kind for r in held)
    assert sum(figures.by_month.values()) == len(held)
    countries = Counter()
    for r in held:
        countries.update(({r.data.country} | {p.code for p in r.data.parties if p.kind == "country"}) - {"KZ"})
    assert figures.by_country == countries
    from hattama.db.models import Report

    held_ids = {r.id for r in held}
    with store.session() as session:
        sent = [row for row in session.query(Report).all()
                if row.event_id in held_ids and row.status in ("sent", "acknowledged")]
    assert figures.counts["reports_sent"] == len(sent) > 0
    assert 0 <= figures.counts["reports_on_time"] <= figures.counts["reports_sent"]
    # Nothing after today nor a planned event counts as held.
    assert all(r.data.starts_at.date() <= TODAY for r in held)


def test_p46_activity_report_pdf_has_narrative_tables_and_charts(plan, pdf_text, pdf_fonts) -> None:
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 4)
    save_narrative(plan, start, end, "kk", "Министрлік биыл халықаралық ынтымақтастықты кеңейтті.\nЕкінші абзац.")
    assert load_narrative(plan, start, end, "kk").startswith("Министрлік")
    data = render_activity(plan, start, end, "kk", "pdf", today=TODAY)
    text = " ".join(pdf_text(data).split())
    assert BODY_KK in text and "халықаралық ынтымақтастықты кеңейтті" in text
    for caption in (CHART_BY_MONTH, CHART_BY_COUNTRY):  # the charts' captions, as the catalog words them
        assert " ".join(translate_in("kk", caption).split()) in text
    assert "Саны" in text and "Нөмірі" not in text  # the figures' column counts events: not a letter's number
    # Every font embedded, the charts' too (reportlab's drawings otherwise name Times-Roman without embedding it).
    fonts = pdf_fonts(data)
    assert fonts and all(font["emb"] == "yes" for font in fonts), fonts
    # Signed once, under the last table (as that table's last row, so never alone on a page).
    assert text.count(OFFICER) == 1
    assert text.index(OFFICER) > text.index(" ".join(translate_in("kk", AGREEMENTS_TITLE).split()))
    workbook = load_workbook(io.BytesIO(render_activity(plan, start, end, "kk", "xlsx", today=TODAY)))
    assert workbook.sheetnames[0] == translate_in("kk", NARRATIVE_TITLE)[:31] and len(workbook.sheetnames) == 6
    with pytest.raises(ServiceError):
        activity_figures(plan, end, start)


def test_p46_sending_the_plan_and_the_activity_report_closes_the_20_december_obligation(unit) -> None:
    def state() -> ObligationState:
        [view] = [v for v in compute_obligations(unit, today=TODAY, years=(2026,))
                  if v.obligation.kind is ObligationKind.ANNUAL_PLAN_AND_REPORT]
        return view.state

    assert state() is not ObligationState.DONE
    record_sent(unit, 2026, PLAN, dt.date(2026, 12, 1), "12-3/100", today=TODAY)
    assert state() is not ObligationState.DONE  # the activity report is still to go
    record_sent(unit, 2026, ACTIVITY, dt.date(2026, 12, 3), "12-3/101", today=TODAY)
    assert state() is ObligationState.DONE
    with pytest.raises(ServiceError):
        record_sent(unit, 2026, PLAN, dt.date(2026, 12, 5), today=TODAY)  # in the future
    with pytest.raises(ServiceError):
        record_sent(unit, 2026, "letter", dt.date(2026, 12, 1), today=TODAY)


def test_p46_cli_renders_the_plan_and_the_activity_report(plan, store_path: Path, tmp_path: Path, monkeypatch,
                                                          capsys) -> None:
    plan.close()
    out = tmp_path / "plan-2027.pdf"
    base = ["--db", str(store_path), "--lang", "en"]
    assert main([*base, "plan", "render", "2027", "--lang", "kk", "--format", "pdf", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    monkeypatch.setattr("sys.stdin", io.StringIO("Жыл қорытындысы."))
    assert main([*base, "activity", "narrative", "--from", "2026-01-01", "--to", "2026-12-04", "--lang", "ru"]) == 0
    sheet = tmp_path / "activity.xlsx"
    assert main([*base, "activity", "render", "--from", "2026-01-01", "--to", "2026-12-04", "--lang", "ru",
                 "--format", "xlsx", "--out", str(sheet)]) == 0
    assert "Жыл қорытындысы." in [c for row in load_workbook(sheet).worksheets[0].iter_rows(values_only=True)
                                  for c in row]
    assert main([*base, "plan", "sent", "2026", "--on", "2026-12-01"]) == 0
    assert main([*base, "activity", "sent", "2026", "--on", "2026-12-02", "--ref", "12-3/5"]) == 0
    assert "Activity report: sent on" in capsys.readouterr().out
