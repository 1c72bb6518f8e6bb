"""The event editor: validation beside the fields, saving through the service, confirmation before discarding,
drafts kept and offered back, parties, participants, attachments, and a run-time language switch."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import shiboken6
from PySide6.QtCore import QDateTime, QLocale, Qt, QThreadPool
from PySide6.QtWidgets import QFileDialog, QMessageBox

from hattama.rules.exemptions import ExemptionArea
from hattama.services.drafts import load_draft, save_draft
from hattama.services.events import (
    EventData,
    Participant,
    Party,
    create_event,
    get_event,
    series_choices,
)
from hattama.services.listed_events import all_listed_events
from hattama.ui.events import editor_save
from hattama.ui.events.editor import EventEditor
from hattama.ui.events.editor_save import DRAFT_KIND
from hattama.ui.retranslate import LanguageSwitcher

pytestmark = pytest.mark.gui
STARTS = dt.datetime(2025, 4, 14, 10, 0)


def stored_event(**fields) -> EventData:
    values = {"title_kk": "Келіссөздер", "title_ru": "", "kind": "talks", "starts_at": STARTS,
              "ends_at": STARTS + dt.timedelta(hours=2), "country": "KZ", "city": "Astana", **fields}
    return EventData(**values)


@pytest.fixture
def open_editor(qapp, store, monkeypatch):
    editors: list[EventEditor] = []

    def make(event_id=None) -> EventEditor:
        editor = EventEditor(store, event_id)
        editor.show()
        editors.append(editor)
        return editor

    yield make
    # Closed here rather than by qtbot: an editor left with changes asks "Discard changes?", so answer it.
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Discard)
    QThreadPool.globalInstance().waitForDone()
    for editor in editors:
        if shiboken6.isValid(editor):
            editor.close()
            # Deleted now, on this thread: left to Python's garbage collector, a widget may be destroyed on
            # whichever thread happens to collect, such as a worker's, which crashes Qt.
            shiboken6.delete(editor)


class Answers:
    """Stands in for QMessageBox.question: records each question and gives the queued answer."""

    def __init__(self, monkeypatch, *answers: QMessageBox.StandardButton) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", self)

    def __call__(self, _parent, title, text, *_args):
        self.asked.append(text)
        return self.answers.pop(0)


def problem(editor: EventEditor, field: str) -> str:
    label = editor.problem_labels[field]
    return label.text() if label.isVisibleTo(editor) else ""


def set_times(editor: EventEditor, starts: dt.datetime, ends: dt.datetime) -> None:
    editor.starts_at.setDateTime(QDateTime(starts))
    editor.ends_at.setDateTime(QDateTime(ends))


# -------------------------------------------------------------------------------------------- validation

def test_a_new_event_needs_a_title_before_it_can_be_saved(open_editor) -> None:
    editor = open_editor()
    assert editor.windowTitle() == "New event"
    assert problem(editor, "title_kk") == "Enter the event's title in Kazakh or in Russian."
    assert not editor.save_button.isEnabled()
    editor.title_ru.setText("Переговоры")
    assert problem(editor, "title_kk") == ""
    assert editor.save_button.isEnabled()


def test_end_before_start_disables_save_and_says_why_beside_the_end(open_editor) -> None:
    editor = open_editor()
    editor.title_kk.setText("Кездесу")
    set_times(editor, STARTS, STARTS - dt.timedelta(hours=1))
    assert problem(editor, "ends_at") == "The event ends before it starts."
    assert not editor.save_button.isEnabled()
    editor.ends_at.setDateTime(QDateTime(STARTS + dt.timedelta(hours=1)))
    assert problem(editor, "ends_at") == "" and editor.save_button.isEnabled()


def test_an_unknown_country_is_named_beside_the_country(open_editor) -> None:
    editor = open_editor()
    editor.title_kk.setText("Кездесу")
    editor.country.setEditText("Atlantis")
    assert problem(editor, "country") == "“Atlantis” is not a known country code."
    assert not editor.save_button.isEnabled()
    editor.country.setEditText("germany")  # a name typed in any case picks the country
    assert editor.country.code() == "DE" and editor.save_button.isEnabled()


def test_abroad_is_derived_and_the_departure_date_only_counts_abroad(open_editor) -> None:
    editor = open_editor()
    editor.title_kk.setText("Сапар")
    assert editor.abroad.text() == "No — in Kazakhstan" and not editor.departs.isEnabled()
    editor.country.set_code("TR")
    assert editor.abroad.text() == "Yes — a trip abroad (p.48 applies)" and editor.departs.isEnabled()
    set_times(editor, STARTS, STARTS + dt.timedelta(hours=3))
    editor.departs.setChecked(True)
    editor.departs_on.setDate(STARTS.date() + dt.timedelta(days=1))
    assert problem(editor, "departs_on") == "The delegation departs after the event starts."
    editor.departs_on.setDate(STARTS.date() - dt.timedelta(days=1))
    assert editor.form_data().departs_on == STARTS.date() - dt.timedelta(days=1)
    editor.country.set_code("KZ")
    assert editor.form_data().departs_on is None


def test_participant_problems_are_shown_with_the_row(open_editor) -> None:
    editor = open_editor()
    editor.title_kk.setText("Кездесу")
    editor.participants.add_row()
    assert not editor.save_button.isEnabled()
    assert editor.participants.problems.text() == "Participant 1: Enter the participant's name."
    editor.participants.table.item(0, editor.participants.NAME).setText("Ә. Қасымова")
    assert editor.save_button.isEnabled() and editor.participants.problems.isHidden()
    assert editor.form_data().participants == (Participant("ours", "Ә. Қасымова"),)


def test_parties_come_from_the_lists_or_free_entry_and_are_not_listed_twice(open_editor) -> None:
    editor = open_editor()
    for typed in ("china", "Shanghai Cooperation Organisation (SCO)", "Friends of the Steppe", "China"):
        editor.parties.picker.setEditText(typed)
        editor.parties.add_typed()
    assert editor.parties.parties() == (
        Party("country", "CN"), Party("organisation", "SCO"), Party("other", "", "Friends of the Steppe"))
    assert [editor.parties.list.item(row).text() for row in range(3)] == [
        "China", "Shanghai Cooperation Organisation", "Friends of the Steppe"]
    editor.parties.list.setCurrentRow(0)
    editor.parties.remove_selected()
    assert editor.parties.parties()[0] == Party("organisation", "SCO")


def test_the_exemption_list_offers_none_and_every_p50_area(open_editor) -> None:
    editor = open_editor()
    assert editor.labels["exemption_area"].text() == "Exemption area (p.50)"
    assert editor.exemption_area.count() == len(ExemptionArea) + 1
    editor.exemption_area.setCurrentIndex(editor.exemption_area.findData(ExemptionArea.INVESTMENT.value))
    assert editor.form_data().exemption_area == "investment"
    assert editor.exemption_area.currentText() == "Investment policy and cooperation"


# ------------------------------------------------------------------------------------------------ saving

def test_save_creates_the_event_through_the_service(qtbot, open_editor, store) -> None:
    editor = open_editor()
    editor.title_kk.setText("Өзбекстан делегациясын қабылдау")
    editor.kind.setCurrentIndex(editor.kind.findData("delegation_reception"))
    set_times(editor, STARTS, STARTS + dt.timedelta(hours=2))
    editor.city.setText("Алматы")
    editor.mfa_participated.setChecked(True)
    with qtbot.waitSignal(editor.saved) as saved:
        editor.save_button.click()
    record = get_event(store, saved.args[0])
    assert record.data == EventData("Өзбекстан делегациясын қабылдау", "", "delegation_reception", STARTS,
                                    STARTS + dt.timedelta(hours=2), "KZ", "Алматы", mfa_participated=True)
    assert not editor.isVisible()
    assert load_draft(store, DRAFT_KIND, "new") is None


def test_editing_shows_the_stored_event_and_saves_changes(qtbot, open_editor, store) -> None:
    event_id = create_event(store, stored_event(parties=(Party("country", "UZ"),), held_by_body=False,
                                                participants=(Participant("foreign", "B. Karimov", "Minister"),)))
    editor = open_editor(event_id)
    assert editor.windowTitle() == "Edit event"
    assert (editor.title_kk.text(), editor.city.text(), editor.attended.isChecked()) == ("Келіссөздер", "Astana", True)
    assert editor.starts_at.dateTime().toPython() == STARTS
    assert editor.participants.participants() == (Participant("foreign", "B. Karimov", "Minister"),)
    assert not editor.is_modified()
    editor.venue.setText("Akorda")
    with qtbot.waitSignal(editor.saved):
        editor.save_button.click()
    assert get_event(store, event_id).data.venue == "Akorda"


def test_a_new_series_is_started_and_then_offered_to_the_next_meeting(qtbot, open_editor, store) -> None:
    editor = open_editor()
    editor.title_kk.setText("Бірінші кездесу")
    editor.series.setCurrentIndex(1)  # "Start a new series"
    with qtbot.waitSignal(editor.saved) as saved:
        editor.save_button.click()
    series_id = get_event(store, saved.args[0]).data.series_id
    assert series_id is not None and [choice[0] for choice in series_choices(store, "kk")] == [series_id]
    second = open_editor()
    assert second.series.findData(str(series_id)) == 2
    assert second.series.itemText(2).startswith("Бірінші кездесу")


def test_attachments_are_stored_with_their_hash_and_can_be_removed(qtbot, open_editor, store, tmp_path,
                                                                   monkeypatch) -> None:
    document = tmp_path / "agenda.pdf"
    document.write_bytes(b"%PDF-1.4 agenda")
    editor = open_editor()
    editor.title_kk.setText("Кездесу")
    editor.attachments.add_files([document])
    assert editor.attachments.list.item(0).text() == "agenda.pdf"
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        editor.save_button.click()
    [info] = get_event(store, saved.args[0]).attachments
    assert (info.file_name, info.sha256) == ("agenda.pdf", hashlib.sha256(b"%PDF-1.4 agenda").hexdigest())

    again = open_editor(saved.args[0])
    again.attachments.list.setCurrentRow(0)
    target = tmp_path / "copy.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(target), ""))
    again.attachments.save_button.click()
    assert target.read_bytes() == b"%PDF-1.4 agenda"
    again.attachments.remove_selected()
    assert again.is_modified()
    with qtbot.waitSignal(again.saved, timeout=5000):
        again.save_button.click()
    assert get_event(store, saved.args[0]).attachments == ()


def test_a_file_that_cannot_be_stored_saves_nothing_and_keeps_the_form(qtbot, open_editor, store, tmp_path,
                                                                       monkeypatch) -> None:
    """Issue 20.3: the event and its files are one transaction; a vanished file leaves no event behind."""
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    present, vanished = tmp_path / "present.pdf", tmp_path / "vanished.pdf"
    present.write_bytes(b"x")
    vanished.write_bytes(b"y")
    editor = open_editor()
    editor.title_kk.setText("Кездесу")
    editor.attachments.add_files([present, vanished])
    vanished.unlink()
    editor.save_button.click()
    qtbot.waitUntil(lambda: bool(warnings), timeout=5000)
    assert "vanished.pdf" in warnings[0] and "cannot be read" in warnings[0]
    assert editor.isVisible() and editor.event_id is None and editor.save_button.isEnabled()
    assert all_listed_events(store) == []
    assert editor.attachments.added == [present, vanished]


def test_an_edit_with_added_and_removed_files_is_one_save(qtbot, open_editor, store, tmp_path, monkeypatch) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    first.write_bytes(b"a")
    second.write_bytes(b"b")
    editor = open_editor()
    editor.title_kk.setText("Кездесу")
    editor.attachments.add_files([first])
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        editor.save_button.click()
    calls: list[tuple] = []
    real_save = editor_save.save_event
    monkeypatch.setattr(editor_save, "save_event", lambda *args: calls.append(args) or real_save(*args))
    again = open_editor(saved.args[0])
    again.attachments.list.setCurrentRow(0)
    again.attachments.remove_selected()
    again.attachments.add_files([second])
    again.title_kk.setText("Кездесу (өзгертілген)")
    with qtbot.waitSignal(again.saved, timeout=5000):
        again.save_button.click()
    assert len(calls) == 1
    record = get_event(store, saved.args[0])
    assert (record.data.title_kk, [info.file_name for info in record.attachments]) == ("Кездесу (өзгертілген)", ["b.pdf"])


# ------------------------------------------------------------------------------------- cancel and discard

def test_cancel_with_changes_asks_and_keeps_the_editor_when_declined(open_editor, monkeypatch) -> None:
    answers = Answers(monkeypatch, QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard)
    editor = open_editor()
    editor.title_kk.setText("Жазылып жатыр")
    editor.buttons.button(editor.buttons.StandardButton.Cancel).click()
    assert answers.asked == ["The changes to this event are not saved. Discard them?"]
    assert editor.isVisible() and editor.title_kk.text() == "Жазылып жатыр"
    editor.reject()
    assert not editor.isVisible()


def test_escape_and_the_close_button_ask_too(qtbot, open_editor, monkeypatch) -> None:
    answers = Answers(monkeypatch, QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    editor = open_editor()
    editor.city.setText("Түркістан")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    editor.close()
    assert len(answers.asked) == 2 and editor.isVisible()


def test_closing_without_changes_does_not_ask(open_editor, store, monkeypatch) -> None:
    answers = Answers(monkeypatch)
    editor = open_editor(create_event(store, stored_event()))
    editor.reject()
    assert answers.asked == [] and not editor.isVisible()


def test_discarding_leaves_the_stored_event_and_no_draft(qtbot, open_editor, store, monkeypatch) -> None:
    Answers(monkeypatch, QMessageBox.StandardButton.Discard)
    event_id = create_event(store, stored_event())
    editor = open_editor(event_id)
    editor.city.setText("Шымкент")
    editor.keep_draft()  # written on the writing thread
    qtbot.waitUntil(lambda: load_draft(store, DRAFT_KIND, str(event_id)) is not None)
    editor.reject()
    assert not editor.isVisible()
    qtbot.waitUntil(lambda: load_draft(store, DRAFT_KIND, str(event_id)) is None)  # dropped on the writing thread
    assert get_event(store, event_id).data.city == "Astana"


# ------------------------------------------------------------------------------------------------- drafts

def test_typing_keeps_a_draft_which_is_offered_back_next_time(qtbot, open_editor, store, monkeypatch) -> None:
    editor = open_editor()
    editor.title_kk.setText("Аяқталмаған")
    editor.participants.add_row()
    editor.participants.table.item(0, editor.participants.NAME).setText("Ә. Қасымова")
    # The draft is written shortly after typing stops, without any explicit save.
    qtbot.waitUntil(lambda: load_draft(store, DRAFT_KIND, "new") is not None, timeout=3000)
    editor.hide()  # the app went away with the editor open: no Cancel, no discard

    answers = Answers(monkeypatch, QMessageBox.StandardButton.Yes)
    restored = open_editor()
    assert restored.offer_draft()
    assert answers.asked == ["An unfinished entry was found — restore it?"]
    assert restored.title_kk.text() == "Аяқталмаған"
    assert restored.participants.participants() == (Participant("ours", "Ә. Қасымова"),)
    assert restored.is_modified()
    with qtbot.waitSignal(restored.saved):
        restored.save_button.click()
    assert load_draft(store, DRAFT_KIND, "new") is None


def test_a_draft_is_written_when_the_app_quits_before_the_delay(open_editor, store) -> None:
    editor = open_editor()
    editor.title_ru.setText("Успеть до выхода")
    assert load_draft(store, DRAFT_KIND, "new") is None
    editor.flush_draft()  # what QApplication.aboutToQuit triggers
    assert load_draft(store, DRAFT_KIND, "new")["event"]["title_ru"] == "Успеть до выхода"


def test_declining_the_draft_discards_it(qtbot, open_editor, store, monkeypatch) -> None:
    event_id = create_event(store, stored_event())
    save_draft(store, DRAFT_KIND, str(event_id), {"event": {"broken": True}})
    Answers(monkeypatch, QMessageBox.StandardButton.No)
    editor = open_editor(event_id)
    assert not editor.offer_draft()
    qtbot.waitUntil(lambda: load_draft(store, DRAFT_KIND, str(event_id)) is None)  # on the writing thread
    assert editor.title_kk.text() == "Келіссөздер"


def test_an_unreadable_draft_is_dropped_not_shown(qtbot, open_editor, store, monkeypatch) -> None:
    save_draft(store, DRAFT_KIND, "new", {"event": {"title_kk": "no dates"}})
    Answers(monkeypatch, QMessageBox.StandardButton.Yes)
    editor = open_editor()
    assert not editor.offer_draft()
    qtbot.waitUntil(lambda: load_draft(store, DRAFT_KIND, "new") is None)  # on the writing thread
    assert editor.title_kk.text() == ""


def test_no_question_without_a_draft(open_editor, monkeypatch) -> None:
    answers = Answers(monkeypatch)
    assert not open_editor().offer_draft()
    assert answers.asked == []


# ----------------------------------------------------------------------------------------------- language

def test_language_switch_relabels_names_and_dates(qtbot, qapp, open_editor) -> None:
    editor = open_editor()
    switcher = LanguageSwitcher(qapp)
    try:
        switcher.apply("kk")
        qtbot.waitUntil(lambda: editor.country.currentText() == "Қазақстан")
        assert editor.country.code() == "KZ"
        # Kazakh's short format, widened to a four-digit year.
        assert editor.starts_at.displayFormat() == "dd.MM.yyyy HH:mm"
        assert editor.starts_at.locale().language() == QLocale.Language.Kazakh
    finally:
        switcher.apply("en")
    qtbot.waitUntil(lambda: editor.country.currentText() == "Kazakhstan")


# ------------------------------------------------------------------------------------------- issue 11

def test_attendance_consultation_commission_and_diplomatic_service_are_saved(qtbot, store, open_editor) -> None:
    """p.48 (attendance; the consultations held: date, form, MFA official, reference), p.46 (diplomatic-service
    participation) and p.42/p.44 (a dealing with the Commission) go through the editor into the event."""
    event_id = create_event(store, stored_event(country="CN", city="Beijing"))
    editor = open_editor(event_id)
    editor.attendance.setCurrentIndex(editor.attendance.findData("hybrid"))
    editor.diplomatic_service.setChecked(True)
    editor.commission_party.setChecked(True)
    assert editor.consultation_on.isEnabled() is False
    editor.consulted.setChecked(True)
    editor.consultation_on.setDate(dt.date(2025, 4, 10))
    editor.consultation_form.setCurrentIndex(editor.consultation_form.findData("other"))
    editor.consultation_official.setText("А. Сейітов")
    editor.consultation_ref.setText("13-2/55")
    with qtbot.waitSignal(editor.saved):
        editor.save_button.click()
    data = get_event(store, event_id).data
    assert (data.attendance, data.diplomatic_service_participated, data.commission_party) == ("hybrid", True, True)
    assert (data.consultation_on, data.consultation_form, data.consultation_official, data.consultation_ref) == (
        dt.date(2025, 4, 10), "other", "А. Сейітов", "13-2/55")


def test_consultations_are_kept_only_for_events_abroad(qtbot, store, open_editor) -> None:
    """p.48 is about trips abroad: at home the consultation row is switched off and nothing of it is saved."""
    editor = open_editor()
    editor.title_kk.setText("Кездесу")
    editor.consulted.setChecked(True)
    assert not editor.consulted.isEnabled()
    data = editor.form_data()
    assert (data.consultation_on, data.consultation_form) == (None, "")
