"""Issue 9: what each flag and each context path changes, through build_plan and the PDF text.

One persona per flag (urgent, self_harm, danger, high_danger, safety_not_screened) and per
context path (still going on; wants to end; it has ended). Each flag is raised by scoring the
named items of scoring/rules.yaml; what it changes is the report's data.
"""

from __future__ import annotations

import dataclasses

import pytest

from locales import catalogue
from reports import build_plan, render
from reports.content import Content
from reports.selection import Plan
from scoring.result import Result

NEEDS_HELP = {
    "anxious_clinging": 100,
    "suspicion": 100,
    "guardedness": 100,
    "communication": 0,
    "reconnection": 0,
    "openness_to_trust": 0,
    "stating_needs": 0,
    "commitment": 25,
    "accountability": 0,
    "transparency": 0,
}
GOOD = {"forgiveness": 100, "appreciation": 100, "support": 100, "follow_through": 100}
PARTNER_DIRECTED = frozenset({"contact", "openness", "trust"})
SUMMARY = catalogue("en").text("report.heading.summary")  # the scores begin here


def _asks(content: Content, plan: Plan) -> set[str]:
    """Everything the plan's steps and strengths ask of the person towards the other."""
    by_id = {s.id: s for s in (*content.steps, *content.paths)}
    by_text = {
        content.text(f"report.strength.{t.id}", plan.relationship): t for t in content.strengths
    }
    asked = {a for card in plan.steps for a in by_id[card.id].asks}
    return asked | {a for s in plan.strengths for a in by_text[s.text].asks}


def _persona(persona, role: str, **safety: int | None) -> Result:
    return persona(role, NEEDS_HELP | GOOD, safety=safety or None)


def _pdf_text(pdf_text, plan: Plan) -> str:
    return pdf_text(render(plan, invariant=True))


# ---------------------------------------------------------------- danger and high danger


@pytest.mark.parametrize("role", ["hurt", "broke", "both"])
def test_danger_leaves_out_every_partner_directed_step_and_strength(
    persona, bank, content: Content, pdf_text, role: str
) -> None:
    result = _persona(persona, role, fear=3)
    assert "danger" in result.flags
    plan = build_plan(result, bank, content)
    assert plan.steps, "steps on the person's own ground remain"
    assert _asks(content, plan) == set()
    assert plan.withheld == PARTNER_DIRECTED
    assert plan.safety[0].title == content.texts.safety.title
    text = _pdf_text(pdf_text, plan)
    assert text.find(content.texts.safety.title) < text.find(SUMMARY)
    assert "extend trust" not in text  # the known bad case: a strength that asked for trust
    for step in (*content.steps, *content.paths):
        if step.asks:
            assert step.title not in text


def test_danger_uses_the_safe_composite_wording(persona, bank, content: Content) -> None:
    result = _persona(persona, "hurt", harm=2)
    plan = build_plan(result, bank, content)
    for line in plan.composites:
        assert line.band is not None
        safe = f"report.composite.{line.id}.safe.{line.band}"
        assert line.text == content.text(safe, plan.relationship)
    usual = build_plan(_persona(persona, "hurt"), bank, content)
    assert [c.text for c in usual.composites] != [c.text for c in plan.composites]


def test_high_danger_adds_safety_planning_and_the_plain_line(
    persona, bank, content: Content, pdf_text
) -> None:
    result = _persona(persona, "hurt", fear=3, harm_choke=2)
    assert "high_danger" in result.flags
    plan = build_plan(result, bank, content)
    planning = content.texts.text_blocks["safety_planning"]
    assert [b.title for b in plan.safety] == [content.texts.safety.title, planning.title]
    assert _asks(content, plan) == set()
    text = _pdf_text(pdf_text, plan)
    assert "specialists in domestic abuse take very seriously" in text
    for words in ("safe place", "bag", "code word", "domestic-violence service"):
        assert words in text
    assert text.find(planning.title) < text.find(SUMMARY)


# ---------------------------------------------------------------- self-harm and urgent


def test_self_harm_puts_crisis_information_first(persona, bank, content: Content) -> None:
    result = _persona(persona, "both", selfharm_1=2, selfharm_2=2, fear_1=2)
    assert "self_harm" in result.flags and "urgent" not in result.flags
    plan = build_plan(result, bank, content)
    assert [b.title for b in plan.safety][:2] == [
        content.texts.self_harm.title,
        content.texts.safety.title,
    ]
    assert not plan.opens_alone


def test_urgent_opens_on_the_crisis_panel_alone(persona, bank, content: Content, pdf_text) -> None:
    result = _persona(persona, "hurt", selfharm_2=4, selfharm_intent=3)
    assert "urgent" in result.flags
    plan = build_plan(result, bank, content)
    crisis = content.texts.text_blocks["crisis"]
    assert plan.opens_alone
    assert plan.safety[0] == crisis
    assert plan.safety[1].title == content.texts.self_harm.title  # one click away below it
    text = _pdf_text(pdf_text, plan)
    first = text.find(crisis.title)
    assert 0 < first < text.find(content.texts.self_harm.title) < text.find(SUMMARY)
    assert "For the next hour" in text


