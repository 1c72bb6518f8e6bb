"""Signing and bundling cost of a large export: 200 reports in two languages, 400 three-page PDFs.

Run: .venv/bin/python benchmarks/bench_bundle.py [reports] [repetitions]. Prints
(a) the PAdES signature per PDF (goal ≤ 50 ms each),
(b) write_bundle over the signed PDFs: hashing, manifest, CMS signature and ZIP (temporary file, fsync, rename),
(c) the floor: the same work done the plainest way (issue 22.1) — the same manifest (hashing included), the same
    detached CMS signature by the same library call (cryptography's PKCS7SignatureBuilder, DER, certificates
    included), Python's zipfile with the same compression choices into a temporary file, fsync, the file's
    SHA-256 and the rename into place,
and the ratio b/c (goal ≤ 1.5×). For the breakdown it also times both without fsync: what the durability of the
atomic replace costs on this disk. The PDFs are drawn once with plain reportlab in the document font, and the key
comes from the test PKI.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.serialization import pkcs7  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from hattama.services.bundle import format as bundle_format  # noqa: E402
from hattama.services.bundle.writer import BundleFile, manifest_bytes, write_bundle  # noqa: E402
from hattama.services.pdf.fonts import register_fonts  # noqa: E402
from hattama.services.signing.keys import SigningIdentity, load_signing_identity  # noqa: E402
from hattama.services.signing.pades import make_pdf_signer, sign_pdf  # noqa: E402
from tests.pki import BODY_BIN, PASSWORD, default_pki  # noqa: E402

SOURCE = {"body_bin": BODY_BIN, "body_id": ""}
BODY = {
    "kk": "Қазақстан Республикасының Сауда және интеграция министрлігі",
    "ru": "Министерство торговли и интеграции Республики Казахстан",
    "en": "Ministry of Trade and Integration of the Republic of Kazakhstan",
}
LINES = {
    "kk": "Тараптар екіжақты сауда-экономикалық ынтымақтастықтың ағымдағы жай-күйін талқылады.",
    "ru": "Стороны обсудили текущее состояние двустороннего торгово-экономического сотрудничества.",
}


def synthetic_pdf(report: int, language: str, font: str) -> bytes:
    output = io.BytesIO()
    canvas = Canvas(output, pagesize=A4)
    for page in range(3):
        canvas.setFont(font, 14)
        for line in range(40):
            canvas.drawString(85, 780 - line * 18, f"{report}.{page + 1}.{line + 1} {LINES[language]}"[:90])
        canvas.showPage()
    canvas.save()
    return output.getvalue()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def by_hand(folder: Path, files: list[BundleFile], identity: SigningIdentity) -> None:
    """The floor: what write_bundle does, written plainly — same manifest, same signature call, same ZIP, same
    fsync, hash and rename (no checks, no progress)."""
    manifest = manifest_bytes(files, BODY, identity, dt.datetime.now(dt.UTC), SOURCE)
    builder = pkcs7.PKCS7SignatureBuilder().set_data(manifest).add_signer(
        identity.certificate, identity.private_key, hashes.SHA256())
    for certificate in identity.chain:
        builder = builder.add_certificate(certificate)
    signature = builder.sign(serialization.Encoding.DER,
                             [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])
    temporary = folder / "by-hand.zip.part"
    with open(temporary, "w+b") as output:
        with zipfile.ZipFile(output, "w") as archive:
            archive.writestr("manifest.json", manifest, compress_type=zipfile.ZIP_DEFLATED)
            archive.writestr("manifest.json.p7s", signature, compress_type=zipfile.ZIP_STORED)
            for file in files:
                method = zipfile.ZIP_DEFLATED if file.media_type == "application/json" else zipfile.ZIP_STORED
                archive.writestr(file.path, file.data, compress_type=method)
        output.flush()
        os.fsync(output.fileno())
        output.seek(0)
        hashlib.file_digest(output, "sha256")
    os.replace(temporary, folder / "by-hand.zip")


def main(reports: int = 200, repetitions: int = 9) -> None:
    pki = default_pki()
    now = dt.datetime.now(dt.UTC)
    identity = load_signing_identity(pki.signing.pkcs12(pki.chain), PASSWORD, now)
    font = register_fonts().regular
    pdfs = {(r, lang): synthetic_pdf(r, lang, font) for r in range(reports) for lang in ("kk", "ru")}

    signer = make_pdf_signer(identity)
    sign_pdf(next(iter(pdfs.values())), signer, "0", "kk")  # first-use imports and caches are not the steady state
    signed: dict[tuple[int, str], bytes] = {}
    per_pdf: list[float] = []
    for key, pdf in pdfs.items():
        start = time.perf_counter()
        signed[key] = sign_pdf(pdf, signer, str(key[0]), key[1])
        per_pdf.append((time.perf_counter() - start) * 1000)
    per_pdf.sort()
    size_kb = statistics.mean(len(pdf) for pdf in signed.values()) / 1024
    print(f"(a) PAdES signature, {len(per_pdf)} PDFs of 3 pages ({size_kb:.0f} KB signed on average):")
    print(
        f"    mean {statistics.mean(per_pdf):.1f} ms, median {statistics.median(per_pdf):.1f} ms, "
        f"p95 {per_pdf[int(0.95 * len(per_pdf))]:.1f} ms, max {per_pdf[-1]:.1f} ms  (goal ≤ 50 ms)"
    )

    reports_json = json.dumps([{"id": f"report-{r}"} for r in range(reports)]).encode()
    files = [BundleFile(bundle_format.data_member("reports.json"), reports_json, "application/json")]
    files += [
        BundleFile(bundle_format.pdf_member(str(r), lang), data, "application/pdf", str(r), lang)
        for (r, lang), data in signed.items()
    ]
    total_mb = sum(len(f.data) for f in files) / 1024 / 1024
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        ours, unsynced, theirs, theirs_unsynced = [], [], [], []
        for _ in range(repetitions):
            ours.append(timed(lambda: write_bundle(folder / "bundle.zip", files, BODY, identity, now, source=SOURCE)))
            theirs.append(timed(lambda: by_hand(folder, files, identity)))
            with mock.patch("os.fsync"):
                unsynced.append(
                    timed(lambda: write_bundle(folder / "bundle.zip", files, BODY, identity, now, source=SOURCE))
                )
                theirs_unsynced.append(timed(lambda: by_hand(folder, files, identity)))
    ours_ms, unsynced_ms, theirs_ms, theirs_unsynced_ms = (
        statistics.median(runs) * 1000 for runs in (ours, unsynced, theirs, theirs_unsynced))
    print(
        f"(b) write_bundle, {len(files)} files ({total_mb:.1f} MB): median {ours_ms:.0f} ms, best {min(ours) * 1000:.0f} ms"
    )
    print(f"(c) floor, the same work written plainly: median {theirs_ms:.0f} ms, best {min(theirs) * 1000:.0f} ms")
    print(f"    ratio b/c (medians): {ours_ms / theirs_ms:.2f}×  (goal ≤ 1.5×), over {repetitions} runs each")
    print(f"    both without fsync: (b) {unsynced_ms:.0f} ms, (c) {theirs_unsynced_ms:.0f} ms: "
          f"ratio {unsynced_ms / theirs_unsynced_ms:.2f}×")


if __name__ == "__main__":
    main(*(int(argument) for argument in sys.argv[1:3]))
