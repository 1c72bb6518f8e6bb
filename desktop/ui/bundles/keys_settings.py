"""Settings for signing and verifying bundles: the signing key (a PKCS#12 file, RSA or GOST, or NCALayer holding
it) and its password, the trusted roots and the unit's certificate revocation lists.

`PasswordBox` (password field + "remember" choice) and `choose_key_file` are shared with the export dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hattama.db.store import Store
from hattama.i18n import _, describe, format_date
from hattama.services import submission
from hattama.services.errors import ServiceError
from hattama.services.signing import secrets
from hattama.services.signing.providers import Signer
from hattama.services.signing.roles import ROLE_NAMES
from hattama.services.signing.secrets import KeyringUnavailable
from hattama.ui.retranslate import Retranslating
from hattama.ui.workers import write_in_background


def choose_key_file(parent: QWidget, store: Store) -> Path | None:
    """Ask for a PKCS#12 file and make it the unit's signing key; None when cancelled or refused (said why)."""
    current = submission.signing_key_path(store)
    start = str(current.parent) if current else str(Path.home())
    name, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose the signing key"), start, _("PKCS#12 key files (*.p12 *.pfx);;All files (*)"))
    if not name:
        return None
    try:
        return submission.choose_signing_key(store, name)
    except ServiceError as error:
        QMessageBox.warning(parent, _("Signing key"), describe(error))
        return None


def certificate_text(signer: Signer) -> str:
    summary = submission.summarise_key(signer)
    lines = [_("{subject}, issued by {issuer}; valid from {start} to {end}").format(
        subject=summary.subject, issuer=summary.issuer,
        start=format_date(summary.valid_from.date()), end=format_date(summary.valid_until.date()))]
    lines.append(_("GOST 2015 key") if summary.algorithm == "gost" else _("RSA key"))
    if summary.iin:
        lines.append(_("IIN {iin}").format(iin=summary.iin))
    if summary.bin:
        lines.append(_("BIN {bin}").format(bin=summary.bin))
    if summary.role:
        lines.append(_("Role: {role} ({oid})").format(role=_(ROLE_NAMES[summary.role]), oid=summary.role))
    return lines[0] + "\n" + "; ".join(lines[1:])


