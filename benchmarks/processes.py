"""Timing whole processes, as a person running a command feels them.

Each command runs as its own ``python`` process (imports included); commands of one
comparison take turns round by round, so a busy moment of a shared machine hits them alike,
and the median of the rounds is kept. Peak memory is the process's own maximum resident
set (``wait4``), which is what a person's machine has to hold.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


@dataclass(frozen=True)
class Run:
    """One process: wall seconds and peak resident memory in MiB."""

    seconds: float
    peak_mib: float


def run_once(argv: Sequence[str], cwd: Path = ROOT) -> Run:
    """Run ``argv`` to the end (output discarded); fail loudly if it fails."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        process = subprocess.Popen(list(argv), cwd=cwd, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        err = process.stderr.read().decode() if process.stderr else ""
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {process.returncode}: {err[-500:]}")
    return Run(seconds, usage.ru_maxrss / 1024)


def alternating(commands: Mapping[str, Sequence[str]], rounds: int) -> dict[str, list[Run]]:
    """Every command once per round, in turn; all runs kept."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for argv in commands.values():  # warm the file cache and .pyc files, not counted
        run_once(argv)
    for _ in range(rounds):
        for name, argv in commands.items():
            runs[name].append(run_once(argv))
    return runs


def median_seconds(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def peak(runs: list[Run]) -> float:
    return max(r.peak_mib for r in runs)


def machine() -> str:
    """One line on where the figures come from."""
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    return (
        f"machine: {platform.machine()} {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"{platform.system()} {platform.release()}; load average before: {load}"
    )


def python(*args: str) -> list[str]:
    return [PYTHON, *args]
