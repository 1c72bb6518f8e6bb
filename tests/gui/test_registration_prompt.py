"""Issue 16.4: the one registration question the letter, plan and forms windows ask."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from hattama.ui.registration_prompt import ask_registration_number


def test_the_number_is_trimmed_empty_asks_the_register_and_cancel_registers_nothing(qtbot, monkeypatch) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    answers = iter([(" 07-1/5 ", True), ("   ", True), ("07-1/6", False)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: next(answers))
    assert ask_registration_number(parent, "Register") == "07-1/5"
    assert ask_registration_number(parent, "Register") == ""
    assert ask_registration_number(parent, "Register") is None
