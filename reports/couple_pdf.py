"""Render a :class:`~reports.couple_plan.CouplePlan` as a PDF (reportlab platypus).

The same page, fonts, styles and footer as a person's own report (:mod:`reports.pdf`), every
string escaped (:func:`reports.text.markup`). The title and the file name are neutral
("Check-up comparison", ``comparison-2026-12-01.pdf``). Nothing in a couple plan holds a
safety answer or a flag: the plan is never built while either partner needs safety first.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from reports.content import Content, load_content
from reports.couple_chart import couple_drawing
from reports.couple_plan import CouplePlan, Talk
from reports.fonts import FontSet, load_fonts
from reports.pdf import _footer_canvas, _Writer, long_date, page_template
from reports.styles import FRAME_WIDTH, table_style
from reports.text import markup

TABLE_SHARES = (0.34, 0.14, 0.14, 0.10, 0.28)  # area, first, second, gap, view


def couple_filename(when: datetime.date) -> str:
    """A file name that says nothing about the topic: ``comparison-2026-12-01.pdf``."""
    return f"comparison-{when.isoformat()}.pdf"


def _metadata(content: Content) -> dict[str, str]:
    title, author = content.text("report.couple.pdf.title"), content.text("report.pdf.author")
    return {"title": title, "subject": title, "author": author, "creator": author}


def _cover(w: _Writer, plan: CouplePlan, when: datetime.date) -> list[Flowable]:
    say = w.say
    names = say("report.couple.cover.names", first=plan.first_name, second=plan.second_name)
    date_label = say("report.couple.cover.date")
    line = f"{markup(names, w.fonts)}<br/>{markup(date_label, w.fonts)} "
    line += markup(long_date(when, w.content), w.fonts)
    return [
        w.p(say("report.couple.pdf.title"), "title"),
        Paragraph(line, w.styles["cover_line"]),
        w.p(say("report.couple.cover.note"), "cover_note"),
        Spacer(1, 4),
    ]


def _chart(w: _Writer, plan: CouplePlan) -> list[Flowable]:
    drawing = couple_drawing(plan, w.fonts, FRAME_WIDTH)
    head = [w.p(w.say("report.couple.heading.chart"), "h1")]
    head.append(w.p(w.say("report.couple.chart.note"), "small"))
    return [CondPageBreak(min(drawing.height + 50, 500)), *head, drawing, Spacer(1, 8)]


def _views(w: _Writer, plan: CouplePlan) -> list[Flowable]:
    say = w.say
    names = [w.p(n, "cell") for n in (plan.first_name, plan.second_name)]  # may be long
    head = [w.cell(say("report.couple.table.area")), *names, w.cell(say("report.couple.table.gap"))]
    rows: list[list[Any]] = [[*head, ""]]
    for r in plan.rows:
        score = (f"{r.first:.0f}", f"{r.second:.0f}", f"{r.gap:.0f}")
        rows.append([w.p(r.name, "cell"), *score, w.p(r.words, "cell")])
    table = Table(rows, colWidths=[FRAME_WIDTH * s for s in TABLE_SHARES], repeatRows=1)
    table.setStyle(TableStyle(table_style((), w.fonts)))
    return [CondPageBreak(120), w.p(say("report.couple.heading.views"), "h1"), table]


def _talks(w: _Writer, heading: str, talks: tuple[Talk, ...]) -> list[Flowable]:
    if not talks:
        return []
    out: list[Flowable] = [CondPageBreak(120), w.p(w.say(heading), "h1")]
    for talk in talks:
        card = [
            w.titled(talk.name, talk.detail),
            w.labelled(w.say("report.couple.label.starter"), talk.starter, "prompt"),
        ]
        out += [w.box(card, "card"), Spacer(1, 6)]
    return out


def _agreement(w: _Writer, plan: CouplePlan) -> list[Flowable]:
    head = w.p(w.say("report.couple.heading.agreement"), "h1")
    if not plan.agreement:
        return [CondPageBreak(60), head, w.p(w.say("report.couple.agreement.none"))]
    lines = [w.titled(t.name, t.detail) for t in plan.agreement]
    return [CondPageBreak(120), head, *lines]


def _steps(w: _Writer, plan: CouplePlan) -> list[Flowable]:
    say = w.say
    heading = w.p(say("report.couple.heading.steps"), "h1")
    if not plan.steps:
        return [heading, w.p(say("report.couple.steps.none"))]
    out: list[Flowable] = []
    for n, step in enumerate(plan.steps, start=1):
        card, name = step.card, plan.first_name if step.side == "first" else plan.second_name
        whose = say("report.couple.steps.from", name=name)
        inner: list[Flowable] = [
            w.titled(say("report.step.numbered", number=n, title=card.title), whose),
            w.labelled(say("report.label.why"), card.why),
            w.labelled(say("report.label.try"), card.try_this_week),
            w.labelled(card.prompt_label, card.prompt, "prompt"),
        ]
        box = w.box(inner, "card")
        out += [KeepTogether([heading, box]) if n == 1 else box, Spacer(1, 8)]
    return out


def _over_time(w: _Writer, plan: CouplePlan) -> list[Flowable]:
    found = plan.over_time
    if found is None:
        return []
    say = w.say
    note = say("report.couple.over_time.note", first=found.first_when, last=found.last_when)
    out = [CondPageBreak(120), w.p(say("report.couple.heading.over_time"), "h1"), w.p(note)]
    if found.points_note:
        out.append(w.p(found.points_note, "small"))
    out += [w.p(line, prefix="• ") for line in found.gaps]
    for name, lines in ((plan.first_name, found.first), (plan.second_name, found.second)):
        if lines:
            out += [w.p(name, "h2"), *(w.p(line, prefix="• ") for line in lines)]
    return out


def couple_story(plan: CouplePlan, fonts: FontSet, when: datetime.date) -> list[Flowable]:
    """The flowables in order: cover, chart, views table, where you agree most, widest gaps,
    agreement per area, steps for the two of you, over time, support."""
    content = load_content(plan.locale)
    w = _Writer(fonts, content)
    out = _cover(w, plan, when) + _chart(w, plan) + _views(w, plan)
    out += _talks(w, "report.couple.heading.most_agreement", plan.most_agreement)
    out += _talks(w, "report.couple.heading.widest_gaps", plan.widest_gaps)
    out += _agreement(w, plan) + _steps(w, plan) + _over_time(w, plan)
    support = content.texts.support
    inner: list[Flowable] = [w.p(support.title, "h1"), *(w.p(p) for p in support.paragraphs)]
    return [*out, CondPageBreak(140), w.box(inner, "card")]


def render_couple(
    plan: CouplePlan,
    *,
    when: datetime.date | None = None,
    invariant: bool = False,
    fonts: FontSet | None = None,
) -> bytes:
    """The couple PDF's bytes (``invariant``: byte-stable, for tests)."""
    fonts = fonts or load_fonts()
    content = load_content(plan.locale)
    buffer = io.BytesIO()
    doc = page_template(buffer, invariant=invariant, **_metadata(content))
    flowables = couple_story(plan, fonts, when or datetime.date.today())
    disclaimer = content.texts.disclaimer
    doc.build(flowables, canvasmaker=_footer_canvas(fonts, disclaimer, content))
    return buffer.getvalue()
