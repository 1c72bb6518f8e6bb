"""Issue 16.1: a letter is linked to the events and treaties it is about — chosen in the letter editor, saved
with the letter in one transaction, shown on the letter (page, CLI) and on the event's documents."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from hattama.cli import main
from hattama.services.errors import ServiceError
from hattama.services.events import create_event
from hattama.services.letters import LetterData, add_letter, get_letter, letters_of, update_letter
from hattama.services.treaties import create_treaty
from hattama.ui.letters.editor import LetterEditor
from hattama.ui.letters.event_documents import EventDocumentsPanel
from hattama.ui.letters.page import letter_details
from tests.events.samples import sample_event
from tests.treaties.samples import treaty_in_force

TODAY = dt.date(2026, 12, 4)


def letter(**changes: object) -> LetterData:
    values: dict = dict(direction="outgoing", correspondent_kind="diplomatic_mission", dated_on=dt.date(2026, 12, 3),
                        correspondent="Embassy of China", subject="Programme of the talks", channel="via_mfa")
    values.update(changes)
    return LetterData(**values)


def test_links_are_saved_with_the_letter_and_shown_with_titles(store) -> None:
    event_id = create_event(store, sample_event())
    treaty_id = create_treaty(store, treaty_in_force())
    letter_id = add_letter(store, letter(links=(("event", event_id), ("treaty", treaty_id))), today=TODAY)
    view = get_letter(store, letter_id)
    assert [(s.kind, s.id, s.title_ru) for s in view.linked] == [
        ("event", event_id, "Переговоры с делегацией Китая"), ("treaty", treaty_id, treaty_in_force().title_ru)]
    assert view.linked[0].on == dt.date(2025, 3, 12)
    assert [found.id for found in letters_of(store, "event", event_id)] == [letter_id]
    assert [found.id for found in letters_of(store, "treaty", treaty_id)] == [letter_id]
    update_letter(store, letter_id, letter(links=(("treaty", treaty_id),)), today=TODAY)  # the event unlinked
    assert letters_of(store, "event", event_id) == []
    assert get_letter(store, letter_id).data.links == (("treaty", treaty_id),)


def test_a_link_to_nothing_refuses_the_whole_letter(store) -> None:
    """One transaction: a letter whose link is wrong is not logged with the other links either."""
    event_id = create_event(store, sample_event())
    letter_id = add_letter(store, letter(links=(("event", event_id),)), today=TODAY)
    with pytest.raises(ServiceError, match="There is no"):
        update_letter(store, letter_id, letter(subject="Changed", links=(("event", event_id),
                                                                         ("treaty", uuid.uuid4()))), today=TODAY)
    view = get_letter(store, letter_id)
    assert view.data.subject == "Programme of the talks" and view.data.links == (("event", event_id),)


@pytest.mark.gui
def test_the_editor_links_and_unlinks_events_and_treaties(qtbot, store) -> None:
    event_id = create_event(store, sample_event())
    other_id = create_event(store, sample_event(title_kk="Жапония делегациясымен кездесу",
                                                title_ru="Встреча с делегацией Японии"))
    treaty_id = create_treaty(store, treaty_in_force())
    letter_id = add_letter(store, letter(links=(("event", event_id),)), today=TODAY)
    editor = LetterEditor(store, [], letter=get_letter(store, letter_id))
    qtbot.addWidget(editor)
    assert "Переговоры с делегацией Китая" in editor.links.list.item(0).text() or \
        "Қытай делегациясымен келіссөздер" in editor.links.list.item(0).text()
    chooser = editor.links.chooser("event")
    qtbot.addWidget(chooser)
    chooser.year.setValue(2025)
    assert chooser.choices.count() == 2
    chooser.search.setText("японии")
    assert [chooser.choices.item(row).isHidden() for row in range(2)].count(False) == 1
    chooser.set_ticked(other_id, True)
    editor.links.apply_choice("event", chooser.chosen())
    editor.links.apply_choice("treaty", [treaty_id])
    assert editor.links.links() == (("event", event_id), ("event", other_id), ("treaty", treaty_id))
    editor.links.list.setCurrentRow(0)
    editor.links.unlink_current()
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save()
    assert get_letter(store, letter_id).data.links == (("event", other_id), ("treaty", treaty_id))
    shown = letter_details(get_letter(store, letter_id))
    assert "Встреча с делегацией Японии" in shown or "Жапония делегациясымен кездесу" in shown


@pytest.mark.gui
def test_the_event_documents_show_the_letters_linked_to_the_event(qtbot, store) -> None:
    event_id = create_event(store, sample_event())
    panel = EventDocumentsPanel(store, event_id, lambda: "Talks")
    qtbot.addWidget(panel)
    assert panel.letters == []
    add_letter(store, letter(links=(("event", event_id),), our_number="12-1/7"), today=TODAY)
    panel.load_letters()
    assert "Programme of the talks" in panel.letters_label.text() and "12-1/7" in panel.letters_label.text()


def test_letter_add_takes_a_treaty_by_the_start_of_its_id_and_show_names_the_links(store, store_path,
                                                                                    capsys) -> None:
    treaty_id = create_treaty(store, treaty_in_force())
    event_id = create_event(store, sample_event())
    db = ["--db", str(store_path), "--lang", "en"]
    assert main([*db, "letter", "add", "--direction", "outgoing", "--correspondent-kind", "mfa", "--on",
                 "2026-12-03", "--event", str(event_id), "--treaty", str(treaty_id)[:8]]) == 0
    letter_id = capsys.readouterr().out.strip()
    assert main([*db, "letter", "show", letter_id]) == 0
    out = capsys.readouterr().out
    assert "Linked treaty: " in out and str(treaty_id) in out and "Linked event: " in out
