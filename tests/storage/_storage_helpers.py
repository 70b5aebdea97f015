"""Helpers shared by the storage tests and their worker processes (importable by name)."""

from __future__ import annotations

import itertools
import os
from datetime import UTC, datetime, timedelta

from storage import CheckupRecord

_DB_NUMBERS = itertools.count(1)


class FakeClock:
    """A settable clock for expiry tests."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def make_record(alias: str = "Sam", **overrides: object) -> CheckupRecord:
    """A typical check-up; ``overrides`` replace fields."""
    fields: dict[str, object] = {
        "alias": alias,
        "role": "hurt",
        "relationship": "romantic",
        "bank_version": "1.0.0",
        "answers": {"cling_1": 4, "cling_2": 2, "guard_1": 5, "safety_1": 1},
        "scores": {"cling": 62.5, "guard": 100.0, "trust_strain": 71.25,
                   "repair_readiness": None},
        "flags": ["safety"],
        "created_at": datetime(2025, 2, 1, 9, 30, 15, 123456, tzinfo=UTC),
    }
    fields.update(overrides)
    return CheckupRecord(**fields)  # type: ignore[arg-type]



def new_pg_database(server_url: str) -> str:
    """Create an empty database on the test server; return its URL."""
    import psycopg

    name = f"tc_{os.getpid()}_{next(_DB_NUMBERS)}"
    plain = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


def empty_pg_database(url: str) -> None:
    """Delete every row a test may have written (keeps schema, salt and version)."""
    import psycopg

    tables = "persons, checkups, couple_links, practices, therapists, clients, resume_drafts"
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        conn.execute(f"TRUNCATE {tables} CASCADE")
