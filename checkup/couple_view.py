"""The comparison a couple sees, from their shares (no streamlit): the plan and over time.

Only shares are read: scores, and the item answers of the areas a partner ticked; never flags
(a share holds none) and never safety items (the store refuses them). The caller shows this only
when :func:`checkup.couple.comparable` found a pair and neither partner's latest check-up is
flagged (the safety gate of ``checkup.couple``).

Over time: the shared check-ups are paired (each of this partner's shares with the other's
share nearest in time, within 14 days); from the first pair to the latest, each area's gap
(``scoring.couple_trend``: "moving closer / further apart" beyond its reliable-change
threshold) and each partner's own change (Jacobson-Truax, ``scoring.norms``), with the norms
My check-ups uses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

import pandas as pd

from checkup import keeping
from checkup.couple import COMPARE_WITHIN, Pair
from questions import Bank
from reports.content import Content
from reports.couple_plan import (
    CouplePlan,
    OverTime,
    Partner,
    area_name,
    build_couple_plan,
    change_lines,
    gap_lines,
    points_note,
)
from scoring.couple import Side, compare_sides, result_from_scores
from scoring.couple_trend import gap_changes
from scoring.norms import DimensionNorm, describe_changes, dimension_norm_status
from storage import CoupleSnapshot, SavedCheckup, SharedSnapshot

Norms = Mapping[str, DimensionNorm | None]
When = Callable[[datetime], str]


def _partner(snapshot: CoupleSnapshot, bank: Bank) -> Partner:
    result = result_from_scores(snapshot.role, snapshot.relationship, snapshot.scores, bank)
    answers = {k: float(v) for k, v in snapshot.answers.items()}
    return Partner(result, answers or None)


def _side(snapshot: CoupleSnapshot) -> Side:
    return Side(snapshot.role, snapshot.scores)


def occasions(shares: Sequence[SharedSnapshot]) -> list[Pair]:
    """This partner's shares, oldest first, each with the other's share nearest in time
    (within 14 days); each of the other's shares used once."""
    mine = sorted((s for s in shares if s.mine), key=lambda s: s.snapshot.created_at)
    theirs = [s for s in shares if not s.mine]
    out: list[Pair] = []
    used: set[str] = set()
    for share in mine:
        when = share.snapshot.created_at
        near = [t for t in theirs if t.id not in used]
        match = min(near, key=lambda t: abs(t.snapshot.created_at - when), default=None)
        if match is not None and abs(match.snapshot.created_at - when) <= COMPARE_WITHIN:
            used.add(match.id)
            out.append(Pair(share, match))
    return out


def over_time(
    pairs: Sequence[Pair], bank: Bank, content: Content, norms: Norms, when: When
) -> OverTime | None:
    """From the first paired check-ups to the latest, in words; None with fewer than two."""
    if len(pairs) < 2:
        return None
    first, last = pairs[0], pairs[-1]
    before = compare_sides(_side(first.mine.snapshot), _side(first.theirs.snapshot), bank)
    after = compare_sides(_side(last.mine.snapshot), _side(last.theirs.snapshot), bank)
    gaps = gap_changes(before, after, norms)
    changes = [
        describe_changes(a.snapshot.scores, b.snapshot.scores, bank, norms)
        for a, b in ((first.mine, last.mine), (first.theirs, last.theirs))
    ]
    compared = {g.first for g in after.gaps}, {g.second for g in after.gaps}
    return OverTime(
        first_when=when(first.mine.snapshot.created_at),
        last_when=when(last.mine.snapshot.created_at),
        gaps=gap_lines(gaps, bank, content),
        first=change_lines(changes[0], content, compared[0]),
        second=change_lines(changes[1], content, compared[1]),
        points_note=points_note(gaps, [*changes[0], *changes[1]], content),
    )


def couple_plan(
    pair: Pair,
    shares: Sequence[SharedSnapshot],
    bank: Bank,
    content: Content,
    names: tuple[str, str],
    norms: Norms,
    when: When,
) -> CouplePlan:
    """The plan of the latest pair, "you" first, with the change over every paired share."""
    mine, theirs = (_partner(s.snapshot, bank) for s in (pair.mine, pair.theirs))
    changed = over_time(occasions(shares), bank, content, norms, when)
    return build_couple_plan(mine, theirs, bank, content, names, over_time=changed)


def gap_table(pairs: Sequence[Pair], bank: Bank, when: When, date: str) -> pd.DataFrame:
    """The gap per area at each paired check-up, oldest first (columns: ``date``, then one
    per area by its name; whole points), the numbers behind "over time"."""
    rows = []
    for pair in pairs:
        found = compare_sides(_side(pair.mine.snapshot), _side(pair.theirs.snapshot), bank)
        row: dict[str, object] = {date: when(pair.mine.snapshot.created_at)}
        row.update({area_name(bank, g.area): round(g.gap) for g in found.gaps})
        rows.append(row)
    return pd.DataFrame(rows)


def couple_norms(saved: Sequence[SavedCheckup], others: pd.DataFrame | None, bank: Bank) -> Norms:
    """The norms (alpha, SD per dimension) My check-ups uses: other people's unprotected
    check-ups plus this person's own, counted as one person."""
    frame = keeping.norms_frame(keeping.answers_frame(saved, bank), others)
    return {key: found.norm for key, found in dimension_norm_status(frame, bank).items()}
