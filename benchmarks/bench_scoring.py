"""Scoring speed as a ratio against reading the same data with pandas.

Generates responses over the real bank, writes them as CSV, then in one run times
(a) ``pandas.read_csv`` of that file and (b) ``score_frame`` of the loaded frame, and prints
b/a (goal: <= 1.0). Then scores 100k, 300k and 1M responses in memory to show that time and
peak memory grow linearly. Run: ``.venv/bin/python benchmarks/bench_scoring.py``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from questions import ROLES, Bank, load_bank
from scoring.engine import score_frame

RESULTS = Path(__file__).with_name("results") / "scoring.txt"


def synthetic_responses(bank: Bank, n: int, seed: int = 1) -> pd.DataFrame:
    """n responses: random roles, answers 1-5 to the role's items, 5% left blank."""
    rng = np.random.default_rng(seed)
    roles = rng.choice(np.array(ROLES, dtype=object), size=n)
    columns: dict[str, Any] = {
        "respondent": [f"r{i}" for i in range(n)],
        "role": roles,
        "relationship": rng.choice(np.array(["romantic", "friendship", "family", "work"]), size=n),
    }
    for item in bank.items:
        values = rng.integers(item.scale.min, item.scale.max + 1, size=n).astype(np.float64)
        asked = np.isin(roles, item.roles) & (rng.random(n) > 0.05)
        columns[item.id] = np.where(asked, values, np.nan)
    return pd.DataFrame(columns)


def best_of(fn: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``repeats`` calls, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ratio_against_read_csv(bank: Bank, n: int, repeats: int) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "responses.csv"
        synthetic_responses(bank, n).to_csv(path, index=False)
        size_mb = path.stat().st_size / 1e6
        read = best_of(lambda: pd.read_csv(path), repeats)
        frame = pd.read_csv(path)
        score = best_of(lambda: score_frame(frame, bank), repeats)
    return [
        f"responses: {n:,} ({size_mb:.0f} MB CSV, {len(bank.items)} items), median of {repeats}",
        f"(a) pandas.read_csv: {read * 1000:8.1f} ms",
        f"(b) score_frame:     {score * 1000:8.1f} ms",
        f"ratio b/a: {score / read:.2f}  (goal <= 1.0)",
    ]


def growth(bank: Bank, sizes: list[int]) -> list[str]:
    lines = [
        "",
        f"{'responses':>10} {'score ms':>10} {'us/row':>8} {'peak MiB':>9} {'bytes/row':>10}",
    ]
    for n in sizes:
        frame = synthetic_responses(bank, n, seed=n)
        seconds = best_of(lambda f=frame: score_frame(f, bank), 1 if n >= 1_000_000 else 3)
        tracemalloc.start()
        score_frame(frame, bank)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        lines.append(
            f"{n:>10,} {seconds * 1000:>10.0f} {seconds / n * 1e6:>8.2f} "
            f"{peak / 2**20:>9.0f} {peak / n:>10.0f}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 300_000, 1_000_000])
    args = parser.parse_args()
    bank = load_bank()
    score_frame(synthetic_responses(bank, 100), bank)  # warm-up: imports, plan
    lines = ratio_against_read_csv(bank, args.rows, args.repeats) + growth(bank, args.sizes)
    text = "\n".join(lines)
    print(text)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text + "\n")


if __name__ == "__main__":
    main()
