"""The Verify page: open a bundle, see every check with its outcome and the signer, what the bundle holds
(reports, forms, plan, activity report, covering letter, data, attachments; each opens in the system's viewer
once the bundle passed, through the safe temporary copy), and import it when all pass.

Verification and import run off the GUI thread; import is offered only for a bundle that passed every check
(and the service verifies again before it merges anything).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hattama.db.store import Store
from hattama.i18n import _, format_number
from hattama.presentation.bundles import (
    CHECK_MARKS,
    MEMBER_KIND_LABELS,
    check_detail,
    check_outcome,
    import_summary,
    member_file_name,
)
from hattama.services import submission
from hattama.services.bundle.format import member_kind
from hattama.services.bundle.verifier import Check, VerificationReport
from hattama.services.interchange.importer import ImportResult
from hattama.ui.open_file import open_content
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import ProgressReport, run_with_progress

OUTCOME_COLOURS = {"passed": "#1b7f3b", "failed": "#b3261e", "skipped": "#6b6b6b"}


class ChecksList(QScrollArea):
    """Each check on its own row: mark, name and the detail, which wraps (a tree view would cut it short)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        self.grid = QGridLayout(body)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.grid.setColumnStretch(2, 1)
        self.grid.setHorizontalSpacing(12)
        self.setWidget(body)
        self.rows: list[tuple[QLabel, QLabel, QLabel]] = []

    def show_checks(self, checks: Iterable[Check]) -> None:
        for labels in self.rows:
            for label in labels:
                label.deleteLater()
        self.rows = []
        for row, check in enumerate(checks):
            outcome = check_outcome(check)
            labels = (QLabel(CHECK_MARKS[outcome]), QLabel(_(check.name_msgid)),
                      QLabel(check_detail(check)))
            for column, label in enumerate(labels):
                label.setStyleSheet(f"color: {OUTCOME_COLOURS[outcome]};")
                label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                self.grid.addWidget(label, row, column)
            labels[2].setWordWrap(True)
            labels[2].setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.rows.append(labels)


class ContentsList(QTreeWidget):
    """What the bundle's manifest lists: the kind of each file, its name and size (the entry in `ENTRY_ROLE`)."""

    ENTRY_ROLE = Qt.ItemDataRole.UserRole

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setColumnCount(3)
        header = self.header()
        header.setStretchLastSection(False)
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)

    def show_entries(self, entries: Iterable[dict[str, Any]]) -> None:
        self.clear()
        for entry in entries:
            item = QTreeWidgetItem(["", member_file_name(entry), format_number(entry["size"])])
            item.setData(0, self.ENTRY_ROLE, entry)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.addTopLevelItem(item)
        self.retranslate()

    def items(self) -> list[QTreeWidgetItem]:
        return [item for row in range(self.topLevelItemCount()) if (item := self.topLevelItem(row)) is not None]

    def retranslate(self) -> None:
        self.setHeaderLabels([_("Kind"), _("File"), _("Bytes")])
        for item in self.items():
            item.setText(0, _(MEMBER_KIND_LABELS[member_kind(item.data(0, self.ENTRY_ROLE))]))


