"""Hand-computed golden cases for the trust dimensions, trust_now and the repair as seen."""

from __future__ import annotations

import pytest

from questions import Bank
from scoring.result import score_one


def test_honesty_keys_and_scales(bank: Bank) -> None:
    # trust_hon_1, _2 normal, _3 reverse: 5, 4 and (2 -> 1 + 5 - 2 = 4): mean 13/3
    # score = 100 * (13/3 - 1) / 4 = 83.33, band high
    answers = {"trust_hon_1": 5, "trust_hon_2": 4, "trust_hon_3": 2}
    dim = score_one(bank, "hurt", "romantic", answers).dimensions["honesty"]
    assert (dim.score, dim.band, dim.kind) == (pytest.approx(83.33), "high", "trust")


def test_trust_now_is_the_mean_of_the_trust_dimensions(bank: Bank) -> None:
    # honesty 83.33 (above); dependability 3, 3, 3 -> 50; goodwill 1, 1, (5 -> 1) -> 0
    answers = {"trust_hon_1": 5, "trust_hon_2": 4, "trust_hon_3": 2}
    answers |= {"trust_dep_1": 3, "trust_dep_2": 3, "trust_dep_3": 3}
    answers |= {"trust_good_1": 1, "trust_good_2": 1, "trust_good_3": 5}
    result = score_one(bank, "hurt", "work", answers)
    assert result.dimensions["goodwill"].score == 0.0
    composite = result.composites["trust_now"]
    assert composite.score == pytest.approx((250 / 3 + 50 + 0) / 3, abs=0.01)  # 44.44
    assert composite.band == "moderate"
    # two of three trust dimensions still make the composite (2/3 rule), one does not
    two = score_one(bank, "hurt", "work", {k: v for k, v in answers.items() if "good" not in k})
    assert two.composites["trust_now"].score == pytest.approx((250 / 3 + 50) / 2, abs=0.01)
    one = {k: v for k, v in answers.items() if "hon" in k}
    assert score_one(bank, "hurt", "work", one).composites["trust_now"].score is None


def test_the_one_who_broke_trust_answers_how_they_think_they_are_trusted(bank: Bank) -> None:
    item = bank.item_by_id["trust_hon_1"]
    assert "I think" in item.text_for("broke") and "I think" not in item.text_for("hurt")
    result = score_one(
        bank, "broke", "friendship", {"trust_hon_1": 5, "trust_hon_2": 5, "trust_hon_3": 1}
    )
    assert result.dimensions["honesty"].score == 100.0


def test_repair_as_seen_is_the_hurt_persons_and_pairs_with_the_others_own(bank: Bank) -> None:
    answers = {"seen_acct_1": 4, "seen_acct_2": 4, "seen_acct_3": 2}  # 4, 4, (2 -> 4): 75
    hurt = score_one(bank, "hurt", "family", answers)
    assert hurt.dimensions["seen_accountability"].score == 75.0
    assert "seen_accountability" not in score_one(bank, "broke", "family", {}).dimensions
    assert "accountability" not in hurt.dimensions
    pairs = {(p.hurt, p.broke) for p in bank.pairs}
    assert {("seen_accountability", "accountability"), ("honesty", "honesty")} <= pairs
    # repair seen does not enter the hurt person's own readiness
    assert hurt.composites["repair_readiness"].score is None
