"""Hand-computed golden cases for the scoring engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from questions import Bank
from scoring.engine import score_frame
from scoring.result import score_one, to_flat_row, to_record

from .conftest import all_answers


def test_reverse_keying_and_scale_to_100(bank: Bank) -> None:
    # cling_1..3 normal, cling_4 reverse: 5, 4, 3 and (1 -> 1 + 5 - 1 = 5): mean 4.25
    # score = 100 * (4.25 - 1) / (5 - 1) = 81.25, band high (>= 66.67)
    answers = {"cling_1": 5, "cling_2": 4, "cling_3": 3, "cling_4": 1}
    dim = score_one(bank, "hurt", "romantic", answers).dimensions["anxious_clinging"]
    assert dim.score == 81.25
    assert dim.band == "high"
    assert not bank.item_by_id["cling_1"].reverse and bank.item_by_id["cling_4"].reverse


def test_two_thirds_rule(bank: Bank) -> None:
    two = score_one(bank, "hurt", "romantic", {"cling_1": 5, "cling_2": 5}).dimensions
    assert two["anxious_clinging"].score is None
    assert two["anxious_clinging"].reason == "2 of 4 items answered; at least 3 needed"
    three = score_one(bank, "hurt", "romantic", {"cling_1": 5, "cling_2": 5, "cling_3": 3})
    # mean (5 + 5 + 3) / 3 = 13/3 -> 100 * (13/3 - 1) / 4 = 83.33
    assert three.dimensions["anxious_clinging"].score == pytest.approx(83.33)


def test_three_item_dimension_needs_two(bank: Bank) -> None:
    items = [i.id for i in bank.items_for("hurt", "support")]
    assert len(items) == 3
    one = score_one(bank, "hurt", "work", {items[0]: 3}).dimensions["support"]
    assert one.score is None and one.needed == 2
    assert (
        score_one(bank, "hurt", "work", {items[0]: 3, items[1]: 3}).dimensions["support"].score
        == 50.0
    )


def test_bands_at_the_cut_offs(bank: Bank) -> None:
    # all answers 2 -> 25 (low); 3 -> 50 (moderate); 4 -> 75 (high); reverse items flip
    # so use only the three normal cling items.
    for value, score, band in [(2, 25.0, "low"), (3, 50.0, "moderate"), (4, 75.0, "high")]:
        answers = {"cling_1": value, "cling_2": value, "cling_3": value}
        dim = score_one(bank, "hurt", "romantic", answers).dimensions["anxious_clinging"]
        assert (dim.score, dim.band) == (score, band)


def test_dimensions_not_asked_are_absent_not_zero(bank: Bank) -> None:
    hurt = score_one(bank, "hurt", "romantic", all_answers(bank, "hurt", 3))
    assert "accountability" not in hurt.dimensions
    assert "forgiveness" in hurt.dimensions
    record = to_record(hurt)
    assert "accountability" not in record["scores"]
    assert to_flat_row(hurt).get("accountability") is None
    broke = score_one(bank, "broke", "romantic", all_answers(bank, "broke", 3))
    assert "forgiveness" not in broke.dimensions and "transparency" in broke.dimensions
    both = score_one(bank, "both", "romantic", all_answers(bank, "both", 3))
    assert {"forgiveness", "transparency"} <= set(both.dimensions)


def test_composites_are_means_of_their_dimensions(bank: Bank) -> None:
    answers = all_answers(bank, "hurt", 3)
    for item in bank.items_for("hurt", "anxious_clinging"):
        answers[item.id] = 1 if item.reverse else 5  # anxious_clinging -> 100
    result = score_one(bank, "hurt", "romantic", answers)
    signs = [d.score for d in result.of_kind("sign")]
    assert signs.count(100.0) == 1 and signs.count(50.0) == 5
    assert result.composites["trust_strain"].score == pytest.approx((100 + 5 * 50) / 6, abs=0.01)
    assert result.composites["repair_readiness"].score == 50.0


@pytest.mark.parametrize(
    ("safety_answers", "flags"),
    [
        ({}, ()),
        ({"fear_1": 1, "harm_1": 1}, ()),
        ({"fear_1": 2}, ("safety", "danger")),
        ({"control_2": 5}, ("safety", "danger")),
        ({"selfharm_2": 2}, ("safety", "self_harm")),
        ({"harm_1": 3, "selfharm_1": 2}, ("safety", "danger", "self_harm")),
    ],
)
def test_safety_flag(bank: Bank, safety_answers: dict[str, int], flags: tuple[str, ...]) -> None:
    answers = {**all_answers(bank, "broke", 3), **safety_answers}
    for item_id in (
        "fear_1",
        "fear_2",
        "harm_1",
        "harm_2",
        "control_1",
        "control_2",
        "selfharm_1",
        "selfharm_2",
    ):
        answers.setdefault(item_id, 1)
    assert score_one(bank, "broke", "family", answers).flags == flags


def test_frame_scores_many_respondents_like_one_at_a_time(bank: Bank) -> None:
    rng = np.random.default_rng(7)
    rows = []
    for n in range(60):
        role = ("hurt", "broke", "both")[n % 3]
        items = bank.items_for(role)
        values = rng.integers(1, 6, size=len(items)).astype(float)
        values[rng.random(len(items)) < 0.2] = np.nan
        rows.append(
            {
                "respondent": f"r{n}",
                "role": role,
                "relationship": "work",
                **{i.id: v for i, v in zip(items, values, strict=True)},
            }
        )
    frame = pd.DataFrame(rows)
    scored = score_frame(frame, bank)
    for pos, row in enumerate(rows):
        answers = {k: v for k, v in row.items() if k in bank.item_by_id and not np.isnan(v)}
        one = score_one(bank, row["role"], "work", answers)
        for dim_id, dim in one.dimensions.items():
            expected = scored[dim_id].iloc[pos]
            if dim.score is None:
                assert np.isnan(expected)
            else:
                assert dim.score == pytest.approx(expected, abs=0.005)
