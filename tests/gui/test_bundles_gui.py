"""Bundles in the window: the export dialog, the Verify page, and the signing settings group."""

from __future__ import annotations

import hashlib
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from hattama.db.store import open_store
from hattama.services import submission
from hattama.services.bundle import verifier
from hattama.services.reports import create_report, get_report
from hattama.services.signing import secrets
from hattama.ui.app import build_main_window
from hattama.ui.bundles.export_dialog import ExportBundleDialog
from hattama.ui.bundles.keys_settings import KeysSettings
from hattama.ui.bundles.verify_page import VerifyPage
from tests.pki import PASSWORD, default_pki
from tests.reports.helpers import unit_with_event
from tests.submission.helpers import ready_report, write_key, write_root

pytestmark = pytest.mark.gui
WORK_TIMEOUT_MS = 30_000


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes are recorded instead of shown (a modal box would wait for a click forever)."""
    shown: list[str] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda _parent, _title, text, *args: shown.append(text))
    return shown


@pytest.fixture
def report_id(store, tmp_path: Path):
    return ready_report(store, tmp_path)


@pytest.fixture
def key_file(store, tmp_path: Path) -> Path:
    pki = default_pki()
    path = write_key(tmp_path, pki.signing, pki)
    submission.choose_signing_key(store, path)
    return path


@pytest.fixture
def bundle(store, report_id, key_file: Path, tmp_path: Path) -> Path:
    identity = submission.unlock_signing_key(key_file, PASSWORD)
    return submission.export_bundle(store, [report_id], identity, tmp_path / "submission.zip").path


def _export_dialog(qtbot, store, preselected=()) -> ExportBundleDialog:
    dialog = ExportBundleDialog(store, preselected)
    qtbot.addWidget(dialog)
    return dialog


def test_the_export_dialog_lists_ready_reports_with_the_current_one_chosen(qtbot, store, report_id, tmp_path) -> None:
    draft_event = unit_with_event(store)
    create_report(store, draft_event)  # a draft: not offered
    dialog = _export_dialog(qtbot, store, [report_id])

    items = dialog.report_items()
    assert [item.data(0, Qt.ItemDataRole.UserRole) for item in items] == [report_id]
    assert items[0].text(2) == "Ready" and items[0].text(3) == "KK, RU"
    assert dialog.chosen_report_ids() == [report_id]
    assert dialog.chosen_count.text() == "1 of 1 report chosen"
    dialog.none_button.click()
    assert dialog.chosen_report_ids() == [] and not dialog.export_button.isEnabled()
    dialog.all_button.click()
    assert dialog.export_button.isEnabled()


def test_exporting_from_the_dialog_writes_the_bundle_and_marks_the_reports(
    qtbot, store, report_id, key_file: Path, tmp_path: Path, messages
) -> None:
    dialog = _export_dialog(qtbot, store, [report_id])
    assert dialog.key_path.text() == str(key_file)
    out = tmp_path / "from-dialog.zip"
    dialog.out_path.setText(str(out))
    dialog.passwords.field.setText(PASSWORD)
    dialog.passwords.remember.setChecked(True)

    with qtbot.waitSignal(dialog.exported, timeout=WORK_TIMEOUT_MS) as exported:
        dialog.export_button.click()

    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert exported.args[0].sha256 == digest
    assert dialog.result_box.isVisibleTo(dialog)
    assert str(out) in dialog.outcome.text() and digest in dialog.outcome.text()
    assert get_report(store, report_id).status == "exported"
    assert get_report(store, report_id).bundle_sha256 == digest
    assert secrets.get_password(key_file) == PASSWORD
    assert dialog.report_items()[0].text(2) == "Exported" and dialog.chosen_report_ids() == []
    assert messages == []


def test_a_wrong_password_is_said_and_nothing_is_written(
    qtbot, store, report_id, key_file: Path, tmp_path: Path, messages
) -> None:
    dialog = _export_dialog(qtbot, store, [report_id])
    out = tmp_path / "never.zip"
    dialog.out_path.setText(str(out))
    dialog.passwords.field.setText("not-the-password")
    dialog.export_button.click()

    qtbot.waitUntil(lambda: bool(messages), timeout=WORK_TIMEOUT_MS)
    assert messages == ["The password for this key file is wrong."]
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=WORK_TIMEOUT_MS)
    assert not out.exists() and get_report(store, report_id).status == "ready"


def test_without_a_keyring_the_remember_choice_is_off_and_says_why(qtbot, store, report_id, key_file) -> None:
    keyring.set_keyring(fail.Keyring())
    dialog = _export_dialog(qtbot, store, [report_id])
    assert not dialog.passwords.remember.isEnabled()
    assert not dialog.passwords.wants_remembering()
    assert dialog.passwords.reason.isVisibleTo(dialog)
    assert "No system keyring is available" in dialog.passwords.reason.text()


def _verify_page(qtbot, store) -> VerifyPage:
    page = VerifyPage(store)
    qtbot.addWidget(page)
    return page


def _open(qtbot, page: VerifyPage, path: Path) -> None:
    page.open_bundle(path)
    qtbot.waitUntil(lambda: page.report is not None, timeout=WORK_TIMEOUT_MS)


def test_the_verify_page_lists_every_check_and_imports_a_bundle_that_passes(
    qtbot, bundle: Path, tmp_path: Path, messages
) -> None:
    receiving = open_store(tmp_path / "receiving.sqlite3")
    try:
        submission.import_trusted_roots(receiving, write_root(tmp_path, default_pki()))
        page = _verify_page(qtbot, receiving)
        assert not page.import_button.isEnabled()
        _open(qtbot, page, bundle)

        rows = [tuple(label.text() for label in row) for row in page.checks.rows]
        assert len(rows) == len(verifier.ALL_CHECKS) and all(mark == "✓" for mark, _name, _detail in rows)
        assert ("✓", "The signature over the manifest is valid", "Signed by ТЕСТОВА ӘСЕЛЬ.") in rows
        assert page.signer.text() == "Signer: ТЕСТОВА ӘСЕЛЬ"
        assert page.verdict.text() == "The bundle passed every check."
        assert page.import_button.isEnabled()

        with qtbot.waitSignal(page.imported, timeout=WORK_TIMEOUT_MS) as imported:
            page.import_button.click()
        assert imported.args[0].created == 2
        assert messages == ["Imported: 2 new, 0 updated, 0 unchanged."]
    finally:
        receiving.close()


def test_a_bundle_from_an_untrusted_signer_shows_the_failed_check_and_cannot_be_imported(
    qtbot, store, bundle: Path
) -> None:
    page = _verify_page(qtbot, store)
    _open(qtbot, page, bundle)
    failed = [(name.text(), detail.text()) for mark, name, detail in page.checks.rows if mark.text() == "✗"]
    assert len(failed) == 1
    assert failed[0][0] == "The signer's certificate chains to a trusted root"
    assert "No trusted root certificate has been imported" in failed[0][1]
    assert "did not pass verification" in page.verdict.text()
    assert not page.import_button.isEnabled()


def test_a_file_that_is_not_a_bundle_is_shown_as_failing_the_first_check(qtbot, store, tmp_path: Path) -> None:
    other = tmp_path / "letter.zip"
    other.write_bytes("Хат".encode())
    page = _verify_page(qtbot, store)
    _open(qtbot, page, other)
    marks = [row[0].text() for row in page.checks.rows]
    assert marks == ["✗"] + ["–"] * (len(verifier.ALL_CHECKS) - 1)
    assert not page.import_button.isEnabled()


def test_the_settings_group_imports_and_removes_a_trusted_root(
    qtbot, store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages
) -> None:
    group = KeysSettings(store)
    qtbot.addWidget(group)
    assert group.roots.topLevelItemCount() == 0
    group.import_roots_from(write_root(tmp_path, default_pki()))
    qtbot.waitUntil(lambda: group.roots.topLevelItemCount() == 1)  # written off the GUI thread
    item = group.roots.topLevelItem(0)
    assert item.text(0) == "Hattama Test Root CA" and item.text(2).count(":") == 31
    assert [root.subject for root in submission.list_trusted_roots(store)] == ["Hattama Test Root CA"]

    group.import_roots_from(write_root(tmp_path, default_pki()))
    qtbot.waitUntil(lambda: messages == ["Every certificate in the file was already trusted."])

    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    group.roots.setCurrentItem(group.roots.topLevelItem(0))
    assert group.remove_button.isEnabled()
    group.remove_button.click()
    qtbot.waitUntil(lambda: group.roots.topLevelItemCount() == 0)
    assert submission.list_trusted_roots(store) == []


def test_the_settings_group_shows_the_key_and_forgets_its_password(qtbot, store, key_file: Path) -> None:
    secrets.set_password(key_file, PASSWORD)
    group = KeysSettings(store)
    qtbot.addWidget(group)
    assert group.key_path.text() == str(key_file)
    assert group.password_state.text().startswith("Remembered in the system keyring")
    assert group.forget_button.isEnabled()
    group.forget_button.click()
    assert secrets.get_password(key_file) is None
    assert group.password_state.text() == "Not remembered; asked at each export"
    assert not group.forget_button.isEnabled()


def test_the_window_has_a_verify_page_before_settings_and_an_export_action(qtbot, qapp, store) -> None:
    window = build_main_window(qapp, store, "en")
    qtbot.addWidget(window)
    keys = [entry.key for entry in window.entries]
    assert keys.index("verify") == keys.index("settings") - 1
    assert window.export_bundle_action.text() == "&Export bundle…"
    assert window.export_bundle_action in window.file_menu.actions()
    assert window.reports_page.export_button.text() == "Export bundle…"
    assert any(isinstance(child, KeysSettings) for child in window.settings_page.findChildren(KeysSettings))
