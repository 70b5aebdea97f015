"""Benchmark: loading one person's history (``Store.history_frame``) from a large SQLite store.

Builds 10,000 people x 10 check-ups (bulk Core inserts), then times ``history_frame`` for
random people against a raw ``sqlite3`` SELECT of the same rows in the same run, and against
raw SELECT + json + the same DataFrame built by hand. Then shows the cost per row for people
with 10, 100 and 1000 check-ups (should be roughly constant: linear growth).

Run on demand:  python benchmarks/bench_storage.py [--people 10000] [--samples 500]
Writes the table to benchmarks/results/storage.txt as well.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from storage import CheckupRecord, Store, open_store  # noqa: E402
from storage.models import Checkup, Person  # noqa: E402
from storage.rows import Owner, checkup_row, new_id  # noqa: E402

DATA = ROOT / "benchmarks" / "_data"
RESULTS = ROOT / "benchmarks" / "results" / "storage.txt"
ITEMS = [f"item_{n}" for n in range(40)]
SCORE_KEYS = [f"dim_{n}" for n in range(12)] + ["trust_strain", "repair_readiness"]
RAW_SQL = (
    "SELECT c.id, c.created_at, c.scores FROM checkups c JOIN persons p ON p.id = c.person_id"
    " WHERE p.lookup = ? ORDER BY c.created_at, c.id"
)


def _record(rng: random.Random, alias: str, when: datetime) -> CheckupRecord:
    return CheckupRecord(
        alias=alias, role="hurt", relationship="romantic", bank_version="1.0.0",
        answers={item: rng.randint(1, 5) for item in ITEMS},
        scores={key: round(rng.uniform(0, 100), 2) for key in SCORE_KEYS},
        flags=[], created_at=when,
    )


def bulk_insert(store: Store, people: dict[str, int], rng: random.Random) -> None:
    """Insert people and their check-ups with executemany, 20,000 rows per batch."""
    now = datetime.now(UTC)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    person_rows, checkup_rows = [], []
    for alias, count in people.items():
        owner = Owner(lookup=f"a:{alias}", alias=alias, key=None)
        person_id = new_id()
        person_rows.append({"id": person_id, "lookup": owner.lookup, "alias": alias,
                            "alias_sealed": None, "created_at": now})
        for n in range(count):
            record = _record(rng, alias, start + timedelta(hours=n))
            checkup_rows.append({**checkup_row(new_id(), record, owner, now),
                                 "person_id": person_id})
    with store._writer.begin() as conn:
        conn.execute(insert(Person), person_rows)
        for i in range(0, len(checkup_rows), 20_000):
            conn.execute(insert(Checkup), checkup_rows[i : i + 20_000])


def _time(fn: Callable[[], object], repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat * 1000


def _raw_frame(conn: sqlite3.Connection, alias: str) -> pd.DataFrame:
    rows = conn.execute(RAW_SQL, (f"a:{alias}",)).fetchall()
    entries = [{"created_at": created, **json.loads(scores)} for _, created, scores in rows]
    frame = pd.DataFrame.from_records(entries, index=[r[0] for r in rows])
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=500)
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / "bench_storage.sqlite3"
    for old in DATA.glob("bench_storage.sqlite3*"):
        old.unlink()
    rng = random.Random(5)
    store = open_store(f"sqlite:///{path}")
    people = {f"person{n:05d}": 10 for n in range(args.people)}
    people.update({"long10": 10, "long100": 100, "long1000": 1000})
    t0 = time.perf_counter()
    bulk_insert(store, people, rng)
    build_s = time.perf_counter() - t0
    raw = sqlite3.connect(path)
    plan = " / ".join(r[3] for r in raw.execute("EXPLAIN QUERY PLAN " + RAW_SQL, ("a:x",)))
    lines = [f"store: {args.people} people x 10 check-ups (+10/100/1000), "
             f"{sum(people.values())} rows, built in {build_s:.1f} s",
             f"query plan: {plan}", ""]
    lines += _sample_table(store, raw, rng, args)
    lines += ["", *_linear_table(store, raw)]
    report = "\n".join(lines)
    print(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report + "\n")
    store.close()
    raw.close()


def _sample_table(
    store: Store, raw: sqlite3.Connection, rng: random.Random, args: argparse.Namespace
) -> list[str]:
    chosen = [f"person{rng.randrange(args.people):05d}" for _ in range(args.samples)]
    for alias in chosen[:20]:  # warm caches and pandas
        store.history_frame(alias)
        _raw_frame(raw, alias)
    ours, bare, by_hand = [], [], []
    for alias in chosen:
        ours.append(_time(lambda a=alias: store.history_frame(a)))
        bare.append(_time(lambda a=alias: raw.execute(RAW_SQL, (f"a:{a}",)).fetchall()))
        by_hand.append(_time(lambda a=alias: _raw_frame(raw, a)))
    m_ours, m_bare, m_hand = (statistics.median(v) for v in (ours, bare, by_hand))
    return [
        f"history_frame, {args.samples} random people with 10 check-ups each",
        f"{'':32}{'median ms':>10}{'p95 ms':>10}{'ratio':>8}",
        f"{'Store.history_frame':32}{m_ours:10.3f}{_p95(ours):10.3f}{1.0:8.2f}",
        f"{'raw sqlite3 SELECT':32}{m_bare:10.3f}{_p95(bare):10.3f}{m_ours / m_bare:8.2f}",
        f"{'raw SELECT + json + DataFrame':32}{m_hand:10.3f}{_p95(by_hand):10.3f}"
        f"{m_ours / m_hand:8.2f}",
        "(ratio = history_frame median / that row's median)",
    ]


def _linear_table(store: Store, raw: sqlite3.Connection) -> list[str]:
    lines = ["cost against history length",
             f"{'check-ups':>10}{'history_frame ms':>18}{'us per row':>12}{'raw SELECT ms':>15}"]
    for count in (10, 100, 1000):
        alias = f"long{count}"
        repeat = max(3, 3000 // count)
        ms = statistics.median(
            _time(lambda a=alias: store.history_frame(a)) for _ in range(repeat)
        )
        raw_ms = statistics.median(
            _time(lambda a=alias: raw.execute(RAW_SQL, (f"a:{a}",)).fetchall())
            for _ in range(repeat)
        )
        lines.append(f"{count:>10}{ms:18.3f}{ms * 1000 / count:12.1f}{raw_ms:15.3f}")
    return lines


if __name__ == "__main__":
    main()
