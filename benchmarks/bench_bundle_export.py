"""A whole export as the officer runs it: 200 ready reports in Kazakh and Russian through `export_bundle`.

Run: .venv/bin/python benchmarks/bench_bundle_export.py [reports] [repetitions]. Prints the export's time split
into PDF rendering, PAdES signing (goal ≤ 50 ms a PDF), collecting the data and attachments, and packaging
(hashing, manifest, CMS signature, ZIP with fsync and rename). Then, in the same run and on exactly the files the
bundle holds, packaging by write_bundle beside the same manifest signed by `openssl cms -sign` and zipped by
Python's zipfile (no fsync, no rename), medians over the repetitions (goal ≤ 1.5×), and write_bundle once more
without its fsync, to show what durability costs on this disk. Last, the same export signed with a GOST 2015-512
key (NCA RK's algorithm, made for the run with KZ identifiers): GOST bundles sign the manifest only (no PAdES in
the PDFs), so the whole export stays within 1.2× of the RSA one (issue 12's goal).

The store is a fresh temporary one; each report has about two pages per language, and every tenth event\ncarries an attachment.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import statistics
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_bundle import by_hand, timed, write_key_files  # noqa: E402

from hattama.db.store import open_store  # noqa: E402
from hattama.services import submission  # noqa: E402
from hattama.services.bundle import format as bundle_format  # noqa: E402
from hattama.services.bundle.writer import BundleFile, write_bundle  # noqa: E402
from hattama.services.events import add_attachment  # noqa: E402
from hattama.services.reports import ReportTexts, create_report, save_texts, set_status  # noqa: E402
from hattama.services.settings import load_settings, update_settings  # noqa: E402
from hattama.services.signing.gost.pkcs12 import GostIdentity  # noqa: E402
from hattama.services.signing.providers import GostKeyFileSigner  # noqa: E402
from tests.submission.helpers import (  # noqa: E402
    ATTACHMENT_NAME,
    ATTACHMENT_TEXT,
    BODY_NAME_EN,
    KK_TEXTS,
    RU_TEXTS,
    write_key,
)
from tests.pki import PASSWORD, default_pki  # noqa: E402
from tests.reports.helpers import unit_with_event  # noqa: E402
from tests.signing import gost_factory  # noqa: E402


def longer(texts: ReportTexts, report: int) -> ReportTexts:
    """About two pages: the officer's texts repeated into paragraphs, numbered so no two reports are alike."""
    paragraphs = "\n".join(f"{report}.{n}. {texts.issues} {texts.agreements}" for n in range(1, 9))
    return ReportTexts(texts.participants, paragraphs, texts.agreements * 4, texts.issues)


def fill_store(store, folder: Path, reports: int) -> list[uuid.UUID]:
    attachment = folder / ATTACHMENT_NAME
    attachment.write_text(ATTACHMENT_TEXT * 200, encoding="utf-8")
    report_ids = []
    for report in range(reports):
        event_id = unit_with_event(store)
        if report % 10 == 0:
            add_attachment(store, event_id, attachment)
        report_id = create_report(store, event_id)
        for language, texts in (("kk", KK_TEXTS), ("ru", RU_TEXTS)):
            save_texts(store, report_id, language, longer(texts, report))
        set_status(store, report_id, "ready")
        report_ids.append(report_id)
    update_settings(store, body_name_en=BODY_NAME_EN)
    return report_ids


def bundled_files(path: Path) -> tuple[list[BundleFile], dict[str, str]]:
    """Every file the bundle lists, as write_bundle was given it, and the manifest's source."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(bundle_format.MANIFEST_NAME))
        files = [BundleFile(entry["path"], archive.read(entry["path"]), entry["media_type"],
                            entry.get("report_id"), entry.get("language"))
                 for entry in manifest["files"]]
    return files, manifest["source"]


def gost_signer(now: dt.datetime) -> GostKeyFileSigner:
    """A GOST 2015-512 key and certificate with NCA RK's identifiers, issued by a test CA made for the run."""
    ca_key, key = gost_factory.new_key(), gost_factory.new_key()
    ca = gost_factory.certificate(gost_factory.name("Benchmark GOST CA"), ca_key, None, ca_key, ca=True,
                                  digital_signature=False, not_before=now - dt.timedelta(days=1),
                                  not_after=now + dt.timedelta(days=30))
    certificate = gost_factory.certificate(gost_factory.name("Benchmark officer", iin="900101300123"), key, ca,
                                           ca_key, purposes=gost_factory.SIGNING_EKU,
                                           not_before=now - dt.timedelta(days=1), not_after=now + dt.timedelta(days=30))
    return GostKeyFileSigner(GostIdentity(key, certificate, (ca,)))


