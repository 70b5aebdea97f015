"""Helpers for the storage-backed app tests: a temporary database and scored check-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest

from questions import Bank, load_bank
from scoring.result import score_one
from storage import ENV_VAR, CheckupRecord, Principal, Store, open_store

BANK = load_bank()
SCORED = {d.id for d in BANK.scored_dimensions}


def use_database(monkeypatch: pytest.MonkeyPatch, path: Path) -> str:
    """Point the app (and open_store()) at a SQLite file; return its URL."""
    url = f"sqlite:///{path}"
    monkeypatch.setenv(ENV_VAR, url)
    return url


def record(
    alias: str,
    answers: Mapping[str, int],
    role: str = "both",
    relationship: str = "romantic",
    when: dt.datetime | None = None,
    bank: Bank = BANK,
) -> CheckupRecord:
    """A scored check-up record, as the app saves it."""
    result = score_one(bank, role, relationship, answers)
    return CheckupRecord(
        alias=alias,
        role=role,
        relationship=relationship,
        bank_version=bank.version,
        answers=dict(answers),
        scores=result.scores(),
        flags=list(result.flags),
        created_at=when or dt.datetime.now(dt.UTC),
    )


def level_answers(level: int, role: str = "both") -> dict[str, int]:
    """Every item answered so that its keyed value is ``level`` (safety items "Never")."""
    out = {}
    for item in BANK.items_for(role):
        if item.dimension not in SCORED:
            out[item.id] = item.scale.min
        else:
            out[item.id] = item.scale.min + item.scale.max - level if item.reverse else level
    return out


def person_answers(rng: np.random.Generator, role: str = "both") -> dict[str, int]:
    """A plausible respondent: one latent level per dimension, item noise around it."""
    out = {}
    latent = {d.id: rng.normal(0, 1) for d in BANK.dimensions}
    for item in BANK.items_for(role):
        if item.dimension not in SCORED:
            out[item.id] = item.scale.min
            continue
        keyed = 3 + 1.1 * latent[item.dimension] + rng.normal(0, 0.6)
        value = int(np.clip(round(keyed), item.scale.min, item.scale.max))
        out[item.id] = item.scale.min + item.scale.max - value if item.reverse else value
    return out


def seed_people(store: Store, count: int, seed: int = 7) -> list[str]:
    """Save one check-up for each of ``count`` people; return their aliases."""
    rng = np.random.default_rng(seed)
    aliases = [f"person {n}" for n in range(count)]
    for alias in aliases:
        store.save_checkup(record(alias, person_answers(rng)), Principal(alias))
    return aliases


def open_at(url: str) -> Store:
    """A second Store on the same database, for seeding and checking."""
    return open_store(url)
