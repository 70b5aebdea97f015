"""The screen chart's words come from the catalogue: wrapped in qps-ploc, English by default."""

from __future__ import annotations

import re

import pytest

from questions import load_bank
from reports import build_plan, load_content
from reports.chart_groups import band_regions, kind_groups
from reports.screen_chart import build_figure, panel_title
from scoring.result import score_one
from scoring.rules import load_rules

TAG = re.compile(r"<[^>]+>")


def _plan(answers_for, locale: str):
    answers = answers_for("hurt", {"suspicion": 100})
    bank = load_bank(locale)
    del answers[bank.items_for("hurt", "patience")[0].id]
    del answers[bank.items_for("hurt", "patience")[1].id]
    result = score_one(bank, "hurt", "friendship", answers)
    return build_plan(result, bank, load_content(locale))


def test_every_chart_word_is_wrapped_in_the_pseudo_locale(answers_for) -> None:
    plan = _plan(answers_for, "qps-ploc")
    fig = build_figure(plan.dimensions, locale=plan.locale).to_dict()
    notes = [TAG.sub("", a["text"]) for a in fig["layout"]["annotations"]]
    patience = next(d for d in plan.dimensions if d.id == "patience")
    unscored = load_content("qps-ploc").text("report.chart.name_unscored", name=patience.name)
    assert unscored in notes
    assert notes and all(n.startswith("⟦") and n.endswith("⟧") for n in notes), notes
    for trace in fig["data"]:
        assert all(name.startswith("⟦") for name in trace["y"])


def test_english_panel_titles_and_band_labels(answers_for) -> None:
    content = load_content("en")
    assert panel_title("willingness", content) == (
        "<b>Willingness to repair</b><br><span style='font-size:12px'>higher means more ready</span>"
    )
    assert [b.label for b in band_regions(content)] == ["low", "moderate", "high"]
    fig = build_figure(_plan(answers_for, "en").dimensions).to_dict()
    notes = [a["text"] for a in fig["layout"]["annotations"]]
    assert "Patience and persistence (not scored)" in notes


def test_groups_and_bands_follow_the_rules(answers_for) -> None:
    plan = _plan(answers_for, "en")
    rules = load_rules()
    groups = kind_groups(plan.dimensions)
    assert [k for k, _ in groups] == list(rules.kinds)
    assert sum(len(rows) for _, rows in groups) == len(plan.dimensions)
    regions = band_regions(load_content())
    assert [r.start for r in regions] == list(rules.band_starts)
    assert [r.end for r in regions] == [*rules.band_starts[1:], 100.0]


@pytest.mark.parametrize("text", ["a < b & c", "<b>x</b>"])
def test_markup_in_words_prints_as_typed(text: str) -> None:
    from reports.screen_chart import escape

    assert "<" not in escape(text) and "&lt;" in escape(text)
