"""Layout on the two screens issue 19 names, 1366×768 and 1024×700, in kk, ru and en: nothing scrolls sideways,
titles keep their room, labels and buttons show their whole text."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QAbstractButton, QBoxLayout, QLabel, QMessageBox, QScrollArea, QWidget

from hattama.services.events import EventData, Participant, Party, create_event
from hattama.ui.events.editor import EventEditor

pytestmark = pytest.mark.gui
LANGUAGES = ("kk", "ru", "en")
# What EventEditor._fit_screen gives on each screen (its size, less 40 px each way, at most 1240×720).
EDITOR_ON_1024 = (984, 660)
EDITOR_ON_1366 = (1240, 720)
STARTS = dt.datetime(2026, 10, 14, 10, 0)


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


# ------------------------------------------------------------------- whole words where they carry the meaning

# What a view's cell leaves its text beside the column's width (the style's margins, each side).
CELL_MARGINS = 8


def rows_on_screen(view) -> list[int]:
    """The rows of a table drawn in its viewport (the first window's, loaded)."""
    first = max(view.rowAt(0), 0)
    last = view.rowAt(view.viewport().height() - 1)
    return list(range(first, (last if last >= 0 else view.model().rowCount() - 1) + 1))


def cut_cells(view, header, column: int, texts: list[str]) -> list[str]:
    """The texts wider than what `column` leaves them (measured with the view's font)."""
    room = header.sectionSize(column) - CELL_MARGINS
    metrics = view.fontMetrics()
    return [text for text in texts if metrics.horizontalAdvance(text) > room]


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
@pytest.mark.parametrize("language", LANGUAGES)
def test_events_status_and_obligation_columns_show_whole_words(qtbot, window, language, size) -> None:
    """Issue 19: in Kazakh at 1024 px the status read "Жосп…нған" and the obligation state "СІМ с…ілуде"; now
    every visible row's status and obligation state shows whole (a short form where the whole name is long, the
    whole name in the tooltip), and the columns that do show are not elided to a few letters."""
    from hattama.ui.column_widths import READABLE
    from hattama.ui.events.page import COLUMNS

    page = shown_page(qtbot, window, "events", language, size)
    header = page.table.horizontalHeader()
    rows = rows_on_screen(page.table)
    assert len(rows) >= 15
    for name in ("status", "obligations"):
        column = COLUMNS.index(name)
        assert not header.isSectionHidden(column)
        texts = [str(page.model.index(row, column).data() or "") for row in rows]
        assert any(texts) and not cut_cells(page.table, header, column, texts), (name, header.sectionSize(column))
    from hattama.presentation.obligations import SHORT_STATE_LABELS
    from hattama.ui.events.table_model import SHORT_STATUS_LABELS

    for name, labels in (("status", SHORT_STATUS_LABELS.values()), ("obligations", SHORT_STATE_LABELS.values())):
        texts = [i18n_text(label) for label in labels]  # not only the rows on screen
        assert not cut_cells(page.table, header, COLUMNS.index(name), texts), name
    fitted = page.layout_keeper.fitted_widths()
    for name in ("kind", "place"):  # shown whole or at a readable width, or given up for the others
        column = COLUMNS.index(name)
        assert header.isSectionHidden(column) or header.sectionSize(column) >= min(fitted[name], READABLE) - 1, name
    assert not header.isSectionHidden(COLUMNS.index("place"))
    obligations = COLUMNS.index("obligations")
    awaiting = [row for row in range(page.model.rowCount())
                if page.model.index(row, obligations).data() == i18n_text("Awaiting request")]
    if awaiting:  # the short form's tooltip says the whole state
        assert page.model.index(awaiting[0], obligations).data(Qt.ItemDataRole.ToolTipRole) == i18n_text(
            "Awaiting the MFA's request")


def i18n_text(msgid: str) -> str:
    from hattama.i18n import _

    return _(msgid)


@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard_state_and_obligation_show_whole_words_at_1024(qtbot, window, language) -> None:
    """Issue 19: the Dashboard's obligation titles read "Іс-шара …-ге есеп" at 1024 px; the tree shows them
    short and whole (the whole title in the tooltip and the details pane), the states whole."""
    from hattama.presentation import obligations as words
    from hattama.ui.dashboard.obligations_model import COLUMNS, VIEW_ROLE

    page = shown_page(qtbot, window, "dashboard", language, (1024, 700))
    header = page.tree.header()
    model = page.model
    shown = 0
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        if not page.tree.isExpanded(parent):
            continue
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if not page.tree.visualRect(index).intersects(page.tree.viewport().rect()):
                continue
            shown += 1
            for name in ("state", "obligation"):
                column = COLUMNS.index(name)
                text = str(index.siblingAtColumn(column).data())
                assert not cut_cells(page.tree, header, column, [text]), (name, text, header.sectionSize(column))
            view = index.data(VIEW_ROLE)
            tooltip = index.siblingAtColumn(COLUMNS.index("obligation")).data(Qt.ItemDataRole.ToolTipRole)
            assert tooltip.startswith(words.title(view, language))
    assert shown >= 5
    # Not only those on screen: every obligation's short title, and every state, fits.
    for name, texts in (("obligation", words.SHORT_TITLES.values()), ("state", words.SHORT_STATE_LABELS.values())):
        column = COLUMNS.index(name)
        assert not cut_cells(page.tree, header, column, [i18n_text(text) for text in texts]), name


@pytest.mark.parametrize("language", LANGUAGES)
def test_treaties_kind_and_status_whole_at_1024(qtbot, window, language) -> None:
    """Issue 19: in Russian at 1024 px "Межпра…венный", "Подписа… в силу"."""
    from hattama.ui.treaties.table_model import COLUMNS

    page = shown_page(qtbot, window, "treaties", language, (1024, 700))
    qtbot.waitUntil(lambda: page.table.model().rowCount() > 0, timeout=20000)
    header = page.table.horizontalHeader()
    rows = rows_on_screen(page.table)
    for name in ("kind", "status"):
        column = COLUMNS.index(name)
        texts = [str(page.table.model().index(row, column).data() or "") for row in rows]
        assert any(texts) and not cut_cells(page.table, header, column, texts), (name, header.sectionSize(column))


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_sections_have_room_on_a_700_px_screen(qtbot, window, language) -> None:
    """Issue 19: at 1024×700 the deadline, buttons and request box left the report's sections a line or two; the
    deadline and request pane now takes at most its share, the sections scroll within a tab at least
    REPORT_SECTIONS_MIN px high (two sections of SECTION_LINES lines), and the buttons show their whole text."""
    from hattama.ui.reports.editor import NOTES_SHARE, SECTION_LINES

    page = shown_page(qtbot, window, "reports", language, (1024, 700))
    editor = page.editor
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: editor.record is not None, timeout=10000)
    qtbot.wait(50)
    tab = editor.language_tabs[editor.current_language_code()]
    sections = tab.findChild(QScrollArea).viewport()
    line = tab.edits["issues"].fontMetrics().lineSpacing()
    assert sections.height() >= 2 * (SECTION_LINES * line + 12), sections.height()
    assert sections.height() >= REPORT_SECTIONS_MIN
    splitter = editor.splitter
    assert splitter.sizes()[0] <= NOTES_SHARE * (splitter.height() - splitter.handleWidth()) + 1
    # The deadline's first line is on screen, in the pane, without scrolling.
    assert editor.deadline.text() and editor.notes_scroll.verticalScrollBar().value() == 0
    for button in editor.findChildren(QAbstractButton):
        if button.isVisible() and button.text():
            assert button.width() >= button.sizeHint().width() - 1, button.text()


