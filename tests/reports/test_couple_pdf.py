"""The couple plan and PDF: words per area, agreement, starters, steps for both, the safety
refusal, hostile names, the neutral title and file name, the chart in two labelled colours."""

from __future__ import annotations

import datetime
import io
import json
import unicodedata

import pytest
from pypdf import PdfReader

from reports.couple_chart import COLOURS, PATTERNS, couple_figure
from reports.couple_pdf import couple_filename, render_couple
from reports.couple_plan import OverTime, Partner, build_couple_plan, marked_steps, names_of
from reports.couple_words import STARTER
from reports.styles import PALETTE
from scoring.couple_cli import SafetyFirst

WHEN = datetime.date(2026, 12, 1)
NAMES = ("Sam", "Robin")


@pytest.fixture
def apart(persona, answers_for):
    """A hurt partner with strong signs and low trust; a partner who broke trust who sees
    little strain: wide gaps on signs, item answers shared for every area."""
    hurt_scores = {"suspicion": 100, "anxious_clinging": 75, "honesty": 25, "dependability": 25}
    broke_scores = {"suspicion": 0, "anxious_clinging": 25, "honesty": 75, "dependability": 75,
                    "listening": 25, "transparency": 25}
    return (
        Partner(persona("hurt", hurt_scores), answers_for("hurt", hurt_scores)),
        Partner(persona("broke", broke_scores), answers_for("broke", broke_scores)),
    )


def test_plan_words_views_agreement_and_starters(apart, bank, content) -> None:
    plan = build_couple_plan(*apart, bank, content, NAMES)
    rows = {r.area: r for r in plan.rows}
    assert (rows["suspicion"].first, rows["suspicion"].second, rows["suspicion"].gap) == (
        100.0,
        0.0,
        100.0,
    )
    assert rows["suspicion"].words == "You see this quite differently."
    assert rows["goodwill"].words == "You see this about the same."  # both healthy
    assert rows["seen_listening"].name == "Listening without defending"
    assert [t.area for t in plan.widest_gaps][:1] == ["suspicion"]
    assert all(t.starter == content.text(STARTER[t.area]) for t in plan.widest_gaps)
    agreement = {t.area: t.detail for t in plan.agreement}
    assert agreement["suspicion"] == "On 0% of these questions you answered on the same side."
    assert agreement["goodwill"].startswith("On 100%")
    assert plan.most_agreement and all("On 100%" in t.detail for t in plan.most_agreement)


def test_couple_steps_come_from_both_results_and_are_marked(apart, bank, content) -> None:
    plan = build_couple_plan(*apart, bank, content, NAMES)
    marked, limit = marked_steps()
    assert plan.steps and len(plan.steps) <= limit
    assert {s.side for s in plan.steps} == {"first", "second"}
    assert all(s.card.id in marked for s in plan.steps)
    assert len({s.card.id for s in plan.steps}) == len(plan.steps)
    first = next(s for s in plan.steps if s.side == "first")
    assert first.card.dimension in {"suspicion", "anxious_clinging", "honesty", "dependability"}


def test_without_shared_answers_there_is_no_agreement(apart, bank, content) -> None:
    first, second = apart
    plan = build_couple_plan(Partner(first.result), second, bank, content, NAMES)
    assert plan.agreement == () and plan.most_agreement == ()
    assert plan.rows


@pytest.mark.parametrize("side", [0, 1])
def test_a_flag_on_either_side_refuses_the_plan(persona, apart, bank, content, side) -> None:
    flagged = Partner(persona("hurt", safety={"fear_1": 4}))
    assert flagged.result.flags
    pair = list(apart)
    pair[side] = flagged
    with pytest.raises(SafetyFirst):
        build_couple_plan(pair[0], pair[1], bank, content, NAMES)


