"""Layout on the two screens issue 19 names, 1366×768 and 1024×700, in kk, ru and en: nothing scrolls sideways,
titles keep their room, labels and buttons show their whole text."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import Qt, QThreadPool
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


# --------------------------------------------------------------------------------------------------- the pages

@pytest.fixture
def window(qtbot, qapp, store, widgets):
    from hattama.services.demo import fill_demo
    from hattama.ui.app import build_main_window

    fill_demo(store, events=30)
    main = build_main_window(qapp, store, "kk")
    widgets.append(main)
    main.show()
    return main


def shown_page(qtbot, window, key: str, language: str, size: tuple[int, int]):
    window.change_language(language)
    window.resize(*size)
    window.page(key)
    window.show_page(key)
    pages = (window.dashboard, window.events_page, window.reports_page)
    qtbot.waitUntil(lambda: not any(page.is_loading() for page in pages), timeout=20000)
    qtbot.wait(50)
    return next(entry.widget for entry in window.entries if entry.key == key)


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
@pytest.mark.parametrize("language", LANGUAGES)
def test_events_title_has_its_share_and_the_status_its_text(qtbot, window, language, size) -> None:
    """Issue 19.4: the title stretches (at 1366 px it was elided while the kinds kept their whole text); the
    short columns (status) keep theirs."""
    from hattama.ui.column_widths import TITLE_MINIMUM, TITLE_SHARE
    from hattama.ui.events.page import COLUMNS

    page = shown_page(qtbot, window, "events", language, size)
    header = page.table.horizontalHeader()
    viewport = page.table.viewport().width()
    title = header.sectionSize(COLUMNS.index("title"))
    assert title >= max(TITLE_MINIMUM, int(viewport * TITLE_SHARE)) - 2, (title, viewport)
    assert sum(header.sectionSize(column) for column in range(len(COLUMNS))
               if not header.isSectionHidden(column)) <= viewport + 1  # nothing off-screen
    if size[0] == 1366:
        status = COLUMNS.index("status")
        widest = max(page.table.fontMetrics().horizontalAdvance(str(page.model.index(row, status).data() or ""))
                     for row in range(min(page.model.rowCount(), 30)))
        assert header.sectionSize(status) >= widest


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard_shows_the_event_and_whole_dates(qtbot, window, language, size) -> None:
    """Issue 19: the Event column was off-screen and the Due column cut English dates."""
    from hattama.i18n import format_date
    from hattama.ui.dashboard.obligations_model import COLUMNS

    page = shown_page(qtbot, window, "dashboard", language, size)
    header = page.tree.header()
    viewport = page.tree.viewport().width()
    event = COLUMNS.index("event")
    assert header.sectionViewportPosition(event) + header.sectionSize(event) <= viewport + 1
    assert header.sectionSize(event) >= viewport * 0.25
    widest_date = max(page.tree.fontMetrics().horizontalAdvance(format_date(dt.date(2026, month, 28), "short"))
                      for month in range(1, 13))
    assert header.sectionSize(COLUMNS.index("due")) >= widest_date + 2 * page.tree.indentation()


@pytest.mark.parametrize("language", LANGUAGES)
def test_reports_list_title_keeps_its_minimum_at_1024(qtbot, window, language) -> None:
    """Issue 19: beside the report editor the list's titles were a few letters wide."""
    from hattama.ui.column_widths import TITLE_MINIMUM
    from hattama.ui.reports.page import COLUMNS

    page = shown_page(qtbot, window, "reports", language, (1024, 700))
    assert page.table.horizontalHeader().sectionSize(COLUMNS.index("event")) >= TITLE_MINIMUM - 2
    # The report editor's buttons and labels show their whole text.
    editor = page.editor
    for widget in editor.findChildren(QAbstractButton) + editor.findChildren(QLabel):
        if widget.isVisible() and widget.text() and not getattr(widget, "wordWrap", lambda: False)():
            assert widget.width() >= widget.sizeHint().width() - 1, widget.text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_empty_letters_page_says_what_to_do(qtbot, qapp, store, widgets, language) -> None:
    from hattama.ui.app import build_main_window

    main = build_main_window(qapp, store, "kk")
    widgets.append(main)
    main.show()
    page = shown_page(qtbot, main, "letters", language, (1024, 700))
    qtbot.waitUntil(lambda: not page.is_loading())
    assert page.details.text()  # the pane was blank
    header = page.table.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(header.count()):
        if not header.isSectionHidden(column):
            title = page.table.model().headerData(column, Qt.Orientation.Horizontal)
            assert header.sectionSize(column) >= metrics.horizontalAdvance(title), title


@pytest.mark.parametrize("key", ["dashboard", "events", "reports", "treaties", "letters"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_tables_fit_and_show_their_headers_at_1024(qtbot, window, language, key) -> None:
    """Issue 19: at 1024 px no table runs past the window and no header's title is cut (Treaties' body column,
    Letters' headers)."""
    from PySide6.QtWidgets import QAbstractItemView

    from hattama.ui.column_widths import header_of

    page = shown_page(qtbot, window, key, language, (1024, 700))
    if hasattr(page, "is_loading"):
        qtbot.waitUntil(lambda: not page.is_loading(), timeout=20000)
    view = max((view for view in page.findChildren(QAbstractItemView) if view.isVisibleTo(page)
                and view.model() is not None and view.model().columnCount() > 3), key=lambda view: view.width())
    header = header_of(view)
    shown = [column for column in range(header.count()) if not header.isSectionHidden(column)]
    assert sum(header.sectionSize(column) for column in shown) <= view.viewport().width() + 1
    metrics = header.fontMetrics()
    for column in shown:
        title = str(view.model().headerData(column, Qt.Orientation.Horizontal) or "")
        assert header.sectionSize(column) >= metrics.horizontalAdvance(title), (title, header.sectionSize(column))
