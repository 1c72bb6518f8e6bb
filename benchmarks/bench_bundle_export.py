"""A whole export as the officer runs it: 200 ready reports in Kazakh and Russian through `export_bundle`.

Run: .venv/bin/python benchmarks/bench_bundle_export.py [reports] [repetitions]. Prints, each beside a floor doing
the same work (issue 22.1):
- the export's time split into collecting (registration, data, attachments), PDF rendering, PAdES signing (goal
  ≤ 50 ms a PDF) and packaging, cold (the first export after opening the store: SQLite's cache empty) and warm;
  beside it the floor: the same PDFs drawn from documents built beforehand, signed, the same data document
  encoded and the same files packaged the plainest way (bench_bundle.by_hand) — what is left over is the store
  work (reads, registration, recording);
- packaging alone: write_bundle beside bench_bundle.by_hand on exactly the files the bundle holds, medians over
  the repetitions (goal ≤ 1.5×), with and without fsync;
- the command line, `hattama bundle export --report PREFIX` × 20, beside the service given the same ids (issue
  22.3: each --report is one query by id, not a read of every report);
- the same export signed with a GOST 2015-512 key (NCA RK's algorithm, made for the run with KZ identifiers):
  GOST bundles sign the manifest only (no PAdES in the PDFs), so the export stays within 1.2× of the RSA one.

The store is a fresh temporary one; each report has about two pages per language, and every tenth event carries
an attachment.
"""

from __future__ import annotations

import datetime as dt
import json
import os
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

from bench_bundle import by_hand, timed  # noqa: E402

from hattama.cli import main as cli_main  # noqa: E402
from hattama.db.store import open_store  # noqa: E402
from hattama.services import submission  # noqa: E402
from hattama.services.attachments import add_attachment  # noqa: E402
from hattama.services.bundle import format as bundle_format  # noqa: E402
from hattama.services.bundle.writer import BundleFile, write_bundle  # noqa: E402
from hattama.services.interchange.export import export_interchange  # noqa: E402
from hattama.services.pdf.render import render_report_pdf  # noqa: E402
from hattama.services.reports import ReportTexts, build_document, create_report, save_texts, set_status  # noqa: E402
from hattama.services.settings import load_settings, update_settings  # noqa: E402
from hattama.services.signing.gost.pkcs12 import GostIdentity  # noqa: E402
from hattama.services.signing.providers import GostKeyFileSigner  # noqa: E402
from tests.pki import PASSWORD, default_pki  # noqa: E402
from tests.reports.helpers import unit_with_event  # noqa: E402
from tests.signing import gost_factory  # noqa: E402
from tests.submission.helpers import (  # noqa: E402
    ATTACHMENT_NAME,
    ATTACHMENT_TEXT,
    BODY_NAME_EN,
    KK_TEXTS,
    RU_TEXTS,
    write_key,
)


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
    update_settings(store, body_name_en=BODY_NAME_EN, registration_pattern="12-1/{seq}")
    return report_ids


