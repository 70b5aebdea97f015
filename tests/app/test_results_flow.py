"""Whole flows through AppTest: each role to the results, the safety path, two sessions apart."""

from __future__ import annotations

import json

import pytest
from app_kit import finish, go_about, item_of, middle, new_app, session, set_answers, texts
from streamlit.testing.v1 import AppTest

from questions import ROLES, Item, load_bank
from reports import load_content
from reports.styles import PALETTE
from scoring.rules import load_rules

WITHHELD = {s.title for s in load_content().steps if s.withheld_when_unsafe}
TEXTS = load_content().texts


def figure(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def fearful(item: Item) -> int:
    """Afraid of the other person (a safety answer), otherwise strained and guarded."""
    if item.dimension == "fear":
        return 3
    if item.dimension in {"harm", "control", "self_harm"}:
        return item.scale.min
    return 2 if item.reverse else 5


FIRST_SELF_HARM = next(i.id for i in load_bank().items if i.dimension == "self_harm")


def self_harm(item: Item) -> int:
    """Only the first self-harm question endorsed (not the later, urgent steps)."""
    return 2 if item.id == FIRST_SELF_HARM else middle(item)


@pytest.mark.parametrize("role", ROLES)
def test_whole_flow_for_each_role(role: str) -> None:
    at = finish(go_about(new_app(), role, "romantic", alias="Zoë Łódź"))
    assert [t.value for t in at.title] == ["Your results"]
    shown = texts(at)
    assert "Zoë Łódź" in shown
    plan = session(at).memo["scored"][2]
    assert [m.label for m in at.metric] == [line.label for line in plan.composites]
    assert {"Trust strain", "Repair readiness"} <= {m.label for m in at.metric}
    assert all("out of 100" in m.value for m in at.metric)
    names = [d.name for d in load_bank().scored_dimensions_for(role)]
    assert all(f"**{name}**" in shown for name in names)
    assert "Small steps to try this week" in shown
    assert TEXTS.safety.title not in shown
    assert at.get("download_button")
    answers = session(at).answers
    assert len(answers) == len(load_bank().asked_items(role, answers))
    for raw in ("cling_1", "anxious_clinging", "None", "nan", "Traceback"):
        assert raw not in shown


def test_chart_has_every_dimension_in_one_panel_per_kind_with_fixed_axes() -> None:
    at = finish(go_about(new_app(), "both", "work"))
    fig = figure(at)
    bars = fig["data"]
    kinds = list(dict.fromkeys(d.kind for d in load_bank().scored_dimensions_for("both")))
    assert sorted(b["marker"]["color"] for b in bars) == sorted(PALETTE[k] for k in kinds)
    count = sum(len(b["y"]) for b in bars)
    assert count == len(load_bank().scored_dimensions_for("both"))
    axes = ["xaxis", *(f"xaxis{n}" for n in range(2, len(bars) + 1))]
    for axis in axes:
        assert fig["layout"][axis]["range"] == [0, 100]
        assert fig["layout"][axis]["fixedrange"] is True
    bands = len(load_rules().band_names)
    assert len([s for s in fig["layout"]["shapes"] if s["type"] == "rect"]) == bands * len(bars)


def test_safety_path_shows_safety_first_and_no_withheld_steps() -> None:
    at = finish(go_about(new_app(), "hurt", "romantic"), choose=fearful)
    headings = [s.value for s in at.header]
    assert headings[0] == TEXTS.safety.title
    assert headings.index(TEXTS.safety.title) < headings.index("Your overall scores")
    assert TEXTS.self_harm.title not in headings
    shown = texts(at)
    assert "Small steps to try this week" in shown
    assert not [title for title in WITHHELD if f"**{title}**" in shown]


def test_self_harm_puts_the_crisis_text_at_the_very_top() -> None:
    at = finish(go_about(new_app(), "broke", "friendship"), choose=self_harm)
    assert at.header[0].value == TEXTS.self_harm.title
    assert at.warning[0].value == TEXTS.self_harm.paragraphs[0]
    # Only self-harm was endorsed: the text about danger from the other person is not shown.
    assert TEXTS.safety.title not in [h.value for h in at.header]


def test_results_are_computed_once_per_change_of_answers() -> None:
    at = finish(go_about(new_app(), "hurt", "family"))
    first = session(at).memo["scored"]
    at.run()
    assert session(at).memo["scored"] is first
    item = load_bank().items_for("hurt")[0].id
    set_answers(at, {**session(at).answers, item: 1})
    at.run()
    assert session(at).memo["scored"] is not first


def test_two_sessions_never_share_answers() -> None:
    one = go_about(new_app(), "hurt", "romantic", alias="First")
    two = go_about(new_app(), "broke", "work", alias="Second")
    one.radio[0].set_value(5).run()
    two.radio[1].set_value(1).run()
    first, second = (item_of(at, at.radio[n]).id for at, n in ((one, 0), (two, 1)))
    assert session(one).answers == {first: 5}
    assert session(two).answers == {second: 1}
    three = new_app()
    assert not session(three).answers
    assert session(one).respondent.alias == "First" and session(two).respondent.alias == "Second"


def test_the_bands_are_explained_under_the_chart() -> None:
    at = finish(go_about(new_app(), "hurt", "work"))
    captions = [c.value for c in at.caption]
    assert any("equal thirds" in c for c in captions), captions
