"""Selection of steps and strengths: parametrised tables of personas."""

from __future__ import annotations

import dataclasses

import pytest

from questions import Bank, load_bank
from reports.content import Content, load_content
from reports.selection import (
    MAX_STEPS,
    MIN_STEPS,
    band_label,
    build_plan,
    choose_steps,
    choose_strengths,
    composite_labels,
    kind_labels,
    needing_help,
)
from scoring.result import score_one
from scoring.rules import load_rules

# role, dimension scores (others healthy), expected order of dimensions needing help
NEED_ORDER = [
    ("hurt", {}, []),
    ("hurt", {"suspicion": 100, "forgiveness": 25}, ["suspicion", "forgiveness"]),
    ("hurt", {"suspicion": 50, "forgiveness": 0}, ["forgiveness", "suspicion"]),
    ("broke", {"accountability": 0, "transparency": 25}, ["accountability", "transparency"]),
    ("broke", {"listening": 50, "guardedness": 75}, ["guardedness", "listening"]),
    (
        "both",
        {"stating_needs": 50, "change_plan": 25, "dwelling_on_past": 100},
        ["dwelling_on_past", "change_plan", "stating_needs"],
    ),
    # a low sign and a high willingness never need help
    ("hurt", {"suspicion": 25, "commitment": 75}, []),
]


@pytest.mark.parametrize(("role", "scores", "expected"), NEED_ORDER)
def test_needing_help_order(persona, role, scores, expected) -> None:
    assert [d.id for d in needing_help(persona(role, scores))] == expected


# role, scores, expected step dimensions in order
STEP_TABLE = [
    # two dimensions: one step each, then a second for the most needed to reach three
    (
        "broke",
        {"accountability": 0, "transparency": 25},
        ["accountability", "transparency", "accountability"],
    ),
    (
        "hurt",
        {"suspicion": 100, "forgiveness": 0, "dwelling_on_past": 75},
        ["suspicion", "forgiveness", "dwelling_on_past"],
    ),
    # seven dimensions: the five most needed, one step each
    (
        "both",
        {
            "suspicion": 100,
            "insecurity": 75,
            "commitment": 0,
            "listening": 25,
            "transparency": 50,
            "guardedness": 50,
            "forgiveness": 50,
        },
        ["suspicion", "commitment", "insecurity", "listening", "guardedness"],
    ),
    ("hurt", {}, []),
]


@pytest.mark.parametrize(("role", "scores", "expected"), STEP_TABLE)
def test_step_dimensions(persona, content: Content, role, scores, expected) -> None:
    chosen = choose_steps(persona(role, scores), content.steps)
    assert [d.id for d, _ in chosen] == expected
    assert len({s.id for _, s in chosen}) == len(chosen)


@pytest.mark.parametrize("role", ["hurt", "broke", "both"])
@pytest.mark.parametrize("score", [0, 25, 75, 100])
def test_steps_match_role_and_band(persona, content: Content, role, score) -> None:
    scores = {
        "suspicion": score,
        "dwelling_on_past": score,
        "communication": 100 - score,
        "patience": 100 - score,
    }
    result = persona(role, scores)
    for dim, step in choose_steps(result, content.steps):
        assert role in step.roles
        assert dim.band in step.bands
        assert step.dimension == dim.id


def test_broke_persona_gets_repair_steps_not_hurt_steps(persona, bank: Bank, content) -> None:
    plan = build_plan(persona("broke", {"accountability": 0, "transparency": 0}), bank, content)
    assert {s.dimension for s in plan.steps} == {"accountability", "transparency"}
    by_id = {s.id: s for s in content.steps}
    assert all("broke" in by_id[s.id].roles for s in plan.steps)


def test_at_most_five_and_one_per_dimension_first(persona, content: Content) -> None:
    everything = {
        "anxious_clinging": 100,
        "guardedness": 100,
        "insecurity": 100,
        "suspicion": 100,
        "general_distrust": 100,
        "dwelling_on_past": 100,
        "commitment": 0,
        "communication": 0,
    }
    chosen = choose_steps(persona("hurt", everything), content.steps)
    assert len(chosen) == MAX_STEPS
    assert len({d.id for d, _ in chosen}) == MAX_STEPS