REPORT_SECTIONS_MIN = 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_plan_page_buttons_and_projects_fit_at_1024(qtbot, window, language) -> None:
    """Issue 19: in Russian at 1024 px "…тить план как отправле"; the image projects scrolled sideways."""
    page = shown_page(qtbot, window, "plans", language, (1024, 700))
    for button in page.findChildren(QAbstractButton):
        if button.isVisible() and button.text():
            assert button.width() >= button.sizeHint().width() - 1, button.text()
            assert not cut(button, page), button.text()
    assert page.projects.horizontalScrollBar().maximum() == 0


def drawn_text(view, index) -> str:
    """The text the column's delegate draws in `index`'s cell."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.initFrom(view.viewport())
    option.rect = view.visualRect(index)
    delegate = view.itemDelegateForColumn(index.column())
    delegate.initStyleOption(option, index)
    return option.text


def test_a_short_state_shows_whole_once_the_column_has_room(qtbot, window) -> None:
    """Issue 19: the Events obligation column is sized for the short forms ("Ждёт запроса"); an officer who widens
    it sees the whole state ("Ожидается запрос МИД"), and narrowed again the short form, never an elided one."""
    from hattama.ui.events.page import COLUMNS

    page = shown_page(qtbot, window, "events", "ru", (1366, 768))
    column = COLUMNS.index("obligations")
    header = page.table.horizontalHeader()
    awaiting = next(row for row in range(page.model.rowCount())
                    if page.model.index(row, column).data() == "Ждёт запроса")
    index = page.model.index(awaiting, column)
    page.table.scrollTo(index)
    assert drawn_text(page.table, index) == "Ждёт запроса"
    header.resizeSection(column, page.table.fontMetrics().horizontalAdvance("Ожидается запрос МИД") + 12)
    assert drawn_text(page.table, index) == "Ожидается запрос МИД"
    assert page.layout_keeper.widths["obligations"] == header.sectionSize(column)  # remembered for the officer


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
def test_participants_side_shows_its_whole_label(qtbot, language, event_editor) -> None:
    """Issue 19: in Kazakh "Қазақстан тарапынан" ran under the side combo's arrow."""
    from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox

    event_editor.resize(*EDITOR_ON_1024)
    table = event_editor.participants.table
    qtbot.waitUntil(lambda: table.rowCount() == 2)
    for row in range(table.rowCount()):
        combo = table.cellWidget(row, 0)
        assert isinstance(combo, QComboBox)
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, combo).width()
        for index in range(combo.count()):
            # The style draws the text inset in the edit field (Fusion: some px each side).
            assert combo.fontMetrics().horizontalAdvance(combo.itemText(index)) <= room - CELL_MARGINS, (
                combo.itemText(index), room)
