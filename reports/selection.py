"""Choose what a person's report says: a typed :class:`Plan`, independent of any renderer.

Pure: a scored :class:`~scoring.result.Result`, the bank and the content in, a Plan out.
What counts as needing help or as a strength, and which direction is better, are the rules
of ``scoring/rules.yaml`` (:attr:`Rules.kinds`). Every word comes from the content's catalogue,
in the variant of the result's relationship type. The app renders the same Plan on screen;
:mod:`reports.pdf` renders it as a PDF.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from questions import Bank
from reports import ids
from reports.content import Content, Step, StrengthText, TextBlock, check_against_bank
from scoring.result import DimensionScore, Result
from scoring.rules import load_rules

MIN_STEPS = 3
MAX_STEPS = 5
MAX_STRENGTHS = 2


@dataclass(frozen=True)
class StepCard:
    """A chosen step, in the words of the person's relationship type."""

    id: str
    dimension: str
    dimension_name: str
    band: str
    title: str
    why: str
    try_this_week: str
    prompt_kind: str
    prompt_label: str
    prompt: str


@dataclass(frozen=True)
class Strength:
    """A dimension that is going well, and how to build on it."""

    dimension: str
    dimension_name: str
    kind: str
    score: float
    band: str
    text: str


@dataclass(frozen=True)
class DimensionRow:
    """One row of the score table: a dimension, its score and band, and what that means."""

    id: str
    name: str
    kind: str
    score: float | None
    band: str | None
    meaning: str  # empty when not scored; then ``reason`` says why
    reason: str | None
    band_label: str = ""  # the band in words (empty: use ``band``)


@dataclass(frozen=True)
class CompositeLine:
    """A composite score in numbers and words."""

    id: str
    label: str
    score: float | None
    band: str | None
    text: str
    band_label: str = ""


@dataclass(frozen=True)
class Plan:
    """Everything a report shows, in order. ``safety`` is empty unless the flag is raised."""

    role: str
    role_words: str
    relationship: str
    relationship_words: str
    safety: tuple[TextBlock, ...]
    composites: tuple[CompositeLine, ...]
    dimensions: tuple[DimensionRow, ...]
    steps: tuple[StepCard, ...]
    strengths: tuple[Strength, ...]
    support: TextBlock
    disclaimer: str
    locale: str = "en"
    kinds: tuple[tuple[str, str], ...] = ()  # (kind, label) in display order

    def rows_of_kind(self, kind: str) -> list[DimensionRow]:
        return [d for d in self.dimensions if d.kind == kind]


def kind_labels(content: Content) -> dict[str, str]:
    """Each scored kind's one-line label (``Signs of strain (higher means more strain)``),
    in the order of ``scoring/rules.yaml``."""
    return {k: content.text(ids.kind_word_id(k)) for k in load_rules().kinds}


def composite_labels(content: Content) -> dict[str, str]:
    """Each composite's name (``Trust strain``), in the order of ``scoring/rules.yaml``."""
    return {c: content.text(ids.composite_label_id(c)) for c in load_rules().composites}


def band_label(content: Content, band: str | None) -> str:
    """A band's name in the content's locale (``Rules.band_word``); empty for no band."""
    return "" if band is None else load_rules().band_word(band, content.locale)


def need(dim: DimensionScore) -> float:
    """How much help a scored dimension needs (0-100): ``Rules.need`` of its kind."""
    assert dim.score is not None
    return load_rules().need(dim.kind, dim.score)


def _in_bands(dim: DimensionScore, which: str) -> bool:
    rule = load_rules().kinds.get(dim.kind)
    return rule is not None and dim.score is not None and dim.band in getattr(rule, which)


def needing_help(result: Result) -> list[DimensionScore]:
    """Scored dimensions whose band needs help, most needed first (ties: bank order)."""
    found = [d for d in result.dimensions.values() if _in_bands(d, "needs_help")]
    return sorted(found, key=need, reverse=True)


def _candidates(dim: DimensionScore, role: str, steps: Iterable[Step], safe: bool) -> list[Step]:
    return [
        s
        for s in steps
        if s.dimension == dim.id
        and role in s.roles
        and dim.band in s.bands
        and not (safe and s.withheld_when_unsafe)
    ]


def choose_steps(result: Result, steps: Iterable[Step]) -> list[tuple[DimensionScore, Step]]:
    """Up to five steps, one per dimension in order of need; a second round only to reach three."""
    pool = list(steps)
    options = [(d, _candidates(d, result.role, pool, result.safety)) for d in needing_help(result)]
    chosen = [(d, opts[0]) for d, opts in options if opts][:MAX_STEPS]
    round_ = 1
    while len(chosen) < MIN_STEPS and any(len(o) > round_ for _, o in options):
        for dim, opts in options:
            if len(opts) > round_ and len(chosen) < MIN_STEPS:
                chosen.append((dim, opts[round_]))
        round_ += 1
    return chosen


