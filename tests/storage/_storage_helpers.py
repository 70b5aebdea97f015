"""Helpers shared by the storage tests and their worker processes (importable by name)."""

from __future__ import annotations

import itertools
import os
from datetime import UTC, datetime, timedelta
from typing import Any

from storage import CheckupRecord, Principal, Store

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



def save(store: Store, record: CheckupRecord, passphrase: str | None = None) -> str:
    """Save ``record`` as its own person (alias from the record), optionally protected."""
    return store.save_checkup(record, Principal(record.alias, passphrase))


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

    tables = (
        "persons, checkups, couples, couple_members, couple_invites, couple_shares, practices,"
        " therapists, clients, resume_drafts, resume_attempts"
    )
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        conn.execute(f"TRUNCATE {tables} CASCADE")


def save_many(url: str, alias: str, count: int, barrier: Any, results: Any) -> None:
    """Worker process: wait for the others, save ``count`` check-ups, report ids (or error)."""
    from storage import open_store

    try:
        store = open_store(url)
        barrier.wait(timeout=60)
        ids = [
            save(store, make_record(alias, scores={"n": float(n % 100)}))
            for n in range(count)
        ]
        store.close()
        results.put(("ok", ids))
    except Exception as error:  # reported to the test, which fails with it
        results.put(("error", f"{type(error).__name__}: {error}"))


def save_until_killed(url: str, ack_fd: int) -> None:
    """Worker process: save forever; write each id to ``ack_fd`` only after commit returned."""
    from storage import open_store

    store = open_store(url)
    number = 0
    while True:
        checkup_id = save(store, make_record("victim", scores={"n": float(number % 100)}))
        os.write(ack_fd, f"{checkup_id}\n".encode())
        number += 1
