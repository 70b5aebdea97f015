"""Choose what a person's report says: a typed :class:`Plan`, independent of any renderer.

Pure: a scored :class:`~scoring.result.Result`, the bank and the content in, a Plan out.
The app renders the same Plan on screen; :mod:`reports.pdf` renders it as a PDF.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from questions import Bank, fill, wording_for
from questions.model import Wording
from reports.content import Content, Step, StrengthText, TextBlock, check_against_bank
from scoring.result import DimensionScore, Result

MIN_STEPS = 3
MAX_STEPS = 5
MAX_STRENGTHS = 2
# Bands that need help, and bands that can count as a strength, per dimension kind.
NEEDS_HELP: Mapping[str, frozenset[str]] = {
    "sign": frozenset({"moderate", "high"}),
    "willingness": frozenset({"low", "moderate"}),
}
STRENGTH_BANDS: Mapping[str, frozenset[str]] = {
    "sign": frozenset({"low", "moderate"}),
    "willingness": frozenset({"high", "moderate"}),
}
# +1: a higher score is better; -1: a lower score is better.
DIRECTION: Mapping[str, int] = {"sign": -1, "willingness": 1}
COMPOSITE_LABELS: Mapping[str, str] = {
    "trust_strain": "Trust strain",
    "repair_readiness": "Repair readiness",
}
KIND_LABELS: Mapping[str, str] = {
    "sign": "Signs of strain (higher means more strain)",
    "willingness": "Willingness to repair (higher means more ready)",
}
PROMPT_LABELS: Mapping[str, str] = {
    "conversation": "Something you could say",
    "reflection": "A question to reflect on",
}


@dataclass(frozen=True)
class StepCard:
    """A chosen step, with its placeholders filled."""

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


@dataclass(frozen=True)
class CompositeLine:
    """A composite score in numbers and words."""

    id: str
    label: str
    score: float | None
    band: str | None
    text: str


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

    def rows_of_kind(self, kind: str) -> list[DimensionRow]:
        return [d for d in self.dimensions if d.kind == kind]


def need(dim: DimensionScore) -> float:
    """How much help a scored dimension needs (0-100): high signs, low willingness."""
    assert dim.score is not None
    return dim.score if DIRECTION[dim.kind] < 0 else 100.0 - dim.score


def needing_help(result: Result) -> list[DimensionScore]:
    """Scored dimensions whose band needs help, most needed first (ties: bank order)."""
    found = [
        d
        for d in result.dimensions.values()
        if d.score is not None and d.band in NEEDS_HELP.get(d.kind, frozenset())
    ]
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
    """The best two dimensions (lowest sign, highest willingness) with a text for the role."""
    skip, pool = set(exclude), list(texts)
    ranked = sorted(
        (
            d
            for d in result.dimensions.values()
            if d.score is not None
            and d.id not in skip
            and d.band in STRENGTH_BANDS.get(d.kind, frozenset())
        ),
        key=need,
    )
    found = []
    for dim in ranked:
        text = _strength_text(dim, result.role, pool, result.safety)
        if text is not None:
            found.append((dim, text))
    return found[:MAX_STRENGTHS]


def _card(dim: DimensionScore, step: Step, wording: Wording) -> StepCard:
    return StepCard(
        id=step.id,
        dimension=dim.id,
        dimension_name=dim.name,
        band=dim.band or "",
        title=fill(step.title, wording),
        why=fill(step.why, wording),
        try_this_week=fill(step.try_this_week, wording),
        prompt_kind=step.prompt_kind,
        prompt_label=PROMPT_LABELS.get(step.prompt_kind, "A prompt"),
        prompt=fill(step.prompt, wording),
    )


def _rows(result: Result, content: Content, wording: Wording) -> tuple[DimensionRow, ...]:
    meanings = content.texts.meanings
    rows = []
    for d in result.dimensions.values():
        bands = meanings.get((d.id, result.role), {})
        meaning = fill(bands[d.band], wording) if d.band is not None and d.band in bands else ""
        rows.append(DimensionRow(d.id, d.name, d.kind, d.score, d.band, meaning, d.reason))
    return tuple(rows)


def _composites(result: Result, content: Content, wording: Wording) -> tuple[CompositeLine, ...]:
    lines = []
    for comp in result.composites.values():
        words = content.texts.composites.get(comp.id, {}).get(result.role, {})
        band = comp.band or ""
        text = fill(words[band], wording) if band in words else ""
        label = COMPOSITE_LABELS.get(comp.id, comp.id.replace("_", " ").capitalize())
        lines.append(CompositeLine(comp.id, label, comp.score, comp.band, text))
    return tuple(lines)


def _safety(result: Result, content: Content) -> tuple[TextBlock, ...]:
    """Crisis text first when self-harm is flagged; the text on danger from the other person
    when fear, harm or control is flagged (not for self-harm alone)."""
    texts = content.texts
    chosen = [(texts.self_harm, "self_harm"), (texts.safety, "danger")]
    return tuple(block for block, flag in chosen if flag in result.flags)


def build_plan(result: Result, bank: Bank, content: Content) -> Plan:
    """Everything the report says for this result, in display order."""
    check_against_bank(content, bank)
    wording = wording_for(bank, result.relationship)
    steps = choose_steps(result, content.steps)
    strengths = choose_strengths(result, content.strengths, exclude={d.id for d, _ in steps})
    return Plan(
        role=result.role,
        role_words=bank.roles.get(result.role, result.role),
        relationship=result.relationship,
        relationship_words=wording.label,
        safety=_safety(result, content),
        composites=_composites(result, content, wording),
        dimensions=_rows(result, content, wording),
        steps=tuple(_card(d, s, wording) for d, s in steps),
        strengths=tuple(
            Strength(d.id, d.name, d.kind, d.score or 0.0, d.band or "", fill(t.text, wording))
            for d, t in strengths
        ),
        support=content.texts.support,
        disclaimer=content.texts.disclaimer,
    )
