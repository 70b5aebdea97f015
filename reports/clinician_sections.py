"""The later sections of the clinician report: change over time (table and trend chart), the
context answers, every item with its answer, and the partner's perception gaps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from reports.clinician_chart import trend_drawing
from reports.clinician_layout import FLAG_WORDS, Cell, Page, cut
from reports.clinician_model import Partner, Visit
from reports.clinician_numbers import Change, ItemAnswer, change, critical_rules, item_answers
from reports.fonts import FontSet
from reports.styles import FRAME_WIDTH, PALETTE, colour
from reports.text import markup
from reports.trend_chart import TrendSeries
from scoring.couple import Comparison, compare
from scoring.norms import NormStatus
from scoring.rules import change_word

AREA_SHARE = 0.26
CHART_ROWS = 6  # panel rows per drawing: a drawing never outgrows a page
ANSWER_WORDS: Mapping[str, str] = {
    "not_applicable": "report.clinician.answer.not_applicable",
    "unanswered": "report.clinician.answer.unanswered",
    "not_asked": "report.clinician.answer.not_asked",
    "off_scale": "report.clinician.answer.off_scale",
}
VIEW_WORDS: Mapping[str, str] = {  # scoring/couple.yaml views
    "same": "report.clinician.gap.same",
    "somewhat": "report.clinician.gap.somewhat",
    "quite": "report.clinician.gap.quite",
}
ITEM_SHARES = (0.17, 0.47, 0.20, 0.16)  # id and area, question, answer, mark
ITEM_HEADS = (
    "report.clinician.items.item",
    "report.clinician.items.question",
    "report.clinician.items.answer",
    "report.clinician.items.mark",
)
SMALL_SIZE = 7.0
LEFT = ("ALIGN", (1, 0), (1, -1), "LEFT")  # the report's table style centres column 1
NUMBERS = ("ALIGN", (1, 0), (3, -1), "CENTER")  # the partner table's three number columns
CONTEXT_AREA = 0.40
GAP_HEADS = (
    "report.clinician.partner.area",
    "report.clinician.partner.client",
    "report.clinician.partner.partner",
    "report.clinician.partner.gap",
    "report.clinician.partner.view",
)
GAP_SHARES = (0.34, 0.13, 0.13, 0.12, 0.28)  # area, client, partner, gap, view


def _lines(page: Page, parts: Sequence[tuple[str, str]]) -> Paragraph:
    """One cell of several lines, each (text, style name of the line: cell or small)."""
    fonts, small = page.w.fonts, f'size="7" color="{PALETTE["muted"]}"'
    out = [
        markup(text, fonts) if style == "cell" else f"<font {small}>{markup(text, fonts)}</font>"
        for text, style in parts
        if text
    ]
    return Paragraph("<br/>".join(out), page.w.styles["cell"])


def _head(page: Page, visit: Visit) -> Paragraph:
    return _lines(page, [(page.date(visit.taken_at), "cell"), (page.form(visit), "small")])


def _change_cell(page: Page, found: Change) -> Paragraph:
    """The score, and under it the RC (with its words when the change is reliable) or why
    there is none."""
    score = "\u2013" if found.score is None else page.number(found.score)
    note = page.why(found.why, short=True) if found.why else ""
    if found.rc is not None and found.direction is not None:
        rc = page.number(found.rc, "+0.00;-0.00")
        note = page.say("report.clinician.change.rc_same", rc=rc)
        if found.direction != "same":
            words = change_word(found.direction, page.w.content.locale)
            note = page.say("report.clinician.change.rc", rc=rc, words=words)
    return _lines(page, [(score, "cell"), (note, "small")])


def _dimensions(page: Page, visits: Sequence[Visit]) -> list[tuple[str, str, str]]:
    """(id, name, kind) of every area scored at any check-up, in bank order."""
    seen = {d for v in visits for d, s in v.result.dimensions.items() if s.score is not None}
    return [(d.id, d.name, d.kind) for d in page.bank.known_dimensions if d.id in seen]


def _change_table(
    page: Page, visits: Sequence[Visit], norms: Mapping[str, NormStatus] | None
) -> Flowable:
    shown = list(visits[-page.settings.visit_columns :])
    share = (1 - AREA_SHARE) / (len(shown) + 1)
    first_index = len(visits) - len(shown)
    pairs = list(pairwise(visits))
    rows: list[list[Any]] = [
        [
            page.cell(page.say("report.clinician.change.area")),
            *(_head(page, v) for v in shown),
            page.cell(page.say("report.clinician.change.since_first")),
        ]
    ]
    groups: list[int] = []
    for kind, dims in page.by_kind(_dimensions(page, visits), lambda d: d[2]):
        groups.append(len(rows))
        rows.append([page.kind_label(kind), *[""] * (len(shown) + 1)])
        for dim, name, _ in dims:
            cells = []
            for index in range(first_index, len(visits)):
                pair = pairs[index - 1] if index else (visits[0], visits[0])
                found = change(page.bank, pair, dim, norms, page.rules)
                cells.append(_change_cell(page, found if index else Change(found.score)))
            overall = change(page.bank, (visits[0], visits[-1]), dim, norms, page.rules)
            rows.append([page.cell(name), *cells, _change_cell(page, overall)])
    return page.table(rows, (AREA_SHARE, *[share] * (len(shown) + 1)), groups=tuple(groups))


def _charts(page: Page, visits: Sequence[Visit]) -> list[Flowable]:
    """The trend chart, one drawing per ``CHART_ROWS`` rows of panels (each fits a page)."""
    dims = _dimensions(page, visits)
    series = [TrendSeries(d, name, kind) for d, name, kind in dims]
    values = [
        [(v.result.dimensions[d].score if d in v.result.dimensions else None) for v in visits]
        for d, _, _ in dims
    ]
    per = page.settings.chart_columns * CHART_ROWS
    out: list[Flowable] = []
    for start in range(0, len(series), per):
        drawing = trend_drawing(
            series[start : start + per],
            values[start : start + per],
            [v.taken_at for v in visits],
            page.w.fonts,
            width=FRAME_WIDTH,
            columns=page.settings.chart_columns,
            date_locale=page.w.content.date_locale,
        )
        out.append(drawing)
    return out


def change_section(
    page: Page, visits: Sequence[Visit], norms: Mapping[str, NormStatus] | None
) -> list[Flowable]:
    """Each area at each check-up with its reliable change, and the trend chart."""
    w, say = page.w, page.say
    heading = w.p(say("report.clinician.change.heading"), "h1")
    if len(visits) < 2:
        return [heading, w.p(say("report.clinician.change.one")), Spacer(1, 6)]
    threshold = page.number(page.rules.change_threshold, "0.00")
    out: list[Flowable] = [
        CondPageBreak(160),
        heading,
        w.p(say("report.clinician.change.method", threshold=threshold), "small"),
    ]
    if len(visits) > page.settings.visit_columns:
        out.append(
            w.p(
                say(
                    "report.clinician.change.earlier",
                    count=len(visits),
                    shown=page.settings.visit_columns,
                ),
                "small",
            )
        )
    out += [_change_table(page, visits, norms), Spacer(1, 8)]
    chart_head = [
        w.p(say("report.clinician.chart.heading"), "h2"),
        w.p(say("report.clinician.chart.note"), "small"),
    ]
    first, *rest = _charts(page, visits)  # the heading stays with the first drawing
    out.append(KeepTogether([*chart_head, first]))
    for drawing in rest:
        out += [Spacer(1, 6), CondPageBreak(drawing.height + 10), drawing]
    return [*out, Spacer(1, 8)]


def context_section(page: Page, visits: Sequence[Visit]) -> list[Flowable]:
    """The context answers (still going on, what the client wants now) at each check-up."""
    bank, latest = page.bank, visits[-1]
    shown = list(visits[-page.settings.visit_columns :])
    share = (1 - CONTEXT_AREA) / len(shown)
    rows: list[list[Any]] = [
        [page.cell(page.say("report.clinician.context.question")), *(_head(page, v) for v in shown)]
    ]
    for item in bank.context_items:
        text = item.wordings.get((latest.result.role, latest.result.relationship), item.text)
        cells = []
        for visit in shown:
            choice = visit.context(bank).get(item.id)
            label = (
                item.scale.labels[item.scale.min + item.scale.choices.index(choice)]
                if choice in item.scale.choices
                else page.say("report.clinician.answer.unanswered")
            )
            cells.append(page.cell(label))
        rows.append([page.cell(text), *cells])
    heading = page.w.p(page.say("report.clinician.context.heading"), "h1")
    return [
        CondPageBreak(120),
        heading,
        page.table(rows, (CONTEXT_AREA, *[share] * len(shown)), [LEFT]),
        Spacer(1, 8),
    ]


def _answer(page: Page, row: ItemAnswer) -> str:
    if row.state == "answered" and row.value is not None:
        label = row.item.scale.labels.get(row.value, str(row.value))
        return page.say("report.clinician.answer.point", label=label, point=row.value)
    if row.state == "not_applicable" and page.bank.does_not_apply:
        return page.bank.does_not_apply
    return page.say(ANSWER_WORDS.get(row.state, ANSWER_WORDS["unanswered"]), value=row.value)


def _mark(page: Page, row: ItemAnswer) -> Cell:
    """The item's marks (critical, endorsed, reverse-keyed) as small plain text."""
    reverse = page.say("report.clinician.mark.reverse") if row.item.reverse else ""
    if row.critical is None:
        return Cell(reverse, size=SMALL_SIZE)
    name = page.say(FLAG_WORDS[row.critical][1])
    key = "report.clinician.mark.fired" if row.fired else "report.clinician.mark.critical"
    return Cell(f"{page.say(key, flag=name)} {reverse}".strip(), size=SMALL_SIZE)


