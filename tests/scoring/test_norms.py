"""Norms (alpha and SD per dimension) from saved answers, and change in words."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

from locales import PSEUDO_LOCALE
from questions import Bank, load_bank
from scoring.change import reliable_change_index
from scoring.norms import (
    MIN_RESPONDENTS,
    DimensionNorm,
    describe_changes,
    dimension_norm_status,
    dimension_norms,
    one_per_person,
)
from scoring.rules import change_word, load_rules

SAFETY_KINDS = {"safety", "context"}  # unscored kinds


def simulated(bank: Bank, n: int, role: str = "both", seed: int = 1) -> pd.DataFrame:
    """``n`` respondents: one latent level per dimension, noisy items, reverse items flipped."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(n):
        latent = {d.id: rng.normal() for d in bank.dimensions}
        row: dict[str, object] = {"role": role}
        for item in bank.items_for(role):
            keyed = np.clip(round(3 + 1.1 * latent[item.dimension] + rng.normal(0, 0.7)), 1, 5)
            row[item.id] = item.scale.min + item.scale.max - keyed if item.reverse else keyed
        rows.append(row)
    return pd.DataFrame(rows)


def direct(frame: pd.DataFrame, bank: Bank, dimension: str) -> tuple[float, float]:
    """Alpha (pingouin) and SD of the 0-100 scores, computed by hand."""
    items = [i for i in bank.items if i.dimension == dimension]
    keyed = pd.DataFrame(
        {
            i.id: (i.scale.min + i.scale.max - frame[i.id]) if i.reverse else frame[i.id]
            for i in items
        }
    ).dropna()
    alpha = pg.cronbach_alpha(data=keyed)[0]
    scale = items[0].scale
    scores = [
        100 * (sum(row) / len(row) - scale.min) / (scale.max - scale.min)
        for row in keyed.itertuples(index=False)
    ]
    return float(alpha), float(np.std(scores, ddof=1))


def test_alpha_and_sd_match_direct_computation(bank: Bank) -> None:
    frame = simulated(bank, 120)
    norms = dimension_norms(frame, bank)
    assert set(norms) == {d.id for d in bank.dimensions if d.kind not in SAFETY_KINDS}
    for dim_id, norm in norms.items():
        assert norm is not None, dim_id
        alpha, sd = direct(frame, bank, dim_id)
        assert norm.alpha == pytest.approx(alpha, abs=1e-9)
        assert norm.sd == pytest.approx(sd, rel=1e-9)
        assert norm.n == 120
        assert 0.5 < norm.alpha < 1


@pytest.mark.parametrize(("n", "has_norm"), [(0, False), (2, False), (29, False), (30, True)])
def test_too_few_respondents_give_none(bank: Bank, n: int, has_norm: bool) -> None:
    frame = simulated(bank, n) if n else pd.DataFrame()
    norms = dimension_norms(frame, bank)
    assert all((norm is not None) is has_norm for norm in norms.values())
    assert MIN_RESPONDENTS == 30


def test_only_complete_answer_sets_count(bank: Bank) -> None:
    frame = simulated(bank, 34)
    item = bank.items_for("both", "guardedness")[0].id
    frame.loc[:4, item] = np.nan  # five respondents skipped one guardedness item
    norms = dimension_norms(frame, bank)
    assert norms["guardedness"] is None  # 29 complete
    assert norms["suspicion"] is not None and norms["suspicion"].n == 34
    alpha, sd = direct(frame, bank, "guardedness")
    loose = dimension_norms(frame, bank, least=20)["guardedness"]
    assert loose is not None and loose.n == 29
    assert (loose.alpha, loose.sd) == pytest.approx((alpha, sd))


def test_roles_pool_and_dimensions_not_asked_stay_empty(bank: Bank) -> None:
    frame = pd.concat(
        [simulated(bank, 20, "hurt", 1), simulated(bank, 15, "broke", 2)], ignore_index=True
    )
    norms = dimension_norms(frame, bank)
    assert norms["commitment"] is not None and norms["commitment"].n == 35
    assert norms["accountability"] is None  # asked of broke and both: 15 answers
    assert norms["forgiveness"] is None  # asked of hurt and both: 20 answers


