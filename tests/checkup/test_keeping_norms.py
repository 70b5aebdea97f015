"""Percentiles from the check-ups saved on this device (issue 10): computed by hand on a
pool of known scores, only from 30 people, each person once, and reaching the plan."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))

from store_kit import BANK, level_answers, open_at, seed_people

from checkup.keeping_norms import percentiles, pooled_scores
from checkup.results import pool_for, scored
from checkup.session import Respondent, Session
from locales import catalogue
from scoring.result import score_one

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def pooled(levels: list[int], role: str = "both", people: list[str] | None = None) -> pd.DataFrame:
    """What Store.all_answers gives: one row per check-up, a person id each."""
    rows = [
        {
            "person": (people or [f"p{n}" for n in range(len(levels))])[n],
            "created_at": START + dt.timedelta(days=n),
            "role": role,
            **level_answers(level, role),
        }
        for n, level in enumerate(levels)
    ]
    return pd.DataFrame(rows, index=[f"c{n}" for n in range(len(rows))]).astype(
        {k: "float64" for k in level_answers(1, role)}
    )


def person(level: int) -> dict[str, float | None]:
    return score_one(BANK, "both", "romantic", level_answers(level)).scores()


FORTY = [1] * 10 + [3] * 10 + [5] * 20


def test_a_score_in_the_middle_is_above_a_quarter_of_forty_people() -> None:
    pool = pooled_scores(pooled(FORTY), BANK)
    assert len(pool) == 40
    found = percentiles(person(3), pool)
    scored_dims = {k for k, v in person(3).items() if v is not None and k in pool.columns}
    assert scored_dims and set(found) == scored_dims
    assert all(value == (25.0, 40) for value in found.values())


def test_the_lowest_and_highest_scores() -> None:
    pool = pooled_scores(pooled(FORTY), BANK)
    assert {v for v in percentiles(person(1), pool).values()} == {(0.0, 40)}
    assert {v for v in percentiles(person(5), pool).values()} == {(50.0, 40)}  # ties not lower


def test_fewer_than_thirty_people_give_no_percentile() -> None:
    pool = pooled_scores(pooled([1] * 15 + [5] * 14), BANK)
    assert pool.empty
    assert percentiles(person(3), pool) == {}


def test_each_person_counts_once_and_unknown_roles_are_left_out() -> None:
    levels = [1] * 30 + [5] * 5 + [5] * 2
    people = [f"p{n}" for n in range(30)] + ["p0"] * 5 + ["s0", "s1"]  # p0 came back 5 times
    frame = pooled(levels, people=people)
    frame.loc[frame.index[-2:], "role"] = "stranger"
    pool = pooled_scores(frame, BANK)
    assert len(pool) == 30  # p0 once (its first, level 1), s0 and s1 left out
    assert {v for v in percentiles(person(5), pool).values()} == {(100.0, 30)}
    frame.loc[frame.index[29], "role"] = "stranger"  # now 29 people: none at all
    assert pooled_scores(frame, BANK).empty


def test_an_empty_or_missing_store_gives_nothing() -> None:
    assert pooled_scores(None, BANK).empty
    assert pooled_scores(pd.DataFrame(), BANK).empty


def _session(level: int) -> Session:
    who = Respondent(role="both", relationship="romantic", answers=level_answers(level))
    return Session(respondent=who)


def test_the_plan_says_where_the_score_sits_only_with_a_pool() -> None:
    words = catalogue("en")
    session = _session(3)
    _, plain = scored(session, BANK)
    assert all(not row.percentile_text for row in plain.dimensions)
    pool = pool_for(session, BANK, lambda: pooled(FORTY))
    _, plan = scored(session, BANK, pool)
    rows = [row for row in plan.dimensions if row.percentile is not None]
    assert rows, "percentiles reach the plan"
    expected = words.text("report.norms.percentile", people=40, percentile="25")
    assert {row.percentile_text for row in rows} == {expected}


def test_the_pool_is_read_once_per_session() -> None:
    calls: list[int] = []
    session = _session(3)

    def read() -> pd.DataFrame:
        calls.append(1)
        return pooled(FORTY)

    first = pool_for(session, BANK, read)
    again = pool_for(session, BANK, read)
    assert calls == [1] and first is again


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'pool.sqlite3'}"


def test_from_a_real_store_thirty_people_are_enough(store_url: str) -> None:
    store = open_at(store_url)
    seed_people(store, 30)
    pool = pooled_scores(store.all_answers(BANK.version), BANK)
    assert len(pool) == 30
    found = percentiles(person(3), pool)
    assert found and all(people == 30 for _, people in found.values())
    assert all(0.0 <= share <= 100.0 for share, _ in found.values())


def test_a_practice_client_is_never_compared_with_the_practice_s_other_clients() -> None:
    calls: list[int] = []
    client = replace(_session(3), mode="client")

    def read() -> pd.DataFrame:
        calls.append(1)
        return pooled(FORTY)

    pool = pool_for(client, BANK, read)
    assert calls == [] and pool.empty
    _, plan = scored(client, BANK, pool)
    assert all(row.percentile is None for row in plan.dimensions)
