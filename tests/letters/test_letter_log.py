"""Issue 16: the letter log — p.44 (letters through the MFA, the urgent direct letter and its notice), p.45
(the MFA's half-yearly position) and p.47 (the latest position beside an event being prepared)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from hattama.cli import main
from hattama.db.models import AttachmentBlob
from hattama.rules.errors import RuleError
from hattama.rules.obligations import ObligationKind, ObligationState
from hattama.services.attachments import add_attachment, remove_attachment
from hattama.services.errors import ServiceError
from hattama.services.events import create_event, get_event
from hattama.services.letters import LetterData, add_letter, get_letter, latest_mfa_position, list_letters
from hattama.services.obligations import compute_obligations
from tests.events.samples import sample_event

TODAY = dt.date(2026, 12, 4)  # a Friday
DIRECT = LetterData(direction="outgoing", correspondent_kind="diplomatic_mission", dated_on=dt.date(2026, 12, 3),
                    correspondent="Embassy", subject="Visit", channel="direct_urgent",
                    urgency_reason="the delegation arrives on 7 December")


def letter_obligations(store, kind: ObligationKind, today: dt.date = TODAY):
    return {view.obligation.subject_id: view.obligation
            for view in compute_obligations(store, today=today, years=(2026,)) if view.obligation.kind is kind}


def test_p44_direct_urgent_letter_owes_a_notice_planned_for_the_next_working_day(store) -> None:
    """«Таяу арадағы бес күн ішінде» allows the direct letter; the MFA is informed «кейін» (afterwards): the text
    sets no term, Hattama plans the next working day."""
    letter_id = add_letter(store, DIRECT, today=TODAY)
    notice = letter_obligations(store, ObligationKind.DIRECT_LETTER_NOTICE)[str(letter_id)]
    assert notice.planned_due == dt.date(2026, 12, 4) and notice.trigger_on == dt.date(2026, 12, 3)
    assert notice.state is ObligationState.DUE_TODAY
    # Sent on a Friday: the next working day is Monday.
    friday = add_letter(store, LetterData(**{**DIRECT.__dict__, "dated_on": dt.date(2026, 11, 27)}), today=TODAY)
    assert letter_obligations(store, ObligationKind.DIRECT_LETTER_NOTICE)[str(friday)].planned_due == dt.date(
        2026, 11, 30)
    assert get_letter(store, letter_id).notice_logged is False
    add_letter(store, LetterData(direction="outgoing", correspondent_kind="mfa", dated_on=TODAY,
                                 notice_for_id=letter_id, subject="On the direct letter"), today=TODAY)
    closed = letter_obligations(store, ObligationKind.DIRECT_LETTER_NOTICE)
    assert closed[str(letter_id)].state is ObligationState.DONE and closed[str(letter_id)].done_on == TODAY
    assert closed[str(friday)].state is ObligationState.OVERDUE
    assert get_letter(store, letter_id).notice_logged is True


@pytest.mark.parametrize("channel", ["via_mfa", "direct_legal"])
def test_p44_a_letter_through_the_mfa_or_under_a_law_owes_no_notice(store, channel: str) -> None:
    add_letter(store, LetterData(**{**DIRECT.__dict__, "channel": channel, "legal_basis": "Treaty of 2019"}),
               today=TODAY)
    assert letter_obligations(store, ObligationKind.DIRECT_LETTER_NOTICE) == {}


def test_p44_a_direct_letter_naming_neither_urgency_nor_legal_basis_is_flagged(store) -> None:
    urgent = add_letter(store, LetterData(**{**DIRECT.__dict__, "urgency_reason": " "}), today=TODAY)
    legal = add_letter(store, LetterData(**{**DIRECT.__dict__, "channel": "direct_legal", "urgency_reason": ""}),
                       today=TODAY)
    fine = add_letter(store, DIRECT, today=TODAY)
    assert "within five days" in get_letter(store, urgent).flag
    assert "law, act or treaty" in get_letter(store, legal).flag
    assert get_letter(store, fine).flag is None
    # The notice is still owed for the flagged urgent one: the letter went directly.
    assert str(urgent) in letter_obligations(store, ObligationKind.DIRECT_LETTER_NOTICE)


def test_p44_channel_only_for_outgoing_letters_to_foreign_correspondents_and_the_commission_is_outside(store) -> None:
    with pytest.raises(RuleError, match="needs its way"):
        add_letter(store, LetterData(**{**DIRECT.__dict__, "channel": ""}), today=TODAY)
    with pytest.raises(RuleError, match="Only an outgoing letter"):
        add_letter(store, LetterData(**{**DIRECT.__dict__, "correspondent_kind": "commission"}), today=TODAY)
    add_letter(store, LetterData(direction="outgoing", correspondent_kind="commission", dated_on=TODAY), today=TODAY)
    with pytest.raises(ServiceError, match="no direct urgent letter"):
        via = add_letter(store, LetterData(**{**DIRECT.__dict__, "channel": "via_mfa"}), today=TODAY)
        add_letter(store, LetterData(direction="outgoing", correspondent_kind="mfa", dated_on=TODAY,
                                     notice_for_id=via), today=TODAY)


def test_p45_position_letter_closes_its_half_year_and_p47_shows_the_latest(store) -> None:
    assert letter_obligations(store, ObligationKind.MFA_POSITION_LETTER)["2026-H2"].state is not ObligationState.DONE
    add_letter(store, LetterData(direction="incoming", correspondent_kind="mfa", dated_on=dt.date(2026, 6, 18),
                                 position_half="2026-H1", text="June position"), today=TODAY)
    december = add_letter(store, LetterData(direction="incoming", correspondent_kind="mfa",
                                            dated_on=dt.date(2026, 12, 3), position_half="2026-H2",
                                            text="December position", their_number="12-3/999"), today=TODAY)
    states = letter_obligations(store, ObligationKind.MFA_POSITION_LETTER)
    assert states["2026-H1"].state is ObligationState.DONE and states["2026-H2"].state is ObligationState.DONE
    assert latest_mfa_position(store).id == december
    assert latest_mfa_position(store, on=dt.date(2026, 11, 30)).data.text == "June position"
    with pytest.raises(RuleError, match="half-year"):
        add_letter(store, LetterData(direction="incoming", correspondent_kind="mfa", dated_on=TODAY,
                                     position_half="2026-H3"), today=TODAY)
    with pytest.raises(ServiceError, match="received from the MFA"):
        add_letter(store, LetterData(direction="incoming", correspondent_kind="diplomatic_mission",
                                     dated_on=TODAY, position_half="2026-H2"), today=TODAY)


def test_attachments_share_event_blobs_and_links_are_checked(store, tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.7 the same scan")
    event_id = create_event(store, sample_event())
    event_attachment = add_attachment(store, event_id, scan)
    letter_id = add_letter(store, LetterData(**{**DIRECT.__dict__, "links": (("event", event_id),)}), [scan],
                           today=TODAY)
    [attachment] = get_letter(store, letter_id).attachments
    assert attachment.sha256 == event_attachment.sha256 and attachment.file_name == "scan.pdf"
    remove_attachment(store, event_attachment.id)  # the letter still refers to the content: it stays
    assert get_event(store, event_id).attachments == ()
    with store.session() as session:
        assert session.scalar(select(AttachmentBlob.content).where(
            AttachmentBlob.sha256 == attachment.sha256)) == b"%PDF-1.7 the same scan"
    assert get_letter(store, letter_id).data.links == (("event", event_id),)
    with pytest.raises(ServiceError, match="no treaty"):
        add_letter(store, LetterData(**{**DIRECT.__dict__, "links": (("treaty", event_id),)}), today=TODAY)


def test_cli_add_list_show_p44(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def run(*args: str) -> int:
        return main(["--db", str(store_path), "--lang", "en", "letter", *args])

    assert run("add", "--direction", "outgoing", "--correspondent-kind", "foreign_state_body", "--on",
               "2026-12-01", "--channel", "direct_urgent", "--subject", "Border crossing") == 0
    letter_id = capsys.readouterr().out.strip()
    assert run("list") == 0
    listed = capsys.readouterr().out
    assert letter_id in listed and "Border crossing" in listed and "within five days is not named" in listed
    assert run("show", letter_id) == 0
    assert "The notice to the MFA is not logged yet (p.44)." in capsys.readouterr().out
    assert run("add", "--direction", "outgoing", "--correspondent-kind", "mfa", "--on", "2026-12-02",
               "--notice-for", letter_id) == 0
    capsys.readouterr()
    assert run("show", letter_id) == 0
    assert "The notice to the MFA is logged (p.44)." in capsys.readouterr().out
    assert len(list_letters_of(store_path)) == 2


def list_letters_of(store_path: Path):
    from hattama.db.store import open_store

    store = open_store(store_path)
    try:
        return list_letters(store)
    finally:
        store.close()
