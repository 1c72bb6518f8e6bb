"""How much the official layout costs over bare reportlab: a five-page report, rendered both ways.

Run: .venv/bin/python benchmarks/bench_pdf.py [repetitions]. Prints best and median times and their ratio;
the goal is render_report_pdf ≤ 1.3 × the baseline (same font, same paragraphs, no headings or tables).
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from desktop.services.pdf import Participant, ReportDocument, p46_sections, render_report_pdf  # noqa: E402
from desktop.services.pdf.fonts import register_fonts  # noqa: E402

SENTENCES = (
    "Тараптар екіжақты сауда-экономикалық ынтымақтастықтың ағымдағы жай-күйін талқылады.",
    "Қазақстан тарапы «Достық – Алашанькоу» өткізу пунктінде жүктерді рәсімдеу мерзімін қысқартуды ұсынды.",
    "Қытай тарапы ауыл шаруашылығы өнімдерінің экспортына қатысты ұсыныстарды пысықтауға келісті.",
    "Министрліктің ұстанымы — өзара сауда көлемін 2030 жылға қарай екі есеге ұлғайту.",
)


def paragraphs(count: int, offset: int) -> str:
    lines = []
    for number in range(count):
        start = (number + offset) % len(SENTENCES)
        lines.append(" ".join(SENTENCES[(start + step) % len(SENTENCES)] for step in range(4)))
    return "\n".join(lines)


def five_page_report() -> ReportDocument:
    person = Participant("Бекова Айгерім Серікқызы", "департамент директоры", "Сауда және интеграция министрлігі")
    return ReportDocument(
        language="kk",
        body_name="Қазақстан Республикасының Сауда және интеграция министрлігі",
        unit_name="Халықаралық ынтымақтастық департаменті",
        title="Халықаралық іс-шараның қорытындысы туралы есеп",
        event_title="Қазақстан – Қытай сауда-экономикалық кіші комитетінің отырысы",
        event_kind_label="Кездесу",
        place="Астана қаласы",
        starts=dt.datetime(2026, 11, 17, 10),
        ends=dt.datetime(2026, 11, 18, 18),
        foreign_parties=["Қытай Халық Республикасы"],
        participants_ours=[person] * 4,
        participants_foreign=[person] * 4,
        sections=p46_sections(paragraphs(14, 0), paragraphs(14, 1), paragraphs(8, 2)),
        signer_position="Халықаралық ынтымақтастық департаментінің директоры",
        signer_name="А. Бекова",
        document_date=dt.date(2026, 11, 24),
        mfa_request=None,
        report_id="ХЫД-2026/017",
        author="Ә. Ғалымов",
    )


def bare_reportlab(doc: ReportDocument) -> bytes:
    """The baseline: one template, one style, the same text as paragraphs."""
    family = register_fonts()
    style = ParagraphStyle("bare", fontName=family.regular, fontSize=14, leading=16.5, firstLineIndent=35)
    texts = [doc.body_name, doc.title, *(f"{p.full_name} – {p.position}" for p in doc.participants_ours * 2)]
    for section in doc.sections:
        texts.extend(section.body.split("\n"))
    buffer = io.BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=30 * mm, rightMargin=10 * mm,
                                 topMargin=20 * mm, bottomMargin=20 * mm, initialFontName=family.regular)
    template.build([Paragraph(text, style) for text in texts])
    return buffer.getvalue()


def timings(render: Callable[[], bytes], repetitions: int) -> list[float]:
    seconds = []
    for _ in range(repetitions):
        started = time.perf_counter()
        render()
        seconds.append(time.perf_counter() - started)
    return seconds


def page_count(data: bytes) -> int:
    return data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")


def main() -> None:
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    doc = five_page_report()
    first_started = time.perf_counter()
    ours = render_report_pdf(doc)  # the first call also parses the fonts: shown apart
    first_call = time.perf_counter() - first_started
    baseline = bare_reportlab(doc)
    ours_times, bare_times = [], []
    for _ in range(repetitions):  # interleaved so drift in machine load hits both alike
        ours_times += timings(lambda: render_report_pdf(doc), 1)
        bare_times += timings(lambda: bare_reportlab(doc), 1)

    print(f"pages: render_report_pdf {page_count(ours)}, bare reportlab {page_count(baseline)}")
    print(f"first call (font parsing included): {first_call * 1000:.1f} ms")
    print(f"{'':22}{'best':>10}{'median':>10}")
    for name, values in (("render_report_pdf", ours_times), ("bare reportlab", bare_times)):
        print(f"{name:22}{min(values) * 1000:>8.1f}ms{statistics.median(values) * 1000:>8.1f}ms")
    best_ratio = min(ours_times) / min(bare_times)
    median_ratio = statistics.median(ours_times) / statistics.median(bare_times)
    print(f"ratio: best {best_ratio:.2f}×, median {median_ratio:.2f}× (goal ≤ 1.30×)")


if __name__ == "__main__":
    main()