def test_no_flag_no_safety_blocks_and_not_opening_alone(persona, bank, content) -> None:
    plan = build_plan(_persona(persona, "hurt"), bank, content)
    assert (plan.safety, plan.opens_alone, plan.notes, plan.withheld) == ((), False, (), set())
    assert _asks(content, plan)  # without a flag, partner-directed steps are offered


# ---------------------------------------------------------------- not screened


def test_safety_not_screened_says_so_in_one_calm_line(
    persona, bank, content: Content, pdf_text
) -> None:
    result = _persona(persona, "broke", fear_2=None, harm_sex=None)
    assert result.flags == ("safety_not_screened",)
    plan = build_plan(result, bank, content)
    line = content.text("report.note.not_screened")
    assert plan.notes == (line,)
    assert plan.safety == ()
    text = " ".join(_pdf_text(pdf_text, plan).split())
    assert 0 < text.find(" ".join(line.split())) < text.find(SUMMARY)


# ---------------------------------------------------------------- context paths


def _path_ids(content: Content, role: str) -> set[str]:
    return {s.id for s in content.paths if role in s.roles}


def test_still_going_on_gives_the_hurt_person_no_step_asking_trust(
    persona, bank, content: Content
) -> None:
    result = persona("hurt", {"openness_to_trust": 0})  # the steps here ask for trust
    open_plan = build_plan(result, bank, content, context={"ongoing": "no"})
    assert "trust" in _asks(content, open_plan)
    for answer in ("yes", "not_sure"):
        plan = build_plan(result, bank, content, context={"ongoing": answer})
        assert plan.steps
        assert "trust" not in _asks(content, plan)
        assert plan.withheld == {"trust"}
    broke = persona("broke", {"change_plan": 50})  # its sharing step asks trust: still offered
    plan = build_plan(broke, bank, content, context={"ongoing": "yes"})
    assert plan.withheld == set()


@pytest.mark.parametrize("wants", ["end", "ended"])
@pytest.mark.parametrize("role", ["hurt", "broke", "both"])
def test_ending_gives_the_ending_path_first(
    persona, bank, content: Content, pdf_text, role: str, wants: str
) -> None:
    plan = build_plan(_persona(persona, role), bank, content, context={"wants": wants})
    assert plan.paths == ("ending",)
    path_steps = [s for s in plan.steps if s.id in _path_ids(content, role)]
    assert len(path_steps) >= 2
    assert plan.steps[: len(path_steps)] == tuple(path_steps)
    assert {s.dimension_name for s in path_steps} == {content.text("report.path.ending.title")}
    assert _asks(content, plan) == set()
    text = _pdf_text(pdf_text, plan)
    assert path_steps[0].title in text


def test_the_one_who_broke_trust_gets_steps_for_respecting_the_choice(
    persona, bank, content: Content
) -> None:
    plan = build_plan(_persona(persona, "broke"), bank, content, context={"wants": "ended"})
    assert "ending_keep_distance" in [s.id for s in plan.steps]
    hurt = build_plan(_persona(persona, "hurt"), bank, content, context={"wants": "ended"})
    assert "ending_keep_distance" not in [s.id for s in hurt.steps]


def test_rebuilding_or_undecided_changes_nothing(persona, bank, content) -> None:
    plain = build_plan(_persona(persona, "hurt"), bank, content)
    for wants in ("rebuild", "undecided"):
        assert (
            build_plan(_persona(persona, "hurt"), bank, content, context={"wants": wants}) == plain
        )


def test_the_result_context_is_used_when_none_is_given(persona, bank, content) -> None:
    @dataclasses.dataclass(frozen=True)
    class WithContext(Result):
        context: dict[str, str] = dataclasses.field(default_factory=dict)

    base = _persona(persona, "hurt")
    result = WithContext(**{f.name: getattr(base, f.name) for f in dataclasses.fields(base)})
    result = dataclasses.replace(result, context={"wants": "end"})
    assert build_plan(result, bank, content).paths == ("ending",)


@pytest.mark.parametrize(
    ("items", "flag"),
    [
        ({"harm_choke": 2}, "high_danger"),
        ({"harm_weapon": 2}, "high_danger"),
        ({"harm_sex": 2}, "high_danger"),
        ({"harm_worse": 2}, "high_danger"),
        ({"control_children": 2}, "high_danger"),
        ({"selfharm_2": 2, "selfharm_intent": 2}, "urgent"),
        ({"selfharm_2": 2, "selfharm_plan": 2}, "urgent"),
        ({"selfharm_prepared": 2}, "urgent"),
    ],
)
def test_each_named_item_raises_its_flag_and_its_effect(
    persona, bank, content: Content, items: dict[str, int], flag: str
) -> None:
    plan = build_plan(_persona(persona, "hurt", **items), bank, content)
    effect = dict(content.effects.flags)[flag]
    for block in effect.blocks:
        assert content.texts.text_blocks[block] in plan.safety
    assert plan.opens_alone == effect.opens_alone
    assert effect.withhold <= plan.withheld


def test_a_step_not_taken_is_not_unscreened(persona, bank) -> None:
    """The stepped self-harm questions are asked only after 'ending my life' above Never."""
    result = _persona(persona, "hurt", selfharm_how=None, selfharm_intent=None)
    assert result.flags == ()
