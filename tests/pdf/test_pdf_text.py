"""Text pasted from Word, and the check that the document font can draw every character."""

from __future__ import annotations

import pytest

from hattama.services.pdf.text import clean_pasted_text, clean_single_line, uncovered_characters

KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"


def test_line_ends_become_lf_and_word_breaks_become_paragraphs():
    assert clean_pasted_text("бір\r\nекі\rүш\vтөрт\u2029бес") == "бір\nекі\nүш\nтөрт\n\nбес"


def test_tabs_and_odd_spaces_become_single_spaces():
    assert clean_pasted_text("Астана\t\tқаласы\u2003және  Алматы ") == "Астана қаласы және Алматы"


def test_non_breaking_spaces_stay_non_breaking():
    assert clean_pasted_text("№\u00a012 және 5\u202fкм") == "№\u00a012 және 5\u00a0км"


def test_invisible_characters_go():
    pasted = "\ufeffмемле\u00adкет\u200bтік\u200c ор\u200dган\u2060\u200e\x00\x07\x1b"
    assert clean_pasted_text(pasted) == "мемлекеттік орган"


def test_quotes_dashes_and_kazakh_letters_are_kept():
    text = "«Бәйтерек» „цитата“ “quote” — № 5 – " + KAZAKH_ALPHABET + KAZAKH_ALPHABET.upper()
    assert clean_pasted_text(text) == text


def test_word_bullets_become_dashes_and_numbers_stay():
    pasted = "\uf0b7\tбірінші\n•  екінші\no\tекінші деңгей\n- үшінші\n* төртінші\n1.\tнөмірлі\n-5 градус"
    assert clean_pasted_text(pasted) == (
        "– бірінші\n– екінші\n– екінші деңгей\n– үшінші\n– төртінші\n1. нөмірлі\n-5 градус"
    )


def test_blank_line_runs_shrink_and_edges_are_trimmed():
    assert clean_pasted_text("\n\n  бір  \n\n\n\n екі\n\n") == "бір\n\nекі"


def test_decomposed_letters_are_composed():
    assert clean_pasted_text("и\u0306") == "й"


def test_single_line_fields_lose_their_line_breaks():
    assert clean_single_line("Халықаралық ынтымақтастық\r\nдепартаменті\t") == "Халықаралық ынтымақтастық департаменті"


def test_kazakh_and_russian_text_is_covered_by_the_font():
    text = KAZAKH_ALPHABET + KAZAKH_ALPHABET.upper() + "«»„“”—–№ \u00a0.,;:!?()%/0123456789\n"
    assert uncovered_characters(text) == set()


@pytest.mark.parametrize("char", ["\U0001f600", "\u262f", "\u4e2d", "\uf0b7", "\u0000"])
def test_characters_without_a_glyph_are_reported(char):
    assert uncovered_characters(f"Астана {char} қаласы") == {char}


def test_every_document_string_is_translated_in_the_catalogs() -> None:
    from tests.pdf.pdf_samples import DOCUMENT_TRANSLATIONS

    untranslated = [(language, msgid) for language, table in DOCUMENT_TRANSLATIONS.items()
                    for msgid, text in table.items() if text == msgid]
    assert untranslated == []
