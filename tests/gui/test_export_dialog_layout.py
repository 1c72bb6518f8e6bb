"""The bundle export dialog on a 1024×700 screen, in kk, ru and en: every control shows its whole text at the
dialog's least size (a fixed minimum of 720 px cut the Russian "draft the letter" button on both sides, and the
Kazakh timestamp box with NCALayer), nothing scrolls sideways, and the drafted letter and the outcome scroll
rather than pushing the dialog past the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from hattama.services import submission
from hattama.ui.bundles.export_dialog import ExportBundleDialog
from hattama.ui.retranslate import LanguageSwitcher
from tests.submission.helpers import ready_report

pytestmark = pytest.mark.gui
LANGUAGES = ("kk", "ru", "en")
# A 1024×700 screen less the window's title and frame, as EventEditor._fit_screen leaves (40 px each way).
ROOM = (984, 660)


def cut_controls(dialog: ExportBundleDialog) -> list[tuple[str, int, int]]:
    """The shown buttons, check boxes and one-line labels narrower than their text asks (text, width, asked)."""
    cut = []
    for widget in [*dialog.findChildren(QAbstractButton), *dialog.findChildren(QLabel)]:
        if not widget.isVisibleTo(dialog) or not widget.text() or (isinstance(widget, QLabel) and widget.wordWrap()):
            continue
        if widget.width() < widget.sizeHint().width():
            cut.append((widget.text(), widget.width(), widget.sizeHint().width()))
    return cut


@pytest.mark.parametrize("with_ncalayer", [False, True], ids=["key-file", "ncalayer"])
@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
def test_every_control_is_whole_at_the_least_size(qtbot, store, tmp_path: Path, language, with_ncalayer) -> None:
    report_id = ready_report(store, tmp_path)
    submission.choose_ncalayer(store, with_ncalayer)
    dialog = ExportBundleDialog(store, [report_id])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.timestamp_box.isVisibleTo(dialog) == with_ncalayer
    assert cut_controls(dialog) == []  # as it opens
    assert dialog.width() <= ROOM[0] and dialog.height() <= ROOM[1]

    dialog.resize(dialog.minimumSize())
    qtbot.waitUntil(lambda: dialog.size() == dialog.minimumSize())
    assert cut_controls(dialog) == []
    assert dialog.draft_button.width() >= dialog.draft_button.sizeHint().width() > 0
    scroll = dialog.scroll_area
    assert scroll.widget().width() <= scroll.viewport().width()  # never sideways


def test_a_switch_of_language_widens_the_open_dialog(qtbot, qapp, store, tmp_path: Path) -> None:
    dialog = ExportBundleDialog(store, [ready_report(store, tmp_path)])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(dialog.minimumSize())
    switcher = LanguageSwitcher(qapp)
    try:
        switcher.apply("ru")
        qtbot.waitUntil(lambda: dialog.draft_button.width() >= dialog.draft_button.sizeHint().width())
        assert cut_controls(dialog) == []
    finally:
        switcher.apply("en")


@pytest.mark.parametrize("language", ["kk", "ru"], indirect=True)
def test_the_letter_and_the_outcome_scroll_within_the_screen(qtbot, store, tmp_path: Path, language) -> None:
    dialog = ExportBundleDialog(store, [ready_report(store, tmp_path)])
    qtbot.addWidget(dialog)
    dialog.show()
    opened = dialog.height()
    dialog.letter_tabs.show()
    dialog.outcome.setText("\n".join(f"line {number}" for number in range(7)))
    dialog.result_box.show()
    dialog._grow_to_show()  # as after drafting the letter and after the export
    available = dialog.screen().availableGeometry()
    assert opened < dialog.height() <= available.height() - 40
    assert available.top() <= dialog.frameGeometry().top() and dialog.frameGeometry().bottom() <= available.bottom()
    # Without the scroll the least height was 785 px in Russian (the letter 100, the outcome 125).
    assert dialog.minimumSize().height() <= ROOM[1]
    assert dialog.minimumSize().width() <= ROOM[0]
    dialog.resize(dialog.minimumSize())
    qtbot.waitUntil(lambda: dialog.size() == dialog.minimumSize())
    qtbot.waitUntil(lambda: dialog.scroll_area.verticalScrollBar().maximum() > 0)
    assert dialog.scroll_area.horizontalScrollBar().maximum() == 0
    assert cut_controls(dialog) == []


@pytest.mark.parametrize("language", ["kk"], indirect=True)
def test_the_open_list_follows_a_switch_of_language(qtbot, qapp, store, tmp_path: Path, language) -> None:
    """Issue 19.5: the report list is read again in the new language (its title and date), the choice kept, and
    the key's line follows."""
    report_id = ready_report(store, tmp_path)
    dialog = ExportBundleDialog(store, [report_id])
    qtbot.addWidget(dialog)
    [item] = dialog.report_items()
    assert item.text(1) == "Қытай делегациясымен келіссөздер"
    kazakh_date = item.text(0)
    LanguageSwitcher(qapp).apply("ru")  # the fixture switches back to English
    qtbot.waitUntil(lambda: dialog.report_items()[0].text(1) == "Переговоры с делегацией Китая")
    [item] = dialog.report_items()
    assert item.text(0) != kazakh_date
    assert item.text(2) == "Готов"
    assert dialog.chosen_report_ids() == [report_id]
    assert dialog.key_path.text() == "Ключ не выбран"