def main(reports: int = 200, repetitions: int = 5) -> None:
    if shutil.which("openssl") is None:
        sys.exit("the openssl command line is needed for the comparison")
    pki = default_pki()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        store = open_store(folder / "store.sqlite3")
        started = time.perf_counter()
        report_ids = fill_store(store, folder, reports)
        print(f"store with {reports} ready reports made in {time.perf_counter() - started:.1f} s")
        identity = submission.unlock_signing_key(write_key(folder, pki.signing, pki), PASSWORD)

        started = time.perf_counter()
        exported = submission.export_bundle(store, report_ids, identity, folder / "bundle.zip")
        total = time.perf_counter() - started
        files, source = bundled_files(exported.path)
        pdfs = sum(1 for file in files if file.media_type == "application/pdf")
        t = exported.timings
        print(f"export_bundle: {reports} reports, {pdfs} PDFs, {len(files)} files, "
              f"{exported.size / 1024 / 1024:.1f} MB, {total:.2f} s in all")
        print(f"  rendering   {t.rendering:6.2f} s  ({t.rendering / pdfs * 1000:.1f} ms a PDF)")
        print(f"  signing     {t.signing:6.2f} s  ({t.signing / pdfs * 1000:.1f} ms a PDF, goal ≤ 50 ms)")
        print(f"  collecting  {t.collecting:6.2f} s  (interchange document and attachments from the store)")
        print(f"  packaging   {t.packaging:6.2f} s  (hashing, manifest, CMS, ZIP, fsync, rename)")
        rest = total - t.rendering - t.signing - t.collecting - t.packaging
        print(f"  other       {rest:6.2f} s  (checks, signer set-up, recording the export)")

        key_files = write_key_files(folder, identity.pades_identity)
        settings = load_settings(store)
        body = {language: getattr(settings, f"body_name_{language}") for language in bundle_format.BODY_LANGUAGES}
        ours, unsynced, theirs = [], [], []
        now = dt.datetime.now(dt.UTC)
        for _ in range(repetitions):
            ours.append(timed(lambda: write_bundle(folder / "again.zip", files, body, identity, now, source=source)))
            with mock.patch("os.fsync"):
                unsynced.append(
                    timed(lambda: write_bundle(folder / "again.zip", files, body, identity, now, source=source)))
            theirs.append(timed(lambda: by_hand(folder, files, identity, key_files)))
        ours_ms, unsynced_ms, theirs_ms = (statistics.median(runs) * 1000 for runs in (ours, unsynced, theirs))
        print(f"packaging the same {len(files)} files, medians of {repetitions} runs:")
        print(f"  write_bundle                    {ours_ms:7.0f} ms")
        print(f"  openssl cms -sign + zipfile     {theirs_ms:7.0f} ms")
        print(f"  ratio {ours_ms / theirs_ms:.2f}×  (goal ≤ 1.5×)")
        print(f"  write_bundle without its fsync  {unsynced_ms:7.0f} ms: ratio {unsynced_ms / theirs_ms:.2f}×")

        signer = gost_signer(now)
        started = time.perf_counter()
        gost = submission.export_bundle(store, report_ids, signer, folder / "gost.zip", now=now)
        gost_total = time.perf_counter() - started
        g = gost.timings
        print(f"the same export signed with GOST 2015-512: {gost_total:.2f} s in all "
              f"(rendering {g.rendering:.2f} s, PDF signing {g.signing:.2f} s, packaging {g.packaging:.2f} s "
              f"with one Streebog hash and one GOST signature over the manifest)")
        print(f"  GOST / RSA export: {gost_total / total:.2f}×  (goal ≤ 1.2×)")
        store.close()


if __name__ == "__main__":
    main(*(int(argument) for argument in sys.argv[1:3]))
