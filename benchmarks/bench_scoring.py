"""Scoring speed as ratios against pandas, as whole processes and in memory.

Whole processes (what a person feels, issue 13): ``python -m scoring responses.csv -o
scores.csv`` (and ``-o scores.json``) on 100,000 generated responses against a process that
runs ``pandas.read_csv(...).to_csv(...)`` (``.to_json(orient="records")``) of the same file,
taking turns, median of several rounds (goal <= 1.5x); ``--help`` of both tools against
``python -c "import pandas"`` (goal <= 1.3x); 100k / 300k / 1M responses for time per row and
peak memory against a process that only runs ``read_csv`` of the same file (goal <= 2x).
In memory: (a) ``pandas.read_csv`` and (b) ``score_frame`` of the loaded frame (goal b/a <=
1.0), and score_frame at 100k, 300k, 1M. Run: ``.venv/bin/python benchmarks/bench_scoring.py``
(``--quick`` for fewer rounds and no 1M file).
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

from processes import alternating, machine, median_seconds, peak, python, run_once

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


FLOOR_CSV = "import pandas as pd, sys; pd.read_csv(sys.argv[1]).to_csv(sys.argv[2], index=False)"
FLOOR_JSON = (
    "import pandas as pd, sys; pd.read_csv(sys.argv[1]).to_json(sys.argv[2], orient='records')"
)
READ_ONLY = "import pandas as pd, sys; pd.read_csv(sys.argv[1])"


def whole_processes(bank: Bank, folder: Path, n: int, rounds: int) -> list[str]:
    """The CLI against pandas, CSV to CSV and CSV to JSON, as whole processes."""
    source = folder / "responses.csv"
    synthetic_responses(bank, n).to_csv(source, index=False)
    out = folder / "out"
    commands = {
        "floor csv": python("-c", FLOOR_CSV, str(source), f"{out}-floor.csv"),
        "scoring csv": python("-m", "scoring", str(source), "-o", f"{out}.csv"),
        "floor json": python("-c", FLOOR_JSON, str(source), f"{out}-floor.json"),
        "scoring json": python("-m", "scoring", str(source), "-o", f"{out}.json"),
    }
    runs = alternating(commands, rounds)
    t = {name: median_seconds(r) for name, r in runs.items()}
    mb = source.stat().st_size / 1e6
    lines = [f"whole processes, {n:,} responses ({mb:.0f} MB CSV), median of {rounds} turns"]
    for kind, floor in (("csv", "read_csv + to_csv "), ("json", "read_csv + to_json")):
        mine, base = t[f"scoring {kind}"], t[f"floor {kind}"]
        pairs = zip(runs[f"scoring {kind}"], runs[f"floor {kind}"], strict=True)
        turns = [a.seconds / b.seconds for a, b in pairs]
        lines.append(
            f"  {floor} {base:7.2f} s   python -m scoring -o .{kind:<4} {mine:7.2f} s   "
            f"ratio {mine / base:.2f} (turns {min(turns):.2f}-{max(turns):.2f}; goal <= 1.5)"
        )
        lines.append(
            f"  {'':18} peak {peak(runs[f'floor {kind}']):5.0f} MiB   "
            f"{'':24} peak {peak(runs[f'scoring {kind}']):5.0f} MiB"
        )
    return lines


def start_up(rounds: int) -> list[str]:
    """``--help`` of both tools against importing pandas, as whole processes."""
    commands = {
        "import pandas": python("-c", "import pandas"),
        "scoring --help": python("-m", "scoring", "--help"),
        "reports --help": python("-m", "reports", "--help"),
    }
    t = {name: median_seconds(r) for name, r in alternating(commands, rounds).items()}
    floor = t["import pandas"]
    lines = [f"start-up, median of {rounds} alternating runs (goal <= 1.3x import pandas)"]
    for name, seconds in t.items():
        lines.append(f"  {name:<16} {seconds * 1000:6.0f} ms   {seconds / floor:.2f}x")
    return lines


def memory_and_growth(bank: Bank, folder: Path, sizes: list[int]) -> list[str]:
    """Time per row and peak memory of the CLI, against a read_csv-only process."""
    lines = [
        "",
        "whole process by size: python -m scoring in.csv -o out.csv, and read_csv alone",
        f"{'responses':>10} {'MB':>5} {'cli s':>7} {'us/row':>7} {'cli MiB':>8} "
        f"{'read MiB':>9} {'ratio':>6}",
    ]
    for n in sizes:
        source = folder / f"r{n}.csv"
        synthetic_responses(bank, n, seed=n).to_csv(source, index=False)
        cli = run_once(python("-m", "scoring", str(source), "-o", str(folder / "o.csv")))
        read = run_once(python("-c", READ_ONLY, str(source)))
        lines.append(
            f"{n:>10,} {source.stat().st_size / 1e6:>5.0f} {cli.seconds:>7.2f} "
            f"{cli.seconds / n * 1e6:>7.2f} {cli.peak_mib:>8.0f} {read.peak_mib:>9.0f} "
            f"{cli.peak_mib / read.peak_mib:>6.2f}"
        )
        source.unlink()
    lines.append("(goal: us/row flat; cli MiB <= 2x read_csv MiB)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--quick", action="store_true", help="3 rounds, sizes up to 300k")
    args = parser.parse_args()
    if args.quick:
        args.repeats, args.sizes = 3, [s for s in args.sizes if s <= 300_000]
    bank = load_bank()
    lines = [machine(), ""]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        lines += whole_processes(bank, folder, args.rows, args.repeats)
        lines += start_up(max(args.repeats, 5))
        lines += memory_and_growth(bank, folder, args.sizes)
    lines += ["", "in memory (the engine alone)"]
    score_frame(synthetic_responses(bank, 100), bank)  # warm-up: imports, plan
    lines += ratio_against_read_csv(bank, args.rows, args.repeats) + growth(bank, args.sizes)
    text = "\n".join(lines)
    print(text)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text + "\n")


if __name__ == "__main__":
    main()
