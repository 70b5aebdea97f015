"""Percentiles from the check-ups saved on this device: where a score sits among other people.

Only what this device's store holds is used (``Store.all_answers``: unprotected check-ups of
the same bank version, people as opaque ids; a passphrase-protected check-up is never read),
and nothing leaves it. Each person counts once (their earliest check-up, as for the norms of
:mod:`scoring.norms`), all roles pooled, as the norms pool them. A dimension gets a percentile
only once :data:`scoring.norms.MIN_RESPONDENTS` (30) people have a score on it; fewer, and
the results say nothing about others (a percentile of a handful of people misleads).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from questions import ROLES, Bank
from scoring.engine import score_frame
from scoring.norms import MIN_RESPONDENTS, one_per_person

__all__ = ["Percentiles", "percentiles", "pooled_scores"]

Percentiles = dict[str, tuple[float, int]]
"""Dimension id -> (percent of the people scoring lower, how many people): build_plan's."""

TIE = 0.05
"""Scores closer than this count as equal: the person's score is rounded to 2 decimals, the
pool's are float32; distinct scores of one dimension differ by far more (at least ~0.4)."""


def pooled_scores(pooled: pd.DataFrame | None, bank: Bank) -> pd.DataFrame:
    """One row per person (their earliest saved check-up), a float column per scored dimension.

    ``pooled`` is ``Store.all_answers(bank.version)``: ``person``, ``created_at``, ``role``
    and one column per item. Rows of an unknown role are left out. Fewer than 30 people: an
    empty frame (no dimension could have a percentile, so nothing is scored).
    """
    dims = [d.id for d in bank.scored_dimensions]
    if pooled is None or pooled.empty or "role" not in pooled.columns:
        return pd.DataFrame(columns=dims, dtype="float64")
    known = pooled[pooled["role"].isin(ROLES)]
    people = one_per_person(known)
    if len(people) < MIN_RESPONDENTS:
        return pd.DataFrame(columns=dims, dtype="float64")
    items = [i.id for i in bank.items if i.id in people.columns]
    responses = pd.DataFrame(
        {
            "respondent": [str(key) for key in people.index],
            "role": people["role"].to_numpy(dtype=object),
            "relationship": "romantic",  # wording only; scores do not depend on it
        },
        index=people.index,
    )
    responses = pd.concat([responses, people[items]], axis=1)
    scored = score_frame(responses, bank)
    return scored[dims].astype("float64")


def percentiles(scores: Mapping[str, float | None], pool: pd.DataFrame) -> Percentiles:
    """For each dimension the person has a score on: the share of the pool's people with a
    score there who scored lower (ties are not lower), and how many they are; only where
    there are 30 or more."""
    out: Percentiles = {}
    for key, value in scores.items():
        if value is None or key not in pool.columns:
            continue
        column = pool[key].to_numpy(dtype=np.float64)
        column = column[~np.isnan(column)]
        if len(column) < MIN_RESPONDENTS:
            continue
        lower = int(np.count_nonzero(column < float(value) - TIE))
        out[key] = (100.0 * lower / len(column), len(column))
    return out
