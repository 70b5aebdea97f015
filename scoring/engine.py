"""Vectorised scoring: a frame of responses in, a frame of scores out.

One call scores any number of respondents with a few matrix products, grouped by role.
Score of a dimension = 100 * mean of its answered items after keying, each item rescaled
to 0..1 as ``(x - min) / (max - min)``; a reverse-keyed item is flipped first
(``min + max - x``, as R ``psych::scoreItems``), which on the 0..1 scale is ``1 - value``.
A dimension not asked of the role is null (absent), never zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from questions import ROLES, Bank, Dimension, Item
from scoring.rules import Rules, load_rules

META_COLUMNS = ("respondent", "role", "relationship")
FloatArray = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]


def band_column(dimension: str) -> str:
    """Name of the band column of a dimension or composite."""
    return f"{dimension}_band"


def answered_column(dimension: str) -> str:
    """Name of the answered-items count column of a dimension."""
    return f"{dimension}_answered"


def flag_column(flag: str) -> str:
    """Name of the boolean column of a flag."""
    return f"flag_{flag}"


@dataclass(frozen=True)
class ScoringPlan:
    """The bank turned into arrays, built once per bank and rules.

    Item columns are ordered with the scored items first and the unscored safety items last;
    ``member`` sums the scored columns into dimensions in one matrix product. An answer ``x`` adds
    ``slope * x + offset`` to its dimension: ``(x - min) / span`` for a normal item and
    ``(max - x) / span`` (= 1 minus that) for a reverse-keyed one. Per-role tables have one
    extra last row, all zero, used for an unknown role so that nothing is scored.
    """

    item_ids: tuple[str, ...]
    lows: Float32Array  # scale minimum per item
    slope: Float32Array
    offset: Float32Array
    member: Float32Array  # scored items x dimensions: 1 where the item scores the dimension
    n_scored: int  # columns before the safety items
    dimensions: tuple[str, ...]
    kinds: tuple[str, ...]
    asked: Float32Array  # (roles + 1) x items: 1 where the role is asked the item
    role_specific: npt.NDArray[np.intp]  # scored item columns not asked of every role
    kind_needed: dict[str, FloatArray]  # per kind, (roles + 1): dimensions needed for a composite
    totals: FloatArray  # (roles + 1) x dimensions: items asked (0: dimension not asked)
    needed: FloatArray  # (roles + 1) x dimensions: minimum answered items
    flag_items: dict[str, BoolArray]  # per flag: (roles + 1) x items that raise it


def _ordered_items(bank: Bank, dims: tuple[str, ...]) -> list[Item]:
    rank = {d: n for n, d in enumerate(dims)}
    return sorted(bank.items, key=lambda i: rank.get(i.dimension, len(dims)))


def _flag_items(
    bank: Bank, rules: Rules, items: list[Item], asked: BoolArray
) -> dict[str, BoolArray]:
    kinds = np.array([bank.dimension_by_id[i.dimension].kind for i in items])
    dims = np.array([i.dimension for i in items])
    return {f.name: asked & ((kinds == f.kind) | (dims == f.dimension)) for f in rules.flags}


def _kind_needed(
    rules: Rules, scored: tuple[Dimension, ...], totals: FloatArray
) -> dict[str, FloatArray]:
    """Per dimension kind and role, how many scored dimensions a composite needs."""
    kinds = np.array([d.kind for d in scored])
    return {
        k: rules.needed_for((totals[:, kinds == k] > 0).sum(axis=1).astype(np.float64))
        for k in set(kinds)
    }


def build_plan(bank: Bank, rules: Rules) -> ScoringPlan:
    """Arrays of item scales and keys in dimension order, and per-role tables."""
    scored = tuple(d for d in bank.dimensions if d.kind != "safety")
    dims = tuple(d.id for d in scored)
    items = _ordered_items(bank, dims)
    asked = np.array([[r in i.roles for i in items] for r in ROLES] + [[False] * len(items)])
    member = np.array([[i.dimension == d for d in dims] for i in items], dtype=np.float64)
    member = member.reshape(len(items), len(dims))
    totals = asked.astype(np.float64) @ member
    span = np.array([i.scale.max - i.scale.min for i in items], dtype=np.float64)
    n_scored = sum(i.dimension in dims for i in items)
    return ScoringPlan(
        item_ids=tuple(i.id for i in items),
        lows=np.array([i.scale.min for i in items], dtype=np.float32),
        slope=(np.array([-1.0 if i.reverse else 1.0 for i in items]) / span).astype(np.float32),
        offset=(
            np.array([i.scale.max if i.reverse else -i.scale.min for i in items]) / span
        ).astype(np.float32),
        member=member[:n_scored].astype(np.float32),
        n_scored=n_scored,
        dimensions=dims,
        kinds=tuple(d.kind for d in scored),
        asked=asked.astype(np.float32),
        role_specific=np.flatnonzero(~asked[: len(ROLES), :n_scored].all(axis=0)),
        kind_needed=_kind_needed(rules, scored, totals),
        totals=totals,
        needed=rules.needed_for(totals),
        flag_items=_flag_items(bank, rules, items, asked),
    )


_PLANS: dict[tuple[int, int], tuple[Bank, Rules, ScoringPlan]] = {}


def plan_for(bank: Bank, rules: Rules) -> ScoringPlan:
    """The plan of this bank and these rules, built once (both are immutable, not user data)."""
    key = (id(bank), id(rules))
    cached = _PLANS.get(key)
    if cached is None or cached[0] is not bank or cached[1] is not rules:
        cached = _PLANS[key] = (bank, rules, build_plan(bank, rules))
    return cached[2]


def _answers(responses: pd.DataFrame, plan: ScoringPlan) -> tuple[Float32Array, Float32Array]:
    """Answers (blanks as 0) and the answered mask (1/0), n x items, column-major."""
    n, m = len(responses), len(plan.item_ids)
    values = np.zeros((n, m), dtype=np.float32, order="F")
    answered = np.zeros((n, m), dtype=np.float32, order="F")
    for j, item_id in enumerate(plan.item_ids):
        if item_id in responses.columns:
            column = responses[item_id].to_numpy(dtype=np.float32, na_value=np.nan)
            given = ~np.isnan(column)
            values[:, j] = np.where(given, column, np.float32(0))
            answered[:, j] = given
    return values, answered


def role_codes(responses: pd.DataFrame) -> npt.NDArray[np.intp]:
    """Row of each response's role in the per-role tables; the last row for an unknown role."""
    codes = np.asarray(pd.Categorical(responses["role"], categories=list(ROLES)).codes)
    return np.where(codes < 0, len(ROLES), codes).astype(np.intp)


