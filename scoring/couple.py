"""A couple's two results side by side, pure: per dimension seen from both sides (the bank's
``pairs``) both scores, the gap and how far apart the views are (thresholds in couple.yaml),
and, where item answers are given, the agreement per area: the share of the area's items both
answered on the same side of the scale midpoint (the positive couple agreement idea of
PREPARE/ENRICH: Olson & Olson, 1999). Safety answers and flags never enter it: only scored
dimensions of the pairs and their items are read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from questions import Bank, Pair
from scoring.result import CompositeScore, DimensionScore, Result
from scoring.rules import Rules, load_rules

DATA = Path(__file__).with_name("couple.yaml")
Answers = Mapping[str, float | int | None]


@dataclass(frozen=True)
class CoupleRules:
    """Gap thresholds (largest gap for each view key, ascending) and how many areas to name."""

    views: tuple[tuple[str, float], ...]
    top: int

    def view(self, gap: float) -> str:
        """The view key of a gap (``same``, ``somewhat``, ``quite``)."""
        for key, up_to in self.views:
            if gap <= up_to:
                return key
        return self.views[-1][0]


@cache
def load_couple_rules(path: Path = DATA) -> CoupleRules:
    """The thresholds of couple.yaml; ValueError naming the file when its shape is wrong."""
    raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        views = tuple((str(v["key"]), float(v["up_to"])) for v in raw["views"])
        top = int(raw["top"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path.name}: needs views (key, up_to) and top ({exc})") from None
    if not views or [u for _, u in views] != sorted(u for _, u in views) or top < 1:
        raise ValueError(f"{path.name}: views must rise and top must be at least 1")
    return CoupleRules(views, top)


@dataclass(frozen=True)
class Gap:
    """One dimension seen from both sides: each partner's dimension id and score, the gap."""

    area: str
    first: str
    second: str
    first_score: float
    second_score: float
    gap: float
    view: str


@dataclass(frozen=True)
class Comparison:
    """Gaps per paired dimension, agreement per area (0-1) and the areas to talk about."""

    gaps: tuple[Gap, ...]
    agreement: Mapping[str, float]
    most_agreement: tuple[str, ...]
    widest_gaps: tuple[str, ...]


@dataclass(frozen=True)
class Side:
    """One partner as a comparison reads them: their role and dimension scores by id."""

    role: str
    scores: Mapping[str, float | None]

    @classmethod
    def of(cls, result: Result) -> Side:
        return cls(result.role, {k: d.score for k, d in result.dimensions.items()})


def side_id(role: str, pair: Pair) -> str:
    """The dimension a partner of ``role`` answers for a pair (``broke``: the own view)."""
    return pair.broke if role == "broke" else pair.hurt


def _score(side: Side, pair: Pair) -> tuple[str, float | None]:
    key = side_id(side.role, pair)
    return key, _plain(side.scores.get(key))


def _gaps(a: Side, b: Side, bank: Bank, rules: CoupleRules) -> list[Gap]:
    out = []
    for pair in bank.pairs:
        (ida, sa), (idb, sb) = _score(a, pair), _score(b, pair)
        if sa is None or sb is None:
            continue
        gap = round(abs(sa - sb), 2)
        out.append(Gap(pair.hurt, ida, idb, sa, sb, gap, rules.view(gap)))
    return out


def _sign(value: float, mid: float) -> int:
    return (value > mid) - (value < mid)


def agreement(bank: Bank, areas: list[str], first: Answers, second: Answers) -> dict[str, float]:
    """Per area (a dimension both answer under one id), the share of its items both answered
    on the same side of the midpoint (both at the midpoint counts as the same side)."""
    out: dict[str, float] = {}
    for area in areas:
        same = total = 0
        for item in (i for i in bank.items if i.dimension == area):
            x, y = first.get(item.id), second.get(item.id)
            if x is None or y is None or x != x or y != y:  # x != x: NaN
                continue
            mid = (item.scale.min + item.scale.max) / 2
            total += 1
            same += _sign(float(x), mid) == _sign(float(y), mid)
        if total:
            out[area] = round(same / total, 4)
    return out


def compare(
    a: Result,
    b: Result,
    bank: Bank,
    answers: tuple[Answers, Answers] | None = None,
    rules: CoupleRules | None = None,
) -> Comparison:
    """The comparison of two partners' results (and item answers, when both shared them)."""
    return compare_sides(Side.of(a), Side.of(b), bank, answers, rules)


def compare_sides(
    a: Side,
    b: Side,
    bank: Bank,
    answers: tuple[Answers, Answers] | None = None,
    rules: CoupleRules | None = None,
) -> Comparison:
    """:func:`compare` from roles and scores alone (what a shared snapshot holds)."""
    rules = rules or load_couple_rules()
    gaps = _gaps(a, b, bank, rules)
    shared = [g.area for g in gaps if g.first == g.second]
    agree = agreement(bank, shared, *answers) if answers else {}
    most = sorted(agree, key=lambda k: (-agree[k], k))[: rules.top]
    widest = [g.area for g in sorted(gaps, key=lambda g: (-g.gap, g.area))][: rules.top]
    return Comparison(tuple(gaps), agree, tuple(most), tuple(widest))


def to_record(comparison: Comparison) -> dict[str, Any]:
    """A JSON-ready record of a comparison."""
    return {
        "dimensions": {
            g.area: {
                "first": {"dimension": g.first, "score": g.first_score},
                "second": {"dimension": g.second, "score": g.second_score},
                "gap": g.gap,
                "view": g.view,
            }
            for g in comparison.gaps
        },
        "agreement": dict(comparison.agreement),
        "most_agreement": list(comparison.most_agreement),
        "widest_gaps": list(comparison.widest_gaps),
    }


def result_from_scores(
    role: str,
    relationship: str,
    scores: Mapping[str, float | None],
    bank: Bank,
    rules: Rules | None = None,
) -> Result:
    """A Result rebuilt from shared scores (bands from the rules), for choosing a couple's
    steps: no flags and no context, because a share never holds them."""
    rules = rules or load_rules()
    dims = {}
    for dim in bank.scored_dimensions_for(role):
        score, total = _plain(scores.get(dim.id)), len(bank.items_for(role, dim.id))
        answered = 0 if score is None else total
        dims[dim.id] = DimensionScore(
            dim.id, dim.name, dim.kind, score, rules.band_of(score), answered, total,
            rules.needed(total),
        )
    composites = {}
    for name in rules.composites:
        value = _plain(scores.get(name))
        composites[name] = CompositeScore(name, value, rules.band_of(value))
    return Result("", role, relationship, dims, composites, ())


def _plain(value: float | None) -> float | None:
    return None if value is None or value != value else float(value)  # NaN: None
