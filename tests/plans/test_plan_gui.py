"""p.46 in the event editor: the status offers only the moves the status machine allows, a cancelled event says
why, and the plan fields and the diplomatic service's agreement are saved."""

from __future__ import annotations

import datetime as dt

import pytest

from hattama.services.events import create_event, get_event
from tests.gui.test_event_editor import stored_event

pytestmark = pytest.mark.gui


def statuses(editor) -> list[str]:
    combo = editor.plan_fields.status
    return [combo.itemData(index) for index in range(combo.count())]


def test_p46_the_status_offers_what_the_machine_allows(open_editor, store) -> None:
    assert statuses(open_editor()) == ["planned", "confirmed", "held"]
    held = create_event(store, stored_event())
    assert statuses(open_editor(held)) == ["held"]  # held is final
    planned = create_event(store, stored_event(status="planned"))
    assert statuses(open_editor(planned)) == ["planned", "confirmed", "held", "cancelled", "postponed"]


def test_p46_cancelling_needs_a_reason_and_the_plan_fields_are_saved(qtbot, open_editor, store) -> None:
    event_id = create_event(store, stored_event(status="planned"))
    editor = open_editor(event_id)
    fields = editor.plan_fields
    assert not fields.edits["status_reason"].isEnabled()
    fields.status.setCurrentIndex(fields.status.findData("cancelled"))
    assert fields.edits["status_reason"].isEnabled()
    assert not editor.save_button.isEnabled()
    assert fields.problems["status_reason"].text() == "Say why the event is cancelled or postponed."
    fields.edits["status_reason"].setText("The partner withdrew")
    fields.edits["participation_level"].setText("Vice-minister")
    fields.foreign_economic.setChecked(True)
    fields.agreed.setChecked(True)
    fields.agreed_on.setDate(dt.date(2025, 4, 1))
    fields.edits["diplomatic_participants"].setText("Embassy counsellor")
    assert editor.save_button.isEnabled()
    with qtbot.waitSignal(editor.saved):
        editor.save_button.click()
    data = get_event(store, event_id).data
    assert (data.status, data.status_reason, data.participation_level, data.foreign_economic) == (
        "cancelled", "The partner withdrew", "Vice-minister", True)
    assert (data.diplomatic_agreement_on, data.diplomatic_participants) == (dt.date(2025, 4, 1), "Embassy counsellor")


def test_p46_a_tentative_period_outside_the_dates_is_named_beside_it(open_editor) -> None:
    editor = open_editor()
    editor.title_kk.setText("Форум")
    fields = editor.plan_fields
    fields.status.setCurrentIndex(fields.status.findData("planned"))
    fields.edits["tentative_period"].setText("2030-Q3")
    assert "outside its tentative period" in fields.problems["tentative_period"].text()
    assert not editor.save_button.isEnabled()