def _item_style(fired: list[int], fonts: FontSet) -> list[tuple[Any, ...]]:
    """Small muted id and mark columns; an endorsed critical item's mark bold in the safety
    colour."""
    small: list[tuple[Any, ...]] = [
        ("FONT", (col, 1), (col, -1), fonts.body.name, SMALL_SIZE, SMALL_SIZE + 2) for col in (0, 3)
    ]
    small += [("TEXTCOLOR", (col, 1), (col, -1), colour("muted")) for col in (0, 3)]
    small.append(LEFT)
    for row in fired:
        small += [
            ("FONT", (3, row), (3, row), fonts.bold.name, SMALL_SIZE + 0.5, SMALL_SIZE + 2.5),
            ("TEXTCOLOR", (3, row), (3, row), colour("safety_border")),
        ]
    return small


def items_section(page: Page, visit: Visit) -> list[Flowable]:
    """Every item of the latest check-up with its answer in words, by section."""
    w, say = page.w, page.say
    out: list[Flowable] = [
        CondPageBreak(160),
        w.p(say("report.clinician.items.heading", date=page.date(visit.taken_at)), "h1"),
        w.p(say("report.clinician.items.note"), "small"),
    ]
    heads = [page.cell(say(h)) for h in ITEM_HEADS]
    critical = critical_rules(page.rules, page.settings)
    for section, answers in item_answers(page.bank, visit, critical):
        rows: list[list[Any]] = [heads]
        fired = []
        for row in answers:
            dim = page.bank.dimension_by_id[row.item.dimension].name
            about = say("report.clinician.items.about", id=row.item.id, dimension=dim)
            if row.fired:
                fired.append(len(rows))
            cells = (
                Cell(about, size=SMALL_SIZE),
                page.cell(row.text),
                page.cell(_answer(page, row)),
            )
            rows.append([*cells, _mark(page, row)])
        table = page.table(rows, ITEM_SHARES, _item_style(fired, w.fonts))
        out += [CondPageBreak(90), w.p(section.title, "h2"), table]
    return [*out, Spacer(1, 8)]


