"""Settings → Keys and the export dialog with a GOST key and with NCALayer: the choice is kept, the certificate
shows the NCA role with its OID, IIN and BIN, imported CRLs are listed, and the export dialog asks for no password
when NCALayer holds the key."""

from __future__ import annotations

import datetime as dt

import pytest

from hattama.services import submission
from hattama.ui.bundles.export_dialog import ExportBundleDialog
from hattama.ui.bundles.keys_settings import KeysSettings, certificate_text
from tests.signing.nca_keys import NCA

AT = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)

pytestmark = [pytest.mark.gui, pytest.mark.skipif(not NCA.is_dir(), reason="NCA RK test keys not present")]


def test_a_gost_key_shows_its_role_numbers_and_the_crls(qtbot, store) -> None:
    submission.choose_signing_key(store, NCA / "legal/valid/employee_signright.p12")
    submission.import_revocation_list(store, NCA / "nca_gost2022_test.crl")
    signer = submission.unlock_signing_key(NCA / "legal/valid/employee_signright.p12", "Qwerty12", now=AT)
    text = certificate_text(signer)
    for shown in ("GOST 2015 key", "IIN 123456789012", "BIN 123456789021",
                  "employee with the right to sign (1.2.398.3.3.4.1.2.2)"):
        assert shown in text
    settings = KeysSettings(store)
    qtbot.addWidget(settings)
    assert "195 revoked" in settings.crls.text()


def test_choosing_ncalayer_is_kept_and_the_export_dialog_asks_no_password(qtbot, store) -> None:
    settings = KeysSettings(store)
    qtbot.addWidget(settings)
    assert not settings.ncalayer.isChecked()
    settings.ncalayer.setChecked(True)
    assert submission.signs_with_ncalayer(store)
    assert not settings.check_button.isEnabled()
    dialog = ExportBundleDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.passwords.isHidden() and dialog.change_key_button.isHidden()
    assert "NCALayer" in dialog.key_path.text()
    settings.ncalayer.setChecked(False)
    assert not submission.signs_with_ncalayer(store)



def test_the_export_dialog_asks_ncalayer_for_a_timestamp_unless_the_officer_is_offline(qtbot, store, monkeypatch,
                                                                                      tmp_path) -> None:
    from PySide6.QtWidgets import QProgressDialog

    from hattama.services.signing import ncalayer

    asked: list[bool] = []

    def connect_signer(now, *, offline=False, language="kk"):
        asked.append(offline)
        raise ncalayer.NcaLayerNotRunning()

    monkeypatch.setattr(ncalayer, "connect_signer", connect_signer)
    monkeypatch.setattr("hattama.ui.bundles.export_dialog.QMessageBox.warning", lambda *args: None)
    settings = KeysSettings(store)
    qtbot.addWidget(settings)
    settings.ncalayer.setChecked(True)
    dialog = ExportBundleDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.timestamp_box.isChecked() and not dialog.timestamp_box.isHidden()
    dialog.out_path.setText(str(tmp_path / "b.zip"))
    for expected, tick in enumerate((True, False), start=1):
        dialog.timestamp_box.setChecked(tick)
        dialog.start_export()
        qtbot.waitUntil(lambda expected=expected: len(asked) == expected, timeout=10000)
        qtbot.waitUntil(lambda: dialog.findChild(QProgressDialog) is None, timeout=10000)
    assert asked == [False, True]  # ticked: a timestamp (not offline); unticked: offline
