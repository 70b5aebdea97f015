"""The floor of the reports benchmark as a whole process: plain reportlab, nothing else.

``python benchmarks/plain_reportlab.py SPEC.json OUT_FOLDER`` registers the report's body and
bold fonts (files named in SPEC), then writes one plain document per entry of SPEC's
``documents`` (a list of pages, each page's text), same page size and margins, paragraphs of
SPEC's ``words`` words and a page break between pages: what a person would write by hand.
A character the body font lacks is set in the first of SPEC's ``fallbacks`` that has it
(registered when first needed, as the reports do), so both draw the same glyphs with the
same fonts (issue 13: "the same fonts and page count").
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate


def escape(text: str) -> str:
    """Paragraph-safe text (as ``xml.sax.saxutils.escape``, whose import costs ~20 ms: the
    reports do without it, and so does the floor)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@cache
def _cmap(name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


@cache
def _fallback(number: int, path: str, subfont: int) -> str:
    name = f"FloorFallback{number}"
    pdfmetrics.registerFont(TTFont(name, path, subfontIndex=subfont))
    return name


def _glyph_font(char: str, fallbacks: list[dict]) -> str | None:
    """The first fallback font with a glyph for ``char`` (None: no font has it)."""
    for number, fallback in enumerate(fallbacks):
        name = _fallback(number, fallback["path"], fallback["subfont"])
        if ord(char) in _cmap(name):
            return name
    return None


def markup(text: str, body: str, fallbacks: list[dict]) -> str:
    """Paragraph markup of ``text``: escaped, characters the ``body`` font lacks in the
    first of ``fallbacks`` (``{"path", "subfont"}``) that has them."""
    if _cmap(body).issuperset(map(ord, set(text) - {" "})):
        return escape(text)
    out = []
    for char in text:
        font = None if ord(char) in _cmap(body) else _glyph_font(char, fallbacks)
        out.append(f'<font name="{font}">{escape(char)}</font>' if font else escape(char))
    return "".join(out)


def document(path: Path, pages: list[str], words: int, spec: dict) -> None:
    body = ParagraphStyle("b", fontName="FloorBody", fontSize=10, leading=13)
    bold = ParagraphStyle("h", fontName="FloorBold", fontSize=14, leading=18)
    story: list[object] = []
    fallbacks = spec["fonts"]["fallbacks"]
    for page in pages:
        split = page.split()
        chunks = [" ".join(split[i : i + words]) for i in range(0, len(split), words)]
        story.append(Paragraph(markup(chunks[0] if chunks else "", "FloorBody", fallbacks), bold))
        story += [Paragraph(markup(chunk, "FloorBody", fallbacks), body) for chunk in chunks[1:]]
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
