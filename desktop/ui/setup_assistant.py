"""The first-run setup assistant (issue 19.1): a new store opens on it, the Settings page opens it again.

It walks through what a unit needs before its first report: the interface language (the officer's own), the
body and unit names in Kazakh and Russian, the officer who signs, the signing key or NCALayer with the trusted
roots, and the day from which overdue obligations count (`tracking_since`). Every part is one the Settings page
also shows, made of the same widgets (`settings_page.LanguageChoice`, `settings_dialog.DetailsForm`,
`bundles.keys_settings.KeysSettings`) and saved by the same services. Skipping (or closing) a first run
saves nothing but that the store is no longer new (`services.settings.finish_setup`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from hattama import clock, i18n
from hattama.db.store import Store
from hattama.i18n import _, describe
from hattama.services.settings import UnitDetails, UnitDetailsMissing, finish_setup, missing_for_report
from hattama.ui.bundles.keys_settings import KeysSettings
from hattama.ui.date_edit import DateEdit, to_qdate
from hattama.ui.retranslate import Retranslating
from hattama.ui.settings_dialog import DetailsForm
from hattama.ui.settings_page import LanguageChoice
from hattama.ui.workers import write_in_background

BODY_FIELDS = ("body_name_kk", "body_name_ru", "unit_name_kk", "unit_name_ru", "body_bin")
OFFICER_FIELDS = ("officer_name", "officer_position_kk", "officer_position_ru")
# A report is written in Kazakh or Russian; the setup asks for both.
REPORT_LANGUAGES = ("kk", "ru")


def _hint(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    return label


class SetupAssistant(Retranslating, QWizard):
    """`finished_setup` carries the saved details once the store holds them (or the skip is recorded)."""

    finished_setup = Signal(object)

    def __init__(self, store: Store, details: UnitDetails, choose_language: Callable[[str], None], *,
                 first_run: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setup_assistant")
        self.store = store
        self._details = details
        self.first_run = first_run
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(600, 460)
        self.resize(780, 580)  # fits a 1024×700 screen with the window's frame around it

        self.welcome = QWizardPage()
        self.welcome_text = _hint(QLabel())
        self.language_caption = QLabel()
        self.language = LanguageChoice()
        self.language.chosen.connect(choose_language)
        welcome_form = QFormLayout()
        welcome_form.addRow(self.language_caption, self.language)
        welcome_layout = QVBoxLayout(self.welcome)
        welcome_layout.addWidget(self.welcome_text)
        welcome_layout.addLayout(welcome_form)
        welcome_layout.addStretch(1)

        self.body_page = QWizardPage()
        self.body = DetailsForm(details, BODY_FIELDS)
        QVBoxLayout(self.body_page).addWidget(self.body)

        self.officer_page = QWizardPage()
        self.officer = DetailsForm(details, OFFICER_FIELDS)
        QVBoxLayout(self.officer_page).addWidget(self.officer)

        # The Settings page's own group: the key or NCALayer, its password, trusted roots, revocation lists.
        self.signing_page = QWizardPage()
        self.keys = KeysSettings(store)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.keys)
        self.signing_hint = _hint(QLabel())
        signing_layout = QVBoxLayout(self.signing_page)
        signing_layout.setContentsMargins(0, 0, 0, 0)
        signing_layout.addWidget(self.signing_hint)
        signing_layout.addWidget(scroll, 1)

        self.tracking_page = QWizardPage()
        self.tracking_caption = QLabel()
        self.tracking_since = DateEdit(details.tracking_since or clock.today())
        self.tracking_since.setObjectName("tracking_since")
        self.tracking_since.setMaximumDate(to_qdate(clock.today()))
        self.tracking_hint = _hint(QLabel())
        self.still_missing = _hint(QLabel())
        self.still_missing.setObjectName("still_missing")
        tracking_form = QFormLayout()
        tracking_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        tracking_form.addRow(self.tracking_caption, self.tracking_since)
        tracking_layout = QVBoxLayout(self.tracking_page)
        tracking_layout.addLayout(tracking_form)
        tracking_layout.addWidget(self.tracking_hint)
        tracking_layout.addSpacing(12)
        tracking_layout.addWidget(self.still_missing)
        tracking_layout.addStretch(1)

        for page in (self.welcome, self.body_page, self.officer_page, self.signing_page, self.tracking_page):
            self.addPage(page)
        self.currentIdChanged.connect(self._page_shown)
        self.retranslate_ui()

    # ------------------------------------------------------------------------------------------------ data

    def details(self) -> UnitDetails:
        """The details as edited here (everything else as it was)."""
        edited: dict[str, Any] = {**self.body.values(), **self.officer.values()}  # UnitDetails' fields by name
        return dataclasses.replace(self._details, **edited, tracking_since=self.tracking_since.value())

    def _page_shown(self, _page_id: int) -> None:
        if self.currentPage() is self.tracking_page:
            self._show_still_missing()

    def _show_still_missing(self) -> None:
        """On the last page: what a report would still be refused for (issue 19.3), so it can be filled now."""
        details = self.details()
        missing = tuple(dict.fromkeys(name for language in REPORT_LANGUAGES
                                      for name in missing_for_report(details, language)))
        if missing:
            fields = " ".join(describe(field) for field in UnitDetailsMissing(missing).params["fields"])
            self.still_missing.setText(_("A report cannot be marked ready yet: {fields} Go back to fill them in, or "
                                         "do it later in Settings.").format(fields=fields))
        else:
            self.still_missing.setText(_("Everything a report is sent with is filled in."))
        self.still_missing.setStyleSheet("color: #b35c00;" if missing else "color: #2e7d32;")

    # ------------------------------------------------------------------------------------------------ ending

    def accept(self) -> None:
        """Finish: the details saved off the GUI thread; the assistant closes once the store holds them."""
        self._end(self.details(), QWizard.accept)

    def reject(self) -> None:
        """Skip (first run: the store is no longer new, nothing else saved) or cancel (nothing saved)."""
        if self.first_run:
            self._end(None, QWizard.reject)
        else:
            super().reject()

    def _end(self, details: UnitDetails | None, close: Callable[[QWizard], None]) -> None:
        self.setEnabled(False)
        store = self.store

        def saved(result: object) -> None:
            close(self)
            self.finished_setup.emit(result)

        def refused(error: Exception) -> None:
            # The assistant stays open with everything typed, so nothing is lost.
            self.setEnabled(True)
            QMessageBox.warning(self, self.windowTitle(), describe(error))

        write_in_background(lambda: finish_setup(store, details), on_success=saved, on_failure=refused, owner=self)

    # ------------------------------------------------------------------------------------------------ words

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Set up Hattama"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Skip setup") if self.first_run else _("Cancel"))
        self.welcome.setTitle(_("Welcome to Hattama"))
        self.welcome.setSubTitle(_("A few details about your unit, and Hattama is ready for its first report."))
        self.welcome_text.setText(_(
            "Hattama keeps the unit's international events, the reports and notices Decree No. 1037 asks of the "
            "body, and their deadlines. These steps take a few minutes; every answer can be changed later in "
            "Settings, where this assistant can also be run again."))
        self.language_caption.setText(_("Interface language"))
        self.language.show_language(i18n.current_language())
        self.body_page.setTitle(_("Body and unit"))
        self.body_page.setSubTitle(_("As they are printed at the top of a report, in Kazakh and in Russian."))
        self.body.retranslate()
        self.officer_page.setTitle(_("The officer who signs"))
        self.officer_page.setSubTitle(_("The name and position printed in a report's signature block."))
        self.officer.retranslate()
        self.signing_page.setTitle(_("Signing and trusted roots"))
        self.signing_page.setSubTitle(_("The key that signs the bundles you send to the MFA, or NCALayer, and the "
                                        "root certificates bundles you receive are checked against."))
        self.signing_hint.setText(_("This can wait until the first export: Settings shows the same choices."))
        self.tracking_page.setTitle(_("Deadlines from when?"))
        self.tracking_page.setSubTitle(_("The day the unit starts keeping its obligations in Hattama."))
        self.tracking_caption.setText(_("Count overdue obligations from"))
        self.tracking_hint.setText(_(
            "Obligations that fell due before this day were kept elsewhere (on paper, in the document system) and "
            "are not shown as overdue. An event you log later with an earlier date still gets its obligations."))
        if self.currentPage() is self.tracking_page:
            self._show_still_missing()
