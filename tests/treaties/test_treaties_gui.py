"""p.2 in the window: the Treaties page lists, searches and filters the register; the editor saves a treaty and
shows a refused field; the forms are rendered from the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate

from hattama.services.forms import forms_sent
from hattama.services.treaties import get_treaty, list_treaty_rows
from hattama.ui.treaties.editor import TreatyEditor
from hattama.ui.treaties.forms_dialog import FormsSentDialog, RenderFormsDialog
from hattama.ui.treaties.page import TreatiesPage
from tests.treaties.samples import treaty_in_force, treaty_signed

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 1, 12)


@pytest.fixture
def page(qtbot, register):
    made = TreatiesPage(register, today=TODAY)
    qtbot.addWidget(made)
    qtbot.waitUntil(lambda: not made.is_loading())
    return made


def shown_titles(page: TreatiesPage) -> list[str]:
    return [page.proxy.index(row, 1).data() for row in range(page.proxy.rowCount())]


def test_the_page_lists_searches_and_filters_the_register_p2(page) -> None:
    assert page.proxy.rowCount() == 3
    page.search.setText("ТҮРКИЯ")
    assert shown_titles(page) == [treaty_signed_title()]
    page.search.setText("")
    page.status_filter.setCurrentIndex(page.status_filter.findData("terminated"))
    assert page.proxy.rowCount() == 1
    page.status_filter.setCurrentIndex(0)
    page.proxy.sort(1)
    assert page.proxy.rowCount() == 3


def treaty_signed_title() -> str:
    return treaty_signed().title_kk


def test_the_editor_refuses_entry_into_force_before_signing_naming_it_p2(qtbot, register) -> None:
    editor = TreatyEditor(register)
    qtbot.addWidget(editor)
    editor.title_kk.setText("Білім беру саласындағы ынтымақтастық туралы келісім")
    editor.status.setCurrentIndex(editor.status.findData("in_force"))
    editor.signed_on.setDate(QDate(2024, 5, 2))
    editor.in_force_on.set_value(dt.date(2024, 5, 1))
    editor.save()
    qtbot.waitUntil(lambda: not editor.problems.isHidden())
    assert editor.problems.text().startswith("Entry into force: ")
    editor.in_force_on.set_value(dt.date(2024, 9, 1))
    with qtbot.waitSignal(editor.saved) as saved:
        editor.save()
    data = get_treaty(register, saved.args[0]).data
    assert (data.signed_on, data.in_force_on) == (dt.date(2024, 5, 2), dt.date(2024, 9, 1))


def test_an_opened_treaty_saves_back_unchanged_with_its_measures(qtbot, register) -> None:
    row = next(r for r in list_treaty_rows(register) if r.title_kk == treaty_in_force().title_kk)
    before = get_treaty(register, row.id).data
    editor = TreatyEditor(register, row.id)
    qtbot.addWidget(editor)
    assert editor.measures.rowCount() == len(before.measures)
    with qtbot.waitSignal(editor.saved):
        editor.save()
    assert get_treaty(register, row.id).data == before


def test_forms_are_rendered_and_recorded_from_the_page_p2(qtbot, page, tmp_path: Path, monkeypatch) -> None:
    dialog = page.render_forms()
    assert isinstance(dialog, RenderFormsDialog) and dialog.year.value() == 2025
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    for number in (2, 3):
        dialog.boxes[number].setChecked(False)
    out = tmp_path / "forms.xlsx"
    monkeypatch.setattr(dialog, "choose_path", lambda: out)
    with qtbot.waitSignal(dialog.rendered, timeout=20000):
        dialog.run()
    assert len(load_workbook(out).sheetnames) == 3
    assert str(out) in page.notice.text()
    sent = page.forms_sent()
    assert isinstance(sent, FormsSentDialog)
    with qtbot.waitSignal(sent.recorded, timeout=20000):
        sent.run()
    assert [form.sent_on for form in forms_sent(page.store, 2025)] == [TODAY] * 5
