"""Summaries and the printed table of the app benchmark: medians, p95, ratios, the machine.

Plain Python (no browser, no streamlit): each sample is the dict of times one timed click
returned (``benchmarks/app_browser.py``), in ms from the click.
"""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata

Sample = dict[str, float]
# Where the time goes, per click: labels for the probe fields, in the printed order.
BREAKDOWN = {
    "first_msg": "first websocket message (ms)",
    "last_msg": "last websocket message (ms)",
    "text": "new title shown (ms)",
    "shown": "page shown (ms)",
    "server_cpu": "server CPU (ms)",
    "thread_busy": "browser main thread busy (ms)",
    "thread_script": "  of it JavaScript (ms)",
    "thread_style": "  of it style (ms)",
    "thread_layout": "  of it layout (ms)",
    "messages": "websocket messages",
    "ws_kib": "websocket KiB received",
    "elements": "DOM elements in the main area",
}


def values(samples: Iterable[Sample], field: str = "shown") -> list[float]:
    """The ``field`` of every sample that has it."""
    return [float(s[field]) for s in samples if field in s]


def median(samples: Sequence[Sample], field: str = "shown") -> float:
    found = values(samples, field)
    return statistics.median(found) if found else float("nan")


def p95(samples: Sequence[Sample], field: str = "shown") -> float:
    """The 95th percentile (``statistics.quantiles``, inclusive: within the samples)."""
    found = values(samples, field)
    if len(found) < 2:
        return found[0] if found else float("nan")
    return statistics.quantiles(found, n=20, method="inclusive")[18]


def machine(browser_version: str) -> str:
    """CPU, cores, load average and the versions the figures were measured with."""
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            names = [line.split(":", 1)[1].strip() for line in info
                     if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    versions = ", ".join(f"{name} {metadata.version(name)}"
                         for name in ("streamlit", "plotly", "playwright"))
    return (f"machine: {cpu}, {os.cpu_count()} cores, load average {load} (1, 5, 15 min) "
            f"at the end\nversions: Python {platform.python_version()}, {versions}, "
            f"Chromium {browser_version}, {platform.platform()}")


def ratio_row(name: str, floor: float, app: float, goal: float | None, unit: str = "ms") -> str:
    ratio = app / floor
    ok = "" if goal is None else ("yes" if ratio <= goal else "NO")
    goal_text = "" if goal is None else f"{goal:.1f}x"
    return (f"{name:<34}{floor:>9.1f} {unit:<3}{app:>9.1f} {unit:<3}{ratio:>7.2f}x"
            f"{goal_text:>7}  {ok}")


def header(title: str) -> list[str]:
    return ["", title, f"{'measure':<34}{'floor':>13}{'app':>13}{'ratio':>8}{'goal':>7}  ok",
            "-" * 80]


def breakdown(columns: Mapping[str, Sequence[Sample]]) -> list[str]:
    """Medians of every probe field for each column of samples (where the time goes)."""
    names = list(columns)
    lines = ["", "where the time goes (medians per click)",
             f"{'':<34}" + "".join(f"{n:>16}" for n in names), "-" * (34 + 16 * len(names))]
    for field, label in BREAKDOWN.items():
        if all(not values(columns[n], field) for n in names):
            continue
        lines.append(f"{label:<34}" + "".join(f"{median(columns[n], field):>16.1f}"
                                              for n in names))
    return lines


def curve(per_page: Mapping[str, tuple[Sequence[Sample], Sequence[Sample]]]) -> list[str]:
    """Next and answer times by the questions on a page (the first entry is the base)."""
    base_pages, base_answers = next(iter(per_page.values()))
    base_next, base_answer = median(base_pages), median(base_answers, "last_msg")
    lines = ["", "questions per page (synthetic page like the app's; medians, ms; answer = "
             "rerun until its last message)",
             f"{'questions':<14}{'Next':>8}{'p95':>8}{'x base':>8}{'answer':>8}{'x base':>8}"
             f"{'srv CPU':>9}{'browser':>9}{'elements':>9}", "-" * 81]
    for name, (pages, answers) in per_page.items():
        lines.append(
            f"{name:<14}{median(pages):>8.1f}{p95(pages):>8.1f}{median(pages) / base_next:>7.2f}x"
            f"{median(answers, 'last_msg'):>8.1f}"
            f"{median(answers, 'last_msg') / base_answer:>7.2f}x"
            f"{median(pages, 'server_cpu'):>9.1f}{median(pages, 'thread_busy'):>9.1f}"
            f"{median(pages, 'elements'):>9.0f}")
    return lines
