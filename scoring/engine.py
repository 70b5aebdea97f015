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
from scoring.rules import Rules, check_against, load_rules

META_COLUMNS = ("respondent", "role", "relationship")
CHUNK_ROWS = 32_768  # rows scored at a time
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


def context_column(item: str) -> str:
    """Name of the column of a context item's chosen choice id (None when unanswered)."""
    return f"context_{item}"


@dataclass(frozen=True)
class ScoringPlan:
    """The bank turned into arrays, built once per bank and rules.

    Item columns come in three blocks: scored items asked of every role, scored items asked of
    some roles only (the only ones that need a per-role mask), then the unscored safety items.
    Answers are shifted to ``d = x - min`` (blanks 0). An answer adds ``slope * d + offset``
    to its dimension: ``d / span`` for a normal item and ``1 - d / span`` (= ``(max - x) /
    span``) for a reverse-keyed one. So per dimension ``values @ by_slope + answered @
    by_offset`` is the sum of keyed 0..1 values and ``answered @ member`` the number
    answered: a few matrix products for everyone.
    Per-role tables have one extra last row, all zero, for an unknown role (nothing scored).
    """

    item_ids: tuple[str, ...]
    lows: Float32Array  # scale minimum per item
    n_common: int  # scored items asked of every role: columns [0, n_common)
    n_scored: int  # scored items: columns [0, n_scored); safety items after
    by_slope: Float32Array  # scored items x dimensions: slope where the item scores it
    by_offset: Float32Array  # scored items x (2 * dimensions): [offset | 1] where it scores it
    dimensions: tuple[str, ...]
    kinds: tuple[str, ...]
    asked: Float32Array  # (roles + 1) x items: 1 where the role is asked the item
    kind_needed: dict[str, FloatArray]  # per kind, (roles + 1): dimensions needed for a composite
    totals: FloatArray  # (roles + 1) x dimensions: items asked (0: dimension not asked)
    needed: Float32Array  # (roles + 1) x dimensions: minimum answered items
    flag_items: dict[str, BoolArray]  # per flag: (roles + 1) x items that raise it
    flag_when: tuple[str, ...]  # per flag: "endorsed" or "unanswered"
    steps: tuple[tuple[int, int, float], ...]  # stepped items: (column, its step's column,
    # threshold as x - min), a step's column always before the items that step from it


def _ordered_items(bank: Bank, dims: tuple[str, ...]) -> list[Item]:
    """Scored items asked of every role, then scored items of some roles, then the rest."""

    def block(item: Item) -> int:
        if item.dimension not in dims:
            return 2
        return 0 if set(item.roles) == set(ROLES) else 1

    return sorted(bank.items, key=block)


def _flag_items(
    bank: Bank, rules: Rules, items: list[Item], asked: BoolArray
) -> dict[str, BoolArray]:
    """Per flag, (roles + 1) x items: the items it is raised from, where asked of the role."""
    return {
        f.name: asked & np.array([f.covers(i.id, i.dimension, bank.kind_of(i)) for i in items])
        for f in rules.flags
    }


def _steps(bank: Bank, items: list[Item]) -> tuple[tuple[int, int, float], ...]:
    """Stepped items as (column, step's column, threshold - min), in bank order (the loader
    makes every step point to an earlier item, so steps resolve in one pass)."""
    column = {item.id: j for j, item in enumerate(items)}
    return tuple(
        (
            column[i.id],
            column[i.ask_if.item],
            float(i.ask_if.above - bank.item_by_id[i.ask_if.item].scale.min),
        )
        for i in bank.items
        if i.ask_if is not None
    )


def _kind_needed(
    rules: Rules, scored: tuple[Dimension, ...], totals: FloatArray
) -> dict[str, FloatArray]:
    """Per dimension kind and role, how many scored dimensions a composite needs."""
    kinds = np.array([d.kind for d in scored])
    return {
        k: rules.needed_for((totals[:, kinds == k] > 0).sum(axis=1).astype(np.float64))
        for k in set(kinds)
    }


