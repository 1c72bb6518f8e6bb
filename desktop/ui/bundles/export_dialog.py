"""Export a signed bundle: choose the ready reports and the documents (the p.2 treaty forms, the p.46 plan and
activity report), the covering letter's number and text, and the key (a key file with its password, or
NCALayer); watch progress, see where the bundle went, its SHA-256 and the letter's registration."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hattama import clock
from hattama.db.store import Store
from hattama.i18n import _, current_language, format_date, ngettext
from hattama.presentation.bundles import MEMBER_KIND_LABELS
from hattama.presentation.documents import DOCUMENT_LANGUAGE_NAMES
from hattama.rules.event_validation import FIRST_YEAR, LAST_YEAR
from hattama.services import submission
from hattama.services.reports import STATUS_LABELS
from hattama.services.signing.providers import Signer
from hattama.ui.bundles.keys_settings import PasswordBox, choose_key_file
from hattama.ui.date_edit import DateEdit
from hattama.ui.reports.table_model import languages_label
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import ProgressReport, run_with_progress

ID_ROLE = Qt.ItemDataRole.UserRole
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1  # kept to show the status again in another language
# A 200-report export has over a thousand steps; the bar moves (and the worker checks for a cancel) once a
# percent. Fewer signals also matter: PySide6 6.12.0 on Python 3.11 loses a reference to True per emit().
PROGRESS_STEPS = 100
OPEN_SIZE = (720, 560)
SCREEN_MARGIN = 40  # the window's title and frame, as EventEditor._fit_screen leaves
MINIMUM_BODY_HEIGHT = 300  # below that the reports, documents and key scroll


class ExportBundleDialog(Retranslating, QDialog):
    """Emits `exported` with the result once a bundle is written (the chosen reports are then "exported")."""

    exported = Signal(object)

    def __init__(self, store: Store, preselected: Iterable[uuid.UUID] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store

        self.reports_box = QGroupBox()
        self.reports = ReportList()
        self.reports.setRootIsDecorated(False)
        self.reports.setColumnCount(4)
        self.reports.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.reports.header()
        header.setStretchLastSection(False)
        for column in range(4):
            mode = QHeaderView.ResizeMode.Stretch if column == 1 else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
        self.reports.itemChanged.connect(self._count_chosen)
        self.empty_hint = QLabel()
        self.empty_hint.setWordWrap(True)
        self.all_button, self.none_button = QPushButton(), QPushButton()
        self.all_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        self.none_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        self.chosen_count = QLabel()
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.all_button)
        choice_row.addWidget(self.none_button)
        choice_row.addStretch(1)
        choice_row.addWidget(self.chosen_count)
        reports_layout = QVBoxLayout(self.reports_box)
        reports_layout.addWidget(self.reports, 1)
        reports_layout.addWidget(self.empty_hint)
        reports_layout.addLayout(choice_row)

        self.documents_box = QGroupBox()
        today = clock.today()
        self.forms_box, self.plan_box, self.activity_box = QCheckBox(), QCheckBox(), QCheckBox()
        self.forms_year, self.plan_year = _year_box(today.year - 1), _year_box(today.year + 1)
        self.activity_from, self.activity_to = DateEdit(dt.date(today.year, 1, 1)), DateEdit(today)
        for box in (self.forms_box, self.plan_box, self.activity_box):
            box.toggled.connect(self._count_chosen)
        self.language_boxes = {language: QCheckBox(name) for language, name in DOCUMENT_LANGUAGE_NAMES.items()}
        for box in self.language_boxes.values():
            box.setChecked(True)
            box.toggled.connect(self._count_chosen)
        self.number_caption, self.letter_caption = QLabel(), QLabel()
        self.letter_number = QLineEdit()
        self.letter_texts = {language: QPlainTextEdit() for language in DOCUMENT_LANGUAGE_NAMES}
        self.letter_tabs = QTabWidget()
        for language, name in DOCUMENT_LANGUAGE_NAMES.items():
            self.letter_tabs.addTab(self.letter_texts[language], name)
        self.letter_tabs.setMaximumHeight(180)
        self.letter_tabs.hide()
        self.letter_drafted = False  # once drafted, the texts as edited replace Hattama's draft
        self.draft_button = QPushButton()
        self.draft_button.clicked.connect(self.draft_letter)
        documents_form = QFormLayout(self.documents_box)
        documents_form.addRow(self.forms_box, self.forms_year)
        documents_form.addRow(self.plan_box, self.plan_year)
        period = QHBoxLayout()
        period.addWidget(self.activity_from)
        period.addWidget(QLabel("–"))
        period.addWidget(self.activity_to)
        period.addStretch(1)
        documents_form.addRow(self.activity_box, period)
        languages = QHBoxLayout()
        for box in self.language_boxes.values():
            languages.addWidget(box)
        languages.addStretch(1)
        self.languages_caption = QLabel()
        documents_form.addRow(self.languages_caption, languages)
        documents_form.addRow(self.number_caption, self.letter_number)
        documents_form.addRow(self.letter_caption, self.draft_button)
        documents_form.addRow(self.letter_tabs)

        self.signing_box = QGroupBox()
        self.key_caption, self.password_caption, self.out_caption = QLabel(), QLabel(), QLabel()
        self.key_path = QLabel()
        self.key_path.setWordWrap(True)
        self.change_key_button = QPushButton()
        self.change_key_button.clicked.connect(self.change_key)
        self.passwords = PasswordBox()
        self.timestamp_box = QCheckBox()
        self.timestamp_box.setChecked(True)
        self.out_path = QLineEdit(str(_default_bundle_path()))
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self.browse)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_path, 1)
        key_row.addWidget(self.change_key_button)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_path, 1)
        out_row.addWidget(self.browse_button)
        signing_form = QFormLayout(self.signing_box)
        signing_form.addRow(self.key_caption, key_row)
        signing_form.addRow(self.password_caption, self.passwords)
        signing_form.addRow("", self.timestamp_box)
        signing_form.addRow(self.out_caption, out_row)

        self.result_box = QGroupBox()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self.result_box).addWidget(self.outcome)
        self.result_box.hide()

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.reports_box, 1)
        body_layout.addWidget(self.documents_box)
        body_layout.addWidget(self.signing_box)
        body_layout.addWidget(self.result_box)
        self.scroll_area = DownwardScroll(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.buttons)
        self._fill_reports(set(preselected))
        self._show_key()
        self.retranslate_ui()
        # Opens at OPEN_SIZE or wider: the layout sets the least size, so that each control shows its whole
        # text in every language (a fixed minimum of 720 px cut the Russian "draft the letter" button).
        self.resize(*OPEN_SIZE)

    # ---------------------------------------------------------------------------------------------- choices

    def _fill_reports(self, chosen: set[uuid.UUID]) -> None:
        self.reports.blockSignals(True)
        self.reports.clear()
        for record in submission.exportable_reports(self.store, current_language()):
            item = QTreeWidgetItem([format_date(record.event_ends_at.date()), record.event_title,
                                    _(STATUS_LABELS[record.status]),
                                    languages_label(record.languages)])
            item.setData(0, ID_ROLE, record.id)
            item.setData(2, STATUS_ROLE, record.status)
            item.setCheckState(0, Qt.CheckState.Checked if record.id in chosen else Qt.CheckState.Unchecked)
            self.reports.addTopLevelItem(item)
        self.reports.blockSignals(False)
        self._count_chosen()

    def reread(self) -> None:
        """The list again in the new language (titles, dates and languages are worded by the service), the same
        reports still chosen; the key's line too ("No key chosen")."""
        self._fill_reports(set(self.chosen_report_ids()))
        self._show_key()

    def chosen_report_ids(self) -> list[uuid.UUID]:
        return [item.data(0, ID_ROLE) for item in self.report_items()
                if item.checkState(0) == Qt.CheckState.Checked]

    def report_items(self) -> list[QTreeWidgetItem]:
        return [item for row in range(self.reports.topLevelItemCount())
                if (item := self.reports.topLevelItem(row)) is not None]

    def _check_all(self, state: Qt.CheckState) -> None:
        for item in self.report_items():
            item.setCheckState(0, state)

    def _count_chosen(self) -> None:
        chosen, listed = len(self.chosen_report_ids()), self.reports.topLevelItemCount()
        counted = ngettext("{chosen} of {count} report chosen", "{chosen} of {count} reports chosen", listed)
        self.chosen_count.setText(counted.format(chosen=chosen, count=listed))
        self.empty_hint.setVisible(listed == 0)
        self.export_button.setEnabled((chosen > 0 or bool(self.chosen_documents())) and bool(self.chosen_languages()))

    def chosen_languages(self) -> tuple[str, ...]:
        return tuple(language for language, box in self.language_boxes.items() if box.isChecked())

    def chosen_documents(self) -> list[str]:
        return [kind for kind, box in (("forms", self.forms_box), ("plan", self.plan_box),
                                       ("activity", self.activity_box)) if box.isChecked()]

    def enclosures(self) -> submission.Enclosures:
        chosen = self.chosen_documents()
        return submission.Enclosures(
            forms_year=self.forms_year.value() if "forms" in chosen else None,
            plan_year=self.plan_year.value() if "plan" in chosen else None,
            activity=(self.activity_from.value(), self.activity_to.value()) if "activity" in chosen else None,
            languages=self.chosen_languages())

    def draft_letter(self) -> None:
        """The covering letter Hattama drafts for the current choice, to edit before it is rendered."""
        report_ids, enclosures = self.chosen_report_ids(), self.enclosures()

        def work(_report: ProgressReport) -> dict[str, str]:
            return {language: submission.draft_covering_letter(self.store, report_ids, enclosures, language)
                    for language in enclosures.languages}

        def show(texts: dict[str, str]) -> None:
            for language, text in texts.items():
                self.letter_texts[language].setPlainText(text)
            self.letter_drafted = True
            self.letter_tabs.show()
            self._grow_to_show()

        run_with_progress(self, work, label=_("Drafting the covering letter…"), on_success=show,
                          on_failure=self._failed)

    def letter_body(self) -> dict[str, str] | None:
        if not self.letter_drafted:
            return None
        return {language: edit.toPlainText() for language, edit in self.letter_texts.items()}

    def change_key(self) -> None:
        if choose_key_file(self, self.store) is not None:
            self._show_key()

    def _show_key(self) -> None:
        with_ncalayer = submission.signs_with_ncalayer(self.store)
        key_path = submission.signing_key_path(self.store)
        if with_ncalayer:
            self.key_path.setText(_("NCALayer: choose the key and type its PIN in NCALayer's window"))
        else:
            self.key_path.setText(str(key_path) if key_path else _("No key chosen"))
        self.change_key_button.setVisible(not with_ncalayer)
        self.password_caption.setVisible(not with_ncalayer)
        self.passwords.setVisible(not with_ncalayer)
        self.passwords.show_key(None if with_ncalayer else key_path)
        self.timestamp_box.setVisible(with_ncalayer)

    def _grow_to_show(self) -> None:
        """Taller, as far as the screen allows, to show the letter or the outcome just added without scrolling."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the size hints with the new part
        screen = self.screen()
        if screen is None:
            return
        available = screen.availableGeometry()
        wanted = min(self.sizeHint().height(), available.height() - SCREEN_MARGIN)
        if wanted <= self.height():
            return
        self.resize(self.width(), wanted)
        below = self.frameGeometry().bottom() - available.bottom()
        if below > 0:  # grown past the screen's foot: up as far as it went past, never above the top
            self.move(self.x(), max(available.top(), self.y() - below))

    def browse(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the bundle as"), self.out_path.text(),
                                                    _("ZIP bundles (*.zip)"))
        if name:
            self.out_path.setText(name)

    # ---------------------------------------------------------------------------------------------- export

    def start_export(self) -> None:
        report_ids, enclosures = self.chosen_report_ids(), self.enclosures()
        letter_number, letter_body = self.letter_number.text().strip() or None, self.letter_body()
        with_ncalayer = submission.signs_with_ncalayer(self.store)
        key_path = submission.signing_key_path(self.store)
        out_text = self.out_path.text().strip()
        if key_path is None and not with_ncalayer:
            QMessageBox.warning(self, _("Export bundle"), _("Choose the signing key first."))
            return
        if not out_text:
            QMessageBox.warning(self, _("Export bundle"), _("Choose where to save the bundle."))
            return
        out = Path(out_text)
        password, remember = self.passwords.password(), self.passwords.wants_remembering()
        offline = not self.timestamp_box.isChecked()

        def work(report: ProgressReport) -> submission.ExportedBundle:
            signer: Signer
            if with_ncalayer or key_path is None:  # NCALayer's own window asks the officer; this worker waits
                from hattama.services.signing.ncalayer import connect_signer

                signer = connect_signer(submission.utc_now(), offline=offline, language=current_language())
            else:
                signer = submission.unlock_signing_key(key_path, password, remember)
            return submission.export_bundle(self.store, report_ids, signer, out, progress=_per_percent(report),
                                            enclosures=enclosures, letter_number=letter_number,
                                            letter_body=letter_body)

        run_with_progress(self, work, label=_("Signing and writing the bundle…"),
                          on_success=self._exported, on_failure=self._failed)
        self.export_button.setEnabled(False)
        # The progress dialog lives exactly as long as the job, however it ends (done, failed or cancelled).
        progress = self.findChild(QProgressDialog)
        if progress is not None:
            progress.destroyed.connect(self._count_chosen)

    def _exported(self, result: submission.ExportedBundle) -> None:
        self.passwords.field.clear()
        signed = ngettext("{count} report signed by {signer} was written to:",
                          "{count} reports signed by {signer} were written to:", result.report_count)
        lines = [signed.format(count=result.report_count, signer=result.signer),
                 *(_(MEMBER_KIND_LABELS[kind]) for kind in result.documents)]
        if result.registered is not None:
            lines.append(_("Covering letter: No. {number} of {date}").format(
                number=result.registered.number, date=format_date(result.registered.registered_on)))
        lines += [str(result.path), _("SHA-256: {sha256}").format(sha256=result.sha256)]
        self.outcome.setText("\n".join(lines))
        self.result_box.show()
        self._grow_to_show()
        self._fill_reports(set())
        self._show_key()
        self.exported.emit(result)

    def _failed(self, message: str) -> None:
        self._show_key()  # a wrong remembered password was just forgotten
        QMessageBox.warning(self, _("Export bundle"), message)

    # ---------------------------------------------------------------------------------------------- language

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Export bundle"))
        self.reports_box.setTitle(_("Reports to include"))
        self.reports.setHeaderLabels([_("Event ended"), _("Event"), _("Status"), _("Languages")])
        for item in self.report_items():
            item.setText(2, _(STATUS_LABELS[item.data(2, STATUS_ROLE)]))
        self.empty_hint.setText(_("No report is ready. Mark a report as ready on the Reports page first."))
        self.all_button.setText(_("Select all"))
        self.none_button.setText(_("Select none"))
        self.documents_box.setTitle(_("Documents and covering letter"))
        self.forms_box.setText(_("Treaty forms (p.2) of the year"))
        self.plan_box.setText(_("Plan of events (p.46) for the year"))
        self.activity_box.setText(_("Activity report (p.46) of the period"))
        self.languages_caption.setText(_("Languages"))
        self.number_caption.setText(_("Letter number from ESEDO"))
        self.letter_number.setPlaceholderText(_("empty: the local register issues it"))
        self.letter_caption.setText(_("Covering letter"))
        self.draft_button.setText(_("Draft and edit the covering letter"))
        self.signing_box.setTitle(_("Signature"))
        self.key_caption.setText(_("Signing key"))
        self.password_caption.setText(_("Password"))
        self.timestamp_box.setText(_("Ask NCA for a timestamp (needs the Internet; untick on a trip without it)"))
        self.out_caption.setText(_("Save to"))
        self.change_key_button.setText(_("Change key…"))
        self.browse_button.setText(_("Browse…"))
        self.result_box.setTitle(_("Bundle written"))
        self.export_button.setText(_("Sign and export"))
        self._count_chosen()


class ReportList(QTreeWidget):
    """Asks no more height than its least: the dialog's scroll area lays its body out at the height the body
    asks, so the list takes the room the dialog has (stretching) rather than scrolling the dialog as it opens."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(super().sizeHint().width(), self.minimumSizeHint().height())


