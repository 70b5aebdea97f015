"""The safety screen: asked first in every role's page order, stepped self-harm questions."""

from __future__ import annotations

import pytest

from checkup.flow import question_pages
from questions import ROLES, load_bank

BANK = load_bank()
STEPPED = ("selfharm_how", "selfharm_intent", "selfharm_plan")


@pytest.mark.parametrize("role", ROLES)
def test_safety_comes_before_the_first_repair_question(role: str) -> None:
    kinds = [BANK.kind_of(item) for page in question_pages(BANK, role) for item in page.items]
    first_scored = min(n for n, k in enumerate(kinds) if k in {"sign", "willingness", "trust"})
    assert set(kinds[:first_scored]) == {"safety", "context"}
    assert kinds.index("context") > max(n for n, k in enumerate(kinds) if k == "safety")
    assert kinds[0] == "safety" and "safety" not in kinds[first_scored:]
    safety = {i.id for i in BANK.items_for(role) if BANK.kind_of(i) == "safety"}
    assert len(safety) == 20  # 13 about the other person, 7 about yourself


@pytest.mark.parametrize(("thoughts", "asked"), [(None, False), (1, False), (2, True), (5, True)])
def test_method_intent_and_plan_follow_thoughts_of_ending_life(
    thoughts: int | None, asked: bool
) -> None:
    answers = {"selfharm_2": thoughts}
    for item_id in STEPPED:
        assert BANK.is_asked(BANK.item_by_id[item_id], answers) is asked
    for item_id in ("selfharm_wish", "selfharm_1", "selfharm_2", "selfharm_prepared"):
        assert BANK.is_asked(BANK.item_by_id[item_id], answers)  # asked of everyone
    ids = [i.id for i in BANK.asked_items("hurt", answers)]
    assert set(STEPPED) <= set(ids) if asked else not set(STEPPED) & set(ids)


def test_answers_to_a_step_taken_back_are_dropped() -> None:
    answers = {"selfharm_2": 3, "selfharm_plan": 2, "cling_1": 4, "acct_1": 5}
    assert BANK.asked_answers("hurt", answers) == {
        "selfharm_2": 3,
        "selfharm_plan": 2,
        "cling_1": 4,
    }
    answers["selfharm_2"] = 1
    assert BANK.asked_answers("hurt", answers) == {"selfharm_2": 1, "cling_1": 4}


def test_nan_is_a_blank_and_no_step() -> None:
    plan = BANK.item_by_id["selfharm_plan"]
    assert not BANK.is_asked(plan, {"selfharm_2": float("nan")})
    assert BANK.item_by_id["selfharm_2"] in BANK.unanswered("hurt", {"selfharm_2": float("nan")})


def test_the_safety_page_opens_in_two_calm_sentences() -> None:
    intro = BANK.sections_for("hurt")[0].intro
    assert intro.count(". ") == 1 and intro.endswith(".")
    assert "private" in intro or "never shown" in intro
