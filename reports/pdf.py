"""Render a :class:`~reports.selection.Plan` as a PDF with reportlab platypus.

Every string goes through :func:`reports.text.markup` (escaped, with font fallback), so
text a person typed prints literally and no letter is dropped silently.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from questions import Bank
from reports.chart import score_chart
from reports.content import Content, TextBlock, load_content
from reports.flowables import Card
from reports.fonts import FontSet, load_fonts
from reports.selection import KIND_LABELS, Plan, build_plan
from reports.styles import (
    BOXES,
    FOOTER_SIZE,
    FOOTER_Y,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    LABEL_MARKUP,
    MARGINS,
    NOTE_MARKUP,
    PAGE_SIZE,
    TABLE_COLUMNS,
    TABLE_FONT_SIZE,
    TABLE_PADDING,
    colour,
    paragraph_styles,
    table_style,
)
from reports.text import markup
from scoring.result import Result

TITLE = "Check-up summary"
METADATA = {"title": TITLE, "author": "Check-up", "subject": TITLE, "creator": "Check-up"}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
HEADINGS = {
    "summary": "Your scores in brief",
    "chart": "Your scores by dimension",
    "table": "What each score means",
    "steps": "Your next steps",
    "strengths": "Your strengths",
}
LABELS = {"why": "Why it helps", "try": "Try this week"}
SUMMARY_HEIGHT = 170  # keep the composite summary on one page
CHART_HEADING = 50  # the chart's heading and note, kept with the chart
NO_STEPS = (
    "None of your scores point to a step you need right now. "
    "Keep doing what is working, and check in again in a few weeks."
)
NO_STRENGTHS = "No single area stood out as a strength this time. That can change as things settle."


def neutral_filename(when: datetime.date) -> str:
    """A file name that says nothing about the topic, e.g. ``checkup-2026-11-23.pdf``."""
    return f"checkup-{when.isoformat()}.pdf"


def long_date(when: datetime.date) -> str:
    """``23 November 2026`` (independent of the locale)."""
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


class _Writer:
    """Turns text into paragraphs in the report's styles and fonts."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self.styles: dict[str, ParagraphStyle] = paragraph_styles(fonts)

    def p(self, text: str, style: str = "body", *, prefix: str = "") -> Paragraph:
        bold = self.styles[style].fontName == self.fonts.bold.name
        return Paragraph(prefix + markup(text, self.fonts, bold=bold), self.styles[style])

    def labelled(self, label: str, text: str, style: str = "body") -> Paragraph:
        """A small muted label on its own line above the text, in one paragraph."""
        head = f'<font name="{self.fonts.bold.name}" {LABEL_MARKUP}>{markup(label, self.fonts)}'
        return Paragraph(f"{head}</font><br/>{markup(text, self.fonts)}", self.styles[style])

    def lines(self, text: str) -> str:
        """Data text wrapped to the meaning column as plain lines (cheaper than a Paragraph)."""
        width = FRAME_WIDTH * TABLE_COLUMNS[-1] - 2 * TABLE_PADDING
        return "\n".join(simpleSplit(text, self.fonts.body.name, TABLE_FONT_SIZE, width))

    def titled(self, title: str, note: str) -> Paragraph:
        """A bold heading with a small muted note on the line below, in one paragraph."""
        small = f'<font name="{self.fonts.body.name}" {NOTE_MARKUP}>{markup(note, self.fonts)}'
        return Paragraph(
            f"{markup(title, self.fonts, bold=True)}<br/>{small}</font>", self.styles["h2"]
        )

    def box(self, content: list[Flowable], kind: str) -> Card:
        fill, border, width = BOXES[kind]
        return Card(
            content,
            fill=colour(fill),
            border=colour(border) if border else None,
            border_width=width,
            max_height=FRAME_HEIGHT,
        )


def _cover(w: _Writer, plan: Plan, alias: str | None, when: datetime.date) -> list[Flowable]:
    lines = [] if alias is None or not alias.strip() else [("For: ", alias.strip())]
    lines += [
        ("Date: ", long_date(when)),
        ("Your role: ", plan.role_words),
        ("The relationship: ", plan.relationship_words),
    ]
    block = "<br/>".join(label + markup(text, w.fonts) for label, text in lines)
    return [
        w.p(TITLE, "title"),
        Paragraph(block, w.styles["cover_line"]),
        w.p("Your answers describe the past month. " + plan.disclaimer + ".", "cover_note"),
        Spacer(1, 4),
    ]


def _text_block(w: _Writer, block: TextBlock, kind: str) -> Flowable:
    inner: list[Flowable] = [w.p(block.title, "h1")]
    inner += [w.p(para) for para in block.paragraphs]
    return w.box(inner, kind)


def _number(score: float | None, band: str | None) -> str:
    return "not scored" if score is None else f"{score:.0f} out of 100 ({band})"


def _summary(w: _Writer, plan: Plan) -> list[Flowable]:
    out: list[Flowable] = [w.p(HEADINGS["summary"], "h1")]
    for line in plan.composites:
        out.append(w.p(f"{line.label}: {_number(line.score, line.band)}", "h2"))
        if line.text:
            out.append(w.p(line.text, "composite"))
    return [CondPageBreak(SUMMARY_HEIGHT), *out]


