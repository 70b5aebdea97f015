"""The pulse form against the full one: alpha and correlations from answer sets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from questions import Bank
from scoring.forms import form_agreement
from scoring.reliability import cronbach_alpha, keyed_items
from scoring.simulate import respondents


def test_figures_match_a_direct_computation(bank: Bank) -> None:
    frame = respondents(bank, per_role=60, seed=3)
    result = form_agreement(frame, bank)
    pulse = bank.for_form("pulse")
    assert set(result) == {d.id for d in pulse.scored_dimensions}
    dim = "commitment"
    keyed = pd.concat([keyed_items(frame, bank, dim, r) for r in ("hurt", "broke", "both")])
    short = [i.id for i in pulse.items_for("hurt", dim)]
    rest = [c for c in keyed.columns if c not in short]
    got = result[dim]
    assert (got.items, got.n) == (2, 180)
    assert got.alpha == pytest.approx(cronbach_alpha(keyed[short]).alpha)
    assert got.r_full == pytest.approx(
        np.corrcoef(keyed[short].mean(axis=1), keyed.mean(axis=1))[0, 1]
    )
    assert got.r_rest == pytest.approx(
        np.corrcoef(keyed[short].mean(axis=1), keyed[rest].mean(axis=1))[0, 1]
    )
    assert 0.5 < got.alpha < 1 and got.r_rest < got.r_full  # the shared items inflate r_full


def test_too_few_complete_answer_sets_give_no_figures(bank: Bank) -> None:
    result = form_agreement(respondents(bank, per_role=5), bank)
    assert all(
        a.alpha is None and a.r_full is None and a.n == 15
        for a in result.values()
        if a.dimension not in {"accountability", "openness_to_trust"}
    )
