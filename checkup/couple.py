"""What a couple may share and when a comparison may be shown (no streamlit here).

Private by default: a partner shares a finished check-up by choice: its dimension scores, and
the item answers of areas they tick. Safety answers, safety flags and the fact that a flag
fired are never shared: the snapshot holds no flags, and every safety item, dimension and flag
id is withheld (the store refuses a snapshot that holds one). The safety gate: while a
partner's latest saved check-up raises any safety flag, that partner's shares are withdrawn,
so the other partner sees exactly what they see while a share is missing ("not available
yet"). A comparison needs both partners' latest shares taken within 14 days of each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from questions import Bank
from scoring.rules import load_rules
from storage import CoupleSnapshot, Principal, SavedCheckup, SharedSnapshot, Store

COMPARE_WITHIN = timedelta(days=14)


def withheld_ids(bank: Bank) -> frozenset[str]:
    """Every id that must never reach a partner: safety items, their dimensions and sections,
    and the names of all flags."""
    safety_dims = [d for d in bank.dimensions if d.kind == "safety"]
    items = {i.id for i in bank.items if bank.kind_of(i) == "safety"}
    return frozenset(
        items
        | {d.id for d in safety_dims}
        | {d.section for d in safety_dims}
        | {flag.name for flag in load_rules().flags}
    )


def shareable_areas(bank: Bank, role: str) -> list[tuple[str, str]]:
    """(dimension id, name) of the areas whose item answers a partner may choose to share."""
    return [(d.id, d.name) for d in bank.scored_dimensions_for(role)]


def latest(saved: Sequence[SavedCheckup]) -> SavedCheckup | None:
    """The newest saved check-up, any form."""
    return max(saved, key=lambda entry: entry.record.created_at, default=None)


def flagged(entry: SavedCheckup | None) -> bool:
    """Whether a saved check-up raised any safety flag (then nothing of it is shared)."""
    return entry is not None and bool(entry.record.flags)


def snapshot_of(entry: SavedCheckup, bank: Bank, areas: Sequence[str]) -> CoupleSnapshot:
    """What is shared of a saved check-up: its scores and the answers of the chosen areas."""
    chosen = set(areas)
    items = [i.id for i in bank.items if i.dimension in chosen and bank.kind_of(i) != "safety"]
    return CoupleSnapshot.from_record(entry.record, answers=items, areas=sorted(chosen))


@dataclass(frozen=True)
class Pair:
    """The two shares a comparison is made of: this partner's and the other's."""

    mine: SharedSnapshot
    theirs: SharedSnapshot


def comparable(shares: Sequence[SharedSnapshot]) -> Pair | None:
    """Both partners' latest shares, when taken within 14 days of each other; else None."""
    mine = [s for s in shares if s.mine]
    theirs = [s for s in shares if not s.mine]
    if not mine or not theirs:
        return None
    first = max(mine, key=lambda s: s.snapshot.created_at)
    second = max(theirs, key=lambda s: s.snapshot.created_at)
    apart = abs(first.snapshot.created_at - second.snapshot.created_at)
    return Pair(first, second) if apart <= COMPARE_WITHIN else None


def withdraw_when_flagged(store: Store, principal: Principal, flags: Sequence[str]) -> int:
    """After saving a check-up that raised a safety flag: take back every share of this
    partner (the safety gate), so the other partner sees only "not available yet". Returns
    how many were withdrawn (none when not in a couple space)."""
    if not flags or not principal.protected or store.couples.status(principal) is None:
        return 0
    mine = [s.id for s in store.couples.shares(principal) if s.mine]
    return sum(store.couples.withdraw(share_id, principal) for share_id in mine)


def withdraw_when_latest_flagged(store: Store, principal: Principal) -> int:
    """After an import: when the newest saved check-up (perhaps an imported one) raised a
    safety flag, take back this partner's shares, as a save does (the safety gate)."""
    newest = latest(store.list_checkups(principal))
    return withdraw_when_flagged(store, principal, newest.record.flags if newest else ())
