"""p.2: forms 1–5 of a year filled from the register and rendered as landscape A4 PDF and as an .xlsx workbook."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hattama.cli import main
from hattama.services.errors import ServiceError
from hattama.services.forms import render_forms
from hattama.services.forms.tables import FormSection, build_form_table
from hattama.services.pdf.forms import render_forms_pdf
from hattama.services.treaties import create_treaty
from tests.treaties.conftest import BODY_KK, EVENT_TITLE_KK, OFFICER, RECOMMENDATION
from tests.treaties.samples import treaty_in_force

TITLE_KK = treaty_in_force().title_kk
LANDSCAPE_A4 = "841.89 x 595.276 pts (A4)"


def cells(table) -> list[tuple[str, ...]]:
    return [row for section in table.sections for row in section.rows]


def test_form_1_lists_treaties_in_force_in_the_year_with_its_measures_and_events_p2(register) -> None:
    table = build_form_table(register, 1, 2025, "kk")
    [row] = cells(table)
    assert row[0] == "1" and row[1] == TITLE_KK
    assert "Кеден органдарының бірлескен жұмыс тобының отырысы" in row[6]  # 2025's measure, not 2024's
    assert "Өткен жылғы шара" not in row[6]
    assert row[9] == f"{EVENT_TITLE_KK} (15.04.2025)"
    assert [section.heading for section in table.sections] == ["Үкіметаралық шарттар"]
    assert table.title == "2025 жылы күшінде болған халықаралық шарттардың орындалуы туралы ақпарат"


def test_a_terminated_treaty_counts_in_the_years_it_was_in_force_p2(register) -> None:
    assert len(cells(build_form_table(register, 1, 2023, "ru"))) == 2
    assert len(cells(build_form_table(register, 1, 2024, "ru"))) == 1


def test_forms_2_3_take_only_treaties_with_problems_or_recommendations_p2(register) -> None:
    [problem] = cells(build_form_table(register, 2, 2025, "kk"))
    assert problem[3] == "Электрондық декларациялар алмасудың кешігуі"
    [recommendation] = cells(build_form_table(register, 3, 2025, "kk"))
    assert recommendation[3] == RECOMMENDATION
    empty = build_form_table(register, 3, 2024, "ru")
    assert empty.sections == () and empty.empty_note


def test_forms_4_5_give_signed_treaties_their_stage_and_reasons_p2(register) -> None:
    [row] = cells(build_form_table(register, 4, 2025, "ru"))
    assert row[1].startswith("Договор между Республикой Казахстан и Турецкой Республикой")
    assert "(10.02.2025)" in row[6]
    [reasons] = cells(build_form_table(register, 5, 2025, "ru"))
    assert reasons[4] == "Сараптама қорытындысы бойынша мәтінді нақтылау талап етіледі"
    assert cells(build_form_table(register, 4, 2023, "ru")) == []  # signed in 2024


def test_pdf_is_landscape_a4_with_embedded_fonts_and_extractable_kazakh_p2(register, pdf_text, pdf_fonts,
                                                                              pdf_info) -> None:
    data = render_forms(register, 2025, "kk", "pdf")
    assert pdf_info(data)["Page size"] == LANDSCAPE_A4
    fonts = pdf_fonts(data)
    assert fonts and all(font["emb"] == "yes" for font in fonts)
    assert {font["name"].split("+")[-1] for font in fonts} <= {"LiberationSerif", "LiberationSerif-Bold"}
    text = " ".join(pdf_text(data).split())
    for expected in (BODY_KK, "Халықаралық шарттың атауы", "Мемлекетішілік рәсімдер", OFFICER,
                     "Департамент директоры", "2025 жылы күшінде болған"):
        assert expected in text, expected


def test_the_table_header_repeats_on_every_page_and_pages_are_numbered_p2(register, pdf_text, pdf_words) -> None:
    for number in range(40):
        create_treaty(register, treaty_in_force(title_kk=f"Ынтымақтастық туралы келісім № {number}", title_ru="",
                                                 measures=treaty_in_force().measures))
    data = render_forms(register, 2025, "kk", "pdf", forms=(1,))
    pages = pdf_words(data)
    assert len(pages) >= 3
    for index, words in enumerate(pages, start=1):
        texts = [word[4] for word in words]
        assert "Қабылданған" in texts, index  # a column heading of the table's header
        if index > 1:
            top = min(words, key=lambda word: word[1])
            assert top[4] == str(index)
    assert OFFICER.split()[-1] in [word[4] for word in pages[-1]]


def test_the_signature_never_stands_alone_on_a_page_p2(register, pdf_words) -> None:
    """Whatever the table's length, the signer's line shares its page with the table's last row (it stood alone on
    the last page when the table ended near the bottom of one)."""
    template = build_form_table(register, 1, 2025, "kk")
    surname = OFFICER.split()[-1]
    for count in range(1, 41):
        rows = tuple((str(number), f"Келісім{number}") + ("",) * (len(template.headings) - 2)
                     for number in range(1, count + 1))
        table = dataclasses.replace(template, sections=(FormSection(None, rows),))
        pages = pdf_words(render_forms_pdf([table]))
        [signed] = [words for words in pages if surname in [word[4] for word in words]]
        assert f"Келісім{count}" in [word[4] for word in signed], count
        assert signed is pages[-1]


def test_xlsx_has_one_sheet_per_form_and_reads_back_p2(register) -> None:
    workbook = load_workbook(io.BytesIO(render_forms(register, 2025, "ru", "xlsx")))
    assert len(workbook.sheetnames) == 5
    first = workbook.worksheets[0]
    values = [cell for row in first.iter_rows(values_only=True) for cell in row if cell]
    assert values[0] == "Министерство торговли и интеграции Республики Казахстан"
    assert "Меры по выполнению в отчётном году" in values and "Наименование международного договора" in values
    assert treaty_in_force().title_ru in values
    assert any(str(merged) == "G4:I4" for merged in first.merged_cells.ranges)  # the spanning heading
    assert first.page_setup.orientation == "landscape"
    fifth = workbook.worksheets[4]
    assert "Сараптама қорытындысы бойынша мәтінді нақтылау талап етіледі" in [
        cell for row in fifth.iter_rows(values_only=True) for cell in row]


def test_characters_the_font_lacks_are_refused(register) -> None:
    create_treaty(register, treaty_in_force(title_kk="Келісім \U0001F600", title_ru=""))
    with pytest.raises(ServiceError, match="U\\+1F600"):
        render_forms(register, 2025, "kk", "pdf")


def test_cli_renders_the_forms(register, store_path: Path, tmp_path: Path, capsys) -> None:
    register.close()
    out = tmp_path / "forms-2025.xlsx"
    assert main(["--db", str(store_path), "--lang", "en", "forms", "render", "2025", "--form", "4",
                 "--lang", "kk", "--format", "xlsx", "--out", str(out)]) == 0
    assert len(load_workbook(out).sheetnames) == 1
    assert main(["--db", str(store_path), "--lang", "en", "forms", "render", "2025", "--lang", "ru", "--format", "pdf",
                 "--out", str(tmp_path / "no" / "such" / "dir.pdf")]) == 2
    assert "could not be written" in capsys.readouterr().err
