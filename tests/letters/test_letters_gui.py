"""Issue 16 in the window: the Letters page lists and searches the log, shows a direct letter's p.44 flag and
whether its notice is logged, and the MFA's latest position (p.45, p.47); the editor logs the p.44 notice of a
direct urgent letter, which closes it; an outgoing letter is registered from the page."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel

from hattama.services.events import create_event
from hattama.services.letters import LetterData, add_letter, get_letter, list_letters
from hattama.services.settings import update_settings
from hattama.ui.events.editor import EventEditor
from hattama.ui.letters.page import LettersPage
from tests.events.samples import sample_event

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 12, 4)


@pytest.fixture
def page(qtbot, store):
    add_letter(store, LetterData(direction="outgoing", correspondent_kind="diplomatic_mission",
                                 dated_on=dt.date(2026, 12, 3), correspondent="Embassy of Japan",
                                 subject="Programme of the visit", channel="direct_urgent"), today=TODAY)
    add_letter(store, LetterData(direction="incoming", correspondent_kind="mfa", dated_on=dt.date(2026, 12, 2),
                                 subject="Position", position_half="2026-H2", text="The position"), today=TODAY)
    made = LettersPage(store)
    qtbot.addWidget(made)
    qtbot.waitUntil(lambda: not made.is_loading())
    return made


def select_row(page: LettersPage, row: int) -> None:
    page.table.selectionModel().setCurrentIndex(
        page.proxy.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)


def test_the_page_lists_searches_and_shows_the_p44_flag_and_p45_position(page) -> None:
    assert page.proxy.rowCount() == 2
    assert "2026-H2" in page.position.text()
    page.search.setText("japan")
    assert page.proxy.rowCount() == 1
    select_row(page, 0)
    details = page.details.text()
    assert "within five days is not named (p.44)" in details
    assert "The notice to the MFA is not logged yet (p.44)." in details


def test_the_editor_logs_the_p44_notice_and_the_page_registers_it(page, qtbot, store) -> None:
    update_settings(store, registration_pattern="12-1/{seq}")
    editor = page.new_letter()
    qtbot.addWidget(editor)
    editor.direction.setCurrentIndex(editor.direction.findData("outgoing"))
    editor.correspondent_kind.setCurrentIndex(editor.correspondent_kind.findData("mfa"))
    assert editor.notice_for.isEnabled() and not editor.channel.isEnabled()
    editor.notice_for.setCurrentIndex(1)
    editor.dated_on.setDate(QDate(2026, 12, 4))
    editor.subject.setText("On the letter to the Embassy of Japan")
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save()
    direct = next(letter for letter in list_letters(store) if letter.data.channel == "direct_urgent")
    assert get_letter(store, direct.id).notice_logged
    qtbot.waitUntil(lambda: not page.is_loading())
    notice = next(letter for letter in list_letters(store) if letter.data.notice_for_id == direct.id)
    assert page.current() is not None and page.current().id == notice.id
    assert page.register_button.isEnabled()
    page.register_current("")
    qtbot.waitUntil(lambda: get_letter(store, notice.id).data.our_number == "12-1/1", timeout=10_000)


def test_p47_the_latest_position_shows_beside_an_event_abroad_and_attaches_to_its_consultation(qtbot, store) -> None:
    position = add_letter(store, LetterData(direction="incoming", correspondent_kind="mfa",
                                            dated_on=dt.date(2026, 12, 2), position_half="2026-H2",
                                            text="Kazakhstan's position on the issues of the region"), today=TODAY)
    abroad = create_event(store, sample_event(country="CN", city="Пекин"))
    at_home = create_event(store, sample_event())
    home_editor = EventEditor(store, at_home)
    qtbot.addWidget(home_editor)
    assert home_editor.mfa_position.isHidden()
    editor = EventEditor(store, abroad)
    qtbot.addWidget(editor)
    panel = editor.mfa_position
    assert not panel.isHidden() and "2026-H2" in panel.label.text() and "position on the issues" in panel.label.text()
    assert panel.attach_button.isEnabled()
    panel.attach()
    qtbot.waitUntil(lambda: not panel.attach_button.isEnabled(), timeout=10_000)
    assert get_letter(store, position).data.links == (("event", abroad),)
    assert "attached to this event" in panel.label.text()


def test_a_letter_is_corrected_in_the_editor_with_a_file_removed(page, qtbot, store, tmp_path) -> None:
    """Issue 16.1: a logged letter can be corrected; its files go with it unless removed."""
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.7 scan")
    letter_id = add_letter(store, LetterData(direction="incoming", correspondent_kind="mfa",
                                             dated_on=dt.date(2026, 11, 30), subject="Visit"), [scan], today=TODAY)
    page.reload(select=letter_id)
    qtbot.waitUntil(lambda: not page.is_loading())
    assert page.current().id == letter_id and page.edit_button.isEnabled()
    editor = page.edit_current()
    qtbot.addWidget(editor)
    assert editor.subject.text() == "Visit" and editor.files.count() == 1
    assert editor.dated_on.value() == dt.date(2026, 11, 30)
    editor.subject.setText("Visit of the delegation")
    editor.files.setCurrentRow(0)
    editor.remove_file()
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save()
    corrected = get_letter(store, letter_id)
    assert (corrected.data.subject, corrected.attachments) == ("Visit of the delegation", ())


def test_p44_notice_is_drafted_edited_and_logged_from_the_page(page, qtbot, store) -> None:
    """p.44: the MFA informed «кейін» of the direct letter — drafted by Hattama, edited, logged as sent."""
    direct = next(letter for letter in list_letters(store) if letter.data.channel == "direct_urgent")
    page.reload(select=direct.id)
    qtbot.waitUntil(lambda: not page.is_loading())
    assert page.notice_button.isEnabled()
    dialog = page.draft_notice()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.log_button.isEnabled(), timeout=10_000)
    assert "Embassy of Japan" in dialog.body.toPlainText()
    dialog.body.setPlainText("Хат Жапония Елшілігіне жіберілді.")
    with qtbot.waitSignal(dialog.logged, timeout=10_000):
        dialog.log_as_sent()
    assert get_letter(store, direct.id).notice_logged
    notice = next(letter for letter in list_letters(store) if letter.data.notice_for_id == direct.id)
    assert notice.data.text == "Хат Жапония Елшілігіне жіберілді." and len(notice.attachments) == 1
    qtbot.waitUntil(lambda: not page.is_loading())
    assert not page.notice_button.isEnabled()  # the logged notice is selected now


def test_the_event_documents_panel_drafts_the_p49_notice_of_a_stored_event(qtbot, store) -> None:
    """p.49: the notice to the MFA of a meeting it did not attend, from the event."""
    from hattama.ui.letters.event_documents import EventDocumentsPanel

    event_id = create_event(store, sample_event())
    unsaved = EventDocumentsPanel(store, None, lambda: "—")
    qtbot.addWidget(unsaved)
    assert not unsaved.button.isEnabled() and len(unsaved.button.menu().actions()) == 3
    panel = EventDocumentsPanel(store, event_id, lambda: "Talks")
    qtbot.addWidget(panel)
    dialog = panel.draft("p49-notice")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.log_button.isEnabled(), timeout=10_000)
    with qtbot.waitSignal(panel.logged, timeout=10_000):
        dialog.log_as_sent()
    logged = next(letter for letter in list_letters(store) if letter.data.purpose == "p49-notice")
    assert logged.data.links == (("event", event_id),)


def test_the_event_editor_offers_the_event_documents(qtbot, store) -> None:
    """p.48, p.49 from the event: the editor of a saved event drafts its documents; a new one must be saved first."""
    event_id = create_event(store, sample_event())
    editor = EventEditor(store, event_id)
    qtbot.addWidget(editor)
    assert editor.documents.button.isEnabled()
    assert editor.title_kk.text() in editor.documents.about()
    new = EventEditor(store, None)
    qtbot.addWidget(new)
    assert not new.documents.button.isEnabled()