def _dimension_scores(
    plan: ScoringPlan, values: Float32Array, answered: Float32Array, codes: npt.NDArray[np.intp]
) -> tuple[FloatArray, FloatArray]:
    """Scores (0..100, NaN when not scored) and answered counts (NaN when not asked)."""
    cut = slice(0, plan.n_scored)
    counted = answered[:, cut].copy()
    varies = plan.role_specific  # answers to items not asked of the role are ignored
    counted[:, varies] *= plan.asked[:, varies][codes]
    keyed = (values[:, cut] * plan.slope[cut] + plan.offset[cut]) * counted
    sums = (keyed @ plan.member).astype(np.float64)
    got = np.rint(counted @ plan.member).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where(got >= plan.needed[codes], 100.0 * sums / got, np.nan)
    return scores, np.where(plan.totals[codes] > 0, got, np.nan)


def _composite(
    plan: ScoringPlan, kind: str, scores: FloatArray, codes: npt.NDArray[np.intp]
) -> FloatArray:
    """Mean of the role's scored dimensions of one kind; null when too few are scored."""
    chosen = scores[:, np.array(plan.kinds) == kind]
    scored = (~np.isnan(chosen)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.nansum(chosen, axis=1) / scored
    return np.where(scored >= plan.kind_needed[kind][codes], means, np.nan)


def _flags(
    plan: ScoringPlan, values: Float32Array, codes: npt.NDArray[np.intp]
) -> dict[str, BoolArray]:
    """Per flag, whether any item that raises it (for the role) was answered above its minimum.

    Blanks are 0, below every scale minimum, so they never count.
    """
    out: dict[str, BoolArray] = {}
    for name, items in plan.flag_items.items():
        cols = np.flatnonzero(items.any(axis=0))
        endorsed = values[:, cols] > plan.lows[cols]
        out[name] = np.asarray((endorsed & items[np.ix_(codes, cols)]).any(axis=1), dtype=bool)
    return out


def _band_columns(rules: Rules, scores: FloatArray) -> list[pd.Categorical[str]]:
    """Band labels per column as categoricals; null scores get no band.

    Codes for the whole matrix come from one ``searchsorted``: cheap for a million rows.
    """
    categories = pd.Index(list(rules.band_names))
    codes = rules.band_codes(scores)
    return [
        pd.Categorical.from_codes(codes[:, j], categories=categories, validate=False)
        for j in range(scores.shape[1])
    ]


def score_frame(responses: pd.DataFrame, bank: Bank, rules: Rules | None = None) -> pd.DataFrame:
    """Score every response (row) of ``responses``.

    ``responses`` has ``respondent``, ``role``, ``relationship`` and one column per item id
    (missing columns and NaN mean unanswered). The result has the three meta columns, then per
    scored dimension ``<id>``, ``<id>_band``, ``<id>_answered``, then each composite with its
    band, then ``flag_<name>`` booleans.
    """
    rules = rules or load_rules()
    plan = plan_for(bank, rules)
    values, answered = _answers(responses, plan)
    codes = role_codes(responses)
    scores, counts = _dimension_scores(plan, values, answered, codes)
    composites = np.column_stack(
        [_composite(plan, kind, scores, codes) for kind in rules.composites.values()]
    )
    bands = _band_columns(rules, scores)
    composite_bands = _band_columns(rules, composites)
    columns: dict[str, object] = {c: responses[c].array for c in META_COLUMNS}
    for j, dim in enumerate(plan.dimensions):
        columns[dim] = scores[:, j]
        columns[band_column(dim)] = bands[j]
        columns[answered_column(dim)] = counts[:, j]
    for j, name in enumerate(rules.composites):
        columns[name] = composites[:, j]
        columns[band_column(name)] = composite_bands[j]
    for name, raised in _flags(plan, values, codes).items():
        columns[flag_column(name)] = raised
    return pd.DataFrame(columns, index=responses.index)
