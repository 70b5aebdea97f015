"""Benchmark: 50 check-up reports against a floor of 50 plain reportlab documents.

The floor for each report is a plain SimpleDocTemplate with the same registered fonts, the
same page count and the same text (each page's extracted text as plain paragraphs), so the
ratio measures what the report adds: selection, markup, boxes, tables and the chart.

Whole processes (issue 13, what a person feels): ``python -m reports`` on 50 one-response
JSON files into a folder against ``benchmarks/plain_reportlab.py`` writing the 50 floor
documents (only reportlab imported), taking turns, median of several rounds (goal <= 2.0x);
reports per second after start-up from 1 file against 50 (goal >= 20). In memory: the same
comparison without start-up (goal <= 2.0x, >= 20 reports/s).

Run: ``python benchmarks/bench_reports.py`` (from the repository root).
"""

from __future__ import annotations

import datetime
import io
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from plain_reportlab import markup  # noqa: E402
from processes import alternating, machine, median_seconds, python  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph  # noqa: E402

from questions import Bank, load_bank  # noqa: E402
from reports import build_pdf, build_plan, load_content  # noqa: E402
from reports.flowables import Card  # noqa: E402
from reports.fonts import load_fonts  # noqa: E402
from reports.pdf import page_template, story  # noqa: E402
from reports.styles import MARGINS, PAGE_SIZE  # noqa: E402
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
        if kind == "context":  # unscored choices: the calm paths (not going on, rebuilding)
            out[item.id] = 2 if item.id == "ongoing" else 1
            continue
        if kind == "safety":
            out[item.id] = 2 if unsafe and item.dimension == "fear" else 1
            continue
        value = 1 + 4 * (sign if kind == "sign" else will) // 100
        out[item.id] = 6 - value if item.reverse else value
    return out


def responses(bank: Bank) -> list[dict[str, object]]:
    """Fifty varied people: roles, profiles, some with the safety flag, mixed-script aliases."""
    combos = itertools.cycle(
        itertools.product(("hurt", "broke", "both"), PROFILES, PROFILES[::-1], (False, True))
    )
    out: list[dict[str, object]] = []
    for n, (role, sign, will, unsafe) in zip(range(COUNT), combos, strict=False):
        answers = _answers(bank, role, sign, (will + 25 * n) % 125, unsafe and n % 3 == 0)
        alias = ALIASES[n % len(ALIASES)]
        out.append(
            {"respondent": f"r{n}", "role": role, "relationship": "romantic", "answers": answers}
            | ({"alias": alias} if alias else {})
        )
    return out


def personas(bank: Bank) -> list[tuple[Result, str | None]]:
    """The fifty people scored, with their aliases."""
    people = []
    for r in responses(bank):
        result = score_one(
            bank, str(r["role"]), "romantic", r["answers"], respondent=str(r["respondent"])
        )
        people.append((result, r.get("alias")))  # type: ignore[arg-type]
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
    extra = [{"path": str(f.path), "subfont": f.subfont} for f in fonts.fallback_specs]
    story: list[object] = []
    for page in pages:
        words = page.split()
        chunks = [" ".join(words[i : i + size]) for i in range(0, len(words), size)]
        story += [Paragraph(markup(chunks[0] if chunks else "", body.fontName, extra), bold)]
        story += [Paragraph(markup(chunk, body.fontName, extra), body) for chunk in chunks[1:]]
        story.append(PageBreak())
    buffer = io.BytesIO()
    doc = page_template(buffer)
    doc.build(story[:-1])
    return buffer.getvalue()


def in_memory(bank: Bank) -> tuple[list[str], list[list[str]], int]:
    """The in-memory comparison; also the page texts and paragraph size of the floor."""
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
        "in memory (no start-up)",
        f"first report (fonts and content loaded once): {cold * 1000:.0f} ms ({len(first)} bytes)",
        f"{COUNT} reports: {report_time:.3f} s, {pages} pages, "
        f"{COUNT / report_time:.1f} reports/s (goal >= 20)",
        f"{COUNT} plain documents (same fonts and text, {size}-word paragraphs like the "
        f"reports', same page count for {same_pages}/{COUNT}): "
        f"{floor_time:.3f} s",
        f"ratio reports / plain: {ratio:.2f} (goal <= 2.0)",
    ]
    return lines, texts, size


def _spec(texts: list[list[str]], size: int) -> dict[str, object]:
    fonts = load_fonts()
    files = {
        k: pdfmetrics.getFont(f.name).face.filename
        for k, f in (("body", fonts.body), ("bold", fonts.bold))
    }
    fallbacks = [{"path": str(f.path), "subfont": f.subfont} for f in fonts.fallback_specs]
    return {
        "fonts": {**files, "fallbacks": fallbacks},
        "page_size": list(PAGE_SIZE),
        "margins": MARGINS,
        "words": size,
        "documents": texts,
    }


def _cached_bytecode(folder: Path) -> None:
    """Let the measured processes keep compiled bytecode, as an installed copy does (in a
    folder of this run, so the checkout stays clean): a shell with PYTHONDONTWRITEBYTECODE
    set would otherwise charge ``python -m reports`` for compiling the project each time."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")


def whole_processes(bank: Bank, texts: list[list[str]], size: int, rounds: int) -> list[str]:
    """``python -m reports`` on 50 files against the plain reportlab script, in turns."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _cached_bytecode(folder)
        inputs = []
        for n, response in enumerate(responses(bank)):
            inputs.append(folder / f"in{n:03d}.json")
            inputs[-1].write_text(json.dumps(response, ensure_ascii=False), encoding="utf-8")
        spec = folder / "spec.json"
        spec.write_text(json.dumps(_spec(texts, size), ensure_ascii=False), encoding="utf-8")
        date = ["--date", WHEN.isoformat()]
        commands = {
            "plain": python(
                str(ROOT / "benchmarks" / "plain_reportlab.py"), str(spec), str(folder / "plain")
            ),
            "reports 50": python(
                "-m", "reports", *map(str, inputs), "-o", str(folder / "out"), *date
            ),
            "reports 1": python(
                "-m", "reports", str(inputs[0]), "-o", str(folder / "one.pdf"), *date
            ),
        }
        t = {k: median_seconds(v) for k, v in alternating(commands, rounds).items()}
        plain_pages = [len(PdfReader(p).pages) for p in sorted((folder / "plain").glob("*.pdf"))]
        report_pages = [len(PdfReader(p).pages) for p in sorted((folder / "out").glob("*.pdf"))]
    same = sum(a == b for a, b in zip(plain_pages, report_pages, strict=True))
    rate = (COUNT - 1) / (t["reports 50"] - t["reports 1"])
    return [
        f"whole processes, {COUNT} one-response JSON files, median of {rounds} turns",
        f"  plain reportlab script, {COUNT} documents ({sum(plain_pages)} pages, same count for "
        f"{same}/{COUNT}): {t['plain']:.2f} s",
        f"  python -m reports, {COUNT} files: {t['reports 50']:.2f} s   "
        f"ratio {t['reports 50'] / t['plain']:.2f} (goal <= 2.0)",
        f"  python -m reports, 1 file: {t['reports 1']:.2f} s; after start-up "
        f"{rate:.1f} reports/s (goal >= 20)",
    ]


def main() -> None:
    rounds = 3 if "--quick" in sys.argv else 5
    bank = load_bank()
    lines = [f"reports benchmark ({datetime.date.today().isoformat()})", machine(), ""]
    memory, texts, size = in_memory(bank)
    lines += [*whole_processes(bank, texts, size, rounds), "", *memory]
    print("\n".join(lines))
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
