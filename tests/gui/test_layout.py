"""Layout on the two screens issue 19 names, 1366×768 and 1024×700, in kk, ru and en: nothing scrolls sideways,
titles keep their room, labels and buttons show their whole text."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QAbstractButton, QBoxLayout, QLabel, QMessageBox, QWidget

from hattama.services.events import EventData, Participant, Party, create_event
from hattama.ui.events.editor import EventEditor
from hattama.ui.retranslate import LanguageSwitcher

pytestmark = pytest.mark.gui
LANGUAGES = ("kk", "ru", "en")
# What EventEditor._fit_screen gives on each screen (its size, less 40 px each way, at most 1240×720).
EDITOR_ON_1024 = (984, 660)
EDITOR_ON_1366 = (1240, 720)
STARTS = dt.datetime(2026, 10, 14, 10, 0)


@pytest.fixture
def language(qapp, request):
    """Switches the application to the test's language; back to English after it."""
    switcher = LanguageSwitcher(qapp)
    switcher.apply(request.param)
    yield request.param
    switcher.apply("en")


@pytest.fixture
def event_editor(qtbot, store, monkeypatch):
    participants = (
        Participant("ours", "Әйгерім Жұмабаева", "Халықаралық ынтымақтастық департаментінің директоры",
                    "Сауда және интеграция министрлігі", "Директор Департамента международного сотрудничества",
                    "Министерство торговли и интеграции"),
        Participant("foreign", "Mehmet Yılmaz", "Сауда өкілі", "Түркия Сауда министрлігі", "Торговый представитель",
                    "Министерство торговли Турции"),
    )
    event_id = create_event(store, EventData(
        "Түркия тарапымен бейнеконференция", "Видеоконференция с представителями Турции", "working_meeting",
        STARTS, STARTS + dt.timedelta(hours=2), "KZ", city="Астана", city_ru="Астана",
        parties=(Party("country", "TR"),), participants=participants))
    editor = EventEditor(store, event_id)
    editor.show()
    yield editor
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Discard)
    QThreadPool.globalInstance().waitForDone()
    if shiboken6.isValid(editor):
        editor.close()
        shiboken6.delete(editor)


def cut(widget: QWidget, within: QWidget) -> bool:
    """Whether `widget` (shown) reaches past `within`'s right edge."""
    right = widget.mapTo(within, widget.rect().topRight()).x()
    return right > within.width()


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
def test_event_editor_on_1024_never_scrolls_sideways(qtbot, language, event_editor) -> None:
    """Issue 19: at 1024 px the right column scrolled sideways, cutting the attachment buttons and the
    participants' columns."""
    event_editor.resize(*EDITOR_ON_1024)
    qtbot.waitUntil(lambda: event_editor.scroll_area.viewport().width() < EDITOR_ON_1024[0])
    scroll = event_editor.scroll_area
    qtbot.waitUntil(lambda: scroll.widget().width() <= scroll.viewport().width())
    assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()
    for button in event_editor.attachments.findChildren(QAbstractButton):
        assert not cut(button, scroll.viewport()), button.text()
    # The participants' six columns all show, the whole width below the two columns.
    table = event_editor.participants.table
    assert table.horizontalScrollBar().maximum() == 0
    assert table.width() > scroll.viewport().width() * 0.9


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
def test_event_editor_on_1366_has_two_columns(qtbot, language, event_editor) -> None:
    event_editor.resize(*EDITOR_ON_1366)
    qtbot.waitUntil(lambda: event_editor.scroll_area.viewport().width() > EDITOR_ON_1024[0])
    assert event_editor.columns_layout.direction() == QBoxLayout.Direction.LeftToRight
    assert event_editor.scroll_area.widget().width() <= event_editor.scroll_area.viewport().width()
    # The long check boxes wrap rather than widen the form; every label shows its whole text.
    for label in event_editor.findChildren(QLabel):
        if label.isVisible() and label.text() and not label.wordWrap():
            assert label.width() >= label.sizeHint().width(), label.text()


def test_event_editor_stacks_its_columns_when_narrow(qtbot, event_editor) -> None:
    event_editor.resize(640, 600)
    qtbot.waitUntil(lambda: event_editor.columns_layout.direction() == QBoxLayout.Direction.TopToBottom)
    assert event_editor.scroll_area.horizontalScrollBar().maximum() == 0
    event_editor.resize(*EDITOR_ON_1366)
    qtbot.waitUntil(lambda: event_editor.columns_layout.direction() == QBoxLayout.Direction.LeftToRight)
