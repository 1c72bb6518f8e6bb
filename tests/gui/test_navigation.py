"""Navigation (issue 19.7): from an event to its report and back, through the main window."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hattama.db.models import Event, Report
from hattama.services.demo import fill_demo
from hattama.ui.app import build_main_window

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, qapp, store, widgets):
    fill_demo(store, events=30)
    main = build_main_window(qapp, store, "en")
    widgets.append(main)
    main.show()
    qtbot.waitUntil(lambda: not main.reports_page.is_loading() and not main.events_page.is_loading(), timeout=20000)
    return main


def _current_key(window) -> str:
    return window.entries[window.navigation.currentRow()].key


def test_from_an_event_to_its_report_and_back(qtbot, window, store) -> None:
    with store.session() as session:
        report_id, event_id = session.execute(select(Report.id, Report.event_id).limit(1)).one()
    editor = window.events_page.open_event(event_id)
    assert editor.report_button.isEnabled()
    editor.report_button.click()
    assert not editor.isVisible()
    assert _current_key(window) == "reports"
    qtbot.waitUntil(lambda: window.reports_page.editor.report_id == report_id, timeout=20000)

    window.reports_page.editor.event_button.click()
    qtbot.waitUntil(lambda: _current_key(window) == "events")
    opened = window.events_page.editor
    assert opened is not None and opened is not editor and opened.isVisible()
    assert opened.event_id == event_id


def test_an_event_held_without_a_report_gets_one_started(qtbot, window, store) -> None:
    with store.session() as session:
        reported = select(Report.event_id)
        event_id = session.scalars(select(Event.id).where(Event.held_by_body.is_(True), Event.exemption_area.is_(None),
                                                          Event.deleted_at.is_(None), Event.id.not_in(reported))
                                   .limit(1)).first()
    assert event_id is not None
    window.events_page.open_event(event_id).report_button.click()
    qtbot.waitUntil(lambda: window.reports_page.editor.record is not None
                    and window.reports_page.editor.record.event_id == event_id, timeout=20000)
    with store.session() as session:
        assert session.scalars(select(Report.id).where(Report.event_id == event_id)).first() is not None


def test_a_new_event_has_no_report_to_open(window) -> None:
    assert not window.events_page.open_event(None).report_button.isEnabled()
