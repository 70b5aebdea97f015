"""Shared values of the couple-space tests: two partners, a stranger, snapshots."""

from __future__ import annotations

from datetime import UTC, datetime

from storage import CoupleSnapshot, Principal

ALEX = Principal("Alex Quorra", "alex-passphrase-1")
BO = Principal("Bo Vexley", "bo-passphrase-22")
STRANGER = Principal("Cy Stranger", "cy-passphrase-333")
WITHHELD = frozenset({"fear_1", "harm_1", "selfharm_1", "fear", "harm", "self_harm", "safety",
                      "danger", "safety_not_screened"})
SCORE = 37.8125  # a value no other test writes, searched for in the raw files


def snapshot(alias: str = "Alex Quorra", day: int = 1, **overrides: object) -> CoupleSnapshot:
    """A typical snapshot of a finished check-up; ``overrides`` replace fields."""
    fields: dict[str, object] = {
        "alias": alias, "role": "hurt", "relationship": "romantic", "bank_version": "2.0.0",
        "created_at": datetime(2026, 11, day, 20, 0, tzinfo=UTC),
        "scores": {"cling": SCORE, "guard": 50.0, "trust_strain": 44.0},
    }
    fields.update(overrides)
    return CoupleSnapshot(**fields)  # type: ignore[arg-type]


def paired(store: object) -> None:
    """Alex makes a couple space and Bo joins it with the code."""
    from storage import Store

    assert isinstance(store, Store)
    pairing = store.couples.create(ALEX)
    assert store.couples.join(pairing.code, BO) is True
