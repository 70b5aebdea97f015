"""The pulse form: a short check-in with the same scale, the core safety items and flags."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questions import ROLES, load_bank
from scoring.engine import flag_column, score_frame
from scoring.result import score_one
from scoring.rules import load_rules

FULL = load_bank()
PULSE = load_bank(form="pulse")
SCORED = {"sign", "willingness", "trust"}
CORE_SAFETY = {
    "fear_1",
    "harm_1",
    "harm_choke",
    "harm_weapon",
    "selfharm_2",
    "selfharm_intent",
    "selfharm_plan",
    "selfharm_prepared",
}


def test_the_pulse_is_a_form_of_the_same_bank() -> None:
    assert (PULSE.form, FULL.form) == ("pulse", "full")
    assert PULSE.version == FULL.version and PULSE.for_form("full") is FULL
    assert FULL.for_form("pulse") is PULSE and load_bank(form="pulse") is PULSE
    assert {i.id for i in PULSE.items} < {i.id for i in FULL.items}
    assert all(i == FULL.item_by_id[i.id] for i in PULSE.items)  # same words, keys, scales
    with pytest.raises(KeyError):
        FULL.for_form("weekly")


@pytest.mark.parametrize("role", ROLES)
def test_twelve_to_sixteen_scored_items_two_per_dimension(role: str) -> None:
    scored = [i for i in PULSE.items_for(role) if PULSE.kind_of(i) in SCORED]
    assert 12 <= len(scored) <= 16
    for dim in PULSE.scored_dimensions_for(role):
        items = PULSE.items_for(role, dim.id)
        assert len(items) >= 2, dim.id
        assert {i.reverse for i in items} == {True, False}, dim.id  # both keyed directions
    assert {i.id for i in PULSE.items_for(role)} >= CORE_SAFETY
    assert {"ongoing", "wants"} <= {i.id for i in PULSE.items_for(role)}
    asked = PULSE.asked_items(role, {})  # stepped items usually not asked
    assert len(asked) * 8 <= 3.25 * 60  # about three minutes at 8 s an item


def test_every_flag_keeps_an_item_in_the_pulse() -> None:
    ids = {i.id for i in PULSE.items}
    for flag in load_rules().flags:
        if flag.items:
            assert set(flag.items) & ids, flag.name


def test_the_same_safety_answers_raise_the_same_flags() -> None:
    answers = {"harm_choke": 2, "selfharm_2": 3, "selfharm_plan": 2}
    rest = {i.id: 1 for i in PULSE.items if PULSE.kind_of(i) == "safety" and i.id not in answers}
    full = set(score_one(FULL, "hurt", "romantic", {**rest, **answers}).flags)
    pulse = set(score_one(PULSE, "hurt", "romantic", {**rest, **answers}).flags)
    assert pulse - {"safety_not_screened"} == full - {"safety_not_screened"}
    assert {"high_danger", "urgent"} <= pulse
    assert "safety_not_screened" not in pulse  # the pulse asks only its own safety items
    assert "safety_not_screened" in full


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(ROLES))
def test_pulse_scores_stay_on_the_0_to_100_scale(seed: int, role: str) -> None:
    rng = np.random.default_rng(seed)
    rows = []
    for n in range(20):
        row: dict[str, object] = {"respondent": str(n), "role": role, "relationship": "work"}
        for item in PULSE.items_for(role):
            if rng.random() > 0.2:
                row[item.id] = int(rng.integers(item.scale.min, item.scale.max + 1))
        rows.append(row)
    scored = score_frame(pd.DataFrame(rows), PULSE)
    for dim in PULSE.scored_dimensions_for(role):
        values = scored[dim.id].dropna()
        assert ((values >= 0) & (values <= 100)).all()
    assert all(flag_column(f.name) in scored.columns for f in load_rules().flags)


def test_export_of_the_pulse_form() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "questions", "export", "--form", "pulse"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    doc = json.loads(done.stdout)
    assert doc["form"] == "pulse" and doc["items"][0]["id"] == "fear_1"
    assert {i["id"] for i in doc["items"]} == {i.id for i in PULSE.items}
    full = json.loads(
        subprocess.run(
            [sys.executable, "-m", "questions", "export"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parents[2],
        ).stdout
    )
    assert full["form"] == "full" and set(full) == set(doc)
