"""Bundles in the window (issues 14–16, 19.7): the export dialog offers the forms, the plan, the activity report
and an editable covering letter; the Verify page lists what a bundle holds and opens each file safely."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from hattama.services import submission
from hattama.services.attachments import add_attachment
from hattama.services.bundle import format as bundle_format
from hattama.services.forms import forms_sent
from hattama.ui.bundles.export_dialog import ExportBundleDialog
from hattama.ui.bundles.verify_page import ContentsList, VerifyPage
from tests.pki import PASSWORD, Pki
from tests.submission.helpers import ready_report, write_root

pytestmark = pytest.mark.gui
WORK_TIMEOUT_MS = 30_000


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes are recorded instead of shown; a question is answered "Cancel"."""
    shown: list[str] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda _parent, _title, text, *args: shown.append(text))
    return shown


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Files handed to the system's viewer."""
    handed: list[Path] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: handed.append(Path(url.toLocalFile())) or True)
    return handed


def test_the_dialog_exports_forms_and_an_edited_covering_letter_without_reports(
    qtbot, store, tmp_path: Path, key_file: Path, messages
) -> None:
    ready_report(store, tmp_path, attachment=False)  # sets the unit up; not chosen
    submission.choose_signing_key(store, key_file)
    dialog = ExportBundleDialog(store)
    qtbot.addWidget(dialog)
    assert not dialog.export_button.isEnabled()
    dialog.forms_box.setChecked(True)
    dialog.forms_year.setValue(2025)
    dialog.language_boxes["kk"].setChecked(False)
    assert dialog.export_button.isEnabled()

    dialog.draft_button.click()
    qtbot.waitUntil(lambda: dialog.letter_drafted, timeout=WORK_TIMEOUT_MS)
    assert "2025" in dialog.letter_texts["ru"].toPlainText()
    dialog.letter_texts["ru"].setPlainText("Направляем сведения о договорах за 2025 год.")
    dialog.letter_number.setText("01-12/77")
    out = tmp_path / "forms.zip"
    dialog.out_path.setText(str(out))
    dialog.passwords.field.setText(PASSWORD)
    with qtbot.waitSignal(dialog.exported, timeout=WORK_TIMEOUT_MS) as exported:
        dialog.export_button.click()

    result = exported.args[0]
    assert result.documents == ("forms",) and result.registered.number == "01-12/77"
    assert "01-12/77" in dialog.outcome.text()
    assert [form.reference for form in forms_sent(store, 2025)] == ["01-12/77"] * 5
    with zipfile.ZipFile(out) as archive:
        letter = archive.read(bundle_format.document_member(f"letter-{result.letter_id}", "ru", "pdf"))
    (tmp_path / "letter.pdf").write_bytes(letter)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "letter.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Направляем сведения о договорах" in " ".join(text.split())
    assert messages == []


@pytest.fixture
def full_bundle(store, tmp_path: Path, identity) -> tuple[Path, object]:
    report_id = ready_report(store, tmp_path)
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ\x90\x00 a program")
    event_id = submission.get_reports(store, [report_id])[0].event_id
    add_attachment(store, event_id, program)
    exported = submission.export_bundle(store, [report_id], identity, tmp_path / "full.zip",
                                        enclosures=submission.Enclosures(plan_year=2027, languages=("ru",)))
    return exported.path, report_id


def _verified_page(qtbot, store, path: Path, pki: Pki, tmp_path: Path) -> VerifyPage:
    submission.import_trusted_roots(store, write_root(tmp_path, pki))
    page = VerifyPage(store)
    qtbot.addWidget(page)
    page.open_bundle(path)
    qtbot.waitUntil(lambda: page.report is not None, timeout=WORK_TIMEOUT_MS)
    return page


def _item(page: VerifyPage, ending: str):
    return next(item for item in page.contents.items() if item.text(1).endswith(ending))


def test_the_verify_page_lists_what_the_bundle_holds_and_opens_a_pdf(
    qtbot, store, full_bundle, pki: Pki, tmp_path: Path, opened, messages
) -> None:
    path, report_id = full_bundle
    page = _verified_page(qtbot, store, path, pki, tmp_path)
    assert page.report.ok
    kinds = sorted({item.text(0) for item in page.contents.items()})
    assert kinds == sorted(["Report", "Plan of events (p.46)", "Covering letter", "Data", "Attachment"])
    assert {item.text(1) for item in page.contents.items()} >= {f"{report_id}.ru.pdf", "plan-2027.ru.xlsx",
                                                                  "setup.exe"}

    page.contents.setCurrentItem(_item(page, f"{report_id}.ru.pdf"))
    assert page.open_button.isEnabled()
    page.open_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=WORK_TIMEOUT_MS)
    with zipfile.ZipFile(path) as archive:
        assert opened[0].read_bytes() == archive.read(bundle_format.pdf_member(str(report_id), "ru"))
    assert opened[0].parent.parent != path.parent  # a fresh copy in the temporary folder, never in place
    assert messages == []


def test_a_program_in_a_bundle_opens_only_once_the_officer_confirms(
    qtbot, store, full_bundle, pki: Pki, tmp_path: Path, opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *args: asked.append(text)
                        or QMessageBox.StandardButton.Cancel)
    path, _report_id = full_bundle
    page = _verified_page(qtbot, store, path, pki, tmp_path)
    page.contents.setCurrentItem(_item(page, "setup.exe"))
    page.open_chosen()
    qtbot.waitUntil(lambda: bool(asked), timeout=WORK_TIMEOUT_MS)
    assert "is a program or a script" in asked[0] and opened == []


def test_a_bundle_that_failed_lists_its_files_but_opens_none(qtbot, store, full_bundle, opened) -> None:
    path, _report_id = full_bundle
    page = VerifyPage(store)  # no trusted root: the trust check fails
    qtbot.addWidget(page)
    page.open_bundle(path)
    qtbot.waitUntil(lambda: page.report is not None, timeout=WORK_TIMEOUT_MS)
    assert not page.report.ok and page.contents.topLevelItemCount() > 0
    page.contents.setCurrentItem(page.contents.topLevelItem(0))
    assert not page.open_button.isEnabled()
    page.open_chosen()
    assert opened == []
    assert page.contents.topLevelItem(0).data(0, ContentsList.ENTRY_ROLE)["path"]
