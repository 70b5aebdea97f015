"""Checks of the bank that look across entries: item counts, steps, perspectives, forms.

Each raises :class:`BankError` naming the file and the entry, like the loader's own checks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from questions.errors import BankError
from questions.model import FULL_FORM, SCORED_KINDS, Bank, Dimension, Item

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
MIN_ITEMS = {"sign": 3, "willingness": 3, "trust": 3, "repair_seen": 3, "safety": 1, "context": 1}
"""Fewest items of a dimension of each kind, per role asked."""
MIN_FORM_ITEMS = 2
"""Fewest items of each scored dimension a shorter form keeps (per role asked)."""


def check_step(item: Item, earlier: Mapping[str, Item], file: Path) -> None:
    """A stepped item steps from an EARLIER item asked of every role it is asked of, with a
    threshold inside that item's scale below its top (or it could never be asked)."""
    if item.ask_if is None:
        return
    where = f"item '{item.id}' ask_if"
    source = earlier.get(item.ask_if.item)
    if source is None:
        raise BankError(file, where, f"{item.ask_if.item!r} is not an earlier item")
    if not set(item.roles) <= set(source.roles):
        raise BankError(file, where, f"{source.id!r} is not asked of every role of this item")
    if not source.scale.min <= item.ask_if.above < source.scale.max:
        low, high = source.scale.min, source.scale.max - 1
        raise BankError(file, where, f"above must be within {low}..{high} for {source.id!r}")


def check_item_counts(bank: Bank, file: Path) -> None:
    for dim in bank.dimensions:
        for role in dim.roles:
            found = [i.id for i in bank.items_for(role, dim.id)]
            need = MIN_ITEMS[dim.kind]
            if len(found) < need:
                raise BankError(
                    file,
                    f"dimension '{dim.id}'",
                    f"has {len(found)} item(s) for role '{role}' {found}; at least {need} needed",
                )


def check_perspective(dim: Dimension, dims: Mapping[str, Dimension], file: Path) -> None:
    """``perspective_of`` names a scored dimension asked of the one who broke trust, and the
    seeing dimension is the hurt person's."""
    if dim.perspective_of is None:
        return
    seen = dims.get(dim.perspective_of)
    where = f"dimension '{dim.id}' perspective_of"
    if seen is None or seen.kind not in SCORED_KINDS or "broke" not in seen.roles:
        problem = f"{dim.perspective_of!r} is not a scored dimension of 'broke'"
        raise BankError(file, where, problem)
    if "hurt" not in dim.roles or "broke" in dim.roles:
        raise BankError(
            file, where, "the seeing dimension is asked of 'hurt' (and 'both'), not 'broke'"
        )


def parse_forms(raw: Any, bank: Bank, file: Path) -> dict[str, tuple[str, ...]]:
    """``forms: {name: [item ids]}``: known ids, and each scored dimension a form keeps with
    at least MIN_FORM_ITEMS items for every role it is asked of."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise BankError(file, "forms", "must be a mapping of form name -> item ids")
    forms: dict[str, tuple[str, ...]] = {}
    for name, ids in raw.items():
        where = f"forms.{name}"
        if name == FULL_FORM or not isinstance(name, str) or not ID_PATTERN.match(name):
            raise BankError(file, where, f"a form name is a lower-case id other than {FULL_FORM!r}")
        if not isinstance(ids, list) or not ids:
            raise BankError(file, where, "must be a non-empty list")
        unknown = [i for i in ids if i not in bank.item_by_id]
        if unknown or len(set(ids)) != len(ids):
            raise BankError(file, where, f"unknown or repeated item id(s) {unknown or ids}")
        orphans = [
            i
            for i in ids
            if (step := bank.item_by_id[i].ask_if) is not None and step.item not in ids
        ]
        if orphans:
            raise BankError(file, where, f"keeps stepped item(s) {orphans} without their step")
        _form_counts(bank, set(ids), file, where)
        forms[name] = tuple(i.id for i in bank.items if i.id in set(ids))
    return forms


def _form_counts(bank: Bank, ids: set[str], file: Path, where: str) -> None:
    for dim in bank.scored_dimensions:
        for role in dim.roles:
            kept = [i.id for i in bank.items_for(role, dim.id) if i.id in ids]
            if 0 < len(kept) < MIN_FORM_ITEMS:
                raise BankError(
                    file, where, f"keeps {kept} of '{dim.id}' for role '{role}': keep none or 2+"
                )
