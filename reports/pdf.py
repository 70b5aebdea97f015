"""Render a :class:`~reports.selection.Plan` as a PDF with reportlab platypus.

Every word comes from the plan's content (``locales/<locale>/report.po``), and every string
goes through :func:`reports.text.markup` (escaped, with font fallback), so text a person typed
prints literally and no letter is dropped silently.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping
from typing import Any

from babel.dates import format_date
from reportlab import rl_config
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

from questions import Bank, load_bank
from reports.chart import score_chart
from reports.chart_groups import kind_groups
from reports.content import Content, TextBlock, load_content
from reports.flowables import Card
from reports.fonts import FontSet, load_fonts
from reports.ids import kind_word_id
from reports.selection import Plan, build_plan
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
from reports.text import markup, one_font
from scoring.result import Result

# Streams are stored compressed and binary, without reportlab's default ASCII85 layer (for
# 7-bit mail of the 1990s): it cost about 6% of a report's time and made files larger. A
# process-wide reportlab setting, set once here, where every PDF of the project (report,
# couple, clinician) gets its document template: all are written the same way.
rl_config.useA85 = 0

HEADINGS = ("summary", "chart", "table", "steps", "strengths")  # report.heading.<name>
SUMMARY_HEIGHT = 170  # keep the composite summary on one page
CHART_HEADING = 50  # the chart's heading and note, kept with the chart


def neutral_filename(when: datetime.date) -> str:
    """A file name that says nothing about the topic, e.g. ``checkup-2026-11-23.pdf``."""
    return f"checkup-{when.isoformat()}.pdf"


def long_date(when: datetime.date, content: Content) -> str:
    """The date in the content's locale (``23 November 2026`` in English; Babel's long form)."""
    return str(format_date(when, format="long", locale=content.date_locale))


def metadata(content: Content) -> dict[str, str]:
    """The PDF's title, subject, author and creator: neutral words, nothing about the topic."""
    title, author = content.text("report.pdf.title"), content.text("report.pdf.author")
    return {"title": title, "subject": title, "author": author, "creator": author}


class _Writer:
    """Turns text into paragraphs in the report's styles and fonts."""

    def __init__(self, fonts: FontSet, content: Content) -> None:
        self.fonts, self.content, self.say = fonts, content, content.text
        self.styles: dict[str, ParagraphStyle] = paragraph_styles(fonts)

    def p(self, text: str, style: str = "body", *, prefix: str = "") -> Paragraph:
        bold = self.styles[style].fontName == self.fonts.bold.name
        return Paragraph(prefix + markup(text, self.fonts, bold=bold), self.styles[style])

    def labelled(self, label: str, text: str, style: str = "body") -> Paragraph:
        """A small muted label on its own line above the text, in one paragraph."""
        head = f'<font name="{self.fonts.bold.name}" {LABEL_MARKUP}>{markup(label, self.fonts)}'
        return Paragraph(f"{head}</font><br/>{markup(text, self.fonts)}", self.styles[style])

    def cell(self, text: str, *, wrap: bool = False) -> str | Paragraph:
        """A table cell: plain text when the body font has every character (cheaper than a
        Paragraph; ``wrap``: as lines of the meaning column), else a Paragraph whose font
        runs cover them (a translation or name in another script)."""
        if not self.fonts.body.covers_all(text):
            return Paragraph(markup(text, self.fonts), self.styles["cell"])
        if not wrap:
            return text
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
    say = w.say
    lines = [] if alias is None or not alias.strip() else [(say("report.cover.for"), alias.strip())]
    lines += [
        (say("report.cover.date"), long_date(when, w.content)),
        (say("report.cover.role"), plan.role_words),
        (say("report.cover.relationship"), plan.relationship_words),
    ]
    block = "<br/>".join(
        f"{markup(label, w.fonts)} {markup(text, w.fonts)}" for label, text in lines
    )
    return [
        w.p(say("report.pdf.title"), "title"),
        Paragraph(block, w.styles["cover_line"]),
        w.p(say("report.cover.note"), "cover_note"),
        *([w.p(plan.form_note, "cover_note")] if plan.form_note else []),
        Spacer(1, 4),
    ]


def _text_block(w: _Writer, block: TextBlock, kind: str) -> Flowable:
    inner: list[Flowable] = [w.p(block.title, "h1")]
    inner += [w.p(para) for para in block.paragraphs]
    return w.box(inner, kind)


def _summary(w: _Writer, plan: Plan) -> list[Flowable]:
    out: list[Flowable] = [w.p(w.say("report.heading.summary"), "h1")]
    for line in plan.composites:
        if line.score is None:
            head = w.say("report.summary.unscored", label=line.label)
        else:
            band = line.band_label or line.band
            head = w.say(
                "report.summary.scored", label=line.label, score=f"{line.score:.0f}", band=band
            )
        out.append(w.p(head, "h2"))
        if line.text:
            out.append(w.p(line.text, "composite"))
    return [CondPageBreak(SUMMARY_HEIGHT), *out]


def _chart(w: _Writer, plan: Plan) -> list[Flowable]:
    drawing = score_chart(plan.dimensions, w.fonts, FRAME_WIDTH, w.content)
    heading = [w.p(w.say("report.heading.chart"), "h1"), w.p(w.say("report.chart.note"), "small")]
    if plan.bands_note:
        heading.append(w.p(plan.bands_note, "small"))
    return [CondPageBreak(drawing.height + CHART_HEADING), *heading, drawing, Spacer(1, 8)]


