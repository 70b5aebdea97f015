"""Issue 10, the report side: bands explained (equal thirds, not norms), percentiles where 30+
people exist, and the shorter pulse report that says it is a pulse check-in."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from locales import catalogue
from questions import load_bank
from reports import build_plan, render
from reports.content import load_content
from reports.forms import form_report, read_forms
from reports.yaml_checks import ContentError
from scoring.result import Result, score_one
from scoring.rules import load_rules

EN = catalogue("en")
TABLE = EN.text("report.heading.table")
NEEDS = {"suspicion": 100, "anxious_clinging": 100, "guardedness": 100, "communication": 0}
GOOD = {"support": 100, "forgiveness": 100, "appreciation": 100}


def _text(pdf_text, plan) -> str:
    return " ".join(pdf_text(render(plan, invariant=True)).split())


def test_the_bands_are_equal_thirds_so_the_sentence_is_true() -> None:
    starts = list(load_rules().band_starts)
    assert starts == pytest.approx([0, 100 / 3, 200 / 3], abs=0.01)


def test_every_report_says_what_the_bands_are(persona, bank, content, pdf_text) -> None:
    plan = build_plan(persona("hurt", NEEDS), bank, content)
    assert plan.bands_note == EN.text("report.bands.explained")
    assert "not norms or clinical cut-offs" in _text(pdf_text, plan)


def test_a_percentile_shows_only_with_thirty_people(persona, bank, content, pdf_text) -> None:
    result = persona("hurt", NEEDS)
    plan = build_plan(result, bank, content, percentiles={"suspicion": (62.4, 41)})
    row = next(d for d in plan.dimensions if d.id == "suspicion")
    assert (row.percentile, row.norm_people) == (62.4, 41)
    assert row.percentile_text == EN.text("report.norms.percentile", people=41, percentile="62")
    assert "Among 41 people who took this check-up here, 62% scored lower." in _text(pdf_text, plan)
    assert all(d.percentile is None for d in plan.dimensions if d.id != "suspicion")
    few = build_plan(result, bank, content, percentiles={"suspicion": (62.4, 29)})
    assert all(d.percentile is None and not d.percentile_text for d in few.dimensions)


def test_a_pulse_report_is_shorter_and_says_so(persona, bank, content, pdf_text) -> None:
    result = persona("hurt", NEEDS | GOOD)
    full = build_plan(result, bank, content)
    pulse = build_plan(result, bank, content, form="pulse")
    shape = form_report("pulse")
    assert (full.form, pulse.form) == ("full", "pulse")
    assert len(pulse.steps) <= shape.max_steps < len(full.steps)
    assert len(pulse.strengths) <= shape.max_strengths < len(full.strengths)
    assert pulse.form_note == EN.text("report.form.pulse.note") and full.form_note == ""
    assert (full.show_table, pulse.show_table) == (True, False)
    pulse_text, full_text = _text(pdf_text, pulse), _text(pdf_text, full)
    assert "This is a pulse check-in" in pulse_text and "pulse check-in" not in full_text
    assert TABLE in full_text and TABLE not in pulse_text
    assert len(render(pulse, invariant=True)) < len(render(full, invariant=True))


def test_the_form_comes_from_the_result_when_not_given(persona, bank, content) -> None:
    @dataclasses.dataclass(frozen=True)
    class WithForm(Result):
        form: str = "full"

    base = persona("hurt", NEEDS)
    result = WithForm(**{f.name: getattr(base, f.name) for f in dataclasses.fields(base)})
    assert build_plan(dataclasses.replace(result, form="pulse"), bank, content).form == "pulse"
    with pytest.raises(ValueError, match="unknown form 'weekly'"):
        build_plan(base, bank, content, form="weekly")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("forms: {pulse: {max_steps: 3, max_strengths: 1, table: false}}", "'full' too"),
        ("forms: {full: {max_steps: 50, max_strengths: 1, table: true}}", "'max_steps' must be"),
        ("forms: {full: {max_steps: 5, max_strengths: 1}}", "missing ['table']"),
        ("forms: {full: {max_steps: 5, max_strengths: 1, table: true, note: A B}}", "'note'"),
    ],
)
def test_a_bad_forms_file_names_the_entry(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "forms.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=r"forms\.yaml") as caught:
        read_forms(path)
    assert problem in str(caught.value)


def test_a_pulse_result_is_planned_against_the_pulse_bank(bank) -> None:
    """The pulse form's bank scores a few dimensions; the content (every dimension) still
    checks against it, and the plan names only what the pulse scored."""
    pulse = load_bank(form="pulse")
    answers = {
        i.id: 1 if i.dimension in ("fear", "harm", "control", "self_harm") else 3
        for i in pulse.items_for("hurt")
    }
    result = score_one(pulse, "hurt", "romantic", answers, respondent="t")
    plan = build_plan(result, pulse, load_content(), form="pulse")
    assert {r.id for r in plan.dimensions} == {d.id for d in pulse.scored_dimensions_for("hurt")}
    assert len(plan.dimensions) < len(bank.scored_dimensions_for("hurt"))
    assert plan.form == "pulse"