class VerifyPage(Retranslating, QWidget):
    """Emits `imported` after a bundle's data was merged into the store."""

    imported = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bundle_path: Path | None = None
        self.report: VerificationReport | None = None

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_bundle)
        self.again_button = QPushButton()
        self.again_button.clicked.connect(self.verify)
        self.checks = ChecksList()
        self.contents = ContentsList()
        self.contents.itemDoubleClicked.connect(lambda _item, _column: self.open_chosen())
        self.contents.currentItemChanged.connect(lambda *_args: self._enable_open())
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_chosen)
        self.signer = QLabel()
        self.signer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_bundle)

        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.choose_button)
        path_row.addWidget(self.again_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.verdict, 1)
        bottom.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(path_row)
        contents = QWidget()
        contents_layout = QVBoxLayout(contents)
        contents_layout.setContentsMargins(0, 0, 0, 0)
        contents_layout.addWidget(self.contents, 1)
        open_row = QHBoxLayout()
        open_row.addStretch(1)
        open_row.addWidget(self.open_button)
        contents_layout.addLayout(open_row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.checks)
        split.addWidget(contents)
        layout.addWidget(split, 1)
        layout.addWidget(self.signer)
        layout.addLayout(bottom)
        self.retranslate_ui()

    def choose_bundle(self) -> None:
        start = str(self.bundle_path.parent) if self.bundle_path else str(Path.home())
        name, _filter = QFileDialog.getOpenFileName(self, _("Open a bundle"), start, _("ZIP bundles (*.zip)"))
        if name:
            self.open_bundle(Path(name))

    def open_bundle(self, path: Path) -> None:
        self.bundle_path = path
        self.path.setText(str(path))
        self.verify()

    def verify(self) -> None:
        if self.bundle_path is None:
            return
        path = self.bundle_path
        self._show(None)
        run_with_progress(self, lambda _report: submission.verify_bundle_file(self.store, path),
                          label=_("Verifying the bundle…"), on_success=self._show, on_failure=self._failed)

    def import_bundle(self) -> None:
        if self.bundle_path is None or self.report is None or not self.report.ok:
            return
        path = self.bundle_path

        def work(_report: ProgressReport) -> ImportResult:
            return submission.import_bundle(self.store, path)

        self.import_button.setEnabled(False)
        run_with_progress(self, work, label=_("Importing the bundle…"),
                          on_success=self._imported, on_failure=self._failed)

    def open_chosen(self) -> None:
        """Open the chosen file of a bundle that passed: read again and checked against the manifest, then handed
        to the system's viewer as a fresh temporary copy (a program only once the officer confirms)."""
        item = self.contents.currentItem()
        if item is None or self.bundle_path is None or self.report is None or not self.report.ok:
            return
        entry, path, report = item.data(0, ContentsList.ENTRY_ROLE), self.bundle_path, self.report

        def work(_progress: ProgressReport) -> bytes:
            from hattama.services.bundle.reader import read_verified_member

            return read_verified_member(path, report, entry["path"])

        run_with_progress(self, work, label=_("Opening the file…"), on_failure=self._failed,
                          on_success=lambda data: open_content(self, data, member_file_name(entry),
                                                               _("Verify bundle")))

    def _enable_open(self) -> None:
        self.open_button.setEnabled(self.report is not None and self.report.ok
                                    and self.contents.currentItem() is not None)

    def _imported(self, result: ImportResult) -> None:
        self._show(self.report)
        QMessageBox.information(self, _("Import into the store"), "\n".join(import_summary(result)))
        self.imported.emit(result)

    def _failed(self, message: str) -> None:
        self._show(self.report)
        QMessageBox.warning(self, _("Verify bundle"), message)

    def _show(self, report: VerificationReport | None) -> None:
        self.report = report
        self.checks.show_checks(report.checks if report else ())
        if report is None or report.manifest is None:
            self.contents.clear()
        elif self.contents.topLevelItemCount() == 0:
            self.contents.show_entries(report.manifest["files"])
        self._enable_open()
        self.import_button.setEnabled(report is not None and report.ok)
        self.again_button.setEnabled(self.bundle_path is not None)
        self._show_verdict()

    def _show_verdict(self) -> None:
        report = self.report
        signer = report.signer if report and report.signer else "—"
        self.signer.setText(_("Signer: {signer}").format(signer=signer))
        if report is None:
            self.verdict.setText("")
            return
        outcome = "passed" if report.ok else "failed"
        self.verdict.setStyleSheet(f"font-weight: bold; color: {OUTCOME_COLOURS[outcome]};")
        self.verdict.setText(_("The bundle passed every check.") if report.ok
                             else _("The bundle did not pass verification; it cannot be imported."))

    def retranslate_ui(self) -> None:
        self.intro.setText(_("Check a signed bundle before using it: its signature, the signer's certificate "
                             "against the trusted roots imported in the settings, that the signer belongs to the "
                             "sending body, and every file in it, each report PDF's own signature included."))
        self.path.setPlaceholderText(_("No bundle opened"))
        self.choose_button.setText(_("Open bundle…"))
        self.again_button.setText(_("Verify again"))
        self.import_button.setText(_("Import into the store"))
        self.open_button.setText(_("Open file"))
        self.contents.retranslate()
        self._show(self.report)
