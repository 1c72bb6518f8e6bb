"""Issue 16.4 for the documents of the MFA's submissions: the annual forms on treaties (p.2), the plan of
international events and the information on international activity (p.46) get a number and a date when they are
registered — from ESEDO or the local register — fixed from then on; their PDF prints them, identical on every
re-render; a draft prints "ЖОБА" / "ПРОЕКТ" and no number."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from hattama import clock
from hattama.cli import main
from hattama.services.errors import ServiceError
from hattama.services.forms import render_forms
from hattama.services.plans import render_activity, render_plan
from hattama.services.registration import (
    register_submission_document,
    submission_document_id,
    submission_registration,
    submission_subject,
)
from hattama.services.settings import update_settings

TODAY = dt.date(2026, 12, 4)
PERIOD = (dt.date(2026, 1, 1), dt.date(2026, 11, 30))


def text_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


@pytest.fixture
def unit(store):
    update_settings(store, body_name_kk="Сауда және интеграция министрлігі", body_name_ru="Министерство торговли",
                    body_name_en="Ministry of Trade", unit_name_kk="Департамент", unit_name_ru="Департамент",
                    officer_name="А. Сейітова", registration_pattern="12-1/{seq}")
    return store


def test_a_draft_prints_the_draft_mark_and_no_number(unit, tmp_path) -> None:
    """p.2, p.46 and issue 16.4: nothing registered yet — the forms, the plan and the report say they are drafts."""
    assert "ЖОБА" in text_of(render_forms(unit, 2025, "kk", "pdf"), tmp_path)
    assert "ПРОЕКТ" in text_of(render_plan(unit, 2027, "ru", "pdf"), tmp_path)
    activity = text_of(render_activity(unit, *PERIOD, "ru", "pdf", today=TODAY), tmp_path)
    assert "ПРОЕКТ" in activity and "№" not in activity.split("Информация")[0]


def test_registered_documents_print_their_number_identical_on_every_rerender(unit, tmp_path) -> None:
    """Issue 16.4: the local register's number and the ESEDO number, printed and fixed: rendering again on a later
    day prints the same number and date."""
    plan = register_submission_document(unit, "plan", submission_subject("plan", year=2027), today=TODAY)
    forms = register_submission_document(unit, "forms", "2025", number="№ 07-2/15", on=dt.date(2026, 12, 1),
                                         today=TODAY)
    activity = register_submission_document(unit, "activity", submission_subject("activity", period=PERIOD),
                                            today=TODAY)
    assert (plan.number, forms.number, activity.number) == ("12-1/1", "07-2/15", "12-1/2")
    first = [text_of(render_plan(unit, 2027, "kk", "pdf"), tmp_path),
             text_of(render_forms(unit, 2025, "ru", "pdf"), tmp_path),
             text_of(render_activity(unit, *PERIOD, "ru", "pdf", today=TODAY), tmp_path)]
    assert "2026 жылғы 4 желтоқсандағы № 12-1/1" in first[0] and "ЖОБА" not in first[0]
    assert "1 декабря 2026 года № 07-2/15" in first[1] and "ПРОЕКТ" not in first[1]
    assert "4 декабря 2026 года № 12-1/2" in first[2]
    clock.pin(dt.datetime(2027, 1, 15, 9, 0))
    again = [text_of(render_plan(unit, 2027, "kk", "pdf"), tmp_path),
             text_of(render_forms(unit, 2025, "ru", "pdf"), tmp_path),
             text_of(render_activity(unit, *PERIOD, "ru", "pdf", today=TODAY), tmp_path)]
    assert again == first


def test_a_registration_never_changes_and_is_its_documents_alone(unit) -> None:
    register_submission_document(unit, "plan", "2027", today=TODAY)
    with pytest.raises(ServiceError, match="never changes"):
        register_submission_document(unit, "plan", "2027", number="99", today=TODAY)
    assert submission_registration(unit, "plan", "2028") is None  # another year's plan is still a draft
    assert submission_registration(unit, "forms", "2027") is None  # the forms of that year too
    assert submission_document_id("plan", "2027") == submission_document_id("plan", "2027")
    assert submission_document_id("plan", "2027") != submission_document_id("forms", "2027")
    with pytest.raises(ServiceError):
        submission_subject("activity", period=(dt.date(2026, 12, 1), dt.date(2026, 1, 1)))
    with pytest.raises(ServiceError):
        submission_subject("plan", year=1800)


def test_the_cli_registers_forms_plan_and_activity(unit, store_path, capsys, tmp_path) -> None:
    db = ["--db", str(store_path), "--lang", "en"]
    assert main([*db, "plan", "register", "2027"]) == 0
    assert main([*db, "forms", "register", "2025", "--number", "07-2/15", "--on", "2026-12-01"]) == 0
    assert main([*db, "activity", "register", "--from", "2026-01-01", "--to", "2026-11-30"]) == 0
    out = capsys.readouterr().out
    assert "No. 07-2/15" in out and "No. 12-1/2" in out
    assert main([*db, "plan", "register", "2027"]) != 0  # once only
    assert "never changes" in capsys.readouterr().err
    assert main([*db, "activity", "render", "--from", "2026-01-01", "--to", "2026-11-30", "--lang", "ru",
                 "--format", "pdf", "--out", str(tmp_path / "a.pdf")]) == 0
    assert "№ 12-1/2" in text_of((tmp_path / "a.pdf").read_bytes(), tmp_path)


@pytest.mark.gui
def test_the_plan_page_and_the_forms_dialog_register_their_documents(qtbot, unit) -> None:
    """Issue 16.4 in the window: the Plan and activity page registers the plan and the activity report (a number
    from ESEDO or the register's next), the forms window the year's forms; each shows the number once given."""
    from PySide6.QtCore import QThreadPool

    from hattama.ui.plans.page import PlanPage
    from hattama.ui.treaties.forms_dialog import RenderFormsDialog

    page = PlanPage(unit)
    qtbot.addWidget(page)
    page.register_document("plan", "")
    qtbot.waitUntil(lambda: submission_registration(unit, "plan", str(page.year.value())) is not None)
    QThreadPool.globalInstance().waitForDone()
    assert submission_registration(unit, "plan", str(page.year.value())).number == "12-1/1"
    page.register_document("activity", "01-12/300")
    start, end = page.period()
    qtbot.waitUntil(lambda: submission_registration(unit, "activity", f"{start}-{end}") is not None)
    QThreadPool.globalInstance().waitForDone()
    qtbot.waitUntil(lambda: "01-12/300" in page.status.text())

    dialog = RenderFormsDialog(unit, 2025)
    qtbot.addWidget(dialog)
    assert dialog.register_button.isEnabled() and "2025" not in dialog.registration.text()
    dialog.register_forms("07-2/15")
    qtbot.waitUntil(lambda: not dialog.register_button.isEnabled())
    assert "07-2/15" in dialog.registration.text()
    dialog.year.setValue(2024)  # another year's forms are still a draft
    assert dialog.register_button.isEnabled()
