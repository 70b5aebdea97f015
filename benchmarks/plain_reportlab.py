"""The floor of the reports benchmark as a whole process: plain reportlab, nothing else.

``python benchmarks/plain_reportlab.py SPEC.json OUT_FOLDER`` registers the report's body and
bold fonts (files named in SPEC), then writes one plain document per entry of SPEC's
``documents`` (a list of pages, each page's text), same page size and margins, paragraphs of
SPEC's ``words`` words and a page break between pages: what a person would write by hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate


def escape(text: str) -> str:
    """Paragraph-safe text (as ``xml.sax.saxutils.escape``, whose import costs ~20 ms: the
    reports do without it, and so does the floor)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def document(path: Path, pages: list[str], words: int, spec: dict) -> None:
    body = ParagraphStyle("b", fontName="FloorBody", fontSize=10, leading=13)
    bold = ParagraphStyle("h", fontName="FloorBold", fontSize=14, leading=18)
    story: list[object] = []
    for page in pages:
        split = page.split()
        chunks = [" ".join(split[i : i + words]) for i in range(0, len(split), words)]
        story.append(Paragraph(escape(chunks[0] if chunks else ""), bold))
        story += [Paragraph(escape(chunk), body) for chunk in chunks[1:]]
        story.append(PageBreak())
    margins = spec["margins"]
    doc = SimpleDocTemplate(
        str(path),
        pagesize=tuple(spec["page_size"]),
        leftMargin=margins["left"],
        rightMargin=margins["right"],
        topMargin=margins["top"],
        bottomMargin=margins["bottom"],
    )
    doc.build(story[:-1])


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = Path(sys.argv[2])
    out.mkdir(exist_ok=True)
    pdfmetrics.registerFont(TTFont("FloorBody", spec["fonts"]["body"]))
    pdfmetrics.registerFont(TTFont("FloorBold", spec["fonts"]["bold"]))
    for number, pages in enumerate(spec["documents"], start=1):
        document(out / f"plain-{number:03d}.pdf", pages, spec["words"], spec)


if __name__ == "__main__":
    main()