def test_one_check_up_per_person_the_earliest(bank: Bank) -> None:
    frame = simulated(bank, 40)
    frame["person"] = [f"p{i % 20}" for i in range(40)]
    frame["created_at"] = pd.date_range("2026-01-01", periods=40, freq="D", tz="UTC")[::-1]
    chosen = one_per_person(frame)
    assert len(chosen) == 20 and list(chosen.index) == list(range(39, 19, -1))
    assert all(norm is None for norm in dimension_norms(frame, bank).values())
    assert all(n is not None for n in dimension_norms(frame.drop(columns="person"), bank).values())


def test_no_variance_gives_none(bank: Bank) -> None:
    frame = simulated(bank, 40)
    for item in bank.items_for("both", "support"):
        frame[item.id] = 3
    assert dimension_norms(frame, bank)["support"] is None


NORM = DimensionNorm(alpha=0.8, sd=20.0, n=100)  # S_diff = sqrt(2) * 20 * sqrt(0.2) = 12.65


@pytest.mark.parametrize(
    ("dimension", "before", "after", "words"),
    [
        ("suspicion", 70.0, 40.0, "reliably better"),  # a sign fell by 30 > 1.96 * 12.65
        ("suspicion", 40.0, 70.0, "reliably worse"),
        ("suspicion", 50.0, 60.0, "no reliable change"),
        ("commitment", 40.0, 70.0, "reliably better"),  # willingness rose
        ("commitment", 70.0, 40.0, "reliably worse"),
        ("commitment", 50.0, 74.0, "no reliable change"),  # 24 < 24.8
    ],
)
def test_change_words(bank: Bank, dimension: str, before: float, after: float, words: str) -> None:
    norms = {dimension: NORM}
    changes = describe_changes({dimension: before}, {dimension: after}, bank, norms)
    assert [c.id for c in changes] == [dimension]
    change = changes[0]
    assert change.words == words
    assert change.direction == {v: k for k, v in load_rules().change_words.items()}[words]
    assert change.rc == pytest.approx(float(reliable_change_index(before, after, 20.0, 0.8)))
    assert change.points == pytest.approx(after - before)


def test_without_norm_or_score_there_are_no_words(bank: Bank) -> None:
    before = {
        "suspicion": 70.0,
        "commitment": None,
        "guardedness": 10.0,
        "fear": 50.0,
        "trust_strain": 40.0,
    }
    after = {"suspicion": 20.0, "commitment": 60.0, "guardedness": math.nan}
    changes = describe_changes(before, after, bank, {"suspicion": None, "commitment": NORM})
    ids = [c.id for c in changes]
    assert ids == sorted(ids, key=[d.id for d in bank.dimensions].index)
    assert set(ids) == {"suspicion", "commitment", "guardedness"}  # no safety, no composites
    by_id = {c.id: c for c in changes}
    assert by_id["suspicion"].words is None and by_id["suspicion"].points == -50
    assert by_id["commitment"].words is None and by_id["commitment"].points is None
    assert by_id["guardedness"].after is None


def test_change_words_are_in_the_bank_locale() -> None:
    pseudo = load_bank(PSEUDO_LOCALE)
    changes = describe_changes(
        {"suspicion": 70.0}, {"suspicion": 40.0}, pseudo, {"suspicion": NORM}
    )
    assert changes[0].direction == "better"
    assert changes[0].words == change_word("better", PSEUDO_LOCALE)
    assert changes[0].words.startswith("⟦") and changes[0].name.startswith("⟦")


def test_norm_status_tells_too_few_from_unusable(bank: Bank) -> None:
    frame = simulated(bank, 40)
    for item in bank.items_for("both", "support"):
        frame[item.id] = 3  # enough people, no variance: unusable
    item = bank.items_for("both", "guardedness")[0].id
    frame.loc[:14, item] = np.nan  # 25 complete: too few
    status = dimension_norm_status(frame, bank)
    assert set(status) == set(dimension_norms(frame, bank))
    assert (status["support"].status, status["support"].n, status["support"].norm) == (
        "unusable",
        40,
        None,
    )
    assert (status["guardedness"].status, status["guardedness"].n) == ("too_few", 25)
    assert status["guardedness"].norm is None
    ok = status["suspicion"]
    assert ok.status == "ok" and ok.n == 40
    assert ok.norm == dimension_norms(frame, bank)["suspicion"]


def test_norm_status_of_nothing_is_too_few(bank: Bank) -> None:
    status = dimension_norm_status(pd.DataFrame(), bank)
    assert {s.status for s in status.values()} == {"too_few"}
    assert {s.n for s in status.values()} == {0}
