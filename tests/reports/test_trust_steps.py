"""Issue 10: trust in the other person (both sides) and their repair as the hurt person sees it
get their own steps, meanings, strengths and the trust_now composite."""

from __future__ import annotations

import pytest

from reports import build_plan
from reports.content import Content

TRUST = ("honesty", "dependability", "goodwill")
SEEN = ("seen_accountability", "seen_transparency", "seen_follow_through", "seen_listening")


@pytest.mark.parametrize("dim", [*TRUST, *SEEN])
def test_low_trust_or_repair_seen_gives_the_hurt_person_its_steps(persona, bank, content, dim):
    plan = build_plan(persona("hurt", {dim: 0}), bank, content)
    ours = [s for s in plan.steps if s.dimension == dim]
    assert len(ours) >= 2
    assert {s.dimension_name for s in ours} == {bank.dimension_by_id[dim].name}
    row = next(r for r in plan.dimensions if r.id == dim)
    assert row.meaning == content.text(f"report.meaning.{dim}.hurt.low", "romantic")
    assert "the other person" in content.texts.meanings[dim, "hurt"]["low"]  # the neutral one


@pytest.mark.parametrize("dim", TRUST)
def test_the_one_who_broke_trust_gets_steps_for_earning_it_not_for_giving_it(
    persona, bank, content: Content, dim: str
) -> None:
    plan = build_plan(persona("broke", {dim: 25}), bank, content)
    ours = {s.id for s in plan.steps if s.dimension == dim}
    by_id = {s.id: s for s in content.steps}
    assert ours and all("broke" in by_id[i].roles and "hurt" not in by_id[i].roles for i in ours)
    assert all("trust" not in by_id[i].asks for i in ours)


def test_trust_now_composite_by_role_and_relationship(persona, bank, content: Content) -> None:
    low = {d: 0 for d in TRUST}
    for role in ("hurt", "broke", "both"):
        for relationship, words in (("romantic", "partner"), ("work", "colleague")):
            result = persona(role, low, relationship=relationship)
            line = next(
                c for c in build_plan(result, bank, content).composites if c.id == "trust_now"
            )
            assert line.band == "low"
            assert line.text == content.text(f"report.composite.trust_now.{role}.low", relationship)
            if role != "both":
                assert words in line.text


def test_high_trust_is_a_strength_that_is_withheld_under_danger(persona, bank, content) -> None:
    moderate = {d.id: 50 for d in bank.scored_dimensions_for("hurt")}
    scores = moderate | {d: 100 for d in TRUST}
    plain = build_plan(persona("hurt", scores), bank, content)
    assert {s.dimension for s in plain.strengths} & set(TRUST)
    flagged = build_plan(persona("hurt", scores, safety={"fear": 3}), bank, content)
    assert not {s.dimension for s in flagged.strengths} & set(TRUST)
