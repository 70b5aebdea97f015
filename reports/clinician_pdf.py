"""The clinician report (PDF) for a practice: one client's check-ups for their therapist.

Pure: plain values in (:mod:`reports.clinician_model`), bytes out; no storage, no streamlit.
In order: a neutral cover (client label, practice, therapist, dates), the critical items when
a safety answer raised a critical flag (absent otherwise), each area's score with band and
95% interval (:mod:`reports.clinician_numbers`: the reliability and its source stated, or why
there is none), change over time with the reliable change index and a trend chart, the
context answers, every item with its answer in words and its critical mark, and, when a
partner is given (both partners are clients of this therapist and both consented), their
perception gaps (:func:`scoring.couple.compare`). Every word is from the catalogue
(``locales/<locale>/report-clinician.po``); every string goes through
:func:`reports.text.markup` (escaped, shaped right to left, font fallback).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from questions import FULL_FORM, Bank, load_bank
from reports.clinician_layout import FLAG_WORDS, Page, cut
from reports.clinician_model import Partner, Settings, Visit, clinician_filename, load_settings
from reports.clinician_numbers import ScoreRow, critical_items, critical_rules, score_rows
from reports.clinician_sections import (
    change_section,
    context_section,
    items_section,
    partner_section,
)
from reports.content import Content, load_content
from reports.fonts import FontSet, load_fonts
from reports.ids import composite_label_id
from reports.pdf import _footer_canvas, _Writer, page_template
from reports.text import markup
from scoring.norms import NormStatus
from scoring.rules import load_rules

__all__ = ["Partner", "Visit", "clinician_filename", "clinician_pdf"]

COVER_WORDS: Mapping[str, str] = {
    "client": "report.clinician.cover.client",
    "practice": "report.clinician.cover.practice",
    "therapist": "report.clinician.cover.therapist",
    "date": "report.clinician.cover.date",
}
SCORE_HEADS = (
    "report.clinician.scores.area",
    "report.clinician.scores.score",
    "report.clinician.scores.band",
    "report.clinician.scores.interval",
    "report.clinician.scores.reliability",
)
SHARED_WHY = ("no_norms", "pulse", "version")  # the same for every area: said once, below
SCORE_SHARES = (0.31, 0.08, 0.12, 0.16, 0.33)  # area, score, band, interval, reliability


def _cover_lines(page: Page, visits: Sequence[Visit], names: Mapping[str, str | None]) -> str:
    say, latest = page.say, visits[-1]
    most = page.settings.name_max
    lines = [(say(COVER_WORDS[k]), cut(v, most)) for k, v in names.items()]
    first, last = page.date(visits[0].taken_at), page.date(latest.taken_at)
    span = (
        say("report.clinician.cover.one", date=last)
        if len(visits) == 1
        else say("report.clinician.cover.span", count=len(visits), first=first, last=last)
    )
    lines += [
        (say("report.clinician.cover.checkups"), span),
        (say("report.clinician.cover.role"), page.bank.roles.get(latest.result.role)),
        (say("report.clinician.cover.relationship"), _relationship(page.bank, latest)),
    ]
    fonts = page.w.fonts
    return "<br/>".join(
        f'<font name="{fonts.bold.name}">{markup(label, fonts, bold=True)}</font> '
        f"{markup(text, fonts)}"
        for label, text in lines
        if text
    )


def _relationship(bank: Bank, visit: Visit) -> str | None:
    found = bank.relationships.get(visit.result.relationship)
    return None if found is None else found.label


def _cover(
    page: Page, visits: Sequence[Visit], names: Mapping[str, str | None], when: dt.date
) -> list[Flowable]:
    w = page.w
    lines = _cover_lines(page, visits, {**names, "date": page.date(when)})
    out: list[Flowable] = [
        w.p(page.say("report.clinician.title"), "title"),
        Paragraph(lines, w.styles["cover_line"]),
        w.p(page.say("report.clinician.cover.confidential"), "cover_note"),
    ]
    if "safety_not_screened" in visits[-1].result.flags:
        out.append(w.p(page.say("report.clinician.cover.not_screened"), "composite"))
    return [*out, Spacer(1, 6)]


def _answer_words(page: Page, visit: Visit, item_id: str) -> str:
    item = page.bank.item_by_id[item_id]
    point = visit.answers[item_id]
    label = item.scale.labels.get(point)
    if label is None:  # a damaged record: said, never dressed up as a scale point
        return page.say("report.clinician.answer.off_scale", value=point)
    return page.say("report.clinician.answer.point", label=label, point=point)


def _critical(page: Page, visits: Sequence[Visit]) -> list[Flowable]:
    """The critical flags of the latest check-up with their items, then earlier flagged
    check-ups; nothing at all when no check-up raised one."""
    rules = critical_rules(page.rules, page.settings)
    latest = visits[-1]
    fired = critical_items(page.bank, latest, rules)
    earlier = [(v, [f.name for f in rules if f.name in v.result.flags]) for v in visits[:-1]]
    earlier = [(v, names) for v, names in earlier if names]
    if not fired and not earlier:
        return []
    w, say = page.w, page.say
    inner: list[Flowable] = [w.p(say("report.clinician.critical.heading"), "h1")]
    inner.append(w.p(say("report.clinician.critical.intro", date=page.date(latest.taken_at))))
    for flag, items in fired:
        inner.append(w.p(say(FLAG_WORDS[flag][0]), "h2", prefix="! "))
        for item in items:
            text = item.wordings.get((latest.result.role, latest.result.relationship), item.text)
            answer = _answer_words(page, latest, item.id)
            inner.append(w.labelled(say("report.clinician.critical.answer", answer=answer), text))
        if not items:
            inner.append(w.p(say("report.clinician.critical.listed_above"), "small"))
    if earlier:
        inner.append(w.p(say("report.clinician.critical.earlier"), "h2"))
        for visit, names in reversed(earlier):
            flags = ", ".join(say(FLAG_WORDS[n][1]) for n in names)
            inner.append(
                w.p(
                    say(
                        "report.clinician.critical.earlier_line",
                        date=page.date(visit.taken_at),
                        flags=flags,
                    )
                )
            )
    return [w.box(inner, "safety"), Spacer(1, 10)]


def _score_cells(page: Page, row: ScoreRow) -> list[Any]:
    band = page.rules.band_word(row.band, page.w.content.locale) if row.band else "\u2013"
    score = "\u2013" if row.score is None else page.number(row.score)
    head = [page.cell(row.name), score, page.cell(band)]
    if row.interval is None:
        why = row.why or "no_norms"
        said = page.say("report.clinician.scores.see_note") if why in SHARED_WHY else None
        return [*head, page.cell(said or page.why(why, n=row.n), "small"), ""]
    span, norm = row.interval, row.interval.norm
    low, high = page.number(span.low), page.number(span.high)
    alpha = page.say(
        "report.clinician.scores.alpha",
        alpha=page.number(norm.alpha, "0.00"),
        n=norm.n,
        sem=page.number(span.sem, "0.0"),
    )
    return [
        *head,
        page.cell(page.say("report.clinician.scores.range", low=low, high=high)),
        page.cell(alpha),
    ]


def _scores(page: Page, visit: Visit, norms: Mapping[str, NormStatus] | None) -> list[Flowable]:
    say = page.say
    rows: list[list[Any]] = [[page.cell(say(h)) for h in SCORE_HEADS]]
    spans: list[tuple[Any, ...]] = []
    groups: list[int] = []
    found = score_rows(page.bank, visit, norms, page.settings)
    for kind, of_kind in page.by_kind(found, lambda row: row.kind):
        groups.append(len(rows))
        rows.append([page.kind_label(kind), "", "", "", ""])
        for row in of_kind:
            if row.interval is None:
                spans.append(("SPAN", (3, len(rows)), (4, len(rows))))
            rows.append(_score_cells(page, row))
    heading = say(
        "report.clinician.scores.heading", date=page.date(visit.taken_at), form=page.form(visit)
    )
    z = page.number(page.settings.confidence_z, "0.00")
    notes = [page.w.p(say("report.clinician.scores.method", z=z), "small")]
    shared = sorted({r.why for r in found if r.why in SHARED_WHY}, key=SHARED_WHY.index)
    notes += [page.w.p(page.why(why), "small") for why in shared]
    return [
        CondPageBreak(160),
        page.w.p(heading, "h1"),
        _composites(page, visit),
        page.table(rows, SCORE_SHARES, spans, tuple(groups)),
        *notes,
        Spacer(1, 8),
    ]


def _composites(page: Page, visit: Visit) -> Flowable:
    parts = []
    for comp in visit.result.composites.values():
        label = page.say(composite_label_id(comp.id))
        if comp.score is None or comp.band is None:
            parts.append(page.say("report.clinician.scores.composite_none", label=label))
            continue
        band = page.rules.band_word(comp.band, page.w.content.locale)
        parts.append(
            page.say(
                "report.clinician.scores.composite",
                label=label,
                score=page.number(comp.score),
                band=band,
            )
        )
    return page.w.p("; ".join(parts), "composite")


def _checked(bank: Bank, visits: Sequence[Visit]) -> list[Visit]:
    """The visits oldest first; ValueError naming the check-up for one the bank cannot read."""
    if not visits:
        raise ValueError("a clinician report needs at least one check-up")
    ordered = sorted(
        visits,
        key=lambda v: (
            v.taken_at.timestamp()
            if v.taken_at.tzinfo
            else v.taken_at.replace(tzinfo=dt.UTC).timestamp()
        ),
    )
    for n, visit in enumerate(ordered, start=1):
        where = f"check-up {n} ({visit.taken_at.date().isoformat()})"
        if visit.result.role not in bank.roles:
            raise ValueError(f"{where}: unknown role {visit.result.role!r}")
        if visit.form_name not in (FULL_FORM, *bank.forms):
            raise ValueError(f"{where}: unknown form {visit.form_name!r}")
    return ordered


def clinician_story(
    page: Page,
    visits: Sequence[Visit],
    names: Mapping[str, str | None],
    when: dt.date,
    norms: Mapping[str, NormStatus] | None,
    partner: Partner | None,
) -> list[Flowable]:
    """The report's flowables in order (see the module's docstring)."""
    latest = visits[-1]
    out = _cover(page, visits, names, when) + _critical(page, visits)
    out += _scores(page, latest, norms) + change_section(page, visits, norms)
    out += context_section(page, visits) + items_section(page, latest)
    return out + (partner_section(page, latest, partner) if partner is not None else [])


def _metadata(content: Content) -> dict[str, str]:
    title, author = content.text("report.clinician.title"), content.text("report.pdf.author")
    return {"title": title, "subject": title, "author": author, "creator": author}


def clinician_pdf(
    bank: Bank,
    visits: Sequence[Visit],
    *,
    client_label: str | None = None,
    practice: str | None = None,
    therapist: str | None = None,
    norms: Mapping[str, NormStatus] | None = None,
    partner: Partner | None = None,
    locale: str | None = None,
    when: dt.date | None = None,
    invariant: bool = False,
    fonts: FontSet | None = None,
    settings: Settings | None = None,
) -> bytes:
    """The clinician report's PDF bytes for a client's check-ups (any order; the latest is
    the one reported in detail). ``norms``: the practice's own
    (:func:`scoring.norms.dimension_norm_status` over its clients, one check-up each); without
    them no interval or reliable change is given, and the report says why. ``locale``: the
    report's words (default the bank's); ``when``: the report's date (default today)."""
    content = load_content(locale or bank.locale)
    if bank.locale != content.locale:
        bank = load_bank(content.locale)
    bank = bank.for_form(FULL_FORM)
    ordered = _checked(bank, visits)
    fonts = fonts or load_fonts()
    page = Page(_Writer(fonts, content), bank, load_rules(), settings or load_settings())
    names = {"client": client_label, "practice": practice, "therapist": therapist}
    buffer = io.BytesIO()
    doc = page_template(buffer, invariant=invariant, **_metadata(content))
    story = clinician_story(page, ordered, names, when or dt.date.today(), norms, partner)
    footer = content.text("report.clinician.footer")
    doc.build(story, canvasmaker=_footer_canvas(fonts, footer, content))
    return buffer.getvalue()
