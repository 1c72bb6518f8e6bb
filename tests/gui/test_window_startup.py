"""The window's start (issues 18.1, 22.2, 20.7): it paints before any page is built, builds the page on screen
after, checks the store in the background, and opens the log folder from Help. Work done, never time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from hattama.db.store import open_store
from hattama.paths import log_dir
from hattama.ui import app as app_module
from hattama.ui.app import build_main_window, check_in_background
from tests.foundation.test_startup import damaged_deep_inside

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]
# A fresh process: what the window had loaded and built when it was shown, and after it filled.
_WINDOW = """
import json, sys
from pathlib import Path
from hattama.db.store import open_store
from hattama.ui.app import build_main_window, create_application
app = create_application()
store = open_store(Path(sys.argv[1]))
window = build_main_window(app, store, "en")
window.show()
heavy = ("sqlalchemy", "alembic", "reportlab", "pyhanko", "babel", "uuid", "logging.handlers", "hattama.ui.dashboard.page",
         "hattama.ui.events.page")
shown = {"loaded": [name for name in heavy if name in sys.modules], "built": sorted(window.built)}
filled = []
window.filled.connect(lambda: filled.append(sorted(window.built)))
while not filled:
    app.processEvents()
print(json.dumps({**shown, "painted": window.painted, "filled": filled[0],
                  "file_menu": len(window.file_menu.actions())}))
"""


def test_the_window_paints_before_any_page_and_fills_the_one_on_screen_after(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    open_store(store).close()
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HATTAMA_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-c", _WINDOW, str(store)], capture_output=True, text=True,
                            env=environment, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["loaded"] == [] and report["built"] == []  # nothing of the pages before the first paint
    assert report["painted"] is True and report["filled"] == ["dashboard"]  # the page on screen, after it
    assert report["file_menu"] > 3  # Export bundle, the trip entries, the separator, Quit


def test_a_page_is_built_when_first_shown(qtbot, qapp, store, widgets) -> None:
    window = build_main_window(qapp, store, "en")
    widgets.append(window)
    assert window.built == {}
    window.show_page("letters")
    assert sorted(window.built) == ["letters"]
    assert window.pages.currentWidget() is window.letters_page
    assert [entry.key for entry in window.entries][window.navigation.currentRow()] == "letters"


def test_the_background_check_says_when_the_store_is_damaged(qtbot, qapp, tmp_path, widgets, monkeypatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: said.append(text))
    path = damaged_deep_inside(tmp_path / "store.sqlite3")
    store = open_store(path)
    try:
        window = build_main_window(qapp, store, "en")
        widgets.append(window)
        check_in_background(window, store)
        qtbot.waitUntil(lambda: bool(said), timeout=20000)
    finally:
        store.close()
    assert "found damage in the store" in said[0] and str(path) in said[0]


def test_after_the_first_paint_an_unclean_shutdown_is_checked_at_once(qtbot, qapp, store, widgets,
                                                                        monkeypatch) -> None:
    checked: list[object] = []
    monkeypatch.setattr(app_module, "check_in_background", lambda window, opened: checked.append(opened))
    monkeypatch.setattr(type(store), "left_open", property(lambda _store: True))
    window = build_main_window(qapp, store, "en")
    widgets.append(window)
    app_module.after_first_paint(window, store)
    qtbot.waitUntil(lambda: checked == [store], timeout=5000)


def test_help_opens_the_log_folder(qtbot, qapp, store, widgets, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile())
                                                                 or True))
    window = build_main_window(qapp, store, "en")
    widgets.append(window)
    assert window.log_folder_action in window.help_menu.actions()
    assert window.log_folder_action.text() == "Open &log folder"
    window.log_folder_action.trigger()
    assert opened == [str(log_dir())] and log_dir().is_dir()


def test_the_other_pages_are_built_ahead_while_the_window_is_quiet(qtbot, qapp, store, widgets,
                                                                   monkeypatch) -> None:
    """Issue 22.4: a page's first click only shows it (building it and painting it in one frame was 40-70 ms)."""
    import threading

    from hattama.ui import main_window, preload

    monkeypatch.setattr(main_window.MainWindow, "builds_ahead", True)
    monkeypatch.setattr(main_window, "PRELOAD_DELAY_MS", 0)
    started = threading.Event()
    started.set()
    monkeypatch.setattr(preload, "_started", started)  # this process's preloading thread is not this test's
    window = build_main_window(qapp, store, "en")
    widgets.append(window)
    window.show()
    qtbot.waitUntil(lambda: set(window.built) == set(main_window.BUILT_AHEAD), timeout=30_000)
    assert window.pages.currentWidget() is window.built["dashboard"]  # the page on screen stays
    assert "settings" not in window.built  # it asks the keyring: built when the officer opens it
    reports = window.built["reports"]
    window.show_page("reports")
    assert window.pages.currentWidget() is reports  # shown, not built again


def test_a_closed_window_builds_nothing_ahead(qtbot, qapp, store, widgets) -> None:
    window = build_main_window(qapp, store, "en")
    widgets.append(window)
    window.show()
    qtbot.waitUntil(lambda: "dashboard" in window.built)
    window.close()
    window._build_ahead("reports")
    assert sorted(window.built) == ["dashboard"]


def test_a_page_chosen_in_the_navigation_is_built_on_the_next_turn(qtbot, qapp, store, widgets) -> None:
    """Issue 22.4: the click's own frame paints the choice; the page is built in a frame of its own after it."""
    window = build_main_window(qapp, store, "en")
    widgets.append(window)
    window.show()
    qtbot.waitUntil(lambda: "dashboard" in window.built)
    dashboard = window.built["dashboard"]
    rows = {entry.key: row for row, entry in enumerate(window.entries)}
    window.navigation.setCurrentRow(rows["letters"])
    window.navigation.setCurrentRow(rows["plans"])  # another choice before the event loop turned
    assert "plans" not in window.built and window.pages.currentWidget() is dashboard
    qtbot.waitUntil(lambda: "plans" in window.built)
    assert window.pages.currentWidget() is window.built["plans"]
    assert "letters" not in window.built  # the choice left behind is not built
    window.navigation.setCurrentRow(rows["dashboard"])
    assert window.pages.currentWidget() is dashboard  # a page already built is shown at once
