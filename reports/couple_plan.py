"""What a couple's comparison says, as a typed :class:`CouplePlan` (no renderer, no streamlit).

Two partners' results (and the item answers of areas both shared) in, every line in words out:
per area both scores, the gap and how far apart the views are (``scoring.couple``), agreement
per area, the areas of most agreement and the widest gaps each with a conversation starter,
steps for the two of them chosen from both results by the selection of a person's own report
(:func:`reports.selection.choose_steps`) among the steps marked for couples
(``data/couple_steps.yaml``), and, given, the change over time. The app and the couple PDF
render the same plan. A result with any safety flag is refused (:class:`SafetyFirst`): a
comparison is never made while either partner's answers need safety first.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from questions import Bank
from reports import yaml_checks as check
from reports.content import Content, Step
from reports.couple_words import STARTER, TREND, VIEW, check_against_bank
from reports.ids import prompt_label_id, step_word_id
from reports.selection import StepCard, choose_steps
from scoring.couple import Answers, Comparison, compare, load_couple_rules
from scoring.couple_cli import SafetyFirst
from scoring.couple_trend import GapChange
from scoring.norms import DimensionChange
from scoring.result import Result

STEPS_FILE = Path(__file__).with_name("data") / "couple_steps.yaml"
SIDES = ("first", "second")
MOST_AGREEMENT_AT_LEAST = 0.5  # a share of the area's questions


@dataclass(frozen=True)
class AreaRow:
    """One area seen from both sides: both scores, the gap and the view in words."""

    area: str
    name: str
    first: float
    second: float
    gap: float
    view: str
    words: str


@dataclass(frozen=True)
class Talk:
    """An area to talk about: its name, what stands out (in words) and a starter."""

    area: str
    name: str
    detail: str
    starter: str


@dataclass(frozen=True)
class CoupleStep:
    """A step for the couple and whose results it was chosen from (``first``/``second``)."""

    card: StepCard
    side: str


@dataclass(frozen=True)
class OverTime:
    """The change from the first to the latest shared check-ups: gaps and each partner."""

    first_when: str
    last_when: str
    gaps: tuple[str, ...]
    first: tuple[str, ...]
    second: tuple[str, ...]
    points_note: str = ""  # said once when some change has no norm yet (points only)


@dataclass(frozen=True)
class CouplePlan:
    """Everything a couple's comparison shows, in order, in one locale."""

    locale: str
    first_name: str
    second_name: str
    rows: tuple[AreaRow, ...]
    agreement: tuple[Talk, ...]
    most_agreement: tuple[Talk, ...]
    widest_gaps: tuple[Talk, ...]
    steps: tuple[CoupleStep, ...]
    over_time: OverTime | None = None


@dataclass(frozen=True)
class Partner:
    """One partner as the plan reads them: their result and, if shared, item answers."""

    result: Result
    answers: Answers | None = None


@cache
def marked_steps(path: Path = STEPS_FILE) -> tuple[tuple[str, ...], int]:
    """The step ids marked for couples and how many a plan holds; ContentError naming the
    file when its shape is wrong."""
    doc = check.read_yaml(path, path.name)
    if not isinstance(doc, dict) or set(doc) != {"limit", "marked"}:
        raise check.fail(path.name, "must be a mapping with 'limit' and 'marked'")
    marked, limit = doc["marked"], doc["limit"]
    if not isinstance(marked, list) or not all(isinstance(m, str) for m in marked):
        raise check.fail(path.name, "'marked' must be a list of step ids")
    if not isinstance(limit, int) or limit < 1:
        raise check.fail(path.name, "'limit' must be a whole number of at least 1")
    return tuple(marked), limit


def _couple_pool(content: Content) -> tuple[list[Step], int]:
    marked, limit = marked_steps()
    known = {s.id: s for s in content.steps}
    unknown = [m for m in marked if m not in known]
    if unknown:
        raise check.fail(STEPS_FILE.name, f"marked steps {unknown[:5]} are not steps")
    return [known[m] for m in marked], limit


def _card(content: Content, result: Result, bank: Bank, step_id: str, dim: str) -> StepCard:
    step = next(s for s in content.steps if s.id == step_id)

    def say(word: str) -> str:
        return content.text(step_word_id(step.id, word), result.relationship)

    return StepCard(
        id=step.id,
        dimension=dim,
        dimension_name=bank.dimension_by_id[dim].name,
        band=result.dimensions[dim].band or "",
        title=say("title"),
        why=say("why"),
        try_this_week=say("try_this_week"),
        prompt_kind=step.prompt_kind,
        prompt_label=content.text(prompt_label_id(step.prompt_kind)),
        prompt=say("prompt"),
    )


