"""The one status machine of a p.46 post-event report (issue 20.2): every allowed and every refused move, in the
rules and through the service, and the dates each move keeps or clears. p.46: a report goes to the MFA "not later
than 7 working days" after the event at the MFA's request; what was sent (and acknowledged) stays as sent."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

import pytest
from sqlalchemy import update

from hattama.cli import main
from hattama.db.models import Report
from hattama.i18n import describe
from hattama.rules.errors import RuleError
from hattama.rules.report_status import (
    EXPORTABLE,
    OFFICER_TARGETS,
    TRANSITIONS,
    ReportStatus,
    allowed,
    check_transition,
    officer_may_choose,
)
from hattama.services.errors import ServiceError
from hattama.services.reports import (
    ReportTexts,
    create_report,
    get_report,
    record_export,
    save_texts,
    set_status,
)
from hattama.services.settings import UnitDetailsMissing, update_settings
from tests.reports.helpers import unit_with_event

TODAY = dt.date(2026, 12, 4)  # the event of unit_with_event ends on 19 November 2026
SENT_ON, ACKNOWLEDGED_ON = dt.date(2026, 11, 25), dt.date(2026, 11, 27)
TEXTS = ReportTexts(participants="- Ә. Қасымова", issues="Сауда мәселелері", agreements="Келісімге қол жеткізілді")
ALLOWED = {
    ("draft", "ready"),
    ("ready", "draft"), ("ready", "exported"), ("ready", "sent"),
    ("exported", "draft"), ("exported", "exported"), ("exported", "sent"),
    ("sent", "acknowledged"),
}
EVERY_PAIR = list(itertools.product([status.value for status in ReportStatus], repeat=2))
STAMPS = ("ready_at", "exported_at", "sent_on", "acknowledged_on")


# ------------------------------------------------------------------------------------------------- the rules

def test_the_machine_is_the_table_this_test_states() -> None:
    assert {(current.value, new.value) for current, targets in TRANSITIONS.items() for new in targets} == ALLOWED
    assert OFFICER_TARGETS == {ReportStatus.DRAFT, ReportStatus.READY, ReportStatus.SENT, ReportStatus.ACKNOWLEDGED}
    assert EXPORTABLE == {ReportStatus.READY, ReportStatus.EXPORTED}


@pytest.mark.parametrize(("current", "new"), EVERY_PAIR)
def test_every_move_is_allowed_or_refused_by_the_rules(current: str, new: str) -> None:
    if (current, new) in ALLOWED:
        assert check_transition(current, new) == ReportStatus(new)
        assert ReportStatus(new) in allowed(current)
    else:
        with pytest.raises(RuleError):
            check_transition(current, new)
        assert not officer_may_choose(current, new)


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(RuleError):
        check_transition("draft", "archived")


# ------------------------------------------------------------------------------------------------ the service

@pytest.fixture
def report_id(store) -> uuid.UUID:
    report_id = create_report(store, unit_with_event(store))
    save_texts(store, report_id, "kk", TEXTS)
    return report_id


def put(store, report_id: uuid.UUID, status: str) -> dict[str, object]:
    """The report in `status` with the stamps a report gets on its way there; returns them."""
    stamps: dict[str, object] = {"ready_at": None, "exported_at": None, "sent_on": None, "acknowledged_on": None}
    order = ["draft", "ready", "exported", "sent", "acknowledged"]
    reached = order[:order.index(status) + 1]
    moment = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
    if "ready" in reached:
        stamps["ready_at"] = moment
    if "exported" in reached:
        stamps["exported_at"] = moment
    if "sent" in reached:
        stamps["sent_on"] = SENT_ON
    if "acknowledged" in reached:
        stamps["acknowledged_on"] = ACKNOWLEDGED_ON
    with store.session() as session:
        session.execute(update(Report).where(Report.id == report_id).values(status=status, **stamps))
    return stamps


def stamps_of(store, report_id: uuid.UUID) -> dict[str, object]:
    with store.session() as session:
        report = session.get(Report, report_id)
        return {name: getattr(report, name) for name in STAMPS}


def move(store, report_id: uuid.UUID, new: str) -> None:
    if new == "exported":
        record_export(store, [report_id], "cd" * 32)
    else:
        on = ACKNOWLEDGED_ON if new == "acknowledged" else SENT_ON
        set_status(store, report_id, new, on, today=TODAY)


@pytest.mark.parametrize(("current", "new"), EVERY_PAIR)
def test_the_service_allows_and_refuses_exactly_the_machines_moves(store, report_id, current: str,
                                                                     new: str) -> None:
    before = put(store, report_id, current)
    if (current, new) in ALLOWED:
        move(store, report_id, new)
        assert get_report(store, report_id).status == new
    else:
        with pytest.raises(ServiceError) as refused:
            move(store, report_id, new)
        assert "cannot" in describe(refused.value)
        assert get_report(store, report_id).status == current
        assert stamps_of(store, report_id) == before  # a refused move changes nothing


def test_an_acknowledged_report_cannot_go_back_to_draft_and_keeps_its_dates(store, report_id) -> None:
    """The defect of issue 20.2: it went back to draft keeping its acknowledged date."""
    set_status(store, report_id, "ready", today=TODAY)
    set_status(store, report_id, "sent", SENT_ON, today=TODAY)
    set_status(store, report_id, "acknowledged", ACKNOWLEDGED_ON, today=TODAY)
    with pytest.raises(ServiceError) as refused:
        set_status(store, report_id, "draft", today=TODAY)
    assert describe(refused.value) == "The report was sent to the MFA; it cannot become “Draft” again."
    record = get_report(store, report_id)
    assert (record.status, record.sent_on, record.acknowledged_on) == ("acknowledged", SENT_ON, ACKNOWLEDGED_ON)


def test_back_to_draft_clears_the_ready_time_and_keeps_the_last_export(store, report_id) -> None:
    put(store, report_id, "exported")
    set_status(store, report_id, "draft", today=TODAY)
    stamps = stamps_of(store, report_id)
    assert stamps["ready_at"] is None
    assert stamps["exported_at"] is not None  # where the report went is not forgotten
    assert (stamps["sent_on"], stamps["acknowledged_on"]) == (None, None)


def test_each_move_stamps_its_own_date_and_keeps_the_earlier_ones(store, report_id) -> None:
    set_status(store, report_id, "ready", today=TODAY)
    assert stamps_of(store, report_id)["ready_at"] is not None
    record_export(store, [report_id], "ab" * 32)
    exported = stamps_of(store, report_id)
    assert exported["exported_at"] is not None and exported["ready_at"] is not None
    set_status(store, report_id, "sent", SENT_ON, today=TODAY)
    set_status(store, report_id, "acknowledged", ACKNOWLEDGED_ON, today=TODAY)
    final = stamps_of(store, report_id)
    assert (final["sent_on"], final["acknowledged_on"]) == (SENT_ON, ACKNOWLEDGED_ON)
    assert final["ready_at"] == exported["ready_at"] and final["exported_at"] == exported["exported_at"]


@pytest.mark.parametrize("status", ["ready", "exported"])
def test_editing_a_ready_or_exported_report_returns_it_to_draft(store, report_id, status: str) -> None:
    put(store, report_id, status)
    save_texts(store, report_id, "kk", ReportTexts(TEXTS.participants, TEXTS.issues + " Қосымша.", TEXTS.agreements))
    assert get_report(store, report_id).status == "draft"
    assert stamps_of(store, report_id)["ready_at"] is None


@pytest.mark.parametrize("status", ["sent", "acknowledged"])
def test_the_text_of_a_report_sent_to_the_mfa_is_kept_as_sent(store, report_id, status: str) -> None:
    put(store, report_id, status)
    with pytest.raises(ServiceError):
        save_texts(store, report_id, "kk", ReportTexts(TEXTS.participants, "Басқа мәтін", TEXTS.agreements))
    assert get_report(store, report_id).texts["kk"].issues == TEXTS.issues
    save_texts(store, report_id, "kk", TEXTS)  # the same text again (an autosave) is no change


# ---------------------------------------------------------------------------------- issue 19.3: the unit's details

@pytest.mark.parametrize(("emptied", "named"), [
    ({"body_name_kk": ""}, ("body_name_kk",)),
    ({"officer_name": ""}, ("officer_name",)),
    ({"officer_position_kk": "", "body_name_kk": " "}, ("body_name_kk", "officer_position_kk")),
])
def test_ready_is_refused_naming_the_units_empty_details(store, report_id, emptied: dict[str, str],
                                                         named: tuple[str, ...]) -> None:
    update_settings(store, **emptied)
    with pytest.raises(UnitDetailsMissing) as refused:
        set_status(store, report_id, "ready", today=TODAY)
    assert refused.value.fields == named
    assert "setup assistant" in describe(refused.value)
    assert get_report(store, report_id).status == "draft"


def test_only_the_languages_the_report_carries_need_the_details(store, report_id) -> None:
    update_settings(store, body_name_ru="", officer_position_ru="")  # the report is in Kazakh only
    set_status(store, report_id, "ready", today=TODAY)
    assert get_report(store, report_id).status == "ready"


def test_a_pdf_from_the_command_line_warns_of_the_empty_details_and_is_made(store, tmp_path, capsys) -> None:
    report_id = create_report(store, unit_with_event(store))
    save_texts(store, report_id, "kk", TEXTS)
    update_settings(store, officer_name="")
    out = tmp_path / "report.pdf"
    assert main(["--db", str(store.path), "--lang", "en", "report", "pdf", str(report_id), "--lang", "kk",
                 "--out", str(out)]) == 0
    warning = capsys.readouterr().err
    assert warning.startswith("hattama: ") and "Officer's name is empty." in warning and "setup assistant" in warning
    assert out.read_bytes().startswith(b"%PDF")
