"""Reliable change between two check-ups (Jacobson & Truax, 1991)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from scoring.rules import Rules, load_rules

ArrayLike = float | npt.NDArray[np.float64]


@dataclass(frozen=True)
class ChangeResult:
    """The reliable change index of one score and what it means in words."""

    rc: float
    direction: str  # "better", "same" or "worse"
    words: str


def reliable_change_index(
    before: ArrayLike, after: ArrayLike, sd: float, reliability: float
) -> ArrayLike:
    """RC = (after - before) / S_diff, with SE = SD * sqrt(1 - r) and S_diff = sqrt(2) * SE.

    Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical approach to
    defining meaningful change in psychotherapy research. J Consult Clin Psychol, 59(1), 12-19.
    ``sd`` is the standard deviation of the first-occasion scores and ``reliability`` the
    scale's reliability (here Cronbach's alpha computed from data).
    """
    if not sd > 0:
        raise ValueError("sd must be positive")
    if not 0 <= reliability < 1:
        raise ValueError("reliability must be in [0, 1)")
    s_diff = math.sqrt(2.0) * sd * math.sqrt(1.0 - reliability)
    return (np.asarray(after, dtype=np.float64) - np.asarray(before, dtype=np.float64)) / s_diff


def classify_change(rc: float, kind: str, rules: Rules | None = None) -> ChangeResult:
    """Words for an RC: a fall is better where the kind's better end is lower
    (``rules.kinds[kind].better``), a rise where it is higher."""
    rules = rules or load_rules()
    if abs(rc) <= rules.change_threshold:
        direction = "same"
    else:
        improved = rc < 0 if rules.kinds[kind].better == "lower" else rc > 0
        direction = "better" if improved else "worse"
    return ChangeResult(float(rc), direction, rules.change_words[direction])
