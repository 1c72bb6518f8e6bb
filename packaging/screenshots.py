"""Screenshots of the window with the demo store, drawn offscreen (no display needed).

    python packaging/screenshots.py pages OUT      every page in kk, ru and en at 1366×768 and 1024×700, to look at
    python packaging/screenshots.py help           the user guide's pictures, resources/help/images/<lang>-<task>.png

The demo store is made by `hattama --db … demo` in a temporary folder, on a pinned day (4 December 2026), with a
temporary officer folder, so the pictures do not change from one run to the next and nothing of the machine's
own Hattama is touched.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HATTAMA_CONFIG_DIR"] = tempfile.mkdtemp(prefix="hattama-shots-config-")

from PySide6.QtCore import QSize, Qt  # noqa: E402 (the platform is chosen first)
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from hattama import clock  # noqa: E402
from hattama.cli import main as cli  # noqa: E402
from hattama.db.store import open_store  # noqa: E402
from hattama.ui.app import build_main_window, create_application  # noqa: E402
from hattama.ui.main_window import MainWindow  # noqa: E402

PINNED = dt.datetime(2026, 12, 4, 10, 0)
SIZES = (QSize(1366, 768), QSize(1024, 700))
HELP_SIZE = QSize(1024, 700)
HELP_WIDTH = 860  # the guide shows pictures at most this wide
ROOT = Path(__file__).resolve().parents[1]


def settle(app: QApplication, window: MainWindow) -> None:
    """Until the pages' loads have answered (they run on worker threads)."""
    pages = (window.dashboard, window.events_page, window.reports_page)
    for _round in range(600):
        app.processEvents()
        if not any(page.is_loading() for page in pages):
            break
        QApplication.instance().thread().msleep(20)
    for _round in range(30):
        app.processEvents()


def open_window(language: str) -> tuple[QApplication, MainWindow]:
    clock.pin(PINNED)
    store_path = Path(tempfile.mkdtemp(prefix="hattama-shots-")) / "demo.sqlite3"
    if cli(["--db", str(store_path), "demo"]) != 0:
        raise SystemExit("the demo store could not be made")
    app = create_application()
    window = build_main_window(app, open_store(store_path), language)
    window.show()
    for widget in app.topLevelWidgets():  # a first-run assistant, should the store ask for one
        if widget is not window and widget.isVisible():
            widget.close()
    settle(app, window)
    return app, window


def save(widget: QWidget, path: Path, width: int | None = None) -> None:
    picture = widget.grab()
    if width is not None and picture.width() > width:
        picture = picture.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not picture.save(str(path)):
        raise SystemExit(f"cannot write {path}")
    print(path)


def every_page(out: Path) -> None:
    app, window = open_window("kk")
    for language in ("kk", "ru", "en"):
        window.change_language(language)
        settle(app, window)
        for size in SIZES:
            window.resize(size)
            for entry in window.entries:
                window.show_page(entry.key)
                settle(app, window)
                try:
                    save(window, out / f"{language}-{size.width()}x{size.height()}-{entry.key}.png")
                except Exception as error:  # a page that fails to draw is named; the others are still shot
                    print(f"{language} {size.width()}x{size.height()} {entry.key}: {error!r}", file=sys.stderr)
            editor_shots(app, window, out / f"{language}-{size.width()}x{size.height()}-event-editor", size)


def editor_shots(app: QApplication, window: MainWindow, stem: Path, screen: QSize) -> None:
    """The event editor as it opens on `screen` (EventEditor._fit_screen), its top and its bottom."""
    editor = _first_event_editor(window, screen)
    editor.show()
    settle(app, window)
    save(editor, stem.with_name(stem.name + "-top.png"))
    bar = editor.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum())
    settle(app, window)
    save(editor, stem.with_name(stem.name + "-bottom.png"))
    editor.hide()
    editor.deleteLater()
    settle(app, window)


def _first_event_editor(window: MainWindow, screen: QSize) -> QWidget:
    """The first event's editor at the size it opens with on `screen` (EventEditor._fit_screen): the offscreen
    platform's own screen is smaller than the ones the pictures stand for."""
    from hattama.ui.events.editor import EDITOR_SIZE

    window.show_page("events")
    window.events_page.table.selectRow(0)
    editor = window.events_page.open_event(window.events_page.selected_rows()[0].id)
    editor.resize(min(EDITOR_SIZE[0], screen.width() - 40), min(EDITOR_SIZE[1], screen.height() - 40))
    return editor


def _export_dialog(window: MainWindow) -> QWidget:
    from hattama.ui.bundles.export_dialog import ExportBundleDialog

    window.show_page("reports")
    current = [window.reports_page.editor.report_id] if window.reports_page.editor.report_id else []
    return ExportBundleDialog(window.store, current, window)


def help_pictures() -> None:
    """Per language, one picture per task of the guide (the page, or the dialog the task opens)."""
    tasks: dict[str, Callable[[MainWindow], QWidget | None]] = {
        "event": lambda window: _first_event_editor(window, HELP_SIZE),
        "report": lambda window: window.show_page("reports"),
        "export": _export_dialog,
        "verify": lambda window: window.show_page("verify"),
        "calendar": lambda window: window.show_page("calendar"),
    }
    app, window = open_window("kk")
    window.resize(HELP_SIZE)
    for language in ("kk", "ru"):
        window.change_language(language)
        settle(app, window)
        for task, show in tasks.items():
            dialog = show(window)
            settle(app, window)
            shown = dialog if isinstance(dialog, QWidget) else window
            if dialog is not None:
                dialog.show()
                settle(app, window)
            save(shown, ROOT / "resources" / "help" / "images" / f"{language}-{task}.png", HELP_WIDTH)
            if dialog is not None:
                dialog.hide()
                dialog.deleteLater()
            settle(app, window)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "help":
        help_pictures()
    elif len(sys.argv) == 3 and sys.argv[1] == "pages":
        every_page(Path(sys.argv[2]))
    else:
        raise SystemExit(__doc__)
    os._exit(0)  # the demo stores' connections and worker threads need no orderly shutdown