def _table(w: _Writer, plan: Plan) -> list[Flowable]:
    # Names, scores and bands are short data strings (plain cells, no wrapping needed).
    say = w.say
    head = ("report.table.dimension", "report.table.score", "report.table.band")
    rows: list[list[Any]] = [[w.cell(say(h)) for h in (*head, "report.table.meaning")]]
    groups: list[int] = []
    for kind, dims in kind_groups(plan.dimensions):
        groups.append(len(rows))
        rows.append([w.cell(say(kind_word_id(kind))), "", "", ""])
        for d in dims:
            score = "–" if d.score is None else f"{d.score:.0f}"
            said = d.meaning or say("report.table.not_scored", reason=d.reason)
            meaning = w.cell(f"{said} {d.percentile_text}".strip(), wrap=True)
            rows.append([w.cell(d.name), score, w.cell(d.band_label or d.band or "–"), meaning])
    table = Table(rows, colWidths=[FRAME_WIDTH * s for s in TABLE_COLUMNS], repeatRows=1)
    table.setStyle(TableStyle(table_style(tuple(groups), w.fonts)))
    return [CondPageBreak(120), w.p(say("report.heading.table"), "h1"), table, Spacer(1, 8)]


def _steps(w: _Writer, plan: Plan) -> list[Flowable]:
    say = w.say
    heading = w.p(say("report.heading.steps"), "h1")
    if not plan.steps:
        return [heading, w.p(say("report.steps.none"))]
    out: list[Flowable] = []
    for n, step in enumerate(plan.steps, start=1):
        card: list[Flowable] = [
            w.titled(say("report.step.numbered", number=n, title=step.title), step.dimension_name),
            w.labelled(say("report.label.why"), step.why),
            w.labelled(say("report.label.try"), step.try_this_week),
            w.labelled(step.prompt_label, step.prompt, "prompt"),
        ]
        box = w.box(card, "card")  # moves to the next page whole
        out += [KeepTogether([heading, box]) if n == 1 else box, Spacer(1, 8)]
    return out


def _strengths(w: _Writer, plan: Plan) -> list[Flowable]:
    say = w.say
    out: list[Flowable] = [CondPageBreak(120), w.p(say("report.heading.strengths"), "h1")]
    if not plan.strengths:
        return [*out, w.p(say("report.strengths.none")), Spacer(1, 8)]
    for s in plan.strengths:
        note = say("report.strengths.score", score=f"{s.score:.0f}")
        out += [CondPageBreak(60), w.titled(s.dimension_name, note), w.p(s.text)]
    return [*out, Spacer(1, 8)]


def story(
    plan: Plan,
    fonts: FontSet,
    alias: str | None,
    when: datetime.date,
    content: Content | None = None,
) -> list[Flowable]:
    """The report's flowables in order: cover (with the pulse note), safety (the crisis panel
    first when urgent), notes (safety not screened), summary, chart (with what the bands
    mean), table (not in a pulse report), steps, strengths, support
    (``content``: the words around them; default the plan's locale's)."""
    w = _Writer(fonts, content or load_content(plan.locale))
    out = _cover(w, plan, alias, when)
    for block in plan.safety:
        out += [_text_block(w, block, "safety"), Spacer(1, 10)]
    out += [w.p(note, "composite") for note in plan.notes]
    out += _summary(w, plan) + _chart(w, plan)
    out += (_table(w, plan) if plan.show_table else []) + _steps(w, plan)
    out += _strengths(w, plan)
    out += [CondPageBreak(140), _text_block(w, plan.support, "card")]
    return out


def _footer_canvas(fonts: FontSet, disclaimer: str, content: Content) -> type[Canvas]:
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
            self.setFillColor(colour("muted"))
            font, text = one_font(disclaimer, fonts)
            self.setFont(font, FOOTER_SIZE)
            self.drawString(MARGINS["left"], FOOTER_Y, text)
            right = PAGE_SIZE[0] - MARGINS["right"]
            page = content.text("report.footer.page", page=self._pageNumber, total=total)
            font, text = one_font(page, fonts)
            self.setFont(font, FOOTER_SIZE)
            self.drawRightString(right, FOOTER_Y, text)

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
    locale: str | None = None,
    content: Content | None = None,
) -> bytes:
    """The PDF bytes of a plan, the words around it in ``locale`` (default: the plan's own;
    ``content``: that locale's content, when already loaded; ``fonts``: another registered
    font set, for tests)."""
    fonts = fonts or load_fonts()
    content = content or load_content(locale or plan.locale)
    buffer = io.BytesIO()
    doc = page_template(buffer, invariant=invariant, **metadata(content))
    flowables = story(plan, fonts, alias, when or datetime.date.today(), content)
    doc.build(flowables, canvasmaker=_footer_canvas(fonts, plan.disclaimer, content))
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
    locale: str = "en",
    country: str | None = None,
    context: Mapping[str, str] | None = None,
) -> bytes:
    """The report for one scored response in ``locale``, as PDF bytes (what the app offers
    to download). ``content`` replaces the locale's content (its locale then wins); a bank in
    another locale is swapped for the project's bank in the report's locale. ``country`` and
    ``context``: as :func:`reports.selection.build_plan`."""
    content = content or load_content(locale)
    if bank.locale != content.locale:
        bank = load_bank(content.locale)
    plan = build_plan(result, bank, content, country=country, context=context)
    return render(plan, alias=alias, when=when, invariant=invariant, fonts=fonts, content=content)
