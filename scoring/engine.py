"""Vectorised scoring: a frame of responses in, a frame of scores out.

One call scores any number of respondents with a few matrix products, grouped by role. The
arithmetic works on an answers matrix (:func:`score_block`), so one response from a JSON file
or the app is scored by the same code without building a pandas frame
(:func:`scoring.result.score_records`);
pandas is imported only by :func:`score_frame`.
Score of a dimension = 100 * mean of its answered items after keying, each item rescaled
to 0..1 as ``(x - min) / (max - min)``; a reverse-keyed item is flipped first
(``min + max - x``, as R ``psych::scoreItems``), which on the 0..1 scale is ``1 - value``.
A dimension not asked of the role is null (absent), never zero.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from questions import ROLES, Bank
from scoring.plan import BoolArray, Float32Array, FloatArray, ScoringPlan, plan_for
from scoring.rules import Rules, load_rules

if TYPE_CHECKING:
    import pandas as pd

META_COLUMNS = ("respondent", "role", "relationship")
CHUNK_ROWS = 32_768  # rows scored at a time
CodeArray = npt.NDArray[np.int8]


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


def answers_matrix(answers: Sequence[Mapping[str, Any]], plan: ScoringPlan) -> FloatArray:
    """Answers (item id -> answer, None or absent for blank) as an n x items matrix in plan
    column order, NaN where blank; ids the bank lacks are ignored, as absent frame columns."""
    raw = np.full((len(answers), len(plan.item_ids)), np.nan)
    for row, given in enumerate(answers):
        for item_id, value in given.items():
            column = plan.columns.get(item_id)
            if column is not None and value is not None:
                raw[row, column] = value
    return raw


def role_codes(responses: pd.DataFrame) -> npt.NDArray[np.intp]:
    """Row of each response's role in the per-role tables; the last row for an unknown role."""
    codes = np.full(len(responses), len(ROLES), dtype=np.intp)
    for index, role in enumerate(ROLES):
        codes[(responses["role"] == role).to_numpy(dtype=bool, na_value=False)] = index
    return codes


