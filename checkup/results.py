"""A session's results: its score, its plan and its chart, each made once per change of
answers and kept in the session's memo (never in a cache shared between sessions).

Scoring, the report content and plotly load here, on the results page, not with the first
pages (cold start).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from checkup.flow import answers_for_role, first_incomplete, question_pages
from checkup.session import Session
from questions import Bank

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

    from reports import Plan
    from scoring.result import Result

_SCORED = "scored"
_FIGURE = "figure"
_POOL = "pool"
POOLED_MODES = ("self", "couple")
"""Modes whose results compare with the people saved on this device. A practice (client,
therapist) keeps its clients' check-ups in the practice's store: never pooled for others."""


def ready(session: Session, bank: Bank) -> bool:
    """Whether every question of the respondent's role is answered."""
    role = session.respondent.role
    if role is None or session.respondent.relationship is None:
        return False
    return first_incomplete(question_pages(bank, role), bank, session.given) is None


def fingerprint(session: Session, bank: Bank) -> tuple[object, ...]:
    """What the results depend on: role, relationship and the role's answers."""
    who = session.respondent
    mine = answers_for_role(bank, who.role, session.answers) if who.role else {}
    place = (who.role, who.relationship, who.country, bank.locale, session.form)
    return (*place, tuple(sorted(mine.items())))


def pool_for(
    session: Session, bank: Bank, read: Callable[[], pd.DataFrame | None]
) -> pd.DataFrame:
    """Other people's scores for percentiles (:func:`checkup.keeping_norms.pooled_scores`),
    from ``read`` (the store's pooled answers of this bank version, or None when the store
    cannot be read): read and scored once per session, kept in its memo, never in a cache
    shared between sessions."""
    from checkup.keeping_norms import pooled_scores

    found = session.memo.get(_POOL)
    if found is None or found[0] != bank.version:
        answers = read() if session.mode in POOLED_MODES else None
        found = (bank.version, pooled_scores(answers, bank.for_form("full")))
        session.memo[_POOL] = found
    pool: pd.DataFrame = found[1]
    return pool


def scored(
    session: Session, bank: Bank, pool: pd.DataFrame | None = None
) -> tuple[Result, Plan]:
    """Score and plan of the session's answers (the session must be :func:`ready`); with
    ``pool`` (:func:`pool_for`), each score's percentile where 30 or more people have one."""
    from checkup.keeping_norms import percentiles
    from reports import build_plan, load_content
    from scoring.result import score_one

    key = (*fingerprint(session, bank), 0 if pool is None else len(pool))
    found = session.memo.get(_SCORED)
    if found is None or found[0] != key:
        who = session.respondent
        assert who.role is not None and who.relationship is not None
        mine = answers_for_role(bank, who.role, session.answers)
        result = score_one(bank, who.role, who.relationship, mine)
        content = load_content(bank.locale)  # checked against the whole bank, not one form
        full = bank.for_form("full")
        where = None if pool is None else percentiles(result.scores(), pool)
        plan = build_plan(
            result, full, content, country=who.country, form=session.form, percentiles=where
        )
        found = (key, result, plan)
        session.memo[_SCORED] = found
    return found[1], found[2]


def figure(session: Session, plan: Plan) -> go.Figure:
    """The score chart of ``plan``, built (and turned into a dict) once per plan."""
    from reports.screen_chart import build_figure

    found = session.memo.get(_FIGURE)
    if found is None or found[0] is not plan:
        found = (plan, build_figure(plan.dimensions, locale=plan.locale).freeze())
        session.memo[_FIGURE] = found
    return found[1]
