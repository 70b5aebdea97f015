"""Internal consistency (Cronbach's alpha) of a dimension, computed from data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from questions import Bank

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class AlphaResult:
    """Alpha with its confidence interval, and the data it came from."""

    alpha: float
    ci_low: float
    ci_high: float
    n: int
    k: int


def cronbach_alpha(items: pd.DataFrame, confidence: float = 0.95) -> AlphaResult:
    """Cronbach's alpha of item columns, respondents with any missing answer dropped.

    alpha = k / (k - 1) * (1 - sum(item variances) / variance(total))  (Cronbach, 1951),
    computed from the covariance matrix C as k / (k - 1) * (1 - trace(C) / sum(C)).
    Confidence interval by Feldt, Woodruff & Salih (1987), as ``pingouin.cronbach_alpha``:
    1 - (1 - alpha) * F(q; n - 1, (n - 1)(k - 1)) at q = (1 -/+ confidence) / 2.
    """
    complete = items.dropna().to_numpy(dtype=np.float64)
    n, k = complete.shape
    if k < 2 or n < 2:
        raise ValueError(
            f"alpha needs at least 2 items and 2 complete respondents (got k={k}, n={n})"
        )
    cov = np.cov(complete, rowvar=False, ddof=1)
    total = cov.sum()
    if total <= 0:
        raise ValueError("alpha is undefined when the total score does not vary")
    alpha = k / (k - 1) * (1.0 - np.trace(cov) / total)
    from scipy.stats import f as f_dist  # imported here: scipy costs a second at start-up

    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1.0 - (1.0 - alpha) * f_dist.isf((1.0 - confidence) / 2.0, df1, df2)
    high = 1.0 - (1.0 - alpha) * f_dist.isf((1.0 + confidence) / 2.0, df1, df2)
    return AlphaResult(float(alpha), float(low), float(high), int(n), int(k))


def keyed_items(responses: pd.DataFrame, bank: Bank, dimension: str, role: str) -> pd.DataFrame:
    """The answers to one dimension's items for one role, reverse-keyed items flipped."""
    import pandas as pd

    items = bank.items_for(role, dimension)
    rows = responses[responses["role"] == role]
    columns = {}
    for item in items:
        raw = rows[item.id] if item.id in rows else pd.Series(np.nan, index=rows.index)
        flipped = item.scale.min + item.scale.max - raw
        columns[item.id] = flipped if item.reverse else raw
    return pd.DataFrame(columns, index=rows.index, dtype=np.float64)
