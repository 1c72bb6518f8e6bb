"""The user guide (issue 19.9): offline HTML in Kazakh and Russian, one page per task with its screenshot, opened
from Help → User guide; the English interface shows the Russian guide."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument

from hattama.i18n import translate_in
from hattama.paths import resources_dir
from hattama.ui.app import build_main_window
from hattama.ui.help import GUIDE_LANGUAGES, PAGES, guide_page

pytestmark = pytest.mark.gui

HELP = resources_dir() / "help"
KAZAKH_ONLY = "әғқңөұүһі"
RARE = "һ"  # in loanwords only (жиһаз, қаһарман): a guide may well have none


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "img" and values.get("src"):
            self.images.append(values["src"] or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("language", GUIDE_LANGUAGES)
def test_every_task_has_a_page_a_picture_and_working_links(language) -> None:
    for page in PAGES:
        parsed = _parsed(guide_page(page, language))
        for link in parsed.links:
            assert (guide_page(page, language).parent / link).is_file(), (page, link)
        if page == "index":
            assert sorted(parsed.links) == sorted(f"{task}.html" for task in PAGES if task != "index")
            continue
        assert parsed.images, page
        for source in parsed.images:
            picture = (guide_page(page, language).parent / source).resolve()
            assert picture.name.startswith(f"{language}-"), source  # the interface in the guide's language
            assert not QImage(str(picture)).isNull(), source


def test_the_kazakh_guide_is_written_with_kazakh_letters_and_the_russian_one_without() -> None:
    kazakh = " ".join(" ".join(_parsed(guide_page(page, "kk")).text) for page in PAGES).lower()
    russian = " ".join(" ".join(_parsed(guide_page(page, "ru")).text) for page in PAGES).lower()
    kazakh, russian = " ".join(kazakh.split()), " ".join(russian.split())
    # Its own letters throughout, not Russian with a few words changed.
    assert set(KAZAKH_ONLY) - set(RARE) <= set(kazakh)
    assert not set(KAZAKH_ONLY) & set(russian)
    assert len(re.findall("[а-яё]", russian)) > 2000
    # The guide names the buttons as the interface does.
    for msgid in ("Mark ready", "Import into the store", "Enter override", "Sign and export"):
        assert f"«{translate_in('kk', msgid).lower()}»" in kazakh, msgid
        assert f"«{translate_in('ru', msgid).lower()}»" in russian, msgid


def test_help_menu_opens_the_guide_in_the_interface_language(qtbot, qapp, store, widgets) -> None:
    window = build_main_window(qapp, store, "kk")
    widgets.append(window)
    window.guide_action.trigger()
    guide = window.help_window
    assert guide is not None and guide.isVisible()
    assert guide.browser.source().toLocalFile() == str(guide_page("index", "kk"))
    assert "нұсқаулығы" in guide.browser.toPlainText()

    guide.browser.setSource(guide.browser.source().resolved(QUrl("event.html")))  # as a click on its link
    assert guide.page_shown() == "event"
    picture = guide.browser.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("../images/kk-event.png"))
    assert picture is not None and not QImage.fromData(picture).isNull()

    window.change_language("ru")
    qtbot.waitUntil(lambda: guide.browser.source().toLocalFile() == str(guide_page("event", "ru")))
    window.change_language("en")  # no English guide: the Russian one
    qtbot.waitUntil(lambda: guide.windowTitle() == "User guide")
    assert guide.browser.source().toLocalFile() == str(guide_page("event", "ru"))
    assert window.guide_action.shortcut().toString() == "F1"