def test_pdf_text_title_and_file_name(apart, bank, content, pdf_text) -> None:
    over = OverTime("1 November 2026", "1 December 2026", ("Honesty: gap 40 then 10",), (), ())
    plan = build_couple_plan(*apart, bank, content, NAMES, over_time=over)
    data = render_couple(plan, when=WHEN, invariant=True)
    assert data == render_couple(plan, when=WHEN, invariant=True)
    text = pdf_text(data)
    for needle in (
        "Check-up comparison",
        "Sam and Robin",
        "1 December 2026",
        "Your scores side by side",
        "You see this quite differently.",
        "Where you see things most differently",
        content.text(STARTER["suspicion"]),
        "Steps for the two of you",
        "From Sam's results",
        "From Robin's results",
        "Over time",
        "Honesty: gap 40 then 10",
    ):
        assert needle in text, needle
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta.title == "Check-up comparison"
    for field in (meta.title, meta.subject, meta.author, meta.creator):
        assert not any(w in (field or "").lower() for w in ("trust", "couple", "sam", "robin"))
    assert couple_filename(WHEN) == "comparison-2026-12-01.pdf"
    safety = content.texts.safety
    assert safety.title not in text and not any(p in text for p in safety.paragraphs)


def _squash(text: str) -> str:
    """NFKC (Arabic presentation forms back to letters), no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize(
    "name",
    ['<font color="red">x</font> & <b>', "سارة", "Ζωή Łukasz", "王小明", "x" * 80],
)
def test_hostile_and_foreign_names_print_as_typed(apart, bank, content, name) -> None:
    plan = build_couple_plan(*apart, bank, content, (name, "Robin"))
    first = PdfReader(io.BytesIO(render_couple(plan, when=WHEN))).pages[0].extract_text()
    want, got = _squash(name), _squash(first)
    assert want in got or want[::-1] in got
    assert "Robin" in got


def test_names_fall_back_to_partner_a_and_b(content) -> None:
    assert names_of(content, {"first": "  ", "second": None}) == ("Partner A", "Partner B")
    assert names_of(content, {"first": " Sam ", "second": "Robin"}) == ("Sam", "Robin")


def test_screen_chart_two_palette_colours_hatched_and_numbered(apart, bank, content) -> None:
    plan = build_couple_plan(*apart, bank, content, ("<b>Sam</b>", "Robin"))
    figure = json.loads(json.dumps(couple_figure(plan).to_dict()))
    first, second = figure["data"]
    assert [first["marker"]["color"], second["marker"]["color"]] == [PALETTE[c] for c in COLOURS]
    assert [first["marker"]["pattern"]["shape"], second["marker"]["pattern"]["shape"]] == list(
        PATTERNS
    )
    assert PATTERNS[0] != PATTERNS[1]  # not colour alone
    assert second["marker"]["pattern"]["fillmode"] == "overlay"  # hatched, never left blank
    assert first["name"] == "&lt;b&gt;Sam&lt;/b&gt;" and second["name"] == "Robin"
    assert first["text"] == [f"{r.first:.0f}" for r in plan.rows]
    assert figure["layout"]["xaxis"]["range"] == [0, 100]


def test_every_word_of_a_plan_comes_from_the_catalogue(apart) -> None:
    """In the pseudo-locale every line of the plan is wrapped: none bypassed the catalogue."""
    from locales import PSEUDO_LOCALE
    from questions import load_bank
    from reports.content import load_content

    bank, content = load_bank(PSEUDO_LOCALE), load_content(PSEUDO_LOCALE)
    plan = build_couple_plan(*apart, bank, content, ("Sam", "Robin"))
    lines = [r.words for r in plan.rows] + [r.name for r in plan.rows]
    lines += [t.detail for t in plan.agreement] + [t.starter for t in plan.widest_gaps]
    lines += [s.card.title for s in plan.steps] + [s.card.why for s in plan.steps]
    assert lines and all(line.startswith("⟦") and line.endswith("⟧") for line in lines)
    assert render_couple(plan).startswith(b"%PDF")


def test_screen_chart_names_sit_above_the_bars(apart, bank, content) -> None:
    """No tick labels to squeeze the bars on a phone: each name is an annotation above them."""
    plan = build_couple_plan(*apart, bank, content, NAMES)
    figure = json.loads(json.dumps(couple_figure(plan).to_dict()))
    assert figure["layout"]["yaxis"]["showticklabels"] is False
    notes = figure["layout"]["annotations"]
    assert [n["text"] for n in notes] == [r.name for r in plan.rows]
    assert all(n["yshift"] > 0 and n["x"] == 0 for n in notes)
