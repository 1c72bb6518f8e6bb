"""p.46 Plan and activity page: the narrative is autosaved for its period, the plan is rendered to the chosen file,
sending both closes the 20 December obligation, and image projects are listed and added."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import QDate, QThreadPool
from PySide6.QtWidgets import QFileDialog

from hattama.rules.obligations import ObligationKind, ObligationState
from hattama.rules.plans import ImageProjectData
from hattama.services.image_projects import create_project, list_projects
from hattama.services.obligations import compute_obligations
from hattama.services.plans import load_narrative
from hattama.ui.plans import page as page_module
from hattama.ui.plans.page import PlanPage

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 12, 4)


@pytest.fixture
def plan_page(qapp, plan):
    page = PlanPage(plan)
    page.show()
    yield page
    QThreadPool.globalInstance().waitForDone()
    page.close()
    shiboken6.delete(page)


def test_p46_the_narrative_is_autosaved_for_the_period_shown(qtbot, plan_page, plan) -> None:
    assert plan_page.period() == (dt.date(2026, 1, 1), TODAY)
    plan_page.narrative.setPlainText("Жыл бойы ынтымақтастық кеңейді.")
    qtbot.waitUntil(lambda: load_narrative(plan, dt.date(2026, 1, 1), TODAY, "kk") != "", timeout=5000)
    plan_page.start.setDate(QDate(2026, 7, 1))  # another period: its own (empty) narrative
    assert plan_page.narrative.toPlainText() == ""
    plan_page.start.setDate(QDate(2026, 1, 1))
    assert plan_page.narrative.toPlainText() == "Жыл бойы ынтымақтастық кеңейді."


def test_p46_the_plan_is_rendered_to_the_chosen_file(qtbot, plan_page, tmp_path, monkeypatch) -> None:
    out = tmp_path / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(out), "*.pdf"))
    assert plan_page.year.value() == 2027
    plan_page.render_plan_button.click()
    qtbot.waitUntil(lambda: out.exists(), timeout=15000)
    assert out.read_bytes().startswith(b"%PDF")


def test_p46_recording_both_documents_sent_closes_the_obligation(qtbot, plan_page, plan) -> None:
    plan_page.sent_on.setDate(QDate(2026, 12, 2))
    plan_page.plan_sent_button.click()
    qtbot.waitUntil(lambda: "sent on" in plan_page.status.text(), timeout=5000)
    plan_page.activity_sent_button.click()
    qtbot.waitUntil(lambda: "Activity report" in plan_page.status.text(), timeout=5000)
    [view] = [v for v in compute_obligations(plan, today=TODAY, years=(2026,))
              if v.obligation.kind is ObligationKind.ANNUAL_PLAN_AND_REPORT]
    assert view.state is ObligationState.DONE


def test_p46_image_projects_are_listed_and_added(qtbot, plan_page, plan, monkeypatch) -> None:
    create_project(plan, ImageProjectData("Көрме", "Выставка", dt.date(2026, 11, 2), status="launched"))
    plan_page.reload_projects()
    assert plan_page.projects.rowCount() == 1 and plan_page.projects.item(0, 0).text() == "Көрме"

    def filled(dialog) -> int:
        dialog.texts["title_kk"].setText("Мәдениет күндері")
        dialog.answer.setCurrentIndex(dialog.answer.findData("agreed"))
        return 1

    monkeypatch.setattr(page_module.ImageProjectDialog, "exec", filled)
    plan_page.add_project_button.click()
    qtbot.waitUntil(lambda: plan_page.projects.rowCount() == 2, timeout=5000)
    added = [record.data for record in list_projects(plan) if record.data.title_kk == "Мәдениет күндері"]
    assert added[0].mfa_answer == "agreed" and added[0].mfa_agreement_on == TODAY


def test_p46_an_image_project_is_deleted_after_asking_and_opened_by_its_id(qtbot, plan_page, plan,
                                                                          monkeypatch) -> None:
    kept = create_project(plan, ImageProjectData("Көрме", "Выставка", dt.date(2026, 11, 2), status="launched"))
    create_project(plan, ImageProjectData("Фестиваль", "Фестиваль", dt.date(2026, 10, 1), status="launched"))
    plan_page.reload_projects()
    opened = []
    monkeypatch.setattr(page_module.ImageProjectDialog, "exec", lambda dialog: opened.append(
        dialog.texts["title_kk"].text()) or 0)
    plan_page.open_project(kept)
    assert opened == ["Көрме"]
    row = next(row for row in range(2) if plan_page.projects.item(row, 0).text() == "Фестиваль")
    plan_page.projects.selectRow(row)
    monkeypatch.setattr(page_module.QMessageBox, "question",
                        lambda *_args: page_module.QMessageBox.StandardButton.No)
    plan_page.delete_selected()
    QThreadPool.globalInstance().waitForDone()
    assert len(list_projects(plan)) == 2  # the officer said no
    plan_page.delete_selected(confirmed=True)
    qtbot.waitUntil(lambda: plan_page.projects.rowCount() == 1, timeout=5000)
    assert [record.id for record in list_projects(plan)] == [kept]