def _keying(items: list[Item]) -> tuple[FloatArray, FloatArray]:
    """Per item, slope and offset of its keyed 0..1 value from ``x - min`` (see ScoringPlan)."""
    span = np.array([i.scale.max - i.scale.min for i in items], dtype=np.float64)
    slope = np.array([-1.0 if i.reverse else 1.0 for i in items]) / span
    offset = np.array([1.0 if i.reverse else 0.0 for i in items])
    return slope, offset


def build_plan(bank: Bank, rules: Rules) -> ScoringPlan:
    """Arrays of item scales and keys in column-block order, and per-role tables; RulesError
    when the rules name what the bank lacks."""
    check_against(rules, bank)
    scored = bank.scored_dimensions
    dims = tuple(d.id for d in scored)
    items = _ordered_items(bank, dims)
    asked = np.array([[r in i.roles for i in items] for r in ROLES] + [[False] * len(items)])
    member = np.array([[i.dimension == d for d in dims] for i in items], dtype=np.float64)
    member = member.reshape(len(items), len(dims))
    totals = asked.astype(np.float64) @ member
    n_scored = sum(i.dimension in dims for i in items)
    slope, offset = _keying(items[:n_scored])
    part = member[:n_scored]
    return ScoringPlan(
        item_ids=tuple(i.id for i in items),
        lows=np.array([i.scale.min for i in items], dtype=np.float32),
        n_common=sum(i.dimension in dims and set(i.roles) == set(ROLES) for i in items),
        n_scored=n_scored,
        by_slope=(part * slope[:, None]).astype(np.float32),
        by_offset=np.hstack([part * offset[:, None], part]).astype(np.float32),
        dimensions=dims,
        kinds=tuple(d.kind for d in scored),
        asked=asked.astype(np.float32),
        kind_needed=_kind_needed(rules, scored, totals),
        totals=totals,
        needed=rules.needed_for(totals).astype(np.float32),
        flag_items=_flag_items(bank, rules, items, asked),
        flag_when=tuple(f.when for f in rules.flags),
        steps=_steps(bank, items),
    )


_PLANS: dict[tuple[int, int], tuple[Bank, Rules, ScoringPlan]] = {}


def plan_for(bank: Bank, rules: Rules) -> ScoringPlan:
    """The plan of this bank and these rules, built once (both are immutable, not user data)."""
    key = (id(bank), id(rules))
    cached = _PLANS.get(key)
    if cached is None or cached[0] is not bank or cached[1] is not rules:
        cached = _PLANS[key] = (bank, rules, build_plan(bank, rules))
    return cached[2]


def _raw_answers(responses: pd.DataFrame, plan: ScoringPlan) -> FloatArray:
    """Answers as an n x items matrix in plan column order, NaN where blank or absent."""
    present = [j for j, item_id in enumerate(plan.item_ids) if item_id in responses.columns]
    block = responses[[plan.item_ids[j] for j in present]].to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    if len(present) == len(plan.item_ids):
        return block
    raw = np.full((len(responses), len(plan.item_ids)), np.nan)
    raw[:, present] = block
    return raw


def _split(plan: ScoringPlan, raw: FloatArray) -> tuple[Float32Array, Float32Array]:
    """Answers shifted to ``x - min`` with blanks as 0, and the answered mask (1/0), float32.

    ``fmax(NaN, 0)`` is 0 and every shifted answer is >= 0: one pass, no separate fill.
    """
    values = np.empty_like(raw, dtype=np.float32)  # same memory order as raw: no transpose
    np.subtract(raw, plan.lows, out=values, casting="same_kind")
    np.fmax(values, np.float32(0), out=values)
    return values, (~np.isnan(raw)).astype(np.float32)


def role_codes(responses: pd.DataFrame) -> npt.NDArray[np.intp]:
    """Row of each response's role in the per-role tables; the last row for an unknown role."""
    codes = np.full(len(responses), len(ROLES), dtype=np.intp)
    for index, role in enumerate(ROLES):
        codes[(responses["role"] == role).to_numpy(dtype=bool, na_value=False)] = index
    return codes


