"""The figures of the clinician report, pure and word-free: score intervals, reliable change,
critical items and every item's answer state. :mod:`reports.clinician_pdf` words them.

Interval: the standard error of measurement SEM = SD * sqrt(1 - r) and score +/- z * SEM
(z = 1.96 for 95%), cut to the 0-100 scale (Nunnally & Bernstein, 1994, Psychometric Theory,
ch. 7; Harvill, 1991, Standard error of measurement, Educational Measurement 10(2), 33-41).
r is Cronbach's alpha and SD the spread of scores from the practice's own clients
(:func:`scoring.norms.dimension_norm_status`); where that norm is missing or unusable no
interval is given and the reason is kept, never a reliability assumed. Change: the
Jacobson-Truax reliable change index (:func:`scoring.change.reliable_change_index`) with the
same norm, only between full check-ups of bank versions whose answers pool for the norms.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from questions import FULL_FORM, Bank, Item, Section
from reports.clinician_model import Settings, Visit
from scoring.change import classify_change, reliable_change_index
from scoring.norms import DimensionNorm, NormStatus
from scoring.rules import FlagRule, Rules

SCALE = (0.0, 100.0)


@dataclass(frozen=True)
class Interval:
    """A score's interval and the norm it came from."""

    low: float
    high: float
    sem: float
    norm: DimensionNorm


@dataclass(frozen=True)
class ScoreRow:
    """One dimension of one check-up: score, band, interval or why there is none
    (``why``: unscored, no_norms, too_few, unusable, pulse, version)."""

    id: str
    name: str
    kind: str
    score: float | None
    band: str | None
    interval: Interval | None
    why: str | None
    n: int = 0


def interval(score: float, norm: DimensionNorm, z: float) -> Interval:
    """score +/- z * SD * sqrt(1 - alpha), cut to 0-100."""
    sem = norm.sd * math.sqrt(1.0 - norm.alpha)
    low, high = max(SCALE[0], score - z * sem), min(SCALE[1], score + z * sem)
    return Interval(low, high, sem, norm)


def norm_problem(bank: Bank, visit: Visit, status: NormStatus | None) -> str | None:
    """Why this check-up's scores cannot use the norm (None: they can)."""
    if status is None:
        return "no_norms"
    if status.status != "ok" or status.norm is None:
        return status.status
    if visit.form_name != FULL_FORM:
        return "pulse"
    if visit.version(bank) not in bank.norm_versions:
        return "version"
    return None


def score_rows(
    bank: Bank, visit: Visit, norms: Mapping[str, NormStatus] | None, settings: Settings
) -> list[ScoreRow]:
    """Every scored dimension of the check-up, in bank order."""
    rows = []
    for dim in visit.result.dimensions.values():
        status = (norms or {}).get(dim.id)
        problem = norm_problem(bank, visit, status) if norms is not None else "no_norms"
        span = None
        if dim.score is None:
            problem = "unscored"
        elif problem is None and status is not None and status.norm is not None:
            span = interval(dim.score, status.norm, settings.confidence_z)
        name = bank.dimension_by_id[dim.id].name if dim.id in bank.dimension_by_id else dim.name
        n = status.n if status is not None else 0
        rows.append(ScoreRow(dim.id, name, dim.kind, dim.score, dim.band, span, problem, n))
    return rows


@dataclass(frozen=True)
class Change:
    """One dimension's score at one check-up and its reliable change from an earlier one
    (``why``: the reason there is no index, None when there is one or nothing to compare)."""

    score: float | None
    rc: float | None = None
    direction: str | None = None
    why: str | None = None


def change(
    bank: Bank,
    pair: tuple[Visit, Visit],
    dim: str,
    norms: Mapping[str, NormStatus] | None,
    rules: Rules,
) -> Change:
    """The later check-up's score of ``dim`` and its RC from the earlier one."""
    first, later = pair
    before, after = first.result.dimensions.get(dim), later.result.dimensions.get(dim)
    if after is None or after.score is None:
        return Change(None)
    score, kind = after.score, after.kind
    if before is None or before.score is None:
        return Change(score)
    status = None if norms is None else norms.get(dim)
    why = norm_problem(bank, first, status) or norm_problem(bank, later, status)
    if why is not None or status is None or status.norm is None:
        return Change(score, why=why or "no_norms")
    rc = float(reliable_change_index(before.score, score, status.norm.sd, status.norm.alpha))
    return Change(score, rc, classify_change(rc, kind, rules).direction)


def critical_rules(rules: Rules, settings: Settings) -> list[FlagRule]:
    """The critical flags' rules, most serious first."""
    by_name = {f.name: f for f in rules.flags}
    return [by_name[name] for name in settings.critical_flags]


def critical_of(bank: Bank, item: Item, critical: Sequence[FlagRule]) -> FlagRule | None:
    """The most serious critical flag an item raises, if any."""
    kind = bank.kind_of(item)
    return next((f for f in critical if f.covers(item.id, item.dimension, kind)), None)


def endorsed(item: Item, value: int | None) -> bool:
    """Answered above the scale's minimum ("Never"): what raises a flag."""
    return value is not None and value > item.scale.min


def critical_items(
    bank: Bank, visit: Visit, critical: Sequence[FlagRule]
) -> list[tuple[str, list[Item]]]:
    """Each critical flag the check-up raised, most serious first, with the endorsed items
    it is the most serious flag of (an item is listed once)."""
    fired = [f for f in critical if f.name in visit.result.flags]
    out: list[tuple[str, list[Item]]] = [(f.name, []) for f in fired]
    for item in bank.items:
        flag = critical_of(bank, item, fired)
        if flag is not None and endorsed(item, visit.answers.get(item.id)):
            next(items for name, items in out if name == flag.name).append(item)
    return out


@dataclass(frozen=True)
class ItemAnswer:
    """One item as the client met it: ``state`` answered, not_applicable, unanswered,
    not_asked (a stepped follow-up not needed) or off_scale; ``critical``: the most
    serious critical flag it can raise; ``fired``: endorsed and critical."""

    item: Item
    text: str
    state: str
    value: int | None
    critical: str | None
    fired: bool


def _state(bank: Bank, item: Item, visit: Visit) -> str:
    value = visit.answers.get(item.id)
    if item.id in visit.not_applicable:
        return "not_applicable"
    if value is None:
        return "unanswered" if bank.is_asked(item, visit.answers) else "not_asked"
    return "answered" if item.scale.min <= value <= item.scale.max else "off_scale"


def item_answers(
    bank: Bank, visit: Visit, critical: Sequence[FlagRule]
) -> list[tuple[Section, list[ItemAnswer]]]:
    """Every item of the check-up's form asked of its role, by section, in bank order."""
    form_bank = bank.for_form(visit.form_name)
    role, relationship = visit.result.role, visit.result.relationship
    out = []
    for section in form_bank.sections_for(role):
        rows = []
        for item in form_bank.items_in_section(section.id, role):
            flag = critical_of(bank, item, critical)
            value = visit.answers.get(item.id)
            state = _state(form_bank, item, visit)
            fired = flag is not None and state == "answered" and endorsed(item, value)
            text = item.wordings.get((role, relationship), item.text)
            name = None if flag is None else flag.name
            rows.append(ItemAnswer(item, text, state, value, name, fired))
        out.append((section, rows))
    return out
