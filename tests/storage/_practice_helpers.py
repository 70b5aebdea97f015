"""Shared values of the practice-mode storage tests: a practice with two therapists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from _storage_helpers import make_record

from storage import CheckupRecord, Consent, RecoveryKey, Staff, Store

ADMIN_PW = "admin-password-1"
ANA_PW = "ana-password-123"
BEN_PW = "ben-password-456"
LABEL = "Zqlabel Client Nine"  # a label no other test writes, searched for in raw bytes
ITEM = "zqpracticeitem_1"
FLAG = "zqpracticeflag"
SCORE = 41.3125


@dataclass
class Practice:
    """A practice with one admin and two therapists (Ana, Ben), all signed in."""

    recovery: RecoveryKey
    admin: Staff
    ana: Staff
    ben: Staff
    ana_id: str
    ben_id: str


def make_practice(store: Store) -> Practice:
    """``init`` plus two therapists, each signed in once."""
    p = store.practice
    recovery = p.init("Harbour Practice", "admin", ADMIN_PW, "Ada Admin")
    admin = p.sign_in("admin", ADMIN_PW)
    ana_id = p.add_account("ana", ANA_PW, "Ana Therapist", by=admin, email="ana@example.org")
    ben_id = p.add_account("ben", BEN_PW, "Ben Therapist")
    return Practice(recovery, admin, p.sign_in("ana", ANA_PW), p.sign_in("ben", BEN_PW),
                    ana_id, ben_id)


def intake_record(**overrides: object) -> CheckupRecord:
    """A client's check-up with values searched for in the raw database."""
    fields: dict[str, object] = {
        "alias": "client", "answers": {ITEM: 4, "cling_1": 2}, "flags": [FLAG],
        "scores": {"cling": SCORE, "trust_strain": 55.0},
    }
    fields.update(overrides)
    return make_record(**fields)


def consent(compare: bool = False) -> Consent:
    return Consent(datetime(2025, 3, 1, 12, 0, tzinfo=UTC), compare)
