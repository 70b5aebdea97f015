"""Choose what a person's report says: a typed :class:`Plan`, independent of any renderer.

Pure: a scored :class:`~scoring.result.Result`, the bank and the content in, a Plan out.
What counts as needing help or as a strength, and which direction is better, are the rules
of ``scoring/rules.yaml`` (:attr:`Rules.kinds`); what a flag or a context answer changes is
``data/flag_effects.yaml`` and ``data/context_effects.yaml`` (:mod:`reports.effects`). Every
word comes from the content's catalogue, in the variant of the result's relationship type. The
app renders the same Plan on screen; :mod:`reports.pdf` renders it as a PDF.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from questions import Bank
from reports import ids
from reports.content import Content, Step, StrengthText, TextBlock, check_against_bank
from reports.effects import Effect
from reports.forms import FormReport, form_report
from reports.helplines import CountryLines, lines_for
from reports.safety_text import safety_blocks
from scoring.norms import MIN_RESPONDENTS
from scoring.result import DimensionScore, Result
from scoring.rules import load_rules

MIN_STEPS = 3
MAX_STEPS = 5
MAX_PATH_STEPS = 3
MAX_STRENGTHS = 2
NOTHING: frozenset[str] = frozenset()


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
    percentile: float | None = None  # share of earlier people scoring lower (30+ people only)
    norm_people: int | None = None
    percentile_text: str = ""  # that, in words; empty without norms


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
    """Everything a report shows, in order. ``safety`` is empty unless a flag shows a block;
    with ``opens_alone`` the results open on ``safety[0]`` (the crisis panel) alone, the rest
    one click away. ``notes`` are one-line notes above the scores (safety not screened)."""

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
    opens_alone: bool = False  # urgent: the first safety block alone, the rest below it
    notes: tuple[str, ...] = ()
    country: str | None = None  # the ISO code whose help lines the safety blocks give
    paths: tuple[str, ...] = ()  # context paths taken (``ending``), their steps first
    withheld: frozenset[str] = frozenset()  # what no step or strength here asks (flag_effects)
    form: str = "full"  # the form answered (forms.yaml): "full" or "pulse"
    form_note: str = ""  # the line saying it is a pulse check-in (empty for a full one)
    show_table: bool = True  # the table of every dimension (a pulse report leaves it out)
    bands_note: str = ""  # low / moderate / high are equal thirds, not norms or cut-offs

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


def _candidates(
    dim: DimensionScore, result: Result, steps: Iterable[Step], withheld: frozenset[str]
) -> list[Step]:
    return [
        s
        for s in steps
        if s.dimension == dim.id
        and dim.band in s.bands
        and s.fits(result.role, result.relationship, withheld)
    ]


def choose_steps(
    result: Result,
    steps: Iterable[Step],
    withheld: frozenset[str] = NOTHING,
    limit: int = MAX_STEPS,
) -> list[tuple[DimensionScore, Step]]:
    """Up to ``limit`` steps, one per dimension in order of need; a second round only to reach
    three. None asks what is ``withheld``; each fits the role and relationship type."""
    pool = list(steps)
    options = [(d, _candidates(d, result, pool, withheld)) for d in needing_help(result)]
    chosen = [(d, opts[0]) for d, opts in options if opts][:limit]
    round_ = 1
    want = min(MIN_STEPS, limit)
    while len(chosen) < want and any(len(o) > round_ for _, o in options):
        for dim, opts in options:
            if len(opts) > round_ and len(chosen) < want:
                chosen.append((dim, opts[round_]))
        round_ += 1
    return chosen


def choose_path_steps(result: Result, steps: Iterable[Step], effect: Effect) -> list[Step]:
    """The steps of the context paths taken (``ending``), for the role, at most three."""
    return [
        s
        for s in steps
        if s.path in effect.paths and s.fits(result.role, result.relationship, effect.withhold)
    ][:MAX_PATH_STEPS]


def choose_strengths(
    result: Result,
    texts: Iterable[StrengthText],
    exclude: Iterable[str] = (),
    withheld: frozenset[str] = NOTHING,
    limit: int = MAX_STRENGTHS,
) -> list[tuple[DimensionScore, StrengthText]]:
    """The best two dimensions (least need, in a strength band) with a text for the role
    that asks nothing ``withheld``."""
    skip, pool = set(exclude), list(texts)
    ranked = sorted(
        (d for d in result.dimensions.values() if d.id not in skip and _in_bands(d, "strength")),
        key=need,
    )
    found = []
    for dim in ranked:
        text = next(
            (
                t
                for t in pool
                if t.dimension == dim.id and t.fits(result.role, result.relationship, withheld)
            ),
            None,
        )
        if text is not None:
            found.append((dim, text))
    return found[:limit]


class _Say:
    """The content's words in one relationship type's variant, and the bank's names."""

    def __init__(self, content: Content, bank: Bank, relationship: str) -> None:
        self.content, self.bank, self.variant = content, bank, relationship

    def __call__(self, message_id: str, **params: Any) -> str:
        return self.content.text(message_id, self.variant, **params)

    def name(self, dim: DimensionScore) -> str:
        known = self.bank.dimension_by_id.get(dim.id)
        return known.name if known is not None else dim.name


