"""Issue 16, p.44: the notice to the MFA of a letter sent directly («Таяу арадағы бес күн ішінде», the MFA informed
«кейін») is drafted from the letter as an official PDF in Kazakh and Russian — a draft ("ЖОБА" / "ПРОЕКТ") until
the notice is logged and registered, then with its registered number and date; the text can be replaced."""

from __future__ import annotations

import datetime as dt
import subprocess
import uuid
from pathlib import Path

import pytest

from hattama.cli import main
from hattama.db.store import open_store
from hattama.services.errors import ServiceError
from hattama.services.events import create_event
from hattama.services.letter_drafts import (
    draft_p44_notice,
    draft_p48_request,
    draft_p49_briefing,
    draft_p49_notice,
)
from hattama.services.letters import LetterData, add_letter
from hattama.services.pdf.letter import render_letter_pdf
from hattama.services.registration import register_document
from hattama.services.reports import ReportTexts, create_report, save_texts
from tests.events.samples import sample_event

TODAY = dt.date(2026, 12, 4)
DIRECT = LetterData(direction="outgoing", correspondent_kind="diplomatic_mission", dated_on=dt.date(2026, 12, 3),
                    correspondent="Жапония Елшілігі", subject="Делегация сапары", our_number="№ 12-1/40",
                    channel="direct_urgent", urgency_reason="делегация 7 желтоқсанда келеді")


def text_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    return " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


@pytest.mark.parametrize(("language", "draft", "date"), [("kk", "ЖОБА", "2026 жылғы 4 желтоқсандағы"),
                                                         ("ru", "ПРОЕКТ", "4 декабря 2026 года")])
def test_p44_notice_is_a_draft_until_logged_and_registered(store, tmp_path: Path, language: str, draft: str,
                                                           date: str) -> None:
    direct = add_letter(store, DIRECT, today=TODAY)
    drafted = text_of(render_letter_pdf(draft_p44_notice(store, direct, language)), tmp_path)
    assert draft in drafted and "Жапония Елшілігі" in drafted and "7 желтоқсанда" in drafted
    assert "12-1/40" in drafted and "№ №" not in drafted
    notice = add_letter(store, LetterData(direction="outgoing", correspondent_kind="mfa", dated_on=TODAY,
                                          notice_for_id=direct), today=TODAY)
    register_document(store, "letter", notice, number="12-1/41", today=TODAY)
    registered = text_of(render_letter_pdf(draft_p44_notice(store, direct, language)), tmp_path)
    assert draft not in registered and "12-1/41" in registered and date in registered


def test_only_a_direct_urgent_letter_has_a_p44_notice_and_the_cli_takes_the_officers_text(
        store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(store_path)
    try:
        via = add_letter(store, LetterData(**{**DIRECT.__dict__, "channel": "via_mfa"}), today=TODAY)
        direct = add_letter(store, DIRECT, today=TODAY)
        with pytest.raises(ServiceError, match="no direct urgent letter"):
            draft_p44_notice(store, via, "kk")
    finally:
        store.close()
    body = tmp_path / "body.txt"
    body.write_text("Хабарлаймыз: хат жіберілді.\nМазмұны қоса беріледі.", encoding="utf-8")
    out = tmp_path / "n.pdf"
    assert main(["--db", str(store_path), "--lang", "en", "letter", "draft", "p44-notice", str(direct), "--lang", "kk",
                 "--out", str(out), "--body-file", str(body)]) == 0
    assert "Хабарлаймыз: хат жіберілді. Мазмұны қоса беріледі." in text_of(out.read_bytes(), tmp_path)
    body.write_bytes(b"\xff\xfe not utf-8")
    assert main(["--db", str(store_path), "--lang", "en", "letter", "draft", "p44-notice", str(direct), "--lang", "kk",
                 "--out", str(out), "--body-file", str(body)]) == 2
    assert "is not UTF-8 text" in capsys.readouterr().err


def test_p48_request_names_the_departure_and_the_mfa_position(store, tmp_path: Path) -> None:
    """p.48: written consultations «кеткенге дейін» (before departure); p.47: the latest position is named."""
    event_id = create_event(store, sample_event(country="CN", city="Пекин", departs_on=dt.date(2025, 3, 10)))
    add_letter(store, LetterData(direction="incoming", correspondent_kind="mfa", dated_on=dt.date(2026, 12, 2),
                                 position_half="2026-H2", their_number="№ 12-3/999"), today=TODAY)
    text = text_of(render_letter_pdf(draft_p48_request(store, event_id, "ru")), tmp_path)
    assert "ПРОЕКТ" in text and "10 марта 2025 года" in text and "Пекин" in text and "12-3/999" in text
    assert "№ №" not in text


def test_p49_briefing_names_the_next_meeting_and_the_notice_lists_participants_and_agreements(
        store, tmp_path: Path) -> None:
    """p.49: the next official is briefed in writing when the next meeting is «келесі күні немесе кеш уақытта»;
    the MFA, absent, gets the participants and the agreements reached."""
    series = uuid.uuid4()
    first = create_event(store, sample_event(series_id=series))
    following = create_event(store, sample_event(series_id=series, title_kk="Екінші кездесу",
                                                 starts_at=dt.datetime(2025, 3, 13, 10),
                                                 ends_at=dt.datetime(2025, 3, 13, 12)))
    report_id = create_report(store, first)
    save_texts(store, report_id, "kk", ReportTexts(participants="", issues="Сауда.",
                                                   agreements="Тараптар жұмыс тобын құруға уағдаласты."))
    briefing = text_of(render_letter_pdf(draft_p49_briefing(store, first, "kk")), tmp_path)
    assert "ЖОБА" in briefing and "Екінші кездесу" in briefing and "Әлия Қасымова" in briefing
    assert "жұмыс тобын құруға уағдаласты" in briefing
    notice = text_of(render_letter_pdf(draft_p49_notice(store, first, "kk")), tmp_path)
    assert "Әлия Қасымова" in notice and "жұмыс тобын құруға уағдаласты" in notice
    with pytest.raises(ServiceError, match="not followed by another meeting"):
        draft_p49_briefing(store, following, "kk")