def per_row(table: npt.NDArray[Any], codes: npt.NDArray[np.intp]) -> npt.NDArray[Any]:
    """A per-role table ((roles + 1) x things) looked up for every row: things x rows,
    C-contiguous like the answers' transposed blocks it meets. (Fancy indexing,
    ``table.T[:, codes]``, gives a Fortran-ordered result, and element-wise work between the
    two layouts ran about 7 times slower.)"""
    return np.take(np.ascontiguousarray(table.T), codes, axis=1)


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
    mask = per_row(plan.asked[:, varying], codes)  # answers to items not asked are ignored
    keyed = plan.by_slope[common].T @ v_t[common]
    keyed += plan.by_slope[varying].T @ (v_t[varying] * mask)
    offsets = plan.by_offset[common].T @ a_t[common]
    offsets += plan.by_offset[varying].T @ (a_t[varying] * mask)
    k = len(plan.dimensions)
    sums = keyed + offsets[:k]
    got = np.rint(offsets[k:])
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where(got >= per_row(plan.needed, codes), np.float32(100) * sums / got, np.nan)
    return scores.astype(np.float32, copy=False), np.where(
        per_row(plan.totals, codes) > 0, got, np.nan
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
        of_role = per_row(items[:, cols], codes)  # flag's items x rows
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
class ScoredBlock:
    """The numbers scored for a block of rows, each array (things x rows)."""

    scores: Float32Array  # dimensions x rows
    counts: Float32Array  # dimensions x rows
    composites: Float32Array  # composites x rows
    flags: BoolArray  # flags x rows
    choices: CodeArray  # context items x rows: the choice's index, -1 where none


def _choice_codes(plan: ScoringPlan, raw: FloatArray) -> CodeArray:
    """Per context item, the index of the choice answered (-1: blank or not a choice's point)."""
    codes = np.full((len(plan.contexts), len(raw)), -1, dtype=np.int8)
    for k, (column, low, count) in enumerate(plan.contexts):
        shifted = raw[:, column] - low
        valid = np.isfinite(shifted) & (shifted == np.round(shifted)) & (shifted >= 0)
        valid &= shifted < count
        codes[k] = np.where(valid, np.nan_to_num(shifted), -1)
    return codes


def score_block(
    plan: ScoringPlan, rules: Rules, raw: FloatArray, codes: npt.NDArray[np.intp]
) -> ScoredBlock:
    """Score an answers matrix (rows x ``plan.item_ids``, NaN blank) of roles ``codes``."""
    values, answered = _split(plan, raw)
    scores, counts = _dimension_scores(plan, values, answered, codes)
    composites = _composites(plan, rules, scores, codes)
    flags = _flags(plan, values, answered, codes)
    return ScoredBlock(scores, counts, composites, flags, _choice_codes(plan, raw))


def _score_rows(responses: pd.DataFrame, plan: ScoringPlan, rules: Rules) -> ScoredBlock:
    """Score all rows in blocks of CHUNK_ROWS: a bounded working set keeps the cost per row
    flat and peak memory low for a million rows."""
    if len(responses) <= CHUNK_ROWS:
        return score_block(plan, rules, _raw_answers(responses, plan), role_codes(responses))
    parts = [
        score_block(plan, rules, _raw_answers(chunk, plan), role_codes(chunk))
        for chunk in (
            responses.iloc[start : start + CHUNK_ROWS]
            for start in range(0, len(responses), CHUNK_ROWS)
        )
    ]
    fields = ("scores", "counts", "composites", "flags", "choices")
    return ScoredBlock(*(np.hstack([getattr(part, f) for part in parts]) for f in fields))


@dataclass(frozen=True)
class Column:
    """One output column: numbers or booleans, or, with ``labels``, label codes (-1: none)."""

    name: str
    values: npt.NDArray[Any]
    labels: tuple[str, ...] | None = None


def scored_columns(
    block: ScoredBlock, plan: ScoringPlan, rules: Rules, bank: Bank
) -> Iterator[Column]:
    """The output columns after the meta columns, in order (see :func:`score_frame`). Band
    codes for the whole matrix are computed at once: cheap for a million rows."""
    bands, names = rules.band_codes(block.scores), tuple(rules.band_names)
    for j, dim in enumerate(plan.dimensions):
        yield Column(dim, block.scores[j])
        yield Column(band_column(dim), bands[j], names)
        yield Column(answered_column(dim), block.counts[j])
    composite_bands = rules.band_codes(block.composites)
    for j, name in enumerate(rules.composites):
        yield Column(name, block.composites[j])
        yield Column(band_column(name), composite_bands[j], names)
    for j, name in enumerate(plan.flag_items):
        yield Column(flag_column(name), block.flags[j])
    for k, item in enumerate(bank.context_items):
        yield Column(context_column(item.id), block.choices[k], tuple(item.scale.choices))


def score_frame(responses: pd.DataFrame, bank: Bank, rules: Rules | None = None) -> pd.DataFrame:
    """Score every response (row) of ``responses``.

    ``responses`` has ``respondent``, ``role``, ``relationship`` and one column per item id
    (missing columns and NaN mean unanswered). The result has the three meta columns, then per
    scored dimension ``<id>``, ``<id>_band``, ``<id>_answered``, then each composite with its
    band, then ``flag_<name>`` booleans, then ``context_<id>`` choice ids. Scores and counts
    are float32 (NaN when null); bands and choices are categoricals.
    """
    import pandas as pd

    rules = rules or load_rules()
    plan = plan_for(bank, rules)
    block = _score_rows(responses, plan, rules)
    columns: dict[str, object] = {c: responses[c].array for c in META_COLUMNS}
    categories: dict[tuple[str, ...], pd.Index[str]] = {}
    for column in scored_columns(block, plan, rules, bank):
        if column.labels is None:
            columns[column.name] = column.values
            continue
        if column.labels not in categories:
            categories[column.labels] = pd.Index(list(column.labels))
        index = categories[column.labels]
        columns[column.name] = pd.Categorical.from_codes(
            column.values, categories=index, validate=False
        )
    return pd.DataFrame(columns, index=responses.index)
