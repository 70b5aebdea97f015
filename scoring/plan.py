"""The bank and the rules turned into arrays once, for the engine's matrix products.

What each array means is on :class:`ScoringPlan`; :func:`plan_for` builds a bank's plan
once and keeps it (banks and rules are immutable, not user data).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from questions import ROLES, Bank, Dimension, Item
from scoring.rules import Rules, check_against

FloatArray = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class ScoringPlan:
    """The bank turned into arrays, built once per bank and rules.

    Item columns come in three blocks: scored items asked of every role, scored items asked of
    some roles only (the only ones that need a per-role mask), then the unscored safety items.
    Answers are shifted to ``d = x - min`` (blanks 0). An answer adds ``slope * d + offset``
    to its dimension: ``d / span`` for a normal item and ``1 - d / span`` (= ``(max - x) /
    span``) for a reverse-keyed one. So per dimension ``values @ by_slope + answered @
    by_offset`` is the sum of keyed 0..1 values and ``answered @ member`` the number
    answered: a few matrix products for everyone.
    Per-role tables have one extra last row, all zero, for an unknown role (nothing scored).
    """

    item_ids: tuple[str, ...]
    columns: dict[str, int]  # item id -> its column
    lows: Float32Array  # scale minimum per item
    n_common: int  # scored items asked of every role: columns [0, n_common)
    n_scored: int  # scored items: columns [0, n_scored); safety items after
    by_slope: Float32Array  # scored items x dimensions: slope where the item scores it
    by_offset: Float32Array  # scored items x (2 * dimensions): [offset | 1] where it scores it
    dimensions: tuple[str, ...]
    kinds: tuple[str, ...]
    asked: Float32Array  # (roles + 1) x items: 1 where the role is asked the item
    kind_needed: dict[str, FloatArray]  # per kind, (roles + 1): dimensions needed for a composite
    totals: FloatArray  # (roles + 1) x dimensions: items asked (0: dimension not asked)
    needed: Float32Array  # (roles + 1) x dimensions: minimum answered items
    flag_items: dict[str, BoolArray]  # per flag: (roles + 1) x items that raise it
    flag_when: tuple[str, ...]  # per flag: "endorsed" or "unanswered"
    steps: tuple[tuple[int, int, float], ...]  # stepped items: (column, its step's column,
    # threshold as x - min), a step's column always before the items that step from it
    contexts: tuple[tuple[int, float, int], ...]  # per context item (bank order): its column,
    # scale minimum and number of choices


def _ordered_items(bank: Bank, dims: tuple[str, ...]) -> list[Item]:
    """Scored items asked of every role, then scored items of some roles, then the rest."""

    def block(item: Item) -> int:
        if item.dimension not in dims:
            return 2
        return 0 if set(item.roles) == set(ROLES) else 1

    return sorted(bank.items, key=block)


def _flag_items(
    bank: Bank, rules: Rules, items: list[Item], asked: BoolArray
) -> dict[str, BoolArray]:
    """Per flag, (roles + 1) x items: the items it is raised from, where asked of the role."""
    return {
        f.name: asked & np.array([f.covers(i.id, i.dimension, bank.kind_of(i)) for i in items])
        for f in rules.flags
    }


def _steps(bank: Bank, items: list[Item]) -> tuple[tuple[int, int, float], ...]:
    """Stepped items as (column, step's column, threshold - min), in bank order (the loader
    makes every step point to an earlier item, so steps resolve in one pass)."""
    column = {item.id: j for j, item in enumerate(items)}
    return tuple(
        (
            column[i.id],
            column[i.ask_if.item],
            float(i.ask_if.above - bank.item_by_id[i.ask_if.item].scale.min),
        )
        for i in bank.items
        if i.ask_if is not None
    )


def _kind_needed(
    rules: Rules, scored: tuple[Dimension, ...], totals: FloatArray
) -> dict[str, FloatArray]:
    """Per dimension kind and role, how many scored dimensions a composite needs."""
    kinds = np.array([d.kind for d in scored])
    return {
        k: rules.needed_for((totals[:, kinds == k] > 0).sum(axis=1).astype(np.float64))
        for k in set(kinds)
    }


def _keying(items: list[Item]) -> tuple[FloatArray, FloatArray]:
    """Per item, slope and offset of its keyed 0..1 value from ``x - min`` (see ScoringPlan)."""
    span = np.array([i.scale.max - i.scale.min for i in items], dtype=np.float64)
    slope = np.array([-1.0 if i.reverse else 1.0 for i in items]) / span
    offset = np.array([1.0 if i.reverse else 0.0 for i in items])
    return slope, offset


def build_plan(bank: Bank, rules: Rules) -> ScoringPlan:
    """Arrays of item scales and keys in column-block order, and per-role tables; RulesError
    when the rules name what the bank lacks."""
    check_against(rules, bank)
    scored = bank.scored_dimensions
    dims = tuple(d.id for d in scored)
    items = _ordered_items(bank, dims)
    asked = np.array([[r in i.roles for i in items] for r in ROLES] + [[False] * len(items)])
    member = np.array([[i.dimension == d for d in dims] for i in items], dtype=np.float64)
    member = member.reshape(len(items), len(dims))
    totals = asked.astype(np.float64) @ member
    n_scored = sum(i.dimension in dims for i in items)
    slope, offset = _keying(items[:n_scored])
    part = member[:n_scored]
    return ScoringPlan(
        item_ids=tuple(i.id for i in items),
        columns={i.id: j for j, i in enumerate(items)},
        lows=np.array([i.scale.min for i in items], dtype=np.float32),
        n_common=sum(i.dimension in dims and set(i.roles) == set(ROLES) for i in items),
        n_scored=n_scored,
        by_slope=(part * slope[:, None]).astype(np.float32),
        by_offset=np.hstack([part * offset[:, None], part]).astype(np.float32),
        dimensions=dims,
        kinds=tuple(d.kind for d in scored),
        asked=asked.astype(np.float32),
        kind_needed=_kind_needed(rules, scored, totals),
        totals=totals,
        needed=rules.needed_for(totals).astype(np.float32),
        flag_items=_flag_items(bank, rules, items, asked),
        flag_when=tuple(f.when for f in rules.flags),
        steps=_steps(bank, items),
        contexts=_contexts(bank, items),
    )


def _contexts(bank: Bank, items: list[Item]) -> tuple[tuple[int, float, int], ...]:
    """Per context item, in bank order: its column, scale minimum and number of choices."""
    column = {item.id: j for j, item in enumerate(items)}
    return tuple(
        (column[i.id], float(i.scale.min), len(i.scale.choices)) for i in bank.context_items
    )


_PLANS: dict[tuple[int, int], tuple[Bank, Rules, ScoringPlan]] = {}


def plan_for(bank: Bank, rules: Rules) -> ScoringPlan:
    """The plan of this bank and these rules, built once (both are immutable, not user data)."""
    key = (id(bank), id(rules))
    cached = _PLANS.get(key)
    if cached is None or cached[0] is not bank or cached[1] is not rules:
        cached = _PLANS[key] = (bank, rules, build_plan(bank, rules))
    return cached[2]
