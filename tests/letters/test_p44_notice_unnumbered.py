"""p.44: the notice of a direct urgent letter that has no number of ours yet names the letter without "No. —"."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from hattama.services.letter_drafts import draft_p44_notice
from hattama.services.letters import add_letter
from tests.letters.test_letter_drafts import DIRECT, TODAY


@pytest.mark.parametrize(("language", "sent"), [("kk", "хатты"), ("ru", "напрямую в адрес")])
def test_p44_notice_of_an_unnumbered_direct_letter_has_no_empty_number(store, language: str, sent: str) -> None:
    direct = add_letter(store, dataclasses.replace(DIRECT, our_number=""), today=TODAY)
    body = draft_p44_notice(store, direct, language).body
    assert "№" not in body and sent in body and "Жапония Елшілігі" in body
    numbered = add_letter(store, dataclasses.replace(DIRECT, dated_on=dt.date(2026, 12, 2)), today=TODAY)
    assert "№ 12-1/40" in draft_p44_notice(store, numbered, language).body
