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

from questions import ROLES, Bank
from scoring.rules import Rules, load_rules

META_COLUMNS = ("respondent", "role", "relationship")
FloatArray = npt.NDArray[np.float64]
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
class RolePlan:
    """Which items count towards which dimension for one role."""

    weights: FloatArray  # items x dimensions, 1 where the item scores the dimension
    totals: FloatArray  # items per dimension for this role (0: not asked)
    needed: FloatArray  # minimum answered items per dimension
    flag_items: dict[str, BoolArray]  # per flag: which items raise it for this role


@dataclass(frozen=True)
class ScoringPlan:
    """The bank turned into arrays, computed once per scoring call."""

    item_ids: tuple[str, ...]
    lows: FloatArray
    spans: FloatArray
    reverse: BoolArray
    dimensions: tuple[str, ...]
    kinds: tuple[str, ...]
    roles: dict[str, RolePlan]


def _role_plan(bank: Bank, rules: Rules, role: str, dims: tuple[str, ...]) -> RolePlan:
    items = bank.items
    asked = np.array([role in i.roles for i in items])
    weights = np.array(
        [
            [1.0 if (a and i.dimension == d) else 0.0 for d in dims]
            for i, a in zip(items, asked, strict=True)
        ]
    ).reshape(len(items), len(dims))
    totals = weights.sum(axis=0)
    needed = np.array([rules.needed(int(t)) if t else np.inf for t in totals])
    flag_items = {
        f.name: asked
        & np.array(
            [
                (f.kind is not None and bank.dimension_by_id[i.dimension].kind == f.kind)
                or i.dimension == f.dimension
                for i in items
            ]
        )
        for f in rules.flags
    }
    return RolePlan(weights=weights, totals=totals, needed=needed, flag_items=flag_items)


def build_plan(bank: Bank, rules: Rules) -> ScoringPlan:
    """Arrays of item scales and keys, and per role the item-to-dimension weights."""
    scored = tuple(d for d in bank.dimensions if d.kind != "safety")
    dims = tuple(d.id for d in scored)
    return ScoringPlan(
        item_ids=tuple(i.id for i in bank.items),
        lows=np.array([i.scale.min for i in bank.items], dtype=np.float64),
        spans=np.array([i.scale.max - i.scale.min for i in bank.items], dtype=np.float64),
        reverse=np.array([i.reverse for i in bank.items]),
        dimensions=dims,
        kinds=tuple(d.kind for d in scored),
        roles={r: _role_plan(bank, rules, r, dims) for r in ROLES},
    )


def _keyed(plan: ScoringPlan, raw: FloatArray) -> FloatArray:
    """Answers rescaled to 0..1 with reverse-keyed items flipped; NaN stays NaN."""
    unit = (raw - plan.lows) / plan.spans
    return np.where(plan.reverse, 1.0 - unit, unit)


def _dimension_scores(
    plan: ScoringPlan, keyed: FloatArray, answered: BoolArray, roles: npt.NDArray[np.object_]
) -> tuple[FloatArray, FloatArray]:
    """Scores (0..100, NaN when not scored) and answered counts (NaN when not asked)."""
    n, k = keyed.shape[0], len(plan.dimensions)
    scores = np.full((n, k), np.nan)
    counts = np.full((n, k), np.nan)
    filled = np.nan_to_num(keyed, nan=0.0)
    for role, rp in plan.roles.items():
        rows = roles == role
        if not rows.any():
            continue
        sums = filled[rows] @ rp.weights
        got = answered[rows].astype(np.float64) @ rp.weights
        with np.errstate(invalid="ignore", divide="ignore"):
            role_scores = np.where(got >= rp.needed, 100.0 * sums / got, np.nan)
        scores[rows] = role_scores
        counts[rows] = np.where(rp.totals > 0, got, np.nan)
    return scores, counts


def _composite(rules: Rules, scores: FloatArray, mask: BoolArray, asked: FloatArray) -> FloatArray:
    """Mean of the scored dimensions in ``mask``; null when too few of the asked are scored."""
    chosen = scores[:, mask]
    scored = (~np.isnan(chosen)).sum(axis=1)
    n_asked = (~np.isnan(asked[:, mask])).sum(axis=1)
    needed = np.array([rules.needed(int(a)) if a else np.inf for a in np.unique(n_asked)])
    need = needed[np.searchsorted(np.unique(n_asked), n_asked)]
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.nansum(chosen, axis=1) / scored
    return np.where(scored >= need, means, np.nan)


def _flags(
    plan: ScoringPlan, raw: FloatArray, roles: npt.NDArray[np.object_]
) -> dict[str, BoolArray]:
    """Per flag, whether any item that raises it was answered above its scale minimum."""
    endorsed = np.nan_to_num(raw - plan.lows, nan=0.0) > 0
    names = next(iter(plan.roles.values())).flag_items
    out = {name: np.zeros(raw.shape[0], dtype=bool) for name in names}
    for role, rp in plan.roles.items():
        rows = roles == role
        for name, items in rp.flag_items.items():
            out[name][rows] = endorsed[rows][:, items].any(axis=1)
    return out


def _bands(rules: Rules, scores: FloatArray) -> pd.Categorical[str]:
    """Band labels as a categorical (cheap for a million rows); null scores get no band."""
    categories = pd.Index(list(rules.band_names))
    return pd.Categorical.from_codes(rules.band_codes(scores), categories=categories)


def score_frame(responses: pd.DataFrame, bank: Bank, rules: Rules | None = None) -> pd.DataFrame:
    """Score every response (row) of ``responses``.

    ``responses`` has ``respondent``, ``role``, ``relationship`` and one column per item id
    (missing columns and NaN mean unanswered). The result has the three meta columns, then per
    scored dimension ``<id>``, ``<id>_band``, ``<id>_answered``, then each composite with its
    band, then ``flag_<name>`` booleans.
    """
    rules = rules or load_rules()
    plan = build_plan(bank, rules)
    raw = responses.reindex(columns=list(plan.item_ids)).to_numpy(dtype=np.float64, na_value=np.nan)
    roles = responses["role"].to_numpy(dtype=object)
    scores, counts = _dimension_scores(plan, _keyed(plan, raw), ~np.isnan(raw), roles)
    columns: dict[str, object] = {c: responses[c].to_numpy() for c in META_COLUMNS}
    for j, dim in enumerate(plan.dimensions):
        columns[dim] = scores[:, j]
        columns[band_column(dim)] = _bands(rules, scores[:, j])
        columns[answered_column(dim)] = counts[:, j]
    kinds = np.array(plan.kinds)
    for name, kind in rules.composites.items():
        composite = _composite(rules, scores, kinds == kind, counts)
        columns[name] = composite
        columns[band_column(name)] = _bands(rules, composite)
    for name, raised in _flags(plan, raw, roles).items():
        columns[flag_column(name)] = raised
    return pd.DataFrame(columns, index=responses.index)
