"""Views never go stale (issue 19.5): switching kk → ru → en with every page opened re-renders every page — the
headers in the new language and the rows read again, titles in the new language (Kazakh titles for en)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView

from hattama.i18n import translate_in
from hattama.services.demo import fill_demo
from hattama.ui.app import build_main_window

pytestmark = pytest.mark.gui

KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
CYRILLIC = re.compile("[а-яёА-ЯЁ]")
# The page, its list, and the column holding each row's title (the English msgid of its header).
LISTS = {"dashboard": "Event", "events": "Title", "reports": "Event", "treaties": "Treaty"}
# Pages without rows from the store: a group or button whose text must follow (English msgid).
HEADINGS = {"calendar": ("legend_box", "Legend"), "plans": ("plan_box", "Plan of international events (p.46)"),
            "settings": ("edit_button", "Edit unit details…"), "letters": ("new_button", "Log a letter…")}


@pytest.fixture
def window(qtbot, qapp, store, widgets):
    fill_demo(store, events=30)
    main = build_main_window(qapp, store, "kk")
    widgets.append(main)
    main.resize(1366, 768)
    main.show()
    for entry in main.entries:  # every page opened once
        main.show_page(entry.key)
    return main


def _settled(qtbot, window) -> None:
    pages = [entry.widget for entry in window.entries if hasattr(entry.widget, "is_loading")]
    qtbot.waitUntil(lambda: not any(page.is_loading() for page in pages), timeout=20000)


def _page(window, key: str):
    return next(entry.widget for entry in window.entries if entry.key == key)


def _main_view(page) -> QAbstractItemView:
    views = [view for view in page.findChildren(QAbstractItemView)
             if view.model() is not None and view.model().columnCount() > 3 and view.isVisibleTo(page)]
    return max(views, key=lambda view: view.width())


def _rows(model, parent: QModelIndex | None = None) -> list[QModelIndex]:
    parent = parent or QModelIndex()
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.append(index)
        found.extend(_rows(model, index))
    return found


def _titles(view: QAbstractItemView, language: str, msgid: str) -> set[str]:
    model = view.model()
    headers = [model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())]
    header = translate_in(language, msgid)
    assert header in headers, (language, headers)
    column = headers.index(header)
    texts = {model.index(index.row(), column, index.parent()).data() for index in _rows(model)}
    texts.discard(None)
    texts.discard("")
    assert texts, (language, msgid)
    return texts


def test_every_page_follows_kk_ru_en(qtbot, window) -> None:
    shown: dict[str, dict[str, set[str]]] = {}
    for language in ("kk", "ru", "en"):
        if language != "kk":
            window.change_language(language)
        qtbot.waitUntil(lambda language=language: window.settings_menu.title() == translate_in(language,
                                                                                               "&Settings"))
        _settled(qtbot, window)
        shown[language] = {}
        for key, msgid in LISTS.items():
            view = _main_view(_page(window, key))
            shown[language][key] = _titles(view, language, msgid)
            model = view.model()
            headers = [model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())]
            if language == "en":
                assert not any(CYRILLIC.search(str(text)) for text in headers), (key, headers)
            if language == "ru":
                assert not any(KAZAKH_LETTERS.search(str(text)) for text in headers), (key, headers)
        for key, (attribute, msgid) in HEADINGS.items():
            widget = getattr(_page(window, key), attribute)
            text = widget.title() if hasattr(widget, "title") else widget.text()
            assert text == translate_in(language, msgid), (key, language)
        assert window.navigation.item(0).text() == translate_in(language, "Dashboard")

    for key in LISTS:
        # Kazakh titles in kk (and in en, which shows the Kazakh title first); Russian ones in ru.
        assert any(KAZAKH_LETTERS.search(title) for title in shown["kk"][key]), key
        assert not any(KAZAKH_LETTERS.search(title) for title in shown["ru"][key]), (key, shown["ru"][key])
        assert shown["ru"][key] != shown["kk"][key], key
        assert shown["en"][key] == shown["kk"][key], key
