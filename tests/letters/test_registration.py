"""Issue 16: registration numbers and dates of outgoing documents — entered from ESEDO or issued by the local
register (the unit's pattern, a yearly sequence), fixed once given; the report PDF prints them, a draft prints
"ЖОБА" / "ПРОЕКТ" and no number, and re-rendering on another day changes nothing."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from hattama.cli import main
from hattama.rules.errors import RuleError
from hattama.services.errors import ServiceError
from hattama.services.letters import LetterData, add_letter, get_letter
from hattama.services.registration import register_document, registration_of
from hattama.services.reports import create_report, report_pdf, save_texts, set_mfa_request
from hattama.services.settings import update_settings
from tests.reports.helpers import unit_with_event
from tests.reports.test_reports_service import KK_TEXTS

TODAY = dt.date(2026, 12, 4)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    return " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def outgoing_letter(store, on: dt.date = TODAY):
    return add_letter(store, LetterData(direction="outgoing", correspondent_kind="mfa", dated_on=on), today=TODAY)


def test_local_register_issues_a_yearly_sequence_by_the_pattern(store) -> None:
    with pytest.raises(ServiceError, match="set the pattern"):
        register_document(store, "letter", outgoing_letter(store), today=TODAY)
    with pytest.raises(RuleError, match="pattern of registration numbers"):
        update_settings(store, registration_pattern="12-1/")
    update_settings(store, registration_pattern="12-1/{seq}")
    first, second = outgoing_letter(store), outgoing_letter(store)
    assert register_document(store, "letter", first, on=dt.date(2026, 12, 1), today=TODAY).number == "12-1/1"
    assert register_document(store, "letter", second, today=TODAY).number == "12-1/2"
    next_year = outgoing_letter(store)
    assert register_document(store, "letter", next_year, on=dt.date(2027, 1, 5),
                             today=dt.date(2027, 1, 5)).number == "12-1/1"
    letter = get_letter(store, first).data
    assert (letter.our_number, letter.our_date) == ("12-1/1", dt.date(2026, 12, 1))


def test_a_registration_is_fixed_and_an_esedo_number_loses_a_typed_number_sign(store) -> None:
    letter_id = outgoing_letter(store)
    registered = register_document(store, "letter", letter_id, number="№ 01-15/2231", today=TODAY)
    assert (registered.number, registered.from_register) == ("01-15/2231", False)
    with pytest.raises(ServiceError, match="never changes"):
        register_document(store, "letter", letter_id, number="01-15/9999", today=TODAY)
    assert registration_of(store, "letter", letter_id).number == "01-15/2231"
    with pytest.raises(ServiceError, match="in the future"):
        register_document(store, "letter", outgoing_letter(store), number="1", on=dt.date(2026, 12, 5), today=TODAY)
    incoming = add_letter(store, LetterData(direction="incoming", correspondent_kind="mfa", dated_on=TODAY),
                          today=TODAY)
    with pytest.raises(ServiceError, match="no outgoing letter"):
        register_document(store, "letter", incoming, number="1", today=TODAY)


@pytest.mark.parametrize(("language", "draft", "number_sign"), [("kk", "ЖОБА", "№"), ("ru", "ПРОЕКТ", "№")])
def test_report_pdf_prints_the_registration_and_rerendering_never_changes_it(
        store, tmp_path: Path, pinned_clock, language: str, draft: str, number_sign: str) -> None:
    report_id = create_report(store, unit_with_event(store))
    save_texts(store, report_id, language, KK_TEXTS)
    set_mfa_request(store, report_id, dt.date(2026, 11, 20), "№ 12-3/45", today=TODAY)
    text = pdf_text(report_pdf(store, report_id, language), tmp_path)
    assert draft in text and str(report_id)[:8] not in text
    assert "№ №" not in text and "12-3/45" in text
    register_document(store, "report", report_id, number="12-1/77", on=dt.date(2026, 12, 2), today=TODAY)
    registered = pdf_text(report_pdf(store, report_id, language), tmp_path)
    assert draft not in registered and "12-1/77" in registered
    assert ("2026 жылғы 2 желтоқсандағы" if language == "kk" else "2 декабря 2026 года") in registered
    pinned_clock.pin(dt.datetime(2027, 3, 1, 9))
    again = pdf_text(report_pdf(store, report_id, language), tmp_path)
    assert again == registered


def test_cli_register_letter_and_report(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def run(*args: str) -> int:
        return main(["--db", str(store_path), "--lang", "en", *args])

    assert run("settings", "set", "registration_pattern", "07-2/{year}-{seq}") == 0
    assert run("letter", "add", "--direction", "outgoing", "--correspondent-kind", "mfa", "--on", "2026-12-01") == 0
    letter_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert run("letter", "register", letter_id) == 0
    assert "No. 07-2/2026-1" in capsys.readouterr().out
    assert run("letter", "register", letter_id, "--number", "5") == 2
    assert "never changes" in capsys.readouterr().err