def _strength_text(
    dim: DimensionScore, role: str, texts: Iterable[StrengthText], safe: bool
) -> StrengthText | None:
    return next(
        (
            t
            for t in texts
            if t.dimension == dim.id and role in t.roles and not (safe and t.withheld_when_unsafe)
        ),
        None,
    )


def choose_strengths(
    result: Result, texts: Iterable[StrengthText], exclude: Iterable[str] = ()
) -> list[tuple[DimensionScore, StrengthText]]:
    """The best two dimensions (least need, in a strength band) with a text for the role."""
    skip, pool = set(exclude), list(texts)
    ranked = sorted(
        (d for d in result.dimensions.values() if d.id not in skip and _in_bands(d, "strength")),
        key=need,
    )
    found = []
    for dim in ranked:
        text = _strength_text(dim, result.role, pool, result.safety)
        if text is not None:
            found.append((dim, text))
    return found[:MAX_STRENGTHS]


class _Say:
    """The content's words in one relationship type's variant, and the bank's names."""

    def __init__(self, content: Content, bank: Bank, relationship: str) -> None:
        self.content, self.bank, self.variant = content, bank, relationship

    def __call__(self, message_id: str, **params: Any) -> str:
        return self.content.text(message_id, self.variant, **params)

    def name(self, dim: DimensionScore) -> str:
        known = self.bank.dimension_by_id.get(dim.id)
        return known.name if known is not None else dim.name


def _card(say: _Say, dim: DimensionScore, step: Step) -> StepCard:
    words = {w: say(ids.step_word_id(step.id, w)) for w in ("title", "why", "try_this_week")}
    return StepCard(
        id=step.id,
        dimension=dim.id,
        dimension_name=say.name(dim),
        band=dim.band or "",
        prompt_kind=step.prompt_kind,
        prompt_label=say(ids.prompt_label_id(step.prompt_kind)),
        prompt=say(ids.step_word_id(step.id, "prompt")),
        **words,
    )


def _row(say: _Say, role: str, d: DimensionScore) -> DimensionRow:
    meaning, reason = "", None
    if d.score is None:
        reason = say("report.reason.too_few", answered=d.answered, total=d.total, needed=d.needed)
    elif d.band is not None and (d.id, role) in say.content.texts.meanings:
        meaning = say(ids.meaning_id(d.id, role, d.band))
    label = band_label(say.content, d.band)
    return DimensionRow(d.id, say.name(d), d.kind, d.score, d.band, meaning, reason, label)


def _composites(say: _Say, result: Result) -> tuple[CompositeLine, ...]:
    lines = []
    for comp in result.composites.values():
        text = "" if comp.band is None else say(ids.composite_id(comp.id, result.role, comp.band))
        label = say(ids.composite_label_id(comp.id))
        band = band_label(say.content, comp.band)
        lines.append(CompositeLine(comp.id, label, comp.score, comp.band, text, band))
    return tuple(lines)


def _safety(result: Result, content: Content) -> tuple[TextBlock, ...]:
    """The safety blocks whose flag is raised, in the order of ``texts.yaml``
    ``safety_blocks``: the crisis text first for self-harm; the text on danger from the other
    person for fear, harm or control (not for self-harm alone)."""
    return tuple(b for b, flag in content.texts.safety_blocks if flag in result.flags)


def build_plan(result: Result, bank: Bank, content: Content) -> Plan:
    """Everything the report says for this result, in display order, in the content's
    locale and the wording of the result's relationship type. The bank gives the names
    (dimensions, role, relationship): it must be in the content's locale."""
    if bank.locale != content.locale:
        raise ValueError(f"the bank is in {bank.locale!r} but the content in {content.locale!r}")
    check_against_bank(content, bank)
    say = _Say(content, bank, result.relationship)
    steps = choose_steps(result, content.steps)
    strengths = choose_strengths(result, content.strengths, exclude={d.id for d, _ in steps})
    relationship = bank.relationships.get(result.relationship)
    return Plan(
        role=result.role,
        role_words=bank.roles.get(result.role, result.role),
        relationship=result.relationship,
        relationship_words=relationship.label if relationship else result.relationship,
        safety=_safety(result, content),
        composites=_composites(say, result),
        dimensions=tuple(_row(say, result.role, d) for d in result.dimensions.values()),
        steps=tuple(_card(say, d, s) for d, s in steps),
        strengths=tuple(
            Strength(
                d.id, say.name(d), d.kind, d.score or 0.0, d.band or "", say(ids.strength_id(t.id))
            )
            for d, t in strengths
        ),
        support=content.texts.support,
        disclaimer=content.texts.disclaimer,
        locale=content.locale,
        kinds=tuple(kind_labels(content).items()),
    )
