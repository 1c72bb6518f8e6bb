"""The one status machine of a p.46 post-event report (issue 20.2): every allowed and every refused move, in the
rules and through the service, and the dates each move keeps or clears. p.46: a report goes to the MFA "not later
than 7 working days" after the event at the MFA's request; what was sent (and acknowledged) stays as sent."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

import pytest
from sqlalchemy import update

from hattama import i18n
from hattama.cli import main
from hattama.db.models import Report
from hattama.i18n import describe
from hattama.presentation.bundles import import_summary
from hattama.rules.errors import RuleError
from hattama.rules.report_status import (
    EXPORTABLE,
    OFFICER_TARGETS,
    STATUS_LABELS,
    TRANSITIONS,
    ReportStatus,
    allowed,
    check_merge,
    check_transition,
    officer_may_choose,
)
from hattama.services.errors import ServiceError
from hattama.services.history import history
from hattama.services.interchange import export_interchange, import_interchange
from hattama.services.interchange.records import utc_text
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


# ------------------------------------------------------------------------- imports go through the machine too

def _closure(table: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Where a report can come by one or more of the test's own moves, or stay."""
    pairs = {(status.value, status.value) for status in ReportStatus} | table
    while True:
        more = {(a, d) for a, b in pairs for c, d in table if b == c} - pairs
        if not more:
            return pairs
        pairs |= more


@pytest.mark.parametrize(("stored", "incoming"), EVERY_PAIR)
def test_a_newer_copy_brings_a_report_only_where_the_machine_can(stored: str, incoming: str) -> None:
    """Issue 20.2: a colleague's copy may have made several moves (ready → sent → acknowledged), never one back
    the machine refuses (what went to the MFA stays as sent, p.46)."""
    if (stored, incoming) in _closure(ALLOWED):
        assert check_merge(stored, incoming) == incoming
    else:
        with pytest.raises(RuleError) as refused:
            check_merge(stored, incoming)
        assert refused.value.params["current"].msgid == STATUS_LABELS[ReportStatus(stored)]


def _copy_in(document: dict[str, Any], report_id: uuid.UUID, **changes: object) -> dict[str, Any]:
    """The document with its report changed as another store would have it, one minute after now."""
    later = utc_text(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
    reports = [{**values, **changes, "updated_at": later} if values["id"] == str(report_id) else values
               for values in document["reports"]]
    return {**document, "reports": reports}


def test_an_import_never_sends_an_acknowledged_report_back_to_draft(store, report_id) -> None:
    """Issue 20.2: the file's newer copy is a draft of a report the MFA acknowledged here: the store keeps the
    acknowledged report and its dates, the file's copy goes to the report's history, the summary says why."""
    set_status(store, report_id, "ready", today=TODAY)
    document = export_interchange(store)
    set_status(store, report_id, "sent", SENT_ON, today=TODAY)
    set_status(store, report_id, "acknowledged", ACKNOWLEDGED_ON, today=TODAY)
    before = stamps_of(store, report_id)

    result = import_interchange(store, _copy_in(document, report_id, status="draft", ready_at=None))
    assert (result.created, result.updated) == (0, 0)
    [conflict] = result.conflicts
    assert (conflict.kind, conflict.id, conflict.reason is not None) == ("report", report_id, True)
    assert get_report(store, report_id).status == "acknowledged" and stamps_of(store, report_id) == before
    assert [version.fields["status"] for version in history(store, "report", report_id)
            if version.reason == "lost"] == ["draft"]
    english = import_summary(result)[-1]
    assert str(report_id) in english and "“Acknowledged by the MFA”" in english and "“Draft”" in english
    i18n.set_language("ru")
    assert "Черновик" in import_summary(result)[-1] and "Получение подтверждено МИД" in import_summary(result)[-1]


def test_an_import_brings_a_report_on_by_several_moves(store, report_id) -> None:
    """The other copy was sent and acknowledged since: ready → acknowledged is the machine's, by two moves."""
    set_status(store, report_id, "ready", today=TODAY)
    document = export_interchange(store)
    result = import_interchange(store, _copy_in(document, report_id, status="acknowledged",
                                                sent_on=SENT_ON.isoformat(),
                                                acknowledged_on=ACKNOWLEDGED_ON.isoformat()))
    assert (result.updated, result.conflicts) == (1, [])
    assert get_report(store, report_id).status == "acknowledged"
