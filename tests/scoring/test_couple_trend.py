"""A couple over time: the reliable change of a gap, worked by hand; scores-only comparison."""

from __future__ import annotations

import math

import pytest

from questions import Bank
from scoring.couple import CoupleRules, Side, compare, compare_sides, result_from_scores
from scoring.couple_trend import (
    APART,
    CLOSER,
    SAME,
    direction_of,
    gap_change_index,
    gap_changes,
)
from scoring.norms import DimensionNorm
from scoring.result import DimensionScore, Result
from scoring.rules import load_rules

# SE_a = 20 * sqrt(1 - .84) = 8; SE_b = 15 * sqrt(1 - .64) = 9; S_gap = sqrt(2 * 145) = 17.0294
A = DimensionNorm(alpha=0.84, sd=20.0, n=40)
B = DimensionNorm(alpha=0.64, sd=15.0, n=40)
S_GAP = math.sqrt(2.0 * (64.0 + 81.0))
RULES = CoupleRules((("same", 10.0), ("somewhat", 30.0), ("quite", 100.0)), 3)


@pytest.mark.parametrize(
    ("before", "after", "rc", "direction"),
    [
        (40.0, 5.0, -2.0553, CLOSER),  # 35 points closer: beyond 1.96
        (10.0, 40.0, 1.7617, SAME),  # 30 points further: within 1.96
        (5.0, 45.0, 2.3489, APART),
        (20.0, 20.0, 0.0, SAME),
    ],
)
def test_gap_change_index_by_hand(before: float, after: float, rc: float, direction: str) -> None:
    assert round(S_GAP, 4) == 17.0294
    got = gap_change_index(before, after, A, B)
    assert got == pytest.approx(rc, abs=1e-4)
    assert direction_of(got) == direction


def test_a_gap_with_no_spread_is_refused() -> None:
    perfect = DimensionNorm(alpha=0.0, sd=0.0, n=40)
    with pytest.raises(ValueError, match="standard error"):
        gap_change_index(10.0, 20.0, perfect, perfect)


def _result(role: str, scores: dict[str, float | None]) -> Result:
    dims = {k: DimensionScore(k, k, "sign", v, None, 5, 5, 3) for k, v in scores.items()}
    return Result("r", role, "romantic", dims, {}, ())


def test_gap_changes_over_two_occasions(bank: Bank) -> None:
    first = compare(
        _result("hurt", {"suspicion": 80.0, "honesty": 30.0, "seen_listening": 20.0}),
        _result("broke", {"suspicion": 40.0, "honesty": 40.0, "listening": 90.0}),
        bank,
        rules=RULES,
    )
    last = compare(
        _result("hurt", {"suspicion": 55.0, "honesty": 30.0, "seen_listening": 40.0}),
        _result("broke", {"suspicion": 50.0, "honesty": 80.0}),  # listening not scored now
        bank,
        rules=RULES,
    )
    norms = {"suspicion": A, "honesty": B}  # honesty's partner side is honesty too
    got = {c.area: c for c in gap_changes(first, last, norms)}
    assert set(got) == {"suspicion", "honesty"}  # seen_listening is not compared twice
    sus = got["suspicion"]
    assert (sus.before, sus.after, sus.points) == (40.0, 5.0, -35.0)
    # both sides' suspicion use A: S = sqrt(2 * 2 * 64) = 16
    assert sus.rc == pytest.approx(-35.0 / 16.0, abs=1e-4) and sus.direction == CLOSER
    honesty = got["honesty"]  # both sides use B: S = sqrt(2 * 2 * 81) = 18
    assert honesty.rc == pytest.approx(40.0 / 18.0, abs=1e-4) and honesty.direction == APART
    assert gap_changes(first, last, {})[0].direction is None  # no norms: points only


def test_compare_sides_reads_scores_alone_as_compare_reads_results(bank: Bank) -> None:
    hurt = _result("hurt", {"suspicion": 80.0, "honesty": 40.0, "seen_listening": float("nan")})
    broke = _result("broke", {"suspicion": 75.0, "honesty": 60.0, "listening": 90.0})
    by_result = compare(hurt, broke, bank, rules=RULES)
    by_scores = compare_sides(
        Side("hurt", {"suspicion": 80.0, "honesty": 40.0, "seen_listening": float("nan")}),
        Side("broke", {"suspicion": 75.0, "honesty": 60.0, "listening": 90.0}),
        bank,
        rules=RULES,
    )
    assert by_result == by_scores
    assert [g.area for g in by_scores.gaps] == ["suspicion", "honesty"]  # NaN is not a score


def test_result_from_scores_bands_them_and_holds_no_flag(bank: Bank) -> None:
    rules = load_rules()
    result = result_from_scores("hurt", "romantic", {"suspicion": 90.0, "trust_now": 20.0}, bank)
    assert result.flags == () and dict(result.context) == {}
    sus = result.dimensions["suspicion"]
    assert (sus.score, sus.band, sus.answered == sus.total) == (90.0, rules.band_of(90.0), True)
    honesty = result.dimensions["honesty"]
    assert (honesty.score, honesty.band, honesty.answered) == (None, None, 0)
    assert set(result.dimensions) == {d.id for d in bank.scored_dimensions_for("hurt")}
    assert result.composites["trust_now"].band == rules.band_of(20.0)
