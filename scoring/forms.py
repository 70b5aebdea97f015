"""How well a shorter form (the pulse) stands in for the full one, from answer sets.

For each dimension a form scores: Cronbach's alpha of the form's items, and the Pearson
correlation of the form's score with the full dimension's score (``r_full``, which counts the
shared items twice and so runs high) and with the full dimension's other items alone
(``r_rest``, the part-whole corrected figure; Levy 1967). Computed from simulated respondents
for docs/bank.md (:mod:`scoring.simulate`) and from saved check-ups once
:data:`scoring.norms.MIN_RESPONDENTS` people answered every item of the dimension.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from questions import Bank
from scoring.norms import MIN_RESPONDENTS, one_per_person
from scoring.reliability import cronbach_alpha, keyed_items

__all__ = ["FormAgreement", "form_agreement"]


@dataclass(frozen=True)
class FormAgreement:
    """One dimension of a form: alpha of its items, its correlations with the full scale
    (None where there are too few complete answer sets or no variance), and ``n``."""

    dimension: str
    items: int
    alpha: float | None
    r_full: float | None
    r_rest: float | None
    n: int


def _keyed(answers: pd.DataFrame, bank: Bank, dimension: str) -> pd.DataFrame:
    """Keyed answers to a dimension's items of ``bank``, every role asked pooled."""
    dim = bank.dimension_by_id[dimension]
    parts = [keyed_items(answers, bank, dimension, role) for role in dim.roles]
    return pd.concat([p for p in parts if not p.empty])


def _r(a: pd.Series, b: pd.Series) -> float | None:
    if a.std() == 0 or b.std() == 0:
        return None
    return float(np.corrcoef(a.to_numpy(np.float64), b.to_numpy(np.float64))[0, 1])


def _one(answers: pd.DataFrame, full: Bank, form: Bank, dim: str, least: int) -> FormAgreement:
    whole = _keyed(answers, full, dim)
    short = list(_keyed(answers, form, dim).columns)
    complete = whole.dropna()
    n = len(complete)
    if n < least or len(short) < 2:
        return FormAgreement(dim, len(short), None, None, None, n)
    try:
        alpha: float | None = cronbach_alpha(complete[short]).alpha
    except ValueError:  # no variance: alpha undefined
        alpha = None
    rest = [c for c in complete.columns if c not in short]
    pulse = complete[short].mean(axis=1)
    r_rest = _r(pulse, complete[rest].mean(axis=1)) if rest else None
    return FormAgreement(dim, len(short), alpha, _r(pulse, complete.mean(axis=1)), r_rest, n)


def form_agreement(
    answers: pd.DataFrame, bank: Bank, form: str = "pulse", least: int = MIN_RESPONDENTS
) -> dict[str, FormAgreement]:
    """Per dimension the form scores: alpha and correlations with the full dimension, from
    full check-ups' answers (``role`` and item columns; one per ``person`` when given)."""
    full, short = bank.for_form("full"), bank.for_form(form)
    chosen = one_per_person(answers)
    return {d.id: _one(chosen, full, short, d.id, least) for d in short.scored_dimensions}