def _dimension_scores(
    plan: ScoringPlan, values: Float32Array, answered: Float32Array, codes: npt.NDArray[np.intp]
) -> tuple[Float32Array, Float32Array]:
    """Scores (0..100, NaN when not scored) and answered counts (NaN when not asked).

    Dimension-major (dimensions x rows): each dimension is one contiguous row, cheap to turn
    into a column of the result frame. float32 throughout: scores are sums of a few quarters
    over small counts, kept to far more precision than the 2 decimals reported, at half the
    memory traffic of float64.
    """
    v_t, a_t = values.T, answered.T  # items x rows
    common, varying = slice(0, plan.n_common), slice(plan.n_common, plan.n_scored)
    mask = plan.asked.T[varying][:, codes]  # answers to items not asked of the role are ignored
    keyed = plan.by_slope[common].T @ v_t[common]
    keyed += plan.by_slope[varying].T @ (v_t[varying] * mask)
    offsets = plan.by_offset[common].T @ a_t[common]
    offsets += plan.by_offset[varying].T @ (a_t[varying] * mask)
    k = len(plan.dimensions)
    sums = keyed + offsets[:k]
    got = np.rint(offsets[k:])
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where(got >= plan.needed.T[:, codes], np.float32(100) * sums / got, np.nan)
    return scores.astype(np.float32, copy=False), np.where(
        plan.totals.T[:, codes] > 0, got, np.nan
    ).astype(np.float32, copy=False)


def _composites(
    plan: ScoringPlan, rules: Rules, scores: Float32Array, codes: npt.NDArray[np.intp]
) -> Float32Array:
    """Per composite (composites x rows), the mean of the role's scored dimensions of its
    kind, from one matrix product; null when fewer than the minimum are scored."""
    kinds = list(rules.composites.values())
    member = np.array([[k == kind for k in plan.kinds] for kind in kinds], dtype=np.float32)
    scored = ~np.isnan(scores)
    totals = member @ np.where(scored, scores, np.float32(0))
    counts = member @ scored.astype(np.float32)
    needed = np.vstack([plan.kind_needed[kind][codes] for kind in kinds])
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts >= needed, totals / counts, np.nan)


def _step_taken(plan: ScoringPlan, values: Float32Array) -> dict[int, BoolArray]:
    """Per stepped item's column, whether its step is taken in each row (the item it steps
    from is asked and answered above the threshold: ``Bank.is_asked``, vectorised)."""
    taken: dict[int, BoolArray] = {}
    for column, source, above in plan.steps:
        ok = values[:, source] > above  # blanks are 0, never above a threshold >= min
        taken[column] = ok & taken[source] if source in taken else ok
    return taken


def _flags(
    plan: ScoringPlan, values: Float32Array, answered: Float32Array, codes: npt.NDArray[np.intp]
) -> BoolArray:
    """Per flag (flags x rows): ``endorsed``, any of its items answered above the minimum
    (values are ``x - min`` with blanks 0: above is "> 0"), asked of the role; ``unanswered``,
    any of its items asked (role, and step taken) left blank."""
    rows = []
    taken = _step_taken(plan, values) if "unanswered" in plan.flag_when else {}
    for items, when in zip(plan.flag_items.values(), plan.flag_when, strict=True):
        cols = np.flatnonzero(items.any(axis=0))
        of_role = items[:, cols].T[:, codes]  # flag's items x rows
        if when == "endorsed":
            rows.append(((values.T[cols] > 0) & of_role).any(axis=0))
            continue
        blank = (answered.T[cols] == 0) & of_role
        for k, column in enumerate(cols.tolist()):
            if column in taken:
                blank[k] &= taken[column]
        rows.append(blank.any(axis=0))
    return np.vstack(rows)


