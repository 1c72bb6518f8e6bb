"""The rendered report: text that comes back letter for letter, embedded fonts, layout across pages, metadata."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from hattama import i18n
from hattama.services.errors import ServiceError
from hattama.services.pdf import (
    AGREEMENTS_REACHED,
    ISSUES_DISCUSSED,
    PROPOSALS_FOR_FURTHER_WORK,
    ReportDocument,
    Section,
    p46_sections,
    render_report_pdf,
    write_report_pdf,
)
from hattama.services.pdf import render as render_module
from hattama.services.pdf.document import PARTICIPANTS_HEADING
from tests.pdf.pdf_samples import DOCUMENT_TRANSLATIONS, KK_LETTERS, RU_SAMPLE, sample_report


def words(text: str) -> str:
    """Whitespace as one space: line breaks and justification spacing are layout, not text."""
    return " ".join(text.split())


def pages(text: str) -> list[str]:
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_letter_comes_back_from_the_pdf(language, document_catalog, pdf_text):
    doc = sample_report(language)
    text = words(pdf_text(render_report_pdf(doc)))

    for expected in (
        doc.body_name,
        doc.unit_name,
        doc.title,
        doc.event_title,
        doc.place,
        *(person.full_name for person in (*doc.participants_ours, *doc.participants_foreign)),
        doc.signer_name,
    ):
        assert words(expected) in text
    assert KK_LETTERS in text
    for char in "«»—–№" + KK_LETTERS.replace(" ", ""):
        assert char in text, char


def test_kazakh_report_reads_as_written(document_catalog, pdf_text):
    text = words(pdf_text(render_report_pdf(sample_report("kk"))))

    assert "2026 жылғы 24 қарашадағы № ХЫД-2026/017" in text
    assert "Өткізілген уақыты: 2026 жылғы 17–18 қараша" in text
    assert "«Хоргос» халықаралық шекара маңы ынтымақтастық орталығы" in text
    assert "– «Достық – Алашанькоу» өткізу пунктінде" in text
    assert "Бекова Айгерім Серікқызы – Халықаралық ынтымақтастық департаментінің директоры" in text
    assert "Өмірзақова Үміт Һидаятқызы" in text
    assert "Орынд.: Ә. Ғалымов" in text


def test_russian_report_reads_as_written(document_catalog, pdf_text):
    text = words(pdf_text(render_report_pdf(sample_report("ru"))))

    assert "от 8 декабря 2026 года № ДМС-2026/018" in text
    assert "Сроки проведения: 30 ноября – 1 декабря 2026 года" in text
    assert "«Средний коридор» — Транскаспийский" in text
    assert "„цитата“" in text
    assert "ёЁ" in text
    assert "Исп.: Г. Абилкасымов" in text


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_report_has_the_contents_p46_asks_for(language, document_catalog, pdf_text):
    """p.46: composition of participants, issues discussed, agreements reached with the body's position,
    proposals for further work — numbered, in that order."""
    catalog = DOCUMENT_TRANSLATIONS[language]
    text = words(pdf_text(render_report_pdf(sample_report(language))))

    headings = [PARTICIPANTS_HEADING, ISSUES_DISCUSSED, AGREEMENTS_REACHED, PROPOSALS_FOR_FURTHER_WORK]
    positions = [text.index(f"{number}. {catalog[msgid]}") for number, msgid in enumerate(headings, start=1)]
    assert positions == sorted(positions)
    assert text.index(catalog[render_module.OUR_SIDE]) < text.index(catalog[render_module.FOREIGN_SIDE])
    assert text.index(catalog[render_module.FOREIGN_SIDE]) < positions[1]


def test_participants_given_as_text_join_the_lists_under_one_heading(document_catalog, pdf_text):
    """p.46: the composition of participants is one section, whether as lists, as free text, or both."""
    as_text = Section(PARTICIPANTS_HEADING, "Барлығы 12 адам қатысты.")
    both = sample_report("kk", sections=[as_text, *sample_report("kk").sections])
    text_only = sample_report("kk", participants_ours=[], participants_foreign=[], sections=both.sections)

    for doc in (both, text_only):
        text = words(pdf_text(render_report_pdf(doc)))
        assert text.count("Қатысушылар құрамы") == 1
        assert text.index("1. Қатысушылар құрамы") < text.index("Барлығы 12 адам қатысты.")
        assert text.index("Барлығы 12 адам қатысты.") < text.index("2. Талқыланған мәселелер")
    assert "Шетелдік тараптан: 1. Ли Вэй – Сауда министрінің орынбасары" in words(pdf_text(render_report_pdf(both)))


def test_proposals_are_left_out_when_there_are_none(document_catalog, pdf_text):
    """p.46 asks for proposals only "where needed": no empty heading."""
    doc = sample_report("kk", sections=p46_sections("Мәселелер талқыланды.", "Уағдаластықтар жоқ.", " \n"))
    text = words(pdf_text(render_report_pdf(doc)))

    assert "3. Қол жеткізілген уағдаластықтар" in text
    assert DOCUMENT_TRANSLATIONS["kk"][PROPOSALS_FOR_FURTHER_WORK] not in text
    assert "4." not in text


def test_mfa_request_is_shown_only_when_there_is_one(document_catalog, pdf_text):
    with_request = words(pdf_text(render_report_pdf(sample_report("ru"))))
    without = words(pdf_text(render_report_pdf(sample_report("ru", mfa_request=None))))

    assert "Запрос МИД: № 12-1/4601 от 2 декабря 2026 года" in with_request
    assert "Запрос МИД" not in without


def test_headings_follow_the_document_language_not_the_ui(document_catalog, pdf_text):
    i18n.set_language("kk")  # the test-wide fixture puts English back afterwards

    text = words(pdf_text(render_report_pdf(sample_report("ru"))))

    assert i18n.current_language() == "kk"
    assert set(document_catalog) == {"ru"}
    assert "1. Состав участников" in text


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_font_is_embedded_liberation_serif(language, pdf_fonts):
    fonts = pdf_fonts(render_report_pdf(sample_report(language)))

    assert fonts
    for font in fonts:
        assert font["emb"] == "yes", font
        assert font["type"] == "TrueType", font
        assert re.fullmatch(r"[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)?", font["name"]), font
    assert {"LiberationSerif", "LiberationSerif-Bold"} <= {font["name"].split("+")[1] for font in fonts}


def test_metadata_names_the_report_and_its_language(pdf_info):
    doc = sample_report("kk")
    data = render_report_pdf(doc)
    info = pdf_info(data)

    assert info["Title"] == doc.title
    assert info["Author"] == doc.author
    assert info["Subject"] == doc.event_title
    assert info["Creator"] == "Hattama"
    assert info["Page size"].startswith("595.276 x 841.89")
    assert b"/Lang (kk-KZ)" in data
    assert b"/Lang (ru-RU)" in render_report_pdf(sample_report("ru"))


def test_long_report_flows_over_pages_numbered_from_the_second(document_catalog, pdf_text):
    sentence = "Тараптар өзара сауда, көлік және логистика мәселелерін жан-жақты талқылады. "
    one_long_paragraph = sentence * 120  # longer than a page on its own
    many_paragraphs = "\n".join(f"{number}) {sentence * 3}" for number in range(1, 40))
    doc = sample_report("kk", sections=p46_sections(one_long_paragraph, many_paragraphs, "Ұсыныс жоқ."))

    text = pdf_text(render_report_pdf(doc))
    page_texts = pages(text)

    assert len(page_texts) >= 5
    first_lines = [page.strip().splitlines()[0].strip() for page in page_texts]
    assert first_lines[0] == doc.body_name
    assert first_lines[1:] == [str(number) for number in range(2, len(page_texts) + 1)]
    assert words(text).count("талқылады.") == 120 + 39 * 3
    assert "39) " + words(sentence) in words(text)
    assert doc.signer_name in page_texts[-1]


def test_signature_block_has_position_left_and_name_right(document_catalog, pdf_text):
    doc = sample_report("ru")
    layout = pdf_text(render_report_pdf(doc), layout=True)

    name_line = next(line for line in layout.splitlines() if doc.signer_name in line)
    assert name_line.rstrip().endswith(doc.signer_name)
    assert name_line.lstrip().startswith("сотрудничества")  # the position's last line, on the left
    assert name_line.index("сотрудничества") < name_line.index(doc.signer_name) - 20


def test_markup_characters_are_text_not_markup(document_catalog, pdf_text):
    # Each line fits on one line of the page: a justified wrap would scatter the words for pdftotext.
    body = 'ООО «A&B»: <b>не жирный</b>, 3 < 5 > 2\n<font name="Helvetica">&amp;</font>'
    doc = sample_report("ru", sections=[Section("Q&A <i>", body)], event_title="Встреча <ЕАЭС> & МИД")

    text = words(pdf_text(render_report_pdf(doc)))

    for line in body.split("\n"):
        assert line in text
    assert "2. Q&A <i>" in text
    assert "Встреча <ЕАЭС> & МИД" in text


def test_text_pasted_from_word_is_cleaned_before_drawing(document_catalog, pdf_text):
    pasted = "Пер\u00adвый\tпункт\u200b\r\n\uf0b7\tвторой пункт\r\n\x07"
    data = render_report_pdf(sample_report("ru", sections=[Section(ISSUES_DISCUSSED, pasted)]))

    text = words(pdf_text(data))

    assert "Первый пункт – второй пункт" in text
    assert "\u00ad" not in text


def test_characters_the_font_lacks_raise_a_clear_error():
    doc = sample_report("kk", place="Астана 🇰🇿 қаласы", signer_name="А. Бекова ☯")

    with pytest.raises(ServiceError) as raised:
        render_report_pdf(doc)

    assert raised.value.msgid == "The text contains characters the document font cannot show: {chars}"
    chars = raised.value.params["chars"]
    for code in ("U+1F1F0", "U+1F1FF", "U+262F"):
        assert code in chars
    assert "Астана" not in chars


def test_written_file_is_whole_and_no_temporary_file_is_left(tmp_path: Path):
    target = tmp_path / "report.pdf"

    write_report_pdf(sample_report("ru"), target)

    assert target.read_bytes().startswith(b"%PDF-")
    assert target.read_bytes().rstrip().endswith(b"%%EOF")
    assert sorted(tmp_path.iterdir()) == [target]


def test_a_failed_write_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"previous version")

    with pytest.raises(ServiceError):
        write_report_pdf(sample_report("ru", place="\U0001f600"), target)

    def failing_replace(source: str, destination: os.PathLike[str]) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(render_module.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_report_pdf(sample_report("ru"), target)

    assert target.read_bytes() == b"previous version"
    assert sorted(tmp_path.iterdir()) == [target]


def test_document_refuses_an_unknown_language_or_reversed_dates():
    with pytest.raises(ValueError):
        ReportDocument(**{**RU_SAMPLE, "language": "en"})
    with pytest.raises(ValueError):
        sample_report("ru", starts=dt.datetime(2026, 12, 2), ends=dt.datetime(2026, 12, 1))


def test_text_keeps_to_the_official_margins(document_catalog, pdf_words):
    """30 mm left, 10 mm right, 20 mm top and bottom; 1.25 cm first-line indent; 14 pt set 1.15–1.2 apart;
    the page number at the top centre from page 2."""
    mm = 72 / 25.4
    left, right, top, bottom = 30 * mm, 595.2756 - 10 * mm, 20 * mm, 841.8898 - 20 * mm
    sentence = "Тараптар өзара сауда, көлік және логистика мәселелерін жан-жақты талқылады. "
    pages_words = pdf_words(render_report_pdf(sample_report("kk", sections=p46_sections(sentence * 60, "Иә."))))

    assert len(pages_words) >= 2
    for number, page in enumerate(pages_words, start=1):
        body = [word for word in page if word[1] > top - 1]
        assert min(word[0] for word in body) == pytest.approx(left, abs=0.5)
        assert max(word[2] for word in body) <= right + 0.5
        assert max(word[3] for word in body) <= bottom + 0.5
        header = [word for word in page if word[1] <= top - 1]
        if number == 1:
            assert header == []
        else:
            (x0, _, x1, y1, text), = header
            assert text == str(number)
            assert (x0 + x1) / 2 == pytest.approx(left + (right - left) / 2, abs=0.5)
    justified_line_ends = [word[2] for word in pages_words[1] if word[2] > right - 1]
    assert len(justified_line_ends) > 20
    indented_starts = [word for word in pages_words[0] if word[0] == pytest.approx(left + 12.5 * mm, abs=0.5)]
    assert indented_starts
    line_tops = sorted({round(word[1], 1) for word in pages_words[1] if word[1] > top - 1})
    line_spacing = Counter(round(below - above, 1) for above, below in itertools.pairwise(line_tops))
    assert 14 * 1.15 <= line_spacing.most_common(1)[0][0] <= 14 * 1.2