def _card(say: _Say, dim: DimensionScore | None, step: Step) -> StepCard:
    """A step's card; a path step (no dimension) carries its path's name instead."""
    words = {w: say(ids.step_word_id(step.id, w)) for w in ("title", "why", "try_this_week")}
    return StepCard(
        id=step.id,
        dimension=dim.id if dim else "",
        dimension_name=say.name(dim) if dim else say(ids.path_title_id(step.path)),
        band=(dim.band or "") if dim else "",
        prompt_kind=step.prompt_kind,
        prompt_label=say(ids.prompt_label_id(step.prompt_kind)),
        prompt=say(ids.step_word_id(step.id, "prompt")),
        **words,
    )


Percentiles = Mapping[str, tuple[float, int]]  # dimension -> (percent scoring lower, people)


def _norm(say: _Say, d: DimensionScore, percentiles: Percentiles) -> dict[str, Any]:
    """A row's percentile fields, only for a score with norms from 30 or more people."""
    found = percentiles.get(d.id)
    if d.score is None or found is None or found[1] < MIN_RESPONDENTS:
        return {}
    value, people = found
    text = say("report.norms.percentile", people=people, percentile=f"{value:.0f}")
    return {"percentile": value, "norm_people": people, "percentile_text": text}


def _row(say: _Say, role: str, d: DimensionScore, percentiles: Percentiles) -> DimensionRow:
    meaning, reason = "", None
    if d.score is None:
        reason = say("report.reason.too_few", answered=d.answered, total=d.total, needed=d.needed)
    elif d.band is not None and (d.id, role) in say.content.texts.meanings:
        meaning = say(ids.meaning_id(d.id, role, d.band))
    label = band_label(say.content, d.band)
    return DimensionRow(
        d.id,
        say.name(d),
        d.kind,
        d.score,
        d.band,
        meaning,
        reason,
        label,
        **_norm(say, d, percentiles),
    )


def _composites(say: _Say, result: Result, variant: str) -> tuple[CompositeLine, ...]:
    """The composite lines; ``variant`` ``safe`` takes the safe wording (flag_effects.yaml)."""
    lines = []
    for comp in result.composites.values():
        wording = variant or result.role  # a variant is worded like a role (``safe``)
        text = "" if comp.band is None else say(ids.composite_id(comp.id, wording, comp.band))
        label = say(ids.composite_label_id(comp.id))
        band = band_label(say.content, comp.band)
        lines.append(CompositeLine(comp.id, label, comp.score, comp.band, text, band))
    return tuple(lines)


def effect_of(result: Result, content: Content, context: Mapping[str, str] | None = None) -> Effect:
    """What this result's flags and context answers change (``context``: given, else the
    result's own ``context`` when it has one)."""
    answers = context if context is not None else getattr(result, "context", None) or {}
    return content.effects.combined(result.flags, answers, result.role)


def _steps(
    result: Result, content: Content, effect: Effect, form: FormReport
) -> list[tuple[DimensionScore | None, Step]]:
    taken = choose_path_steps(result, content.paths, effect)[: form.max_steps]
    paths: list[tuple[DimensionScore | None, Step]] = [(None, s) for s in taken]
    limit = form.max_steps - len(paths)
    return paths + list(choose_steps(result, content.steps, effect.withhold, limit))


def build_plan(
    result: Result,
    bank: Bank,
    content: Content,
    *,
    country: str | None = None,
    context: Mapping[str, str] | None = None,
    form: str | None = None,
    percentiles: Percentiles | None = None,
) -> Plan:
    """Everything the report says for this result, in display order, in the content's
    locale and the wording of the result's relationship type. The bank gives the names
    (dimensions, role, relationship): it must be in the content's locale. ``country`` (an ISO
    code of :func:`reports.helplines.countries`) puts that country's help lines in the safety
    blocks; :class:`reports.helplines.UnknownCountry` for one without lines. ``form``: the form
    answered (default: the result's own ``form``, else full); ``percentiles``: per dimension,
    the percent of earlier people scoring lower and how many they were (shown from 30)."""
    if bank.locale != content.locale:
        raise ValueError(f"the bank is in {bank.locale!r} but the content in {content.locale!r}")
    check_against_bank(content, bank)
    say = _Say(content, bank, result.relationship)
    effect = effect_of(result, content, context)
    lines: CountryLines | None = lines_for(country)
    shape = form_report(form or getattr(result, "form", None))
    steps = _steps(result, content, effect, shape)
    strengths = choose_strengths(
        result,
        content.strengths,
        {d.id for d, _ in steps if d},
        effect.withhold,
        shape.max_strengths,
    )
    relationship = bank.relationships.get(result.relationship)
    return Plan(
        role=result.role,
        role_words=bank.roles.get(result.role, result.role),
        relationship=result.relationship,
        relationship_words=relationship.label if relationship else result.relationship,
        safety=safety_blocks(content, effect.blocks, lines),
        composites=_composites(say, result, effect.composites),
        dimensions=tuple(
            _row(say, result.role, d, percentiles or {}) for d in result.dimensions.values()
        ),
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
        opens_alone=effect.opens_alone and bool(effect.blocks),
        notes=tuple(say(ids.note_id(n)) for n in effect.notes),
        country=lines.code if lines else None,
        paths=effect.paths,
        withheld=effect.withhold,
        form=shape.form,
        form_note=say(ids.form_note_id(shape.note)) if shape.note else "",
        show_table=shape.table,
        bands_note=say("report.bands.explained"),
    )
