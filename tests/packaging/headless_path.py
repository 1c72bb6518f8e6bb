"""The whole headless path an installed Hattama must walk, run against any installed copy.

Both packaging tests use it: the wheel installed in a clean venv, and the Windows installer's copy under Wine.
Each output is compared with what this checkout's own `hattama` says for the same input, so the tests check the
installed copy (its package data, catalogs, fonts, schemas) rather than restating the rules.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.pki import PASSWORD, default_pki

PASSWORD_VARIABLE = "HATTAMA_PACKAGING_KEY_PASSWORD"
KAZAKH_LETTERS = set("әғқңөұүһі")

Run = Callable[[Sequence[str]], subprocess.CompletedProcess]


def checkout_hattama(*arguments: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """This checkout's own `hattama` (the venv the tests run in): the reference answer."""
    command = [str(Path(sys.executable).parent / "hattama"), *map(str, arguments)]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=300, env=env)


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def unembedded_fonts(pdf: Path) -> list[str]:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [line for line in lines if line.split()[-5] != "yes"]  # the "emb" column


@dataclass
class Installed:
    """How to run the installed copy: `run(arguments)`, and how it spells a path of this machine."""

    run: Run
    host_path: Callable[[Path], str] = str

    def call(self, *arguments: str | Path) -> subprocess.CompletedProcess:
        return self.run([a if isinstance(a, str) else self.host_path(a) for a in arguments])

    def ok(self, *arguments: str | Path) -> str:
        result = self.call(*arguments)
        assert result.returncode == 0, f"hattama {arguments}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
        return result.stdout


def walk(installed: Installed, workdir: Path, store: Path, *, store_args: Sequence[str | Path] = ()) -> None:
    """--version, calendar, kk UI strings, demo, report PDFs in kk and ru, bundle export and verify.

    `store_args` selects the store for the installed copy (empty: its default store in the per-user data
    folder); `store` is where that store lies on this machine, for the checkout's reference runs.
    """
    version = checkout_hattama("--version").stdout.strip()
    assert installed.ok("--version").strip() == version

    expected_count = checkout_hattama("calendar", "count", "2025").stdout
    assert installed.ok("calendar", "count", "2025") == expected_count

    kazakh = installed.ok("--lang", "kk", "calendar", "show", "2025")
    assert kazakh == checkout_hattama("--lang", "kk", "calendar", "show", "2025").stdout
    assert "Мереке күні" in kazakh  # "Holiday" from the installed kk catalog, not English

    summary = installed.ok(*store_args, "--lang", "kk", "demo", "--events", "20")
    assert "Демонстрациялық деректер жазылды" in summary  # the kk catalog again, through the store
    assert store.is_file()
    reports = json.loads(installed.ok(*store_args, "report", "list", "--format", "json"))
    assert reports, "the demo wrote no report"
    report = reports[0]["id"]
    installed.ok(*store_args, "--lang", "en", "report", "status", report, "ready")

    for language, sample in (("kk", KAZAKH_LETTERS), ("ru", set("ЖЩЫЭЮЯжщыэюя"))):
        pdf, reference = workdir / f"report-{language}.pdf", workdir / f"reference-{language}.pdf"
        installed.ok(*store_args, "report", "pdf", report, "--lang", language, "--out", pdf)
        checkout_hattama("--db", store, "report", "pdf", report, "--lang", language, "--out", reference)
        text = pdf_text(pdf)
        assert text == pdf_text(reference)
        assert set(text) & sample, f"no {language} letters in the {language} PDF"
        assert unembedded_fonts(pdf) == []

    key, root = workdir / "RSA256_test.p12", workdir / "root.pem"
    pki = default_pki()
    key.write_bytes(pki.signing.pkcs12(pki.chain, PASSWORD))
    root.write_bytes(pki.root.pem())
    bundle = workdir / "submission.zip"
    exported = installed.ok(*store_args, "--lang", "en", "bundle", "export", "--report", report, "--key", key,
                            "--out", bundle, "--password-env", PASSWORD_VARIABLE)
    assert "1 report, signed by ТЕСТОВА ӘСЕЛЬ" in exported
    verified = installed.ok(*store_args, "--lang", "en", "bundle", "verify", bundle, "--trust", root)
    assert verified.rstrip().endswith("The bundle passed every check.")
    # The bundle made by the installed copy verifies here too, and an untrusted one fails there.
    assert checkout_hattama("--lang", "en", "bundle", "verify", bundle, "--trust", root).returncode == 0
    assert installed.call(*store_args, "--lang", "en", "bundle", "verify", bundle).returncode == 1


def password_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    environment = dict(os.environ if base is None else base)
    environment[PASSWORD_VARIABLE] = PASSWORD
    return environment