def _area(page: Page, first: str, second: str) -> Paragraph:
    """The client's area, and under it the partner's when they rate another one (their
    repair as the client sees it beside the partner's own view)."""
    names = page.bank.dimension_by_id
    other = (
        ""
        if second == first
        else page.say("report.clinician.partner.their_area", area=names[second].name)
    )
    return _lines(page, [(names[first].name, "cell"), (other, "small")])


def _gap_table(page: Page, found: Comparison) -> Flowable:
    """Per area both sides' scores, the gap and how far apart the views are."""
    rows: list[list[Any]] = [[page.cell(page.say(h)) for h in GAP_HEADS]]
    for gap in found.gaps:
        view = page.say(VIEW_WORDS[gap.view]) if gap.view in VIEW_WORDS else gap.view
        scores = (gap.first_score, gap.second_score, gap.gap)
        area = _area(page, gap.first, gap.second)
        rows.append([area, *(page.number(n) for n in scores), page.cell(view)])
    return page.table(rows, GAP_SHARES, [NUMBERS])


def partner_section(page: Page, visit: Visit, partner: Partner) -> list[Flowable]:
    """Perception gaps with a partner who is also a client and consented. Withheld, with one
    line that is the same whichever side, when either check-up raised any flag (as
    ``python -m scoring couple``): joint work waits for safety."""
    w, say = page.w, page.say
    out: list[Flowable] = [CondPageBreak(140), w.p(say("report.clinician.partner.heading"), "h1")]
    label = cut(partner.label, page.settings.name_max)
    if label:
        out.append(w.p(say("report.clinician.partner.named", label=label)))
    if visit.result.flags or partner.result.flags:
        return [*out, w.p(say("report.clinician.partner.withheld")), Spacer(1, 8)]
    answers = None if partner.answers is None else (visit.answers, partner.answers)
    found = compare(visit.result, partner.result, page.bank, answers)
    if not found.gaps:
        return [*out, w.p(say("report.clinician.partner.none")), Spacer(1, 8)]
    out += [w.p(say("report.clinician.partner.intro"), "small"), _gap_table(page, found)]
    names = page.bank.dimension_by_id
    for area, share in found.agreement.items():
        said = say(
            "report.clinician.partner.agreement",
            area=names[area].name,
            share=page.number(100 * share),
        )
        out.append(w.p(said, "small"))
    return [*out, Spacer(1, 8)]