class PasswordBox(Retranslating, QWidget):
    """The key's password and whether to remember it; says why it cannot be remembered when there is no keyring.

    An empty field means "use the remembered password"; the service answers clearly if there is none.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keyring_state: bool | KeyringUnavailable = False
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox()
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.remember)
        layout.addWidget(self.reason)
        self.retranslate_ui()

    def show_key(self, key_path: Path | None) -> None:
        """Ask the keyring about this key: remembered, not remembered, or no keyring (the checkbox says why)."""
        self._keyring_state = submission.remembered_password_available(key_path) if key_path else False
        unavailable = isinstance(self._keyring_state, KeyringUnavailable)
        self.remember.setEnabled(not unavailable)
        self.remember.setChecked(self._keyring_state is True)
        self.reason.setVisible(unavailable)
        self.retranslate_ui()

    def password(self) -> str | None:
        return self.field.text() or None

    def wants_remembering(self) -> bool:
        return self.remember.isEnabled() and self.remember.isChecked()

    def retranslate_ui(self) -> None:
        self.remember.setText(_("Remember in the system keyring"))
        if self._keyring_state is True:
            self.field.setPlaceholderText(_("Remembered in the system keyring; leave empty to use it"))
        else:
            self.field.setPlaceholderText(_("The key file's password"))
        if isinstance(self._keyring_state, KeyringUnavailable):
            self.reason.setText(describe(self._keyring_state))


class CheckKeyDialog(QDialog):
    """Unlocks the key once to show whose it is and when it may sign (and, if asked, remember the password)."""

    def __init__(self, key_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key_path = key_path
        self.identity: Signer | None = None
        self.setWindowTitle(_("Check the signing key"))
        self.setMinimumWidth(460)
        self.passwords = PasswordBox()
        self.passwords.show_key(key_path)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Password for {name}:").format(name=key_path.name)))
        layout.addWidget(self.passwords)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.identity = submission.unlock_signing_key(
                self.key_path, self.passwords.password(), self.passwords.wants_remembering())
        except ServiceError as error:
            # The dialog stays open, so a mistyped password can be typed again.
            QMessageBox.warning(self, _("Signing key"), describe(error))
            self.passwords.show_key(self.key_path)
            return
        super().accept()


class KeysSettings(Retranslating, QGroupBox):
    """The Settings group for bundles: which key signs, its remembered password, and the trusted roots."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.key_caption, self.certificate_caption, self.password_caption = QLabel(), QLabel(), QLabel()
        self.key_path = QLabel()
        self.key_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_path.setWordWrap(True)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_key)
        self.certificate = QLabel()
        self.certificate.setWordWrap(True)
        # Several wrapped lines (names, IIN, BIN, NCA role): never squeezed below their height by the form.
        self.certificate.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.check_button = QPushButton()
        self.check_button.clicked.connect(self.check_key)
        self.password_state = QLabel()
        self.password_state.setWordWrap(True)
        self.password_state.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)  # as above
        self.forget_button = QPushButton()
        self.forget_button.clicked.connect(self.forget_password)
        self.ncalayer = QCheckBox()
        self.ncalayer.toggled.connect(self.use_ncalayer)
        self.ncalayer_hint = QLabel()
        self.ncalayer_hint.setWordWrap(True)
        self.crls_caption = QLabel()
        self.crls = QLabel()
        self.crls.setWordWrap(True)
        self.import_crl_button = QPushButton()
        self.import_crl_button.clicked.connect(self.import_crl)

        self.roots_caption = QLabel()
        self.roots_hint = QLabel()
        self.roots_hint.setWordWrap(True)
        self.roots = QTreeWidget()
        self.roots.setRootIsDecorated(False)
        self.roots.setColumnCount(3)
        self.roots.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.roots.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):  # the whole fingerprint, to compare by eye with the CA's published one
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.roots.setMaximumHeight(140)
        self.roots.itemSelectionChanged.connect(self._enable_remove)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_roots)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_root)

        form = QFormLayout()
        form.addRow(self.ncalayer)
        form.addRow(self.ncalayer_hint)
        form.addRow(self.key_caption, _row(self.key_path, self.choose_button))
        form.addRow(self.certificate_caption, _row(self.certificate, self.check_button))
        form.addRow(self.password_caption, _row(self.password_state, self.forget_button))
        root_buttons = QHBoxLayout()
        root_buttons.addWidget(self.import_button)
        root_buttons.addWidget(self.remove_button)
        root_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.roots_caption)
        layout.addWidget(self.roots_hint)
        layout.addWidget(self.roots)
        layout.addLayout(root_buttons)
        layout.addWidget(self.crls_caption)
        layout.addLayout(_row(self.crls, self.import_crl_button))
        self._certificate_text = ""
        self.retranslate_ui()

    # ---------------------------------------------------------------------------------------------- key

    def choose_key(self) -> None:
        if choose_key_file(self, self.store) is not None:
            self._certificate_text = ""
            self.refresh()

    def check_key(self) -> None:
        key_path = submission.signing_key_path(self.store)
        if key_path is None:
            return
        dialog = CheckKeyDialog(key_path, self)
        if dialog.exec() and dialog.identity is not None:
            self._certificate_text = certificate_text(dialog.identity)
        self.refresh()

    def use_ncalayer(self, enabled: bool) -> None:
        if enabled != submission.signs_with_ncalayer(self.store):
            submission.choose_ncalayer(self.store, enabled)
        self.refresh()

    def forget_password(self) -> None:
        key_path = submission.signing_key_path(self.store)
        if key_path is None:
            return
        try:
            submission.forget_password(key_path)
        except KeyringUnavailable as error:
            QMessageBox.warning(self, _("Signing key"), describe(error))
        self.refresh()

    def _show_key(self) -> None:
        key_path = submission.signing_key_path(self.store)
        with_ncalayer = submission.signs_with_ncalayer(self.store)
        self.ncalayer.blockSignals(True)
        self.ncalayer.setChecked(with_ncalayer)
        self.ncalayer.blockSignals(False)
        for widget in (self.key_path, self.choose_button, self.certificate, self.password_state):
            widget.setEnabled(not with_ncalayer)
        self.key_path.setText(str(key_path) if key_path else _("No key chosen"))
        self.check_button.setEnabled(key_path is not None and not with_ncalayer)
        self.certificate.setText(self._certificate_text or _("Shown once the key is checked with its password"))
        state = submission.remembered_password_available(key_path) if key_path else False
        if isinstance(state, KeyringUnavailable):
            self.password_state.setText(describe(state))
        elif state:
            self.password_state.setText(
                _("Remembered in the system keyring ({backend})").format(backend=secrets.backend_name()))
        else:
            self.password_state.setText(_("Not remembered; asked at each export"))
        self.forget_button.setEnabled(state is True)

    # ---------------------------------------------------------------------------------------------- roots

    def import_roots(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import trusted root certificates"), str(Path.home()),
            _("Certificates (*.pem *.crt *.cer *.der);;All files (*)"))
        if name:
            self.import_roots_from(Path(name))

    def import_roots_from(self, path: Path) -> None:
        def imported(added: object) -> None:
            self.refresh()
            if not added:
                QMessageBox.information(self, _("Trusted roots"),
                                        _("Every certificate in the file was already trusted."))

        self._write(lambda: submission.import_trusted_roots(self.store, path), _("Trusted roots"), imported)

    def _write(self, write: Callable[[], object], title: str,
               done: Callable[[object], None] | None = None) -> None:
        """A change to the store, made on the writing thread (a busy store never freezes the window)."""
        def failed(error: Exception) -> None:
            QMessageBox.warning(self, title, describe(error))
            self.refresh()

        write_in_background(write, on_success=done or (lambda _result: self.refresh()), on_failure=failed,
                            owner=self)

    def remove_root(self) -> None:
        selected = self.roots.selectedItems()
        if not selected:
            return
        item = selected[0]
        question = _("Stop trusting “{subject}”? Bundles signed under it will no longer verify.").format(
            subject=item.text(0))
        if QMessageBox.question(self, _("Trusted roots"), question) != QMessageBox.StandardButton.Yes:
            return
        root_id = item.data(0, Qt.ItemDataRole.UserRole)
        self._write(lambda: submission.remove_trusted_root(self.store, root_id), _("Trusted roots"))

    def _show_roots(self) -> None:
        self.roots.clear()
        for root in submission.list_trusted_roots(self.store):
            item = QTreeWidgetItem([root.subject, format_date(root.valid_until.date()), root.fingerprint])
            item.setData(0, Qt.ItemDataRole.UserRole, root.id)
            item.setToolTip(2, root.fingerprint)
            self.roots.addTopLevelItem(item)
        self._enable_remove()

    # ---------------------------------------------------------------------------------------------- CRLs

    def import_crl(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import a certificate revocation list"), str(Path.home()),
            _("Revocation lists (*.crl *.pem);;All files (*)"))
        if not name:
            return
        self._write(lambda: submission.import_revocation_list(self.store, name), _("Revocation lists"))

    def _show_crls(self) -> None:
        lists = submission.list_revocation_lists(self.store)
        if not lists:
            self.crls.setText(_("None imported: bundles are verified without a revocation check, and say so."))
            return
        self.crls.setText("\n".join(
            _("{issuer}, issued {date}: {count} revoked").format(
                issuer=info.issuer, date=format_date(info.this_update.date()), count=info.revoked_count)
            for info in lists))

    def _enable_remove(self) -> None:
        self.remove_button.setEnabled(bool(self.roots.selectedItems()))

    # ---------------------------------------------------------------------------------------------- language

    def refresh(self) -> None:
        self._show_key()
        self._show_roots()
        self._show_crls()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Signed bundles"))
        self.ncalayer.setText(_("Sign with NCALayer"))
        self.ncalayer_hint.setText(_("NCALayer (from NCA RK) keeps the key and asks for its PIN in its own window; "
                                     "it must be running when you export. Otherwise choose the key file (RSA or "
                                     "GOST 2015, .p12)."))
        self.key_caption.setText(_("Signing key (PKCS#12 file)"))
        self.certificate_caption.setText(_("Certificate"))
        self.password_caption.setText(_("Password"))
        self.choose_button.setText(_("Choose key…"))
        self.check_button.setText(_("Check key…"))
        self.forget_button.setText(_("Forget remembered password"))
        self.roots_caption.setText(_("Trusted root certificates"))
        self.roots_hint.setText(_("None is trusted by default. Import your certification authority's root "
                                  "certificate (for NCA RK keys, the NCA RK root) to verify bundles, and its "
                                  "issuing CA certificate: it then travels in the bundles you sign."))
        self.crls_caption.setText(_("Certificate revocation lists"))
        self.import_crl_button.setText(_("Import CRL…"))
        self.roots.setHeaderLabels([_("Subject"), _("Valid until"), _("SHA-256 fingerprint")])
        self.import_button.setText(_("Import…"))
        self.remove_button.setText(_("Remove"))
        self.refresh()


def _row(value: QWidget, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(value, 1)
    row.addWidget(button)
    return row
