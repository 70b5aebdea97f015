"""Earlier versions of the bank (``data/history.yaml``), so old check-ups keep their names.

Storage keeps a check-up's scores by dimension id with the bank version it was made with. A
later bank may retire or add dimensions; this file lists each earlier version's scored
dimensions so a saved check-up still opens, charts and exports under its own dimensions, in
today's words where the id lives on (``bank.dimension.<id>.name``) and in
``bank.history.<id>.name`` where it was retired.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from questions.errors import BankError
from questions.model import SCORED_KINDS, Dimension, EarlierVersion

HISTORY_FILE = "history.yaml"


def history_id(dimension: str) -> str:
    """``bank.history.<id>.name``: the name of a retired dimension."""
    return f"bank.history.{dimension}.name"


def _dimension(
    did: Any, kind: Any, current: Mapping[str, Dimension], name_of: Any, file: Path, where: str
) -> Dimension:
    if not isinstance(did, str) or kind not in SCORED_KINDS:
        raise BankError(file, f"{where} {did!r}", f"kind must be one of {sorted(SCORED_KINDS)}")
    if did in current:
        if current[did].kind != kind:
            raise BankError(file, f"{where} {did!r}", "a kept id must keep its kind")
        return current[did]
    name = name_of(history_id(did))
    return Dimension(id=did, name=name, kind=kind, section="", roles=(), description=name)


def parse_history(
    raw: Any, current: Mapping[str, Dimension], name_of: Any, file: Path
) -> dict[str, EarlierVersion]:
    """Earlier versions from the parsed YAML; ``name_of(id)`` looks a word up (and fails
    with BankError naming the .po file when it is missing)."""
    if raw is None:
        return {}
    versions = raw.get("versions") if isinstance(raw, dict) else None
    if not isinstance(versions, dict):
        raise BankError(file, "versions", "must be a mapping of version -> its dimensions")
    earlier = {}
    for version, entry in versions.items():
        where = f"versions.{version}"
        if not isinstance(entry, dict) or not isinstance(entry.get("dimensions"), dict):
            raise BankError(file, where, "must have `dimensions` (id: kind)")
        same = entry.get("same_scored_items", False)
        if not isinstance(same, bool):
            raise BankError(file, f"{where}.same_scored_items", "must be true or false")
        dims = tuple(
            _dimension(did, kind, current, name_of, file, f"{where}.dimensions")
            for did, kind in entry["dimensions"].items()
        )
        earlier[str(version)] = EarlierVersion(str(version), same, dims)
    return earlier
