"""Norms from saved check-ups: each dimension's reliability and spread, and change in words.

Pure functions, frames in and plain records out (no I/O). The Jacobson-Truax reliable change
index needs two figures per dimension: its reliability (Cronbach's alpha, computed here from
data with :func:`scoring.reliability.cronbach_alpha`) and the standard deviation of its scores.
Both are only worth using with enough respondents; below :data:`MIN_RESPONDENTS` complete
answer sets a dimension has no norm (None) and a change is reported in points only.

The answers frame has a ``role`` column and one column per item id (NaN = unanswered). An
optional ``person`` column (any hashable id) keeps one check-up per person, the earliest by
``created_at`` when that column is present, so that one frequent user does not dominate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from questions import Bank, Dimension
from scoring.change import classify_change, reliable_change_index
from scoring.reliability import cronbach_alpha, keyed_items
from scoring.rules import Rules, change_word, load_rules

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MIN_RESPONDENTS",
    "DimensionChange",
    "DimensionNorm",
    "NormState",
    "NormStatus",
    "describe_changes",
    "dimension_norm_status",
    "dimension_norms",
]

MIN_RESPONDENTS = 30
"""Fewest respondents with every item of a dimension answered before its norm is used."""


@dataclass(frozen=True)
class DimensionNorm:
    """A dimension's reliability (alpha) and score SD (0-100 scale), from ``n`` respondents."""

    alpha: float
    sd: float
    n: int


@dataclass(frozen=True)
class DimensionChange:
    """One dimension's change between two check-ups.

    ``direction`` ("better", "same", "worse") and ``words`` (the same in the bank's locale:
    "reliably better", "no reliable change", "reliably worse") are None when there is no norm
    for the dimension (too little data) or when either score is missing.
    """

    id: str
    name: str
    kind: str
    before: float | None
    after: float | None
    rc: float | None
    words: str | None
    direction: str | None = None

    @property
    def points(self) -> float | None:
        """After minus before, in points on the 0-100 scale; None if either is missing."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


NormState = Literal["ok", "too_few", "unusable"]


@dataclass(frozen=True)
class NormStatus:
    """Why a dimension has a norm or not, so a page can tell "too little data" from "unusable".

    ``status`` is ``ok`` (``norm`` is set), ``too_few`` (fewer than the least number of
    complete answer sets, or a dimension of one item) or ``unusable`` (enough people, but the
    reliability is not usable: alpha outside [0, 1) or the scores do not vary). ``n`` counts
    the complete answer sets either way.
    """

    status: NormState
    n: int
    norm: DimensionNorm | None = None


def one_per_person(answers: pd.DataFrame) -> pd.DataFrame:
    """Keep each person's earliest check-up when the frame says who is who."""
    if "person" not in answers.columns:
        return answers
    ordered = (
        answers.sort_values("created_at", kind="stable")
        if ("created_at" in answers.columns)
        else answers
    )
    return ordered.groupby("person", sort=False, dropna=False).head(1)


def _complete_keyed(answers: pd.DataFrame, bank: Bank, dim: Dimension) -> pd.DataFrame:
    """Keyed answers to a dimension's items, every role pooled, complete rows only."""
    import pandas as pd

    if answers.empty or "role" not in answers.columns:
        return pd.DataFrame()
    parts = [keyed_items(answers, bank, dim.id, role) for role in dim.roles]
    parts = [part for part in parts if not part.empty]
    if not parts:
        return pd.DataFrame()
    return pd.concat(parts).dropna()


def _status(complete: pd.DataFrame, bank: Bank, dim: Dimension, least: int) -> NormStatus:
    """The norm of one dimension from its complete keyed answers, or why there is none."""
    n = len(complete)
    if n < least or complete.shape[1] < 2:
        return NormStatus("too_few", n)
    try:
        alpha = cronbach_alpha(complete).alpha
    except ValueError:  # no variance in the total: alpha is undefined
        return NormStatus("unusable", n)
    scale = bank.items_for(dim.roles[0], dim.id)[0].scale
    scores = 100.0 * (complete.mean(axis=1) - scale.min) / (scale.max - scale.min)
    sd = float(np.std(scores.to_numpy(dtype=np.float64), ddof=1))
    if not (0.0 <= alpha < 1.0 and sd > 0.0 and math.isfinite(sd)):
        return NormStatus("unusable", n)
    return NormStatus("ok", n, DimensionNorm(alpha=float(alpha), sd=sd, n=n))


def dimension_norm_status(
    answers: pd.DataFrame, bank: Bank, least: int = MIN_RESPONDENTS
) -> dict[str, NormStatus]:
    """Each scored dimension's :class:`NormStatus` (the norm itself when ``ok``)."""
    chosen = one_per_person(answers)
    return {
        dim.id: _status(_complete_keyed(chosen, bank, dim), bank, dim, least)
        for dim in bank.scored_dimensions
    }


def dimension_norms(
    answers: pd.DataFrame, bank: Bank, least: int = MIN_RESPONDENTS
) -> dict[str, DimensionNorm | None]:
    """Alpha and SD of every scored dimension, or None where there is too little data.

    A respondent counts for a dimension only with every item of it answered (alpha needs
    complete rows). SD is the sample SD (ddof 1) of those respondents' 0-100 scores, which
    equal the engine's scores for complete answers. None also when alpha falls outside
    [0, 1) or the scores do not vary: the reliable change index is then undefined.
    """
    statuses = dimension_norm_status(answers, bank, least)
    return {dim_id: status.norm for dim_id, status in statuses.items()}


def _change(
    dim: Dimension,
    scores: tuple[float | None, float | None],
    norm: DimensionNorm | None,
    rules: Rules,
    locale: str,
) -> DimensionChange:
    before, after = scores
    rc = words = direction = None
    if norm is not None and before is not None and after is not None:
        rc = float(reliable_change_index(before, after, norm.sd, norm.alpha))
        direction = classify_change(rc, dim.kind, rules).direction
        words = change_word(direction, locale)
    return DimensionChange(dim.id, dim.name, dim.kind, before, after, rc, words, direction)


def describe_changes(
    before: Mapping[str, float | None],
    after: Mapping[str, float | None],
    bank: Bank,
    norms: Mapping[str, DimensionNorm | None],
    rules: Rules | None = None,
) -> list[DimensionChange]:
    """Each dimension scored in either check-up, in bank order, with its change in words
    (in the bank's locale)."""
    rules = rules or load_rules()
    changes = []
    for dim in bank.scored_dimensions:
        first, second = _score(before, dim.id), _score(after, dim.id)
        if first is None and second is None:
            continue
        changes.append(_change(dim, (first, second), norms.get(dim.id), rules, bank.locale))
    return changes


def _score(scores: Mapping[str, float | None], key: str) -> float | None:
    value = scores.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)