def couple_steps(a: Result, b: Result, bank: Bank, content: Content) -> tuple[CoupleStep, ...]:
    """Steps marked for couples, chosen from each partner's result (most needed first, as in
    a person's own report), taken in turn, each step once, up to the file's limit."""
    pool, limit = _couple_pool(content)
    chosen = [choose_steps(r, pool, limit=limit) for r in (a, b)]
    out: list[CoupleStep] = []
    seen: set[str] = set()
    for turn in range(max(len(c) for c in chosen)):
        for side, result, picks in zip(SIDES, (a, b), chosen, strict=True):
            if turn < len(picks) and picks[turn][1].id not in seen and len(out) < limit:
                dim, step = picks[turn]
                seen.add(step.id)
                out.append(CoupleStep(_card(content, result, bank, step.id, dim.id), side))
    return tuple(out)


def area_name(bank: Bank, area: str) -> str:
    """An area's name: the own-view dimension's (the ``broke`` side of a pair) when the two
    sides differ, so "Listening without defending" rather than "..., as you see it"."""
    pair = next((p for p in bank.pairs if p.hurt == area), None)
    key = pair.broke if pair is not None else area
    return bank.dimension_by_id[key].name


def _rows(comparison: Comparison, bank: Bank, content: Content) -> tuple[AreaRow, ...]:
    return tuple(
        AreaRow(
            g.area,
            area_name(bank, g.area),
            g.first_score,
            g.second_score,
            g.gap,
            g.view,
            content.text(VIEW[g.view]),
        )
        for g in comparison.gaps
    )


def _agreement_text(content: Content, share: float) -> str:
    return content.text("report.couple.agreement", percent=f"{100 * share:.0f}")


def _talks(
    comparison: Comparison, bank: Bank, content: Content, same: str
) -> tuple[tuple[Talk, ...], ...]:
    def talk(area: str, detail: str) -> Talk:
        return Talk(area, area_name(bank, area), detail, content.text(STARTER[area]))

    agree, views = comparison.agreement, {g.area: g.view for g in comparison.gaps}
    rows = tuple(talk(a, _agreement_text(content, agree[a])) for a in agree)
    # "most agreement" only where at least half the questions agree; "widest gaps" only where
    # the views are not about the same (a couple who agree is not told they differ)
    most = tuple(
        talk(a, _agreement_text(content, agree[a]))
        for a in comparison.most_agreement
        if agree[a] >= MOST_AGREEMENT_AT_LEAST
    )
    widest = tuple(
        talk(a, content.text(VIEW[views[a]])) for a in comparison.widest_gaps if views[a] != same
    )
    return rows, most, widest


def build_couple_plan(
    first: Partner,
    second: Partner,
    bank: Bank,
    content: Content,
    names: tuple[str, str],
    over_time: OverTime | None = None,
) -> CouplePlan:
    """The plan of a comparison between ``first`` and ``second`` (``names``: how the plan
    calls them, e.g. "You" and "Your partner"); SafetyFirst when either raised a flag."""
    if first.result.flags or second.result.flags:
        raise SafetyFirst
    rules = load_couple_rules()
    check_against_bank(bank, tuple(key for key, _ in rules.views))
    answers = (first.answers, second.answers)
    both = (answers[0], answers[1]) if answers[0] and answers[1] else None
    comparison = compare(first.result, second.result, bank, answers=both, rules=rules)
    agreement, most, widest = _talks(comparison, bank, content, rules.views[0][0])
    return CouplePlan(
        locale=content.locale,
        first_name=names[0],
        second_name=names[1],
        rows=_rows(comparison, bank, content),
        agreement=agreement,
        most_agreement=most,
        widest_gaps=widest,
        steps=couple_steps(first.result, second.result, bank, content),
        over_time=over_time,
    )


def _whole(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def gap_lines(changes: Sequence[GapChange], bank: Bank, content: Content) -> tuple[str, ...]:
    """Each area's gap at the first and latest shared check-ups and whether it moved."""
    return tuple(
        content.text(
            "report.couple.trend.line",
            name=area_name(bank, c.area),
            before=_whole(c.before),
            after=_whole(c.after),
            words=content.text(TREND[c.direction]),
        )
        for c in changes
    )


def change_lines(
    changes: Sequence[DimensionChange], content: Content, areas: Collection[str]
) -> tuple[str, ...]:
    """One partner's own change in the compared ``areas`` (dimension ids): Jacobson-Truax
    words, else points only."""
    return tuple(
        content.text(
            "report.couple.trend.partner_line",
            name=c.name,
            before=_whole(c.before),
            after=_whole(c.after),
            words=c.words or content.text(TREND[None]),
        )
        for c in changes
        if c.id in areas and c.before is not None and c.after is not None
    )


def points_note(
    gaps: Sequence[GapChange], changes: Sequence[DimensionChange], content: Content
) -> str:
    """The one line saying some changes are in points only (no norm yet); else empty."""
    unnormed = any(g.direction is None for g in gaps) or any(c.words is None for c in changes)
    return content.text("report.couple.over_time.points_note") if unnormed else ""


def names_of(content: Content, aliases: Mapping[str, str | None]) -> tuple[str, str]:
    """The partners' names for a PDF: their aliases, else "Partner A" / "Partner B"."""
    fallback = ("report.couple.partner.first", "report.couple.partner.second")
    return (
        (aliases.get("first") or "").strip() or content.text(fallback[0]),
        (aliases.get("second") or "").strip() or content.text(fallback[1]),
    )