class DownwardScroll(QScrollArea):
    """Scrolls `body` up and down, never sideways: at least as wide as the body's least width (so that each
    control shows its whole text), and lower than the body on a short screen once the letter and the outcome
    show (the dialog then scrolls rather than growing past a 700 px screen)."""

    def __init__(self, body: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(body)
        body.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LayoutRequest and watched is self.widget():
            self.updateGeometry()  # the body's least width changed (another language, the letter shown)
        return super().eventFilter(watched, event)

    def _body_hint(self, hint: QSize) -> QSize:
        frame = 2 * self.frameWidth()
        return QSize(hint.width() + frame + self.verticalScrollBar().sizeHint().width(), hint.height() + frame)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        body = self.widget()
        if body is None:
            return super().minimumSizeHint()
        least = self._body_hint(body.minimumSizeHint())
        return QSize(least.width(), min(least.height(), MINIMUM_BODY_HEIGHT))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        body = self.widget()
        return super().sizeHint() if body is None else self._body_hint(body.sizeHint())


def _per_percent(report: ProgressReport) -> ProgressReport:
    last = -1

    def passed_on(done: int, total: int) -> None:
        nonlocal last
        percent = done * PROGRESS_STEPS // max(total, 1)
        if percent != last:
            last = percent
            report(done, total)

    return passed_on


def _year_box(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(FIRST_YEAR, LAST_YEAR)
    box.setValue(value)
    return box


def _default_bundle_path() -> Path:
    documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    folder = documents if documents.is_dir() else Path.home()  # Qt names the folder even where there is none
    return folder / f"hattama-bundle-{clock.local_now():%Y-%m-%d-%H%M}.zip"
