"""Reliability under concurrency and crashes: no lost acknowledged save, no lock error.

Slow (a few seconds to ~30 s each) but run in CI: these are the properties a person relies on
when they press "save".
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from _storage_helpers import new_pg_database, save_many, save_until_killed

from storage import Principal, open_store

WORKERS = 4
SAVES_EACH = 250
KILLS = 50


def _run_concurrent_saves(url: str) -> set[str]:
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(WORKERS), ctx.Queue()
    aliases = ["shared", "shared", "solo-a", "solo-b"]  # two workers race to create one person
    procs = [ctx.Process(target=save_many, args=(url, alias, SAVES_EACH, barrier, results))
             for alias in aliases]
    for proc in procs:
        proc.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(timeout=30)
    errors = [detail for status, detail in outcomes if status == "error"]
    assert errors == []
    ids = {checkup_id for _, batch in outcomes for checkup_id in batch}
    assert len(ids) == WORKERS * SAVES_EACH
    return ids


def _assert_all_present(url: str, ids: set[str]) -> None:
    with open_store(url) as store:
        stored = {s.id for alias in ("shared", "solo-a", "solo-b")
                  for s in store.list_checkups(Principal(alias))}
        assert len(store.list_checkups(Principal("shared"))) == 2 * SAVES_EACH
    assert stored == ids


@pytest.mark.slow
def test_concurrent_saves_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    ids = _run_concurrent_saves(url)
    _assert_all_present(url, ids)


@pytest.mark.slow
@pytest.mark.postgres
def test_concurrent_saves_postgresql(postgres_server: str) -> None:
    url = new_pg_database(postgres_server)
    ids = _run_concurrent_saves(url)
    _assert_all_present(url, ids)


def _kill_once(ctx: multiprocessing.context.BaseContext, url: str, delay: float) -> set[str]:
    read_fd, write_fd = os.pipe()
    proc = ctx.Process(target=save_until_killed, args=(url, write_fd))  # type: ignore[attr-defined]
    proc.start()
    os.close(write_fd)
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    lines = b"".join(chunks).decode().split("\n")
    return {line for line in lines[:-1] if line}  # the last piece may be cut off


@pytest.mark.slow
def test_sigkill_never_loses_an_acknowledged_save(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    url = f"sqlite:///{path}"
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    ctx = multiprocessing.get_context("fork")  # no interpreter start-up: kills land mid-save
    acknowledged: set[str] = set()
    for _ in range(KILLS):
        acknowledged |= _kill_once(ctx, url, rng.uniform(0.0, 0.25))
    assert len(acknowledged) > KILLS, f"too few saves to mean anything (seed {seed})"
    with open_store(url) as store:
        stored = {saved.id for saved in store.list_checkups(Principal("victim"))}
    missing = acknowledged - stored
    assert not missing, f"{len(missing)} acknowledged saves lost (seed {seed})"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