def _chart(w: _Writer, plan: Plan) -> list[Flowable]:
    note = (
        "Bars run from 0 to 100. The shaded bands mark low, moderate and high. "
        "For signs of strain a lower score is easier; for willingness a higher one is."
    )
    drawing = score_chart(plan.dimensions, w.fonts, FRAME_WIDTH)
    heading = [w.p(HEADINGS["chart"], "h1"), w.p(note, "small")]
    return [CondPageBreak(drawing.height + CHART_HEADING), *heading, drawing, Spacer(1, 8)]


def _table(w: _Writer, plan: Plan) -> list[Flowable]:
    # Names, scores and bands are short data strings (plain cells, no wrapping needed).
    rows: list[list[Any]] = [["Dimension", "Score", "Band", "What it means"]]
    groups: list[int] = []
    for kind, label in KIND_LABELS.items():
        dims = plan.rows_of_kind(kind)
        if not dims:
            continue
        groups.append(len(rows))
        rows.append([label, "", "", ""])
        for d in dims:
            score = "–" if d.score is None else f"{d.score:.0f}"
            meaning = w.lines(d.meaning or f"Not scored: {d.reason}")
            rows.append([d.name, score, d.band or "–", meaning])
    table = Table(rows, colWidths=[FRAME_WIDTH * s for s in TABLE_COLUMNS], repeatRows=1)
    table.setStyle(TableStyle(table_style(tuple(groups), w.fonts)))
    return [CondPageBreak(120), w.p(HEADINGS["table"], "h1"), table, Spacer(1, 8)]


def _steps(w: _Writer, plan: Plan) -> list[Flowable]:
    heading = w.p(HEADINGS["steps"], "h1")
    if not plan.steps:
        return [heading, w.p(NO_STEPS)]
    out: list[Flowable] = []
    for n, step in enumerate(plan.steps, start=1):
        card: list[Flowable] = [
            w.titled(f"{n}. {step.title}", step.dimension_name),
            w.labelled(LABELS["why"], step.why),
            w.labelled(LABELS["try"], step.try_this_week),
            w.labelled(step.prompt_label, step.prompt, "prompt"),
        ]
        box = w.box(card, "card")  # moves to the next page whole
        out += [KeepTogether([heading, box]) if n == 1 else box, Spacer(1, 8)]
    return out


def _strengths(w: _Writer, plan: Plan) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(120), w.p(HEADINGS["strengths"], "h1")]
    if not plan.strengths:
        return [*out, w.p(NO_STRENGTHS), Spacer(1, 8)]
    for s in plan.strengths:
        out += [CondPageBreak(60), w.titled(s.dimension_name, f"score {s.score:.0f}"), w.p(s.text)]
    return [*out, Spacer(1, 8)]


def story(plan: Plan, fonts: FontSet, alias: str | None, when: datetime.date) -> list[Flowable]:
    """The report's flowables in order: cover, safety, summary, chart, table, steps,
    strengths, support."""
    w = _Writer(fonts)
    out = _cover(w, plan, alias, when)
    for block in plan.safety:
        out += [_text_block(w, block, "safety"), Spacer(1, 10)]
    out += _summary(w, plan) + _chart(w, plan) + _table(w, plan) + _steps(w, plan)
    out += _strengths(w, plan)
    out += [CondPageBreak(140), _text_block(w, plan.support, "card")]
    return out


def _footer_canvas(fonts: FontSet, disclaimer: str) -> type[Canvas]:
    """A canvas class that holds pages back until the end to write "Page N of M"."""

    class FooterCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(len(self._pages))
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            self.setFont(fonts.body.name, FOOTER_SIZE)
            self.setFillColor(colour("muted"))
            self.drawString(MARGINS["left"], FOOTER_Y, disclaimer)
            right = PAGE_SIZE[0] - MARGINS["right"]
            self.drawRightString(right, FOOTER_Y, f"Page {self._pageNumber} of {total}")

    return FooterCanvas


def page_template(buffer: io.BytesIO, **options: Any) -> SimpleDocTemplate:
    """A document on the report's page size and margins (``options``: metadata, invariant)."""
    return SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        **options,
    )


def render(
    plan: Plan,
    *,
    alias: str | None = None,
    when: datetime.date | None = None,
    invariant: bool = False,
    fonts: FontSet | None = None,
) -> bytes:
    """The PDF bytes of a plan (``fonts``: another registered font set, for tests)."""
    fonts = fonts or load_fonts()
    buffer = io.BytesIO()
    doc = page_template(buffer, invariant=invariant, **METADATA)
    flowables = story(plan, fonts, alias, when or datetime.date.today())
    doc.build(flowables, canvasmaker=_footer_canvas(fonts, plan.disclaimer))
    return buffer.getvalue()


def build_pdf(
    result: Result,
    bank: Bank,
    *,
    alias: str | None = None,
    when: datetime.date | None = None,
    invariant: bool = False,
    content: Content | None = None,
    fonts: FontSet | None = None,
) -> bytes:
    """The report for one scored response, as PDF bytes (what the app offers to download)."""
    plan = build_plan(result, bank, content or load_content())
    return render(plan, alias=alias, when=when, invariant=invariant, fonts=fonts)