def test_one_dimension_gives_three_steps_when_it_has_them(persona, content) -> None:
    chosen = choose_steps(persona("hurt", {"anxious_clinging": 100}), content.steps)
    assert len(chosen) == MIN_STEPS
    assert {d.id for d, _ in chosen} == {"anxious_clinging"}


SAFETY_TABLE = [
    ("hurt", {"fear": 3}, ("safety", "danger")),
    ("broke", {"control_1": 2, "control_2": 2}, ("safety", "danger")),
    ("broke", {"control_children": 2}, ("safety", "danger", "high_danger")),
    ("both", {"selfharm_wish": 2, "selfharm_1": 2}, ("safety", "self_harm")),
    ("both", {"selfharm_plan": 2}, ("safety", "self_harm", "urgent")),
    ("hurt", {"harm_1": 2, "selfharm_2": 3}, ("safety", "danger", "self_harm")),
    (
        "hurt",
        {"harm_weapon": 2, "selfharm_prepared": 2},
        ("safety", "danger", "high_danger", "self_harm", "urgent"),
    ),
]


@pytest.mark.parametrize(("role", "safety", "flags"), SAFETY_TABLE)
def test_safety_withholds_steps(persona, bank, content, role, safety, flags) -> None:
    scores = {
        "anxious_clinging": 100,
        "suspicion": 100,
        "communication": 0,
        "reconnection": 25,
        "dwelling_on_past": 100,
    }
    result = persona(role, scores, safety=safety)
    assert result.flags == flags
    plan = build_plan(result, bank, content)
    by_id = {s.id: s for s in content.steps}
    assert plan.steps, "safe steps remain"
    assert not any(by_id[s.id].withheld_when_unsafe for s in plan.steps)
    titles = [b.title for b in plan.safety]
    crisis, danger = content.texts.self_harm.title, content.texts.safety.title
    panel = content.texts.text_blocks["crisis"].title
    first = panel if "urgent" in flags else crisis if "self_harm" in flags else danger
    assert titles[0] == first  # the crisis panel, else the crisis text, first
    assert plan.opens_alone == ("urgent" in flags)
    assert (crisis in titles) == ("self_harm" in flags)
    assert (danger in titles) == ("danger" in flags)


def test_no_safety_section_without_flag(persona, bank, content) -> None:
    assert build_plan(persona("hurt", {"suspicion": 100}), bank, content).safety == ()


STRENGTH_TABLE = [
    # everything else moderate (50): the lowest signs and highest willingness win
    ("hurt", {"suspicion": 0, "commitment": 100, "communication": 75}, ["suspicion", "commitment"]),
    ("hurt", {"suspicion": 25, "forgiveness": 100}, ["forgiveness", "suspicion"]),
    (
        "broke",
        {"transparency": 100, "change_plan": 75, "guardedness": 25},
        ["transparency", "guardedness"],
    ),
    # ties keep bank order
    ("both", {"dwelling_on_past": 0, "insecurity": 0}, ["insecurity", "dwelling_on_past"]),
]


@pytest.mark.parametrize(("role", "scores", "expected"), STRENGTH_TABLE)
def test_strengths(persona, bank: Bank, content: Content, role, scores, expected) -> None:
    moderate = {d.id: 50 for d in bank.scored_dimensions_for(role)}
    found = choose_strengths(persona(role, moderate | scores), content.strengths)
    assert [d.id for d, _ in found] == expected


def test_strengths_never_repeat_a_step_dimension(persona, bank, content) -> None:
    plan = build_plan(persona("hurt", {"suspicion": 50, "commitment": 50}), bank, content)
    assert {s.dimension for s in plan.strengths}.isdisjoint({s.dimension for s in plan.steps})
    assert len(plan.strengths) == 2


