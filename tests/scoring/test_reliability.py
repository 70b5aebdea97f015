"""Cronbach's alpha and reliable change against independent reference figures."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

from questions import Bank
from scoring.change import classify_change, reliable_change_index
from scoring.reliability import cronbach_alpha, keyed_items


def _simulated_items(n: int, k: int, noise: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(n, 1))
    raw = trait + rng.normal(scale=noise, size=(n, k))
    return pd.DataFrame(np.clip(np.round(raw * 1.2 + 3), 1, 5), columns=[f"i{j}" for j in range(k)])


@pytest.mark.parametrize(
    ("n", "k", "noise", "seed"), [(30, 3, 0.8, 1), (200, 4, 1.5, 2), (500, 6, 0.5, 3)]
)
def test_alpha_and_ci_match_pingouin(n: int, k: int, noise: float, seed: int) -> None:
    data = _simulated_items(n, k, noise, seed)
    ours = cronbach_alpha(data)
    alpha, (low, high) = pg.cronbach_alpha(data=data)
    assert ours.alpha == pytest.approx(alpha, abs=1e-9)
    # pingouin rounds the interval to 3 decimals
    assert ours.ci_low == pytest.approx(low, abs=6e-4)
    assert ours.ci_high == pytest.approx(high, abs=6e-4)
    assert (ours.n, ours.k) == (n, k)


def test_alpha_on_pingouins_published_example() -> None:
    # pingouin documentation: bundled dataset "cronbach_alpha" gives
    # alpha = 0.8917 with 95% CI [0.878, 0.906] (listwise: complete cases only here).
    data = pg.read_dataset("cronbach_alpha").pivot_table(
        index="Subj", columns="Items", values="Scores"
    )
    ours = cronbach_alpha(data)
    reference, (low, high) = pg.cronbach_alpha(data=data, nan_policy="listwise")
    assert ours.alpha == pytest.approx(reference, abs=1e-9)
    assert round(ours.ci_low, 3) == pytest.approx(low) and round(ours.ci_high, 3) == pytest.approx(
        high
    )


def test_alpha_hand_computed() -> None:
    # 3 items, 4 people. Item variances (ddof=1): 1.6667, 1.6667, 0.9167; total scores
    # 3, 7, 9, 12 -> variance 14.25. alpha = 3/2 * (1 - 4.25/14.25) = 1.05263
    data = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 3, 3, 4], "c": [1, 2, 3, 4]})
    item_var = data.var(ddof=1).sum()
    total_var = data.sum(axis=1).var(ddof=1)
    expected = 3 / 2 * (1 - item_var / total_var)
    assert cronbach_alpha(data).alpha == pytest.approx(expected)


def test_alpha_drops_incomplete_respondents_and_rejects_too_little_data() -> None:
    data = _simulated_items(50, 3, 1.0, 4)
    with_gaps = data.copy()
    with_gaps.iloc[0, 1] = np.nan
    assert cronbach_alpha(with_gaps).n == 49
    assert cronbach_alpha(with_gaps).alpha == pytest.approx(cronbach_alpha(data.iloc[1:]).alpha)
    with pytest.raises(ValueError, match="at least 2 items"):
        cronbach_alpha(data[["i0"]])
    with pytest.raises(ValueError, match="does not vary"):
        cronbach_alpha(pd.DataFrame({"a": [3, 3, 3], "b": [3, 3, 3]}))


def test_keyed_items_flip_reverse_items(bank: Bank) -> None:
    frame = pd.DataFrame([{"respondent": "a", "role": "hurt", "cling_1": 5, "cling_4": 2}])
    keyed = keyed_items(frame, bank, "anxious_clinging", "hurt")
    assert keyed.loc[0, "cling_1"] == 5 and keyed.loc[0, "cling_4"] == 4
    assert math.isnan(keyed.loc[0, "cling_2"])


def test_reliable_change_index_hand_computed() -> None:
    # SD = 7.5, r = .88: SE = 7.5 * sqrt(.12) = 2.5981; S_diff = sqrt(2) * SE = 3.6742;
    # from 32 to 20: RC = -12 / 3.6742 = -3.266  (Jacobson & Truax, 1991, eq. 1-2)
    assert reliable_change_index(32, 20, 7.5, 0.88) == pytest.approx(-3.266, abs=1e-3)
    many = reliable_change_index(np.array([32.0, 50.0]), np.array([20.0, 52.0]), 7.5, 0.88)
    assert many == pytest.approx([-3.266, 0.5443], abs=1e-3)


def test_reliable_change_matches_jacobson_truax_formula_directly() -> None:
    # An independent restatement: RC = (x2 - x1) / sqrt(2 * (SD * sqrt(1 - r))^2)
    sd, r, x1, x2 = 18.2, 0.81, 61.0, 40.5
    expected = (x2 - x1) / math.sqrt(2 * (sd * math.sqrt(1 - r)) ** 2)
    assert reliable_change_index(x1, x2, sd, r) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("rc", "kind", "direction", "words"),
    [
        (-3.0, "sign", "better", "reliably better"),
        (3.0, "sign", "worse", "reliably worse"),
        (3.0, "willingness", "better", "reliably better"),
        (-2.0, "willingness", "worse", "reliably worse"),
        (1.96, "sign", "same", "no reliable change"),
        (-0.5, "willingness", "same", "no reliable change"),
        (3.0, "trust", "better", "reliably better"),
        (-3.0, "repair_seen", "worse", "reliably worse"),
    ],
)
def test_classify_change(rc: float, kind: str, direction: str, words: str) -> None:
    result = classify_change(rc, kind)
    assert (result.direction, result.words) == (direction, words)


@pytest.mark.parametrize(("sd", "r"), [(0.0, 0.8), (-1.0, 0.8), (10.0, 1.0), (10.0, -0.1)])
def test_reliable_change_rejects_impossible_inputs(sd: float, r: float) -> None:
    with pytest.raises(ValueError):
        reliable_change_index(1, 2, sd, r)