def bundled_files(path: Path) -> tuple[list[BundleFile], dict[str, str]]:
    """Every file the bundle lists, as write_bundle was given it, and the manifest's source."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(bundle_format.MANIFEST_NAME))
        files = [BundleFile(entry["path"], archive.read(entry["path"]), entry["media_type"],
                            entry.get("report_id"), entry.get("language"), entry.get("document"), entry.get("record"))
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


def floor_export(store, exported, files: list[BundleFile], identity, folder: Path) -> float:
    """The export's own work without the store: the same report and covering-letter PDFs drawn from documents
    built beforehand and signed, the same data document encoded, the attachments as the bundle holds them,
    packaged by bench_bundle.by_hand."""
    from hattama.services.bundle.covering_letter import covering_letter
    from hattama.services.letters import get_letter
    from hattama.services.pdf.letter import render_letter_pdf
    from hattama.services.signing.pades import make_pdf_signer, sign_pdf

    report_ids = [uuid.UUID(file.report_id) for file in files if file.report_id and file.language == "kk"]
    documents = [(file.report_id, file.language, build_document(store, uuid.UUID(file.report_id), file.language))
                 for file in files if file.report_id]
    settings, registered = load_settings(store), exported.registered
    text = get_letter(store, exported.letter_id).data.text
    letters = [(file.path, file.record, file.language,
                covering_letter(settings, text, file.language, registered.number, registered.registered_on))
               for file in files if file.document == "letter"]
    data = export_interchange(store, report_ids=report_ids)
    kept = [file for file in files if file.path.startswith(bundle_format.ATTACHMENTS_FOLDER)]
    pdf_signer = make_pdf_signer(identity.pades_identity)
    started = time.perf_counter()
    drawn = [BundleFile(bundle_format.pdf_member(report_id, language),
                        sign_pdf(render_report_pdf(document), pdf_signer, report_id, language),
                        "application/pdf", report_id, language)
             for report_id, language, document in documents]
    drawn += [BundleFile(path, sign_pdf(render_letter_pdf(letter), pdf_signer, record, language), "application/pdf",
                         language=language, document="letter", record=record)
              for path, record, language, letter in letters]
    encoded = BundleFile(submission.DATA_MEMBER, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(),
                         "application/json")
    by_hand(folder, [encoded, *kept, *drawn], identity.pades_identity)
    return time.perf_counter() - started


def print_export(label: str, exported, total: float, pdfs: int) -> None:
    t = exported.timings
    print(f"{label}: {total:.2f} s in all — collecting {t.collecting:.2f} s, rendering {t.rendering:.2f} s "
          f"({t.rendering / pdfs * 1000:.1f} ms a PDF), signing {t.signing:.2f} s ({t.signing / pdfs * 1000:.1f} ms "
          f"a PDF, goal ≤ 50 ms), packaging {t.packaging:.2f} s, other "
          f"{total - t.rendering - t.signing - t.collecting - t.packaging:.2f} s")


def main(reports: int = 200, repetitions: int = 5) -> None:
    pki = default_pki()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for variable in ("HATTAMA_CONFIG_DIR", "HATTAMA_DATA_DIR"):  # the officer's own folders stay untouched
            os.environ[variable] = str(folder / variable.lower())
        store = open_store(folder / "store.sqlite3")
        started = time.perf_counter()
        report_ids = fill_store(store, folder, reports)
        print(f"store with {reports} ready reports made in {time.perf_counter() - started:.1f} s")
        store.close()
        store = open_store(folder / "store.sqlite3")  # cold: a fresh engine, SQLite's page cache empty
        key = write_key(folder, pki.signing, pki)
        identity = submission.unlock_signing_key(key, PASSWORD)

        started = time.perf_counter()
        exported = submission.export_bundle(store, report_ids, identity, folder / "bundle.zip")
        cold = time.perf_counter() - started
        files, source = bundled_files(exported.path)
        pdfs = sum(1 for file in files if file.media_type == "application/pdf")
        print(f"export_bundle: {reports} reports, {pdfs} PDFs, {len(files)} files, "
              f"{exported.size / 1024 / 1024:.1f} MB")
        print_export("  cold", exported, cold, pdfs)
        started = time.perf_counter()
        again = submission.export_bundle(store, report_ids, identity, folder / "bundle.zip")
        total = time.perf_counter() - started
        print_export("  warm", again, total, pdfs)
        floor = floor_export(store, exported, files, identity, folder)
        print(f"  floor, the same PDFs, data and files without the store: {floor:.2f} s; "
              f"export / floor: cold {cold / floor:.2f}×, warm {total / floor:.2f}×")

        settings = load_settings(store)
        body = {language: getattr(settings, f"body_name_{language}") for language in bundle_format.BODY_LANGUAGES}
        ours, unsynced, theirs, theirs_unsynced = [], [], [], []
        now = dt.datetime.now(dt.UTC)
        for _ in range(repetitions):
            ours.append(timed(lambda: write_bundle(folder / "again.zip", files, body, identity, now, source=source)))
            theirs.append(timed(lambda: by_hand(folder, files, identity.pades_identity)))
            with mock.patch("os.fsync"):
                unsynced.append(
                    timed(lambda: write_bundle(folder / "again.zip", files, body, identity, now, source=source)))
                theirs_unsynced.append(timed(lambda: by_hand(folder, files, identity.pades_identity)))
        ours_ms, unsynced_ms, theirs_ms, theirs_unsynced_ms = (
            statistics.median(runs) * 1000 for runs in (ours, unsynced, theirs, theirs_unsynced))
        print(f"packaging the same {len(files)} files, medians of {repetitions} runs:")
        print(f"  write_bundle {ours_ms:7.0f} ms, floor {theirs_ms:7.0f} ms: ratio {ours_ms / theirs_ms:.2f}×  "
              f"(goal ≤ 1.5×)")
        print(f"  without fsync: write_bundle {unsynced_ms:7.0f} ms, floor {theirs_unsynced_ms:7.0f} ms: "
              f"ratio {unsynced_ms / theirs_unsynced_ms:.2f}×")

        chosen = report_ids[:20]
        os.environ["HATTAMA_BENCH_PASSWORD"] = PASSWORD
        arguments = ["--db", str(folder / "store.sqlite3"), "bundle", "export", "--key", str(key),
                     "--password-env", "HATTAMA_BENCH_PASSWORD", "--out", str(folder / "cli.zip"),
                     *(argument for report_id in chosen for argument in ("--report", str(report_id)[:8]))]
        cli = timed(lambda: cli_main(arguments))
        service = timed(lambda: submission.export_bundle(store, chosen, identity, folder / "service.zip"))
        print(f"hattama bundle export --report PREFIX × {len(chosen)}: {cli:.2f} s; the service with the same ids "
              f"{service:.2f} s: ratio {cli / service:.2f}× (the CLI also starts, opens the store and unlocks the key)")

        signer = gost_signer(now)
        started = time.perf_counter()
        gost = submission.export_bundle(store, report_ids, signer, folder / "gost.zip", now=now)
        gost_total = time.perf_counter() - started
        g = gost.timings
        print(f"the same export signed with GOST 2015-512: {gost_total:.2f} s in all "
              f"(rendering {g.rendering:.2f} s, PDF signing {g.signing:.2f} s, packaging {g.packaging:.2f} s "
              f"with one Streebog hash and one GOST signature over the manifest)")
        print(f"  GOST / RSA export (warm): {gost_total / total:.2f}×  (goal ≤ 1.2×)")
        store.close()


if __name__ == "__main__":
    main(*(int(argument) for argument in sys.argv[1:3]))
