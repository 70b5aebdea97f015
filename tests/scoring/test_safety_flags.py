"""Safety flags from their named items (golden personas), stepped items, not screened."""

from __future__ import annotations

import pandas as pd
import pytest

from questions import Bank
from scoring.engine import context_column, flag_column, score_frame
from scoring.result import score_one
from scoring.rules import load_rules

from .conftest import all_answers

NEW_FLAGS = ("danger", "high_danger", "self_harm", "urgent", "safety_not_screened")


def screened(bank: Bank, role: str = "hurt", **endorsed: int) -> dict[str, int]:
    """Every item of the role answered 3 (safety "Never", context 1), some safety endorsed."""
    answers = all_answers(bank, role, 3, safety=1)
    answers = {k: v for k, v in answers.items() if bank.is_asked(bank.item_by_id[k], {})}
    answers.update({"ongoing": 2, "wants": 1, **endorsed})
    for item in bank.asked_items(role, answers):  # steps now taken are answered "Never"
        answers.setdefault(item.id, 1)
    return answers


def flags(bank: Bank, answers: dict[str, int], role: str = "hurt") -> set[str]:
    return set(score_one(bank, role, "romantic", answers).flags)


def test_the_rules_name_every_new_flag_and_keep_safety() -> None:
    names = [f.name for f in load_rules().flags]
    assert names[0] == "safety" and set(NEW_FLAGS) <= set(names)


@pytest.mark.parametrize("role", ["hurt", "broke", "both"])
def test_a_calm_full_screen_raises_nothing(bank: Bank, role: str) -> None:
    assert flags(bank, screened(bank, role), role) == set()


# persona: which item is endorsed ("Once or twice") -> exactly these flags
PERSONAS = [
    ("fear_1", {"safety", "danger"}),
    ("harm_1", {"safety", "danger"}),
    ("control_watch", {"safety", "danger"}),
    ("control_selfthreat", {"safety", "danger"}),
    ("harm_choke", {"safety", "danger", "high_danger"}),
    ("harm_weapon", {"safety", "danger", "high_danger"}),
    ("harm_sex", {"safety", "danger", "high_danger"}),
    ("harm_worse", {"safety", "danger", "high_danger"}),
    ("control_children", {"safety", "danger", "high_danger"}),
    ("selfharm_wish", {"safety", "self_harm"}),
    ("selfharm_1", {"safety", "self_harm"}),
    ("selfharm_2", {"safety", "self_harm"}),
    ("selfharm_prepared", {"safety", "self_harm", "urgent"}),
]


@pytest.mark.parametrize(("item", "expected"), PERSONAS, ids=[p[0] for p in PERSONAS])
def test_each_flag_from_its_named_items(bank: Bank, item: str, expected: set[str]) -> None:
    assert flags(bank, screened(bank, **{item: 2})) == expected


@pytest.mark.parametrize("item", ["selfharm_intent", "selfharm_plan"])
def test_intent_or_a_plan_is_urgent(bank: Bank, item: str) -> None:
    answers = screened(bank, selfharm_2=3, **{item: 2})
    assert flags(bank, answers) == {"safety", "self_harm", "urgent"}
    assert flags(bank, screened(bank, selfharm_2=3, selfharm_how=4)) == {"safety", "self_harm"}


def test_stepped_items_skipped_are_not_missing(bank: Bank) -> None:
    answers = screened(bank)  # selfharm_2 "Never": how, intent and plan are not asked
    stepped = {"selfharm_how", "selfharm_intent", "selfharm_plan"}
    assert not stepped & set(answers)
    assert bank.unanswered("hurt", answers) == []
    assert "safety_not_screened" not in flags(bank, answers)


def test_a_step_taken_and_left_blank_is_not_screened(bank: Bank) -> None:
    answers = screened(bank, selfharm_2=2)
    del answers["selfharm_plan"]
    assert [i.id for i in bank.unanswered("hurt", answers)] == ["selfharm_plan"]
    assert "safety_not_screened" in flags(bank, answers)


def test_an_endorsed_answer_to_an_item_not_asked_still_counts(bank: Bank) -> None:
    # a file can hold it: an endorsed intent is never ignored
    answers = screened(bank, selfharm_intent=3)
    assert not bank.is_asked(bank.item_by_id["selfharm_intent"], answers)
    assert {"self_harm", "urgent"} <= flags(bank, answers)


@pytest.mark.parametrize("role", ["hurt", "broke", "both"])
def test_blank_safety_is_not_screened(bank: Bank, role: str) -> None:
    answers = {
        k: v
        for k, v in screened(bank, role).items()
        if bank.kind_of(bank.item_by_id[k]) != "safety"
    }
    assert flags(bank, answers, role) == {"safety_not_screened"}
    one_blank = screened(bank, role)
    del one_blank["harm_choke"]
    assert flags(bank, one_blank, role) == {"safety_not_screened"}


def test_flags_vectorised_match_one_by_one(bank: Bank) -> None:
    rows = [screened(bank, **{item: 2}) for item, _ in PERSONAS]
    rows += [screened(bank, selfharm_2=2, selfharm_plan=5), {"cling_1": 3}]
    frame = pd.DataFrame(
        [
            {"respondent": str(n), "role": "hurt", "relationship": "work", **r}
            for n, r in enumerate(rows)
        ]
    )
    scored = score_frame(frame, bank)
    for n, answers in enumerate(rows):
        one = flags(bank, answers)
        assert {f for f in (*NEW_FLAGS, "safety") if scored[flag_column(f)].iloc[n]} == one


def test_context_columns_hold_the_chosen_choice(bank: Bank) -> None:
    frame = pd.DataFrame(
        [
            {"respondent": "a", "role": "hurt", "relationship": "work", "ongoing": 1, "wants": 4},
            {"respondent": "b", "role": "broke", "relationship": "work", "ongoing": 3.0},
            {"respondent": "c", "role": "both", "relationship": "work"},
        ]
    )
    scored = score_frame(frame, bank)
    assert scored[context_column("ongoing")].tolist()[:2] == ["yes", "not_sure"]
    assert pd.isna(scored[context_column("ongoing")].iloc[2])
    assert scored[context_column("wants")].tolist()[0] == "ended"
    assert pd.isna(scored[context_column("wants")].iloc[1])
    assert bank.context_of({"ongoing": 1, "wants": 4}) == {"ongoing": "yes", "wants": "ended"}
    assert bank.context_of({"ongoing": None, "wants": 9}) == {}


def test_result_carries_context_answers_and_the_form() -> None:
    from questions import load_bank
    from scoring.result import score_one

    bank = load_bank()
    ongoing = bank.context_items[0].id
    full = score_one(bank, "hurt", "romantic", {ongoing: 1.0})
    assert dict(full.context) == {ongoing: "yes"}
    assert full.form == "full"
    pulse = score_one(bank.for_form("pulse"), "hurt", "romantic", {})
    assert dict(pulse.context) == {}
    assert pulse.form == "pulse"


def test_unscored_reason_comes_from_the_catalogue() -> None:
    from scoring.result import DimensionScore

    d = DimensionScore("x", "x", "sign", None, None, 1, 5, 3)
    assert d.reason == "1 of 5 items answered; at least 3 needed"
    pseudo = d.reason_in("qps-ploc")
    assert pseudo is not None and pseudo.startswith("⟦") and pseudo.endswith("⟧")
    assert DimensionScore("x", "x", "sign", 50.0, "moderate", 5, 5, 3).reason_in("en") is None
