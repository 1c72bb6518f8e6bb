"""Issue 12's "done when", through the CLI as an officer runs it: a bundle signed with NCA RK's GOST test key
`employee_signright.p12` passes `hattama bundle verify --trust root_test_gost_2022.cer` once the unit holds
NCA's issuing test CA (which then travels in the bundle), fails when any byte changes or another root is
trusted, and is refused once the CRL revoking its key is imported. Verification time is fixed inside the test
keys' validity (they expire on 8 May 2027)."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from hattama.cli import main
from hattama.db.store import open_store
from hattama.services import submission
from hattama.services.bundle import format as bundle_format
from hattama.services.bundle import verifier
from hattama.services.settings import update_settings
from tests.signing import gost_factory as factory
from tests.signing.nca_keys import NCA
from tests.submission.helpers import ready_report

AT = dt.datetime(2026, 9, 1, 12, 0, tzinfo=dt.UTC)
BIN = "123456789021"  # the organisation in NCA's legal-entity test certificates

pytestmark = pytest.mark.skipif(not NCA.is_dir(), reason="NCA RK test keys not present")


@pytest.fixture
def unit(store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    store = open_store(store_path)
    report_id = ready_report(store, tmp_path)
    update_settings(store, body_bin=BIN)
    store.close()
    monkeypatch.setattr(submission, "utc_now", lambda: AT)
    monkeypatch.setenv("NCA_TEST_PASSWORD", "Qwerty12")
    return {"report": str(report_id)}


def _run(store_path: Path, *arguments: object) -> int:
    return main(["--db", str(store_path), "--lang", "en", *map(str, arguments)])


def _export(store_path: Path, unit: dict, key: str, out: Path) -> int:
    return _run(store_path, "bundle", "export", "--report", unit["report"][:8], "--key", NCA / key,
                "--password-env", "NCA_TEST_PASSWORD", "--out", out)


def _verify(store_path: Path, bundle: Path, root: Path = NCA / "root_test_gost_2022.cer") -> int:
    return _run(store_path, "bundle", "verify", bundle, "--trust", root)


def test_a_gost_bundle_verifies_and_fails_on_any_changed_byte_or_another_root(
    store_path: Path, unit: dict, tmp_path: Path, capsys
) -> None:
    assert _run(store_path, "bundle", "trust", "import", NCA / "nca_gost2022_test.cer") == 0
    bundle = tmp_path / "b.zip"
    assert _export(store_path, unit, "legal/valid/employee_signright.p12", bundle) == 0
    assert "signed by ТЕСТТОВ ТЕСТТ" in capsys.readouterr().out

    assert _verify(store_path, bundle) == 0
    printed = capsys.readouterr().out
    assert "The bundle passed every check." in printed
    assert "Revocation not checked" in printed  # no CRL imported: said plainly, not pretended
    # The issuing CA held by the exporting unit travels in the bundle; a unit holding nothing verifies too.
    fresh = tmp_path / "fresh.sqlite"
    assert _verify(fresh, bundle) == 0
    capsys.readouterr()

    # The PDFs carry no GOST signature (nothing could check one); the manifest's signature covers them.
    with zipfile.ZipFile(bundle) as archive:
        members = archive.infolist()
        pdf = archive.read(bundle_format.pdf_member(unit["report"], "kk"))
    assert b"/ByteRange" not in pdf

    for member in members:
        changed = tmp_path / f"changed-{member.header_offset}.zip"
        data = bytearray(bundle.read_bytes())
        start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
        data[start + member.compress_size // 2] ^= 0x01
        changed.write_bytes(bytes(data))
        assert _verify(fresh, changed) == 1, member.filename
    capsys.readouterr()

    other_key = factory.new_key()
    other_root = factory.certificate(factory.name("Another GOST root"), other_key, None, other_key, ca=True,
                                     digital_signature=False, not_before=AT - dt.timedelta(days=1),
                                     not_after=AT + dt.timedelta(days=1))
    (tmp_path / "other.cer").write_bytes(other_root.public_bytes(Encoding.DER))
    assert _verify(fresh, bundle, tmp_path / "other.cer") == 1
    assert "does not chain to any imported trusted root" in capsys.readouterr().out


def test_a_revoked_key_is_refused_once_its_crl_is_imported(
    store_path: Path, unit: dict, tmp_path: Path, capsys
) -> None:
    assert _run(store_path, "bundle", "trust", "import", NCA / "nca_gost2022_test.cer") == 0
    bundle = tmp_path / "revoked.zip"
    assert _export(store_path, unit, "legal/revoked/employee_signright.p12", bundle) == 0
    assert _verify(store_path, bundle) == 0  # revocation not checked yet, and said so
    capsys.readouterr()

    assert _run(store_path, "bundle", "crl", "import", NCA / "nca_gost2022_test.crl") == 0
    assert "Revocation list of" in capsys.readouterr().out
    assert _verify(store_path, bundle) == 1
    printed = capsys.readouterr().out
    assert "✗ The signer's certificate is not revoked — The signer's certificate was revoked on" in printed

    # The same CRL leaves a valid key's bundle passing, now with revocation checked.
    valid = tmp_path / "valid.zip"
    assert _export(store_path, unit, "legal/valid/employee_signright.p12", valid) == 0
    report = submission.verify_bundle_file(open_store(store_path), valid,
                                        submission.read_roots_file(NCA / "root_test_gost_2022.cer"))
    assert report.ok
    assert report.check(verifier.CHECK_REVOCATION).detail_msgid.startswith("Not revoked")


@pytest.mark.parametrize(("key", "password", "says"), [
    ("legal/valid/employee.p12", "Qwerty12", "does not give the right to sign for the organisation"),
    ("legal/valid/head.p12", "wrong", "The password for this key file is wrong."),
])
def test_a_key_that_cannot_sign_is_one_line_and_writes_nothing(
    store_path: Path, unit: dict, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch, key, password, says
) -> None:
    monkeypatch.setenv("NCA_TEST_PASSWORD", password)
    out = tmp_path / "none.zip"
    assert _export(store_path, unit, key, out) != 0
    error = capsys.readouterr().err
    assert says in error and "Traceback" not in error
    assert not out.exists()


def test_the_unit_keeps_an_imported_crl_once(store_path: Path, unit: dict, capsys) -> None:
    for _ in range(2):
        assert _run(store_path, "bundle", "crl", "import", NCA / "nca_gost2022_test.crl") == 0
    capsys.readouterr()
    assert _run(store_path, "bundle", "crl", "list") == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_a_file_that_is_no_crl_is_refused_plainly(store_path: Path, unit: dict, tmp_path: Path, capsys) -> None:
    shutil.copy(NCA / "nca_gost2022_test.cer", tmp_path / "not-a.crl")
    assert _run(store_path, "bundle", "crl", "import", tmp_path / "not-a.crl") != 0
    assert "no certificate revocation list" in capsys.readouterr().err
