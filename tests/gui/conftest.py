"""Fixtures shared by the GUI tests."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget

from hattama.ui.main_window import MainWindow
from hattama.ui.retranslate import LanguageSwitcher
from hattama.ui.workers import write_pool


@pytest.fixture(autouse=True)
def pages_built_when_shown(monkeypatch):
    """In these tests a window builds a page when it is shown or asked for, as an officer's quick first click
    finds it, never on a timer of its own while the test drives it; test_build_ahead.py tests building ahead."""
    monkeypatch.setattr(MainWindow, "builds_ahead", False)


@pytest.fixture
def widgets(qapp):
    """Widgets deleted at teardown on the GUI thread, once no job still reports to them: left to Python's
    garbage collector, a widget may be destroyed on a worker thread that happens to collect, crashing Qt."""
    made: list[QWidget] = []
    yield made
    QThreadPool.globalInstance().waitForDone()
    write_pool().waitForDone()
    for widget in made:
        if shiboken6.isValid(widget):
            widget.close()
            shiboken6.delete(widget)


@pytest.fixture
def language(qapp, request):
    """Switches the application to the test's language (parametrized indirectly); back to English after it."""
    switcher = LanguageSwitcher(qapp)
    switcher.apply(request.param)
    yield request.param
    switcher.apply("en")