@pytest.mark.parametrize(
    ("relationship", "words"),
    [("romantic", "your partner"), ("friendship", "your friend"), ("work", "your colleague")],
)
def test_relationship_variant_chosen(persona, bank, content, relationship, words) -> None:
    template = next(
        t for t in content.strengths if t.dimension == "anxious_clinging" and "hurt" in t.roles
    )
    assert "the other person" in template.text  # the neutral base entry
    moderate = {d.id: 50 for d in bank.scored_dimensions_for("hurt")}
    result = persona("hurt", moderate | {"anxious_clinging": 0}, relationship=relationship)
    plan = build_plan(result, bank, content)
    assert plan.strengths[0].dimension == "anxious_clinging"
    assert plan.strengths[0].text == template.text.replace("the other person", words)
    assert plan.relationship_words == bank.relationships[relationship].label
    shown = [s.text for s in plan.strengths] + [d.meaning for d in plan.dimensions]
    shown += [f for s in plan.steps for f in (s.title, s.why, s.try_this_week, s.prompt)]
    assert not any("{" in t or "}" in t or "the other person" in t for t in shown)


def test_plan_words_follow_the_content_locale(persona, bank) -> None:
    result = persona("broke", {"accountability": 0, "transparency": 25}, safety={"self_harm": 2})
    english = build_plan(result, bank, load_content("en"))
    pseudo = build_plan(result, load_bank("qps-ploc"), load_content("qps-ploc"))
    assert (english.locale, pseudo.locale) == ("en", "qps-ploc")
    assert [s.id for s in pseudo.steps] == [s.id for s in english.steps]
    words = [pseudo.disclaimer, pseudo.support.title, *pseudo.safety[0].paragraphs]
    words += [c.label for c in pseudo.composites] + [c.text for c in pseudo.composites]
    words += [label for _, label in pseudo.kinds]
    words += [f for s in pseudo.steps for f in (s.title, s.why, s.try_this_week, s.prompt)]
    words += [s.prompt_label for s in pseudo.steps] + [s.text for s in pseudo.strengths]
    words += [d.meaning for d in pseudo.dimensions if d.meaning] + [pseudo.role_words]
    words += [d.name for d in pseudo.dimensions] + [d.band_label for d in pseudo.dimensions]
    words += [pseudo.relationship_words] + [s.dimension_name for s in pseudo.steps]
    assert all(w.startswith("⟦") and w.endswith("⟧") for w in words), words


def test_unscored_dimension_reason_in_words(bank, answers_for, content) -> None:
    answers = answers_for("hurt", {"suspicion": 100})
    for item in bank.items_for("hurt", "suspicion")[:2]:
        del answers[item.id]
    result = score_one(bank, "hurt", "family", answers)
    row = next(d for d in build_plan(result, bank, content).dimensions if d.id == "suspicion")
    assert (row.score, row.meaning) == (None, "")
    assert row.reason == result.dimensions["suspicion"].reason  # same words as the scorer's


def test_band_and_kind_labels(persona, bank, content) -> None:
    plan = build_plan(persona("hurt", {"suspicion": 100}), bank, content)
    row = next(d for d in plan.dimensions if d.id == "suspicion")
    assert (row.band, row.band_label) == ("high", band_label(content, "high"))
    assert dict(plan.kinds) == kind_labels(content)
    assert list(kind_labels(content)) == list(load_rules().kinds)
    assert composite_labels(content) == {c.id: c.label for c in plan.composites}


def test_strength_that_asks_trust_is_left_out_when_flagged(persona, bank, content) -> None:
    marked = tuple(
        dataclasses.replace(t, asks=frozenset({"trust"})) if t.dimension == "suspicion" else t
        for t in content.strengths
    )
    changed = dataclasses.replace(content, strengths=marked)
    scores = {"suspicion": 0, "forgiveness": 100}
    moderate = {d.id: 50 for d in bank.scored_dimensions_for("hurt")}
    safe = build_plan(persona("hurt", moderate | scores), bank, changed)
    assert "suspicion" in [s.dimension for s in safe.strengths]
    flagged = build_plan(persona("hurt", moderate | scores, safety={"fear": 2}), bank, changed)
    assert "suspicion" not in [s.dimension for s in flagged.strengths]
    assert "forgiveness" in [s.dimension for s in flagged.strengths]  # it asks nothing
