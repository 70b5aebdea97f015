"""Benchmark: loading one person's history (``Store.history``) from a large SQLite store.

Builds 10,000 people x 10 check-ups (bulk Core inserts), then times, interleaved per random
person in the same run: ``Store.history`` (scores over time, column-wise), ``history_frame``
(the same as a DataFrame), a bare ``sqlite3`` SELECT of the same rows, and that SELECT plus
``json.loads`` of each row's scores. It checks once that both sides return the same rows and
the same data. Then it shows the cost per row for people with 10, 100 and 1000 check-ups
(roughly constant per row: linear growth).

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

from sqlalchemy import insert  # noqa: E402

from storage import CheckupRecord, Principal, Store, open_store  # noqa: E402
from storage.history_read import HISTORY_QUERY  # noqa: E402
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


def _bare(conn: sqlite3.Connection, alias: str) -> list[tuple[str, str, str]]:
    """The plain sqlite3 SELECT of the rows history() reads."""
    return conn.execute(RAW_SQL, (f"a:{alias}",)).fetchall()


def _bare_decoded(conn: sqlite3.Connection, alias: str) -> list[tuple[str, str, dict[str, float]]]:
    """The same SELECT, each row's scores decoded with json.loads."""
    return [(i, c, json.loads(s)) for i, c, s in conn.execute(RAW_SQL, (f"a:{alias}",))]


def _same_data(store: Store, raw: sqlite3.Connection, alias: str) -> None:
    """Both sides return the same rows with the same data (ids, times, every score)."""
    history, rows = store.history(Principal(alias)), _bare_decoded(raw, alias)
    assert history.ids == tuple(r[0] for r in rows)
    assert [t.replace(tzinfo=None) for t in history.created_at] == [
        datetime.fromisoformat(r[1]) for r in rows
    ]
    assert {k: list(v) for k, v in history.scores.items()} == {
        k: [r[2][k] for r in rows] for k in rows[0][2]
    }


def _median_p95(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), sorted(values)[int(len(values) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=1000)
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
             f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}",
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
    for alias in chosen[:50]:  # warm caches and pandas; check both sides agree
        _same_data(store, raw, alias)
        store.history_frame(Principal(alias))

    def old_read(alias: str) -> object:  # the read history_frame used before: BEGIN..COMMIT
        with store._reader.begin() as conn:
            return conn.execute(HISTORY_QUERY, {"lookup": f"a:{alias}"}).all()

    timed: dict[str, Callable[[str], object]] = {
        "Store.history": lambda a: store.history(Principal(a)),
        "Store.history_frame": lambda a: store.history_frame(Principal(a)),
        "bare sqlite3 SELECT": lambda a: _bare(raw, a),
        "bare SELECT + json.loads": lambda a: _bare_decoded(raw, a),
        "  its fetch: pooled DBAPI cursor": lambda a: store._fetch_history(f"a:{a}"),
        "  old fetch: SQLAlchemy BEGIN..": old_read,
    }
    times: dict[str, list[float]] = {name: [] for name in timed}
    for alias in chosen:
        for name, fn in timed.items():
            times[name].append(_time(lambda f=fn, a=alias: f(a)))  # type: ignore[misc]
    history, _ = _median_p95(times["Store.history"])
    bare, _ = _median_p95(times["bare sqlite3 SELECT"])
    decoded, _ = _median_p95(times["bare SELECT + json.loads"])
    lines = [
        f"one person's history: {args.samples} random people with 10 check-ups each,",
        "each method timed once per person, interleaved (same rows, same data checked)",
        f"{'':36}{'median ms':>10}{'p95 ms':>10}{'history /':>11}",
    ]
    for name, values in times.items():
        median, p95 = _median_p95(values)
        lines.append(f"{name:36}{median:10.3f}{p95:10.3f}{history / median:11.2f}")
    lines += [
        "(history / = Store.history median divided by that line's median)",
        f"goal: median <= 20 ms: {history:.3f} ms, {'met' if history <= 20 else 'NOT met'}",
        f"goal: <= 2x bare SELECT: {history / bare:.2f}x, "
        f"{'met' if history <= 2 * bare else 'NOT met'}; "
        f"against SELECT + json.loads: {history / decoded:.2f}x",
    ]
    return lines


def _linear_table(store: Store, raw: sqlite3.Connection) -> list[str]:
    lines = ["cost against history length (Store.history)",
             f"{'check-ups':>10}{'history ms':>12}{'us per row':>12}{'bare SELECT ms':>16}"
             f"{'+ json ms':>11}{'history /':>11}"]
    for count in (10, 100, 1000):
        alias = f"long{count}"
        _same_data(store, raw, alias)
        repeat = max(5, 5000 // count)
        owner = Principal(alias)
        ms = statistics.median(_time(lambda o=owner: store.history(o)) for _ in range(repeat))
        bare_ms = statistics.median(_time(lambda a=alias: _bare(raw, a)) for _ in range(repeat))
        json_ms = statistics.median(
            _time(lambda a=alias: _bare_decoded(raw, a)) for _ in range(repeat)
        )
        lines.append(f"{count:>10}{ms:12.3f}{ms * 1000 / count:12.1f}{bare_ms:16.3f}"
                     f"{json_ms:11.3f}{ms / json_ms:11.2f}")
    lines.append("(history / = history divided by bare SELECT + json.loads)")
    return lines


if __name__ == "__main__":
    main()
