"""A couple over time, pure: whether the gap between two partners' views of a dimension moved.

Each partner's own change is the Jacobson-Truax reliable change index of
:func:`scoring.change.reliable_change_index` (``scoring.norms.describe_changes``). A gap is a
difference of two scores, each with its own measurement error, so its change needs the error of
a difference (Anastasi & Urbina, 1997, *Psychological Testing*, 7th ed., the standard error of
the difference between two scores: SE_diff = sqrt(SE_a^2 + SE_b^2), independent errors):

    SE_x      = SD_x * sqrt(1 - r_x)                  (Jacobson & Truax, 1991, per dimension)
    S_gap     = sqrt(2) * sqrt(SE_a^2 + SE_b^2)       (the gap measured twice)
    RC_gap    = (|D_last| - |D_first|) / S_gap         (D = score_a - score_b)

``|RC_gap|`` above the reliable-change threshold of ``scoring/rules.yaml`` (1.96) reads "moving
closer" (the gap shrank) or "moving further apart" (it grew); otherwise no reliable change.
Comparing the sizes of the gaps is conservative: ``abs(|D2| - |D1|) <= abs(D2 - D1)``.
Jacobson, N. S., & Truax, P. (1991). J Consult Clin Psychol, 59(1), 12-19.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from scoring.couple import Comparison
from scoring.norms import DimensionNorm
from scoring.rules import Rules, load_rules

CLOSER, APART, SAME = "closer", "apart", "same"


@dataclass(frozen=True)
class GapChange:
    """One area's gap at the first and the last paired check-ups, and whether it moved.

    ``rc`` and ``direction`` (``closer``, ``apart``, ``same``) are None when either side's
    dimension has no norm yet (too little data): the change is then in points only.
    """

    area: str
    before: float
    after: float
    rc: float | None
    direction: str | None

    @property
    def points(self) -> float:
        """How many points the gap grew (negative: it shrank)."""
        return round(self.after - self.before, 2)


def gap_change_index(before: float, after: float, a: DimensionNorm, b: DimensionNorm) -> float:
    """RC of a gap between two occasions (module docstring): sizes of the gaps ``before`` and
    ``after`` (0-100 points), the norms (SD, alpha) of each partner's dimension."""
    errors = [n.sd * math.sqrt(1.0 - n.alpha) for n in (a, b)]
    spread = math.sqrt(2.0) * math.sqrt(sum(e * e for e in errors))
    if not spread > 0:
        raise ValueError("the gap's standard error must be positive (alpha below 1, SD above 0)")
    return (abs(after) - abs(before)) / spread


def direction_of(rc: float, rules: Rules | None = None) -> str:
    """``closer`` / ``apart`` beyond the reliable-change threshold, else ``same``."""
    threshold = (rules or load_rules()).change_threshold
    if abs(rc) <= threshold:
        return SAME
    return CLOSER if rc < 0 else APART


def gap_changes(
    first: Comparison,
    last: Comparison,
    norms: Mapping[str, DimensionNorm | None],
    rules: Rules | None = None,
) -> list[GapChange]:
    """Every area compared on both occasions, in the order of ``last``; words need norms for
    the dimensions both partners answered (``norms`` by dimension id)."""
    earlier = {g.area: g for g in first.gaps}
    out = []
    for gap in last.gaps:
        before = earlier.get(gap.area)
        if before is None:
            continue
        na, nb = norms.get(gap.first), norms.get(gap.second)
        rc = direction = None
        if na is not None and nb is not None:
            rc = round(gap_change_index(before.gap, gap.gap, na, nb), 4)
            direction = direction_of(rc, rules)
        out.append(GapChange(gap.area, before.gap, gap.gap, rc, direction))
    return out
