"""The couple comparison's numbers, worked by hand on small cases."""

from __future__ import annotations

import pytest

from questions import Bank
from scoring.couple import CoupleRules, agreement, compare, load_couple_rules, to_record
from scoring.result import DimensionScore, Result


def _result(role: str, scores: dict[str, float | None], flags: tuple[str, ...] = ()) -> Result:
    dims = {
        k: DimensionScore(k, k, "sign", v, None, 5, 5, 3) for k, v in scores.items()
    }
    return Result("r", role, "romantic", dims, {}, flags)


def test_gaps_per_pair_by_hand(bank: Bank) -> None:
    hurt = _result("hurt", {"suspicion": 80.0, "honesty": 40.0, "seen_listening": 30.0})
    broke = _result("broke", {"suspicion": 75.0, "honesty": 60.0, "listening": 90.0})
    rules = CoupleRules((("same", 10.0), ("somewhat", 30.0), ("quite", 100.0)), 3)
    c = compare(hurt, broke, bank, rules=rules)
    got = {g.area: (g.first, g.second, g.gap, g.view) for g in c.gaps}
    assert got == {
        "suspicion": ("suspicion", "suspicion", 5.0, "same"),
        "honesty": ("honesty", "honesty", 20.0, "somewhat"),
        "seen_listening": ("seen_listening", "listening", 60.0, "quite"),
    }
    assert c.widest_gaps == ("seen_listening", "honesty", "suspicion")
    assert c.agreement == {} and c.most_agreement == ()


def test_unscored_dimension_is_left_out(bank: Bank) -> None:
    hurt = _result("hurt", {"suspicion": None, "honesty": 50.0})
    broke = _result("broke", {"suspicion": 20.0, "honesty": 50.0})
    c = compare(hurt, broke, bank)
    assert [g.area for g in c.gaps] == ["honesty"]
    assert c.gaps[0].view == "same"


def test_agreement_is_the_share_on_the_same_side_of_the_midpoint(bank: Bank) -> None:
    items = [i for i in bank.items if i.dimension == "suspicion"][:4]
    assert len(items) == 4
    lo, hi = items[0].scale.min, items[0].scale.max
    mid = (lo + hi) / 2
    first = {items[0].id: hi, items[1].id: lo, items[2].id: hi, items[3].id: lo}
    # same side, other side, same side (both high), one blank (left out)
    second = {items[0].id: hi, items[1].id: hi, items[2].id: hi, items[3].id: None}
    assert agreement(bank, ["suspicion"], first, second) == {"suspicion": round(2 / 3, 4)}
    if mid == int(mid):  # both at the midpoint: the same side
        both_mid = {items[0].id: int(mid)}
        assert agreement(bank, ["suspicion"], both_mid, both_mid) == {"suspicion": 1.0}


def test_most_agreement_and_record(bank: Bank) -> None:
    hurt = _result("hurt", {"suspicion": 50.0, "guardedness": 50.0})
    broke = _result("broke", {"suspicion": 50.0, "guardedness": 90.0})
    sus = [i.id for i in bank.items if i.dimension == "suspicion"]
    grd = [i.id for i in bank.items if i.dimension == "guardedness"]
    a = {i: 5 for i in sus + grd}
    b = {i: 5 for i in sus} | {i: 1 for i in grd}
    c = compare(hurt, broke, bank, answers=(a, b))
    assert c.agreement == {"suspicion": 1.0, "guardedness": 0.0}
    assert c.most_agreement == ("suspicion", "guardedness")
    record = to_record(c)
    assert record["dimensions"]["guardedness"]["gap"] == 40.0
    assert record["dimensions"]["guardedness"]["view"] == "quite"


def test_couple_rules_file_rises() -> None:
    rules = load_couple_rules()
    limits = [u for _, u in rules.views]
    assert limits == sorted(limits) and rules.top >= 1
    assert rules.view(0.0) == rules.views[0][0]


@pytest.mark.parametrize("gap", [0.0, 10.0, 10.01, 30.0, 100.0])
def test_view_is_the_first_threshold_not_exceeded(gap: float) -> None:
    rules = CoupleRules((("same", 10.0), ("somewhat", 30.0), ("quite", 100.0)), 3)
    expected = "same" if gap <= 10 else "somewhat" if gap <= 30 else "quite"
    assert rules.view(gap) == expected
