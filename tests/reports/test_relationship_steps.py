"""Issue 10, the report side: steps for every path and relationship type, none that polices
the hurt person's tone, and a colleague never given a step written for a couple."""

from __future__ import annotations

import re

import pytest

from questions import RELATIONSHIPS, Bank
from reports import build_plan
from reports.content import Content
from scoring.rules import load_rules

NOTHING: frozenset[str] = frozenset()
WHEREABOUTS = re.compile(r"\byour plans\b|\bwhere you will be\b|\bwhere they are\b|\bintima", re.I)


def _needed(bank: Bank):
    kinds = load_rules().kinds
    for d in bank.scored_dimensions:
        for role in d.roles:
            for band in sorted(kinds[d.kind].needs_help):
                yield d.id, role, band


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_two_steps_for_every_band_that_needs_help(bank, content: Content, relationship) -> None:
    thin = [
        (dim, role, band)
        for dim, role, band in _needed(bank)
        if sum(
            s.dimension == dim and band in s.bands and s.fits(role, relationship, NOTHING)
            for s in content.steps
        )
        < 2
    ]
    assert thin == []


def test_no_step_for_a_colleague_is_about_plans_whereabouts_or_intimacy(content) -> None:
    found = [
        s.id
        for s in (*content.steps, *content.paths)
        if "work" in s.relationships
        and any(
            WHEREABOUTS.search(content.text(f"report.step.{s.id}.{w}", "work"))
            for w in ("title", "why", "try_this_week", "prompt")
        )
    ]
    assert found == []


def test_a_work_persona_never_receives_a_step_tagged_for_couples(persona, bank, content) -> None:
    couples = {s.id for s in content.steps if "work" not in s.relationships}
    assert couples, "some steps are written for close relationships only"
    for role in ("hurt", "broke", "both"):
        signs = {d.id: 100 for d in bank.scored_dimensions_for(role) if d.kind == "sign"}
        ready = {d.id: 50 for d in bank.scored_dimensions_for(role) if d.kind != "sign"}
        for scores in (signs, ready, signs | ready):
            plan = build_plan(persona(role, scores, relationship="work"), bank, content)
            assert plan.steps
            assert not {s.id for s in plan.steps} & couples
            romantic = build_plan(persona(role, scores), bank, content)
            assert romantic.steps


def _words(content: Content, step_id: str) -> str:
    return " ".join(
        content.text(f"report.step.{step_id}.{w}", v)
        for w in ("title", "why", "try_this_week")
        for v in (None, *RELATIONSHIPS)
    )


def test_no_step_polices_the_hurt_person_s_tone(content: Content) -> None:
    """Nothing tells the hurt person to say it calmly or to soften their words ("a calm
    moment" is about timing and stays)."""
    hurt = [s for s in (*content.steps, *content.paths) if "hurt" in s.roles]
    policing = [s.id for s in hurt if re.search(r"calmly|soften", _words(content, s.id), re.I)]
    assert policing == []


def test_thanking_the_other_is_always_if_it_feels_right(content: Content) -> None:
    hurt = [s for s in content.steps if "hurt" in s.roles]
    asked = [s.id for s in hurt if re.search(r"\bthank\b", _words(content, s.id), re.I)]
    assert asked, "the appreciation step asks for thanks"
    for step_id in asked:
        for v in (None, *RELATIONSHIPS):
            text = content.text(f"report.step.{step_id}.try_this_week", v)
            assert "if it feels right" in text.lower(), (step_id, v)
