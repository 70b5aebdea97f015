"""Benchmark: 50 check-up reports against a floor of 50 plain reportlab documents.

The floor for each report is a plain SimpleDocTemplate with the same registered fonts, the
same page count and the same text (each page's extracted text as plain paragraphs), so the
ratio measures what the report adds: selection, markup, boxes, tables and the chart.
Goal: ratio <= 2.0 and at least 20 reports per second.

Run: ``python benchmarks/bench_reports.py`` (from the repository root).
"""

from __future__ import annotations

import datetime
import io
import itertools
import os
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph  # noqa: E402

from questions import Bank, load_bank  # noqa: E402
from reports import build_pdf, build_plan, load_content  # noqa: E402
from reports.flowables import Card  # noqa: E402
from reports.fonts import load_fonts  # noqa: E402
from reports.pdf import page_template, story  # noqa: E402
from scoring.result import Result, score_one  # noqa: E402

COUNT = 50
WHEN = datetime.date(2026, 11, 23)
RESULTS_FILE = ROOT / "benchmarks" / "results" / "reports.txt"
ALIASES = (None, "Ann", "Łódź Řehoř", "Ελένη", "Иван", "王小明", "محمد", "Sam 😀")
PROFILES = (0, 25, 50, 75, 100)
ROUNDS = 3


def _answers(bank: Bank, role: str, sign: int, will: int, unsafe: bool) -> dict[str, int]:
    out = {}
    for item in bank.items_for(role):
        kind = bank.dimension_by_id[item.dimension].kind
        if kind == "safety":
            out[item.id] = 2 if unsafe and item.dimension == "fear" else 1
            continue
        value = 1 + 4 * (sign if kind == "sign" else will) // 100
        out[item.id] = 6 - value if item.reverse else value
    return out


def personas(bank: Bank) -> list[tuple[Result, str | None]]:
    """Fifty varied people: roles, profiles, some with the safety flag, mixed-script aliases."""
    combos = itertools.cycle(
        itertools.product(("hurt", "broke", "both"), PROFILES, PROFILES[::-1], (False, True))
    )
    people = []
    for n, (role, sign, will, unsafe) in zip(range(COUNT), combos, strict=False):
        answers = _answers(bank, role, sign, (will + 25 * n) % 125, unsafe and n % 3 == 0)
        result = score_one(bank, role, "romantic", answers, respondent=f"r{n}")
        people.append((result, ALIASES[n % len(ALIASES)]))
    return people


def paragraph_words(bank: Bank, people: list[tuple[Result, str | None]]) -> int:
    """The reports' mean words per Paragraph (inside boxes too): the floor's paragraph size."""
    content, fonts = load_content(), load_fonts()
    count = words = 0
    for result, alias in people:
        for item in story(build_plan(result, bank, content), fonts, alias, WHEN):
            for flowable in item.content if isinstance(item, Card) else [item]:
                if isinstance(flowable, Paragraph):
                    count += 1
                    words += len(flowable.getPlainText().split())
    return max(1, round(words / count))


def floor_doc(pages: list[str], size: int) -> bytes:
    """A plain document: each page's text as paragraphs, same fonts, a break between pages."""
    fonts = load_fonts()
    body = ParagraphStyle("b", fontName=fonts.body.name, fontSize=10, leading=13)
    bold = ParagraphStyle("h", fontName=fonts.bold.name, fontSize=14, leading=18)
    story: list[object] = []
    for page in pages:
        words = page.split()
        chunks = [" ".join(words[i : i + size]) for i in range(0, len(words), size)]
        story += [Paragraph(escape(chunks[0] if chunks else ""), bold)]
        story += [Paragraph(escape(chunk), body) for chunk in chunks[1:]]
        story.append(PageBreak())
    buffer = io.BytesIO()
    doc = page_template(buffer)
    doc.build(story[:-1])
    return buffer.getvalue()


def main() -> None:
    bank = load_bank()
    people = personas(bank)
    start = time.perf_counter()
    first = build_pdf(people[0][0], bank, alias=people[0][1], when=WHEN)  # registers fonts once
    cold = time.perf_counter() - start

    built = [build_pdf(r, bank, alias=a, when=WHEN) for r, a in people]
    texts = [[p.extract_text() for p in PdfReader(io.BytesIO(b)).pages] for b in built]
    size = paragraph_words(bank, people)
    floors = [floor_doc(pages, size) for pages in texts]  # warm-up, and kept for the page check
    # The machine may be shared: interleave report and floor, keep the best of ROUNDS rounds.
    report_time = floor_time = float("inf")
    for _ in range(ROUNDS):
        spent = [0.0, 0.0]
        for (result, alias), pages in zip(people, texts, strict=True):
            start = time.perf_counter()
            build_pdf(result, bank, alias=alias, when=WHEN)
            middle = time.perf_counter()
            floor_doc(pages, size)
            spent[0] += middle - start
            spent[1] += time.perf_counter() - middle
        report_time, floor_time = min(report_time, spent[0]), min(floor_time, spent[1])

    same_pages = sum(
        len(PdfReader(io.BytesIO(f)).pages) == len(t) for f, t in zip(floors, texts, strict=True)
    )
    pages = sum(len(t) for t in texts)
    ratio = report_time / floor_time
    lines = [
        f"reports benchmark ({datetime.date.today().isoformat()}, Python {sys.version.split()[0]})",
        f"first report (fonts and content loaded once): {cold * 1000:.0f} ms ({len(first)} bytes)",
        f"{COUNT} reports: {report_time:.3f} s, {pages} pages, "
        f"{COUNT / report_time:.1f} reports/s (goal >= 20)",
        f"{COUNT} plain documents (same fonts and text, {size}-word paragraphs like the "
        f"reports', same page count for {same_pages}/{COUNT}): "
        f"{floor_time:.3f} s",
        f"ratio reports / plain: {ratio:.2f} (goal <= 2.0)",
        "load average (1, 5, 15 min): " + ", ".join(f"{v:.2f}" for v in os.getloadavg()),
    ]
    print("\n".join(lines))
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
