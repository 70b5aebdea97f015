"""Scoring records without pandas (scoring.result.score_records) gives the very Results of the
frame path (score_frame, then results_from_frame), on thousands of random responses."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import numpy as np
import pandas as pd
import pytest

from questions import ROLES, Bank
from scoring.engine import score_frame
from scoring.result import results_from_frame, score_one, score_records

COUNT = 3000


def random_records(bank: Bank, count: int, seed: int) -> list[dict[str, Any]]:
    """Every role; answers in and just outside each scale, blanks (absent and None), items the
    role is not asked, context choices and steps taken or not."""
    rng = np.random.default_rng(seed)
    records = []
    for n in range(count):
        role = ROLES[n % len(ROLES)]
        answers: dict[str, Any] = {}
        for item in bank.items:
            roll = rng.random()
            if roll < 0.1:
                continue
            if roll < 0.15:
                answers[item.id] = None
            elif roll < 0.17:  # not a choice's point: a context item has no choice for it
                answers[item.id] = item.scale.max + 1
            else:
                answers[item.id] = int(rng.integers(item.scale.min, item.scale.max + 1))
        records.append(
            {"respondent": f"r{n}", "role": role, "relationship": "romantic"} | {"answers": answers}
        )
    return records


def frame_of(records: list[dict[str, Any]]) -> pd.DataFrame:
    rows = [{k: v for k, v in r.items() if k != "answers"} | r["answers"] for r in records]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("form", ["full", "pulse"])
def test_records_score_as_the_frame_does(bank: Bank, form: str) -> None:
    form_bank = bank.for_form(form)
    records = random_records(form_bank, COUNT, seed=len(form))
    expected = list(results_from_frame(score_frame(frame_of(records), form_bank), form_bank))
    got = score_records(records, form_bank)
    assert got == expected
    # the comparison is not empty: scores, blanks, flags and context choices all occur
    assert any(d.score is None for r in got for d in r.dimensions.values())
    assert any(d.score is not None for r in got for d in r.dimensions.values())
    assert any(r.flags for r in got) and any(r.context for r in got)


def test_one_person_scores_as_a_frame_row(bank: Bank) -> None:
    record = random_records(bank, 1, seed=7)[0]
    frame = frame_of([record])
    expected = next(results_from_frame(score_frame(frame, bank), bank))
    got = score_one(bank, record["role"], "romantic", record["answers"], respondent="r0")
    assert got == expected


def test_scoring_one_record_does_not_import_pandas() -> None:
    code = (
        "import sys\n"
        "from questions import load_bank\n"
        "from scoring.result import score_one\n"
        "bank = load_bank()\n"
        "score_one(bank, 'hurt', 'romantic', {i.id: 3 for i in bank.items_for('hurt')})\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_per_role_tables_come_out_row_by_row_in_c_order(bank: Bank) -> None:
    """``per_row`` gives what fancy indexing gives, laid out like the answers' transposed
    blocks (C order): element-wise work across the two layouts ran about 7x slower."""
    from scoring.engine import per_row
    from scoring.inputs_check import role_codes
    from scoring.plan import plan_for
    from scoring.rules import load_rules

    plan = plan_for(bank, load_rules())
    codes = role_codes(
        np.array(["hurt", "both", "broke", "someone else", None, "hurt"], dtype=object)
    )
    for table in (plan.asked, plan.needed, plan.totals):
        rows = per_row(table, codes)
        assert rows.flags.c_contiguous
        assert np.array_equal(rows, table.T[:, codes])
    for table in (plan.asked, plan.totals):  # an unknown role is asked nothing
        assert not per_row(table, codes)[:, 3:5].any() and per_row(table, codes)[:, 0].any()