@dataclass(frozen=True)
class _Block:
    """The numbers scored for a block of rows, each array (things x rows)."""

    scores: Float32Array  # dimensions x rows
    counts: Float32Array  # dimensions x rows
    composites: Float32Array  # composites x rows
    flags: BoolArray  # flags x rows


def _score_block(
    plan: ScoringPlan, rules: Rules, raw: FloatArray, codes: npt.NDArray[np.intp]
) -> _Block:
    values, answered = _split(plan, raw)
    scores, counts = _dimension_scores(plan, values, answered, codes)
    composites = _composites(plan, rules, scores, codes)
    return _Block(scores, counts, composites, _flags(plan, values, answered, codes))


def _score_rows(responses: pd.DataFrame, plan: ScoringPlan, rules: Rules) -> _Block:
    """Score all rows in blocks of CHUNK_ROWS: a bounded working set keeps the cost per row
    flat and peak memory low for a million rows."""
    if len(responses) <= CHUNK_ROWS:
        return _score_block(plan, rules, _raw_answers(responses, plan), role_codes(responses))
    parts = [
        _score_block(plan, rules, _raw_answers(chunk, plan), role_codes(chunk))
        for chunk in (
            responses.iloc[start : start + CHUNK_ROWS]
            for start in range(0, len(responses), CHUNK_ROWS)
        )
    ]
    fields = ("scores", "counts", "composites", "flags")
    return _Block(*(np.hstack([getattr(part, f) for part in parts]) for f in fields))


def _band_columns(rules: Rules, scores: Float32Array) -> list[pd.Categorical[str]]:
    """Band labels for each row of a (things x rows) score matrix; null scores get no band.

    Codes for the whole matrix are computed at once: cheap for a million rows.
    """
    categories = pd.Index(list(rules.band_names))
    codes = rules.band_codes(scores)
    return [pd.Categorical.from_codes(row, categories=categories, validate=False) for row in codes]


def score_frame(responses: pd.DataFrame, bank: Bank, rules: Rules | None = None) -> pd.DataFrame:
    """Score every response (row) of ``responses``.

    ``responses`` has ``respondent``, ``role``, ``relationship`` and one column per item id
    (missing columns and NaN mean unanswered). The result has the three meta columns, then per
    scored dimension ``<id>``, ``<id>_band``, ``<id>_answered``, then each composite with its
    band, then ``flag_<name>`` booleans. Scores and counts are float32 (NaN when null).
    """
    rules = rules or load_rules()
    plan = plan_for(bank, rules)
    block = _score_rows(responses, plan, rules)
    bands = _band_columns(rules, block.scores)
    composite_bands = _band_columns(rules, block.composites)
    columns: dict[str, object] = {c: responses[c].array for c in META_COLUMNS}
    for j, dim in enumerate(plan.dimensions):
        columns[dim] = block.scores[j]
        columns[band_column(dim)] = bands[j]
        columns[answered_column(dim)] = block.counts[j]
    for j, name in enumerate(rules.composites):
        columns[name] = block.composites[j]
        columns[band_column(name)] = composite_bands[j]
    for j, name in enumerate(plan.flag_items):
        columns[flag_column(name)] = block.flags[j]
    for item in bank.context_items:
        columns[context_column(item.id)] = _choices(responses, item)
    return pd.DataFrame(columns, index=responses.index)


def _choices(responses: pd.DataFrame, item: Item) -> pd.Categorical[str]:
    """A context item's chosen choice ids (null where blank or not a choice's point)."""
    categories = pd.Index(list(item.scale.choices))
    if item.id not in responses.columns:
        codes = np.full(len(responses), -1, dtype=np.int8)
    else:
        raw = pd.to_numeric(responses[item.id], errors="coerce").to_numpy(dtype=np.float64)
        shifted = raw - item.scale.min
        valid = np.isfinite(shifted) & (shifted == np.round(shifted)) & (shifted >= 0)
        valid &= shifted < len(categories)
        codes = np.where(valid, np.nan_to_num(shifted), -1).astype(np.int8)
    return pd.Categorical.from_codes(codes, categories=categories, validate=False)
