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

from reportlab.lib.enums import TA_JUSTIFY  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import cm, mm  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from hattama.services.pdf import Participant, ReportDocument, p46_sections, render_report_pdf  # noqa: E402
from hattama.services.pdf.fonts import register_fonts  # noqa: E402

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
        sections=p46_sections(paragraphs(10, 0), paragraphs(10, 1), paragraphs(6, 2)),
        signer_position="Халықаралық ынтымақтастық департаментінің директоры",
        signer_name="А. Бекова",
        document_date=dt.date(2026, 11, 24),
        mfa_request=None,
        report_id="ХЫД-2026/017",
        author="Ә. Ғалымов",
    )


def bare_reportlab(doc: ReportDocument, bold_headings: bool = False) -> bytes:
    """The baseline: every string the report shows, as paragraphs of the body style; no cleaning, no font
    check, no tables, page numbers or signature block. With `bold_headings` the headings are bold, which
    embeds the second face every official document needs (the report's share of cost that layout can't avoid)."""
    family = register_fonts()
    style = ParagraphStyle("bare", fontName=family.regular, fontSize=14, leading=16.5,
                           firstLineIndent=1.25 * cm, alignment=TA_JUSTIFY)
    people = (*doc.participants_ours, *doc.participants_foreign)
    texts = [
        doc.body_name, doc.unit_name, doc.report_id, doc.title, doc.event_title, doc.event_kind_label, doc.place,
        *doc.foreign_parties, *(f"{p.full_name} – {p.position}, {p.organisation}" for p in people),
    ]
    for section in doc.sections:
        texts.extend([f"<b>{section.heading}</b>" if bold_headings else section.heading,
                      *section.body.split("\n")])
    texts.extend([doc.signer_position, doc.signer_name, doc.author])
    buffer = io.BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=30 * mm, rightMargin=10 * mm,
                                 topMargin=20 * mm, bottomMargin=20 * mm, initialFontName=family.regular)
    template.build([Paragraph(text, style) for text in texts])
    return buffer.getvalue()


def page_count(data: bytes) -> int:
    return data.count(b"/Type /Page\n")


def main() -> None:
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    doc = five_page_report()
    started = time.perf_counter()
    render_report_pdf(doc)  # the first call also parses the fonts: shown apart
    first_call = time.perf_counter() - started
    renderers: dict[str, Callable[[], bytes]] = {
        "render_report_pdf": lambda: render_report_pdf(doc),
        "bare reportlab": lambda: bare_reportlab(doc),
        "bare + bold headings": lambda: bare_reportlab(doc, bold_headings=True),
    }
    seconds: dict[str, list[float]] = {name: [] for name in renderers}
    for _ in range(repetitions):  # interleaved so drift in machine load hits all alike
        for name, render in renderers.items():
            started = time.perf_counter()
            render()
            seconds[name].append(time.perf_counter() - started)

    print(f"pages: {', '.join(f'{name} {page_count(render())}' for name, render in renderers.items())}")
    print(f"repetitions: {repetitions}; first call of render_report_pdf (font parsing): {first_call * 1000:.1f} ms")
    print(f"{'':22}{'best':>10}{'median':>10}")
    for name, values in seconds.items():
        print(f"{name:22}{min(values) * 1000:>8.1f}ms{statistics.median(values) * 1000:>8.1f}ms")
    ours = seconds["render_report_pdf"]
    for baseline in ("bare reportlab", "bare + bold headings"):
        best = min(ours) / min(seconds[baseline])
        median = statistics.median(ours) / statistics.median(seconds[baseline])
        print(f"ratio to {baseline}: best {best:.2f}×, median {median:.2f}× (goal ≤ 1.30×)")


if __name__ == "__main__":
    main()
