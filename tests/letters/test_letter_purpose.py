"""Issue 16.3: a document Hattama drafts, logged as the outgoing letter it is, closes its obligation — the p.44
notice of a direct letter, the p.48 request for consultations «кеткенге дейін», the p.49 briefing of the next
receiving official and the p.49 notice to the MFA; and a logged letter can be corrected (issue 16.1)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from pathlib import Path

import pytest

from hattama.rules.errors import RuleError
from hattama.rules.letters import check_purpose
from hattama.rules.obligations import ObligationKind, ObligationState
from hattama.services.errors import ServiceError
from hattama.services.events import create_event
from hattama.services.letter_sending import log_drafted_document
from hattama.services.letters import LetterData, add_letter, get_letter, update_letter
from hattama.services.obligations import compute_obligations
from hattama.services.registration import register_document
from tests.events.samples import sample_event

TODAY = dt.date(2026, 12, 4)


def state_of(store, kind: ObligationKind, subject: uuid.UUID, years: tuple[int, ...] = (2025,)) -> ObligationState:
    found = [view.obligation for view in compute_obligations(store, today=TODAY, years=years)
             if view.obligation.kind is kind and view.obligation.subject_id == str(subject)]
    assert len(found) == 1, found
    return found[0].state


def test_p48_request_logged_as_sent_closes_the_consultation_of_its_event(store) -> None:
    """p.48: «consultation record / request letter» closes the written consultation before departure."""
    event_id = create_event(store, sample_event(country="CN", city="Пекин", departs_on=dt.date(2025, 3, 10)))
    assert state_of(store, ObligationKind.PRE_DEPARTURE_CONSULTATION, event_id) is ObligationState.OVERDUE
    letter_id = log_drafted_document(store, "p48-request", event_id, "kk", body="Кеңес өткізуді сұраймыз.",
                                     sent_on=dt.date(2025, 3, 6), today=TODAY)
    assert state_of(store, ObligationKind.PRE_DEPARTURE_CONSULTATION, event_id) is ObligationState.DONE
    letter = get_letter(store, letter_id)
    assert (letter.data.direction, letter.data.correspondent_kind, letter.data.purpose) == (
        "outgoing", "mfa", "p48-request")
    assert letter.data.links == (("event", event_id),) and letter.data.text == "Кеңес өткізуді сұраймыз."
    assert [a.file_name for a in letter.attachments] == ["p48-request-kk.pdf"]


@pytest.mark.parametrize(("kind", "obligation"), [("p49-briefing", ObligationKind.NEXT_OFFICIAL_BRIEFING),
                                                  ("p49-notice", ObligationKind.MFA_NOTICE_AFTER_MEETING)])
def test_p49_briefing_and_notice_logged_close_their_obligations(store, kind: str, obligation) -> None:
    """p.49: the next receiving official briefed in writing (the next meeting «келесі күні немесе кеш уақытта»);
    the MFA, absent, informed of the participants and agreements within five working days."""
    series = uuid.uuid4()
    first = create_event(store, sample_event(series_id=series))
    create_event(store, sample_event(series_id=series, title_kk="Екінші кездесу",
                                     starts_at=dt.datetime(2025, 3, 13, 10), ends_at=dt.datetime(2025, 3, 13, 12)))
    assert state_of(store, obligation, first) is not ObligationState.DONE
    letter_id = log_drafted_document(store, kind, first, "kk", sent_on=dt.date(2025, 3, 12), today=TODAY)
    assert state_of(store, obligation, first) is ObligationState.DONE
    expected = "kz_state_body" if kind == "p49-briefing" else "mfa"
    assert get_letter(store, letter_id).data.correspondent_kind == expected


def test_p44_notice_logged_from_its_draft_closes_the_notice(store) -> None:
    """p.44: the MFA informed «кейін» of a letter sent directly as urgent."""
    direct = add_letter(store, LetterData(
        direction="outgoing", correspondent_kind="diplomatic_mission", dated_on=dt.date(2026, 12, 3),
        correspondent="Жапония Елшілігі", channel="direct_urgent", urgency_reason="делегация келеді"), today=TODAY)
    assert state_of(store, ObligationKind.DIRECT_LETTER_NOTICE, direct, (2026,)) is not ObligationState.DONE
    notice = log_drafted_document(store, "p44-notice", direct, "kk", today=TODAY)
    assert get_letter(store, notice).data.notice_for_id == direct
    assert state_of(store, ObligationKind.DIRECT_LETTER_NOTICE, direct, (2026,)) is ObligationState.DONE


@pytest.mark.parametrize(("purpose", "direction", "kind", "events", "problem"), [
    ("p48-request", "incoming", "mfa", 1, "sent to its addressee"),
    ("p49-briefing", "outgoing", "mfa", 1, "sent to its addressee"),
    ("p49-notice", "outgoing", "mfa", 0, "about one event"),
    ("p48-request", "outgoing", "mfa", 2, "about one event"),
    ("minutes", "outgoing", "mfa", 1, "not a kind of drafted document"),
])
def test_a_drafted_document_is_an_outgoing_letter_to_its_addressee_about_one_event(
        purpose: str, direction: str, kind: str, events: int, problem: str) -> None:
    """p.48 (request to the MFA), p.49 (briefing to the next official, a state body; notice to the MFA)."""
    with pytest.raises(RuleError) as raised:
        check_purpose(purpose, direction, kind, events)
    assert problem in raised.value.msgid


def test_a_letter_is_corrected_with_files_added_and_removed_in_one_transaction(store, tmp_path: Path) -> None:
    first, second = tmp_path / "scan-1.pdf", tmp_path / "scan-2.pdf"
    first.write_bytes(b"%PDF-1.7 first")
    second.write_bytes(b"%PDF-1.7 second")
    data = LetterData(direction="incoming", correspondent_kind="mfa", dated_on=dt.date(2026, 12, 1), subject="Сапар")
    letter_id = add_letter(store, data, [first], today=TODAY)
    kept = get_letter(store, letter_id)
    update_letter(store, letter_id, dataclasses.replace(data, subject="Сапар туралы"), [second],
                  [kept.attachments[0].id], today=TODAY)
    changed = get_letter(store, letter_id)
    assert changed.data.subject == "Сапар туралы"
    assert [a.file_name for a in changed.attachments] == ["scan-2.pdf"]
    with pytest.raises(ServiceError):  # a file that cannot be read: nothing changes, not even the subject
        update_letter(store, letter_id, dataclasses.replace(data, subject="Басқа"), [tmp_path / "missing.pdf"],
                      [changed.attachments[0].id], today=TODAY)
    assert get_letter(store, letter_id) == changed


def test_a_registered_letter_keeps_its_number(store) -> None:
    data = LetterData(direction="outgoing", correspondent_kind="mfa", dated_on=dt.date(2026, 12, 1), subject="Хат")
    letter_id = add_letter(store, data, today=TODAY)
    register_document(store, "letter", letter_id, number="12-1/50", today=TODAY)
    registered = get_letter(store, letter_id).data
    with pytest.raises(ServiceError, match="never changes"):
        update_letter(store, letter_id, dataclasses.replace(registered, our_number="12-1/51"), today=TODAY)
    update_letter(store, letter_id, dataclasses.replace(registered, subject="Хат (түзетілді)"), today=TODAY)
    assert get_letter(store, letter_id).data.our_number == "12-1/50"


def test_the_cli_drafts_logs_and_shows_a_p48_request(store_path: Path, tmp_path: Path, capsys) -> None:
    """p.48 on the command line: `letter draft p48-request EVENT --log` renders it and logs it as sent."""
    from hattama.cli import main
    from hattama.db.store import open_store

    store = open_store(store_path)
    try:
        event_id = create_event(store, sample_event(country="CN", city="Пекин", departs_on=dt.date(2025, 3, 10)))
    finally:
        store.close()
    out = tmp_path / "request.pdf"
    assert main(["--db", str(store_path), "--lang", "en", "letter", "draft", "p48-request", str(event_id),
                 "--lang", "kk", "--out", str(out), "--log", "--sent-on", "2025-03-06"]) == 0
    letter_id = capsys.readouterr().out.split()[-1]
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["--db", str(store_path), "--lang", "en", "letter", "show", letter_id]) == 0
    shown = capsys.readouterr().out
    assert "p.48 request for consultations" in shown and "Linked event: " in shown and str(event_id) in shown
    assert "p48-request-kk.pdf" in shown
