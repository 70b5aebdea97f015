"""The app benchmark's in-memory part: AppTest reruns and the cold start (bench_app.py).

Server-side time of one rerun (AppTest with the server's shared script cache, median of N,
taking turns): answering a question on the largest question page and a rerun of the results
page, against a one-radio script; and the cold start of ``streamlit run`` to the first
interactive page in Chromium, against a hello-world script.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import app_figures as figures
import streamlit.testing.v1.app_test as app_test_module
import streamlit.testing.v1.local_script_runner as runner_module
from _reach.kit import IDLE, free_port, start_server, wait_healthy
from app_kit import answer_page, finish, go_about, middle, new_app
from playwright.sync_api import Browser
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest

RERUNS = 30
COLD_STARTS = 3
ROLE, RELATIONSHIP = "both", "romantic"  # the longest questionnaire
GOALS = {"question page": 2.0, "results page": 5.0, "cold start": 1.5}
EMPTY = 'import streamlit as st\nst.radio("How are you?", [1, 2, 3, 4, 5], index=None, key="r")\n'
HELLO = 'import streamlit as st\nst.write("Hello")\n'

# The real server compiles each page script once (one ScriptCache per server); AppTest makes a
# new cache on every run, so it would measure compiling the page file each time. Share one
# cache, as the server does, for the floor and the app alike.
_SHARED_CACHE = ScriptCache()
app_test_module.ScriptCache = lambda: _SHARED_CACHE  # type: ignore[attr-defined,assignment]
runner_module.ScriptCache = lambda: _SHARED_CACHE  # type: ignore[attr-defined,assignment]


def median_ms(actions: dict[str, Callable[[int], object]], times: int = RERUNS) -> dict[str, float]:
    """Median wall time in milliseconds of each ``action(i)``, after two warm-up calls.

    The actions take turns (floor, app, floor, app, ...), so a busy moment of the machine
    falls on the floor and the app alike rather than on whichever happened to run then.
    """
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for i in range(times + 2):
        for name, action in actions.items():
            start = time.perf_counter()
            action(i)
            if i >= 2:
                samples[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(found) for name, found in samples.items()}


def empty_app(folder: Path) -> AppTest:
    """The floor: a script with one radio and nothing else."""
    script = folder / "empty.py"
    script.write_text(EMPTY)
    return AppTest.from_file(str(script), default_timeout=30).run()


def question_app() -> AppTest:
    """The first question page with the most questions (the worst case), found by a first
    walk through all of them."""
    at, sizes = go_about(new_app(), ROLE, RELATIONSHIP), []
    while at.radio:
        sizes.append(len(at.radio))
        answer_page(at, middle)
        at.button(key="q_next").click().run()
    at = go_about(new_app(), ROLE, RELATIONSHIP)
    while len(at.radio) < max(sizes):
        answer_page(at, middle)
        at.button(key="q_next").click().run()
    assert str(at.get("progress")[0].proto.text).startswith("Page "), "not on a question page"
    return at


def results_app() -> AppTest:
    """The results page of a completed questionnaire, with its chart."""
    at = finish(go_about(new_app(), ROLE, RELATIONSHIP, alias="Zoë"))
    assert at.get("plotly_chart"), "did not reach the results page"
    return at


def answer(at: AppTest) -> Callable[[int], object]:
    """Answering the first question again (a rerun, as a click on a radio makes)."""
    return lambda i: at.radio[0].set_value(1 + i % 5).run()


def reruns(folder: Path) -> list[tuple[str, float, float, str]]:
    """Rows of the table for the reruns, each against the one-radio floor."""
    results = results_app()
    found = median_ms({
        "floor": answer(empty_app(folder)),
        "question page": answer(question_app()),
        "results page": lambda i: results.run(),
    })
    return [(name, found["floor"], found[name], "ms") for name in found if name != "floor"]




def cold_start(script: str, browser: Browser) -> float:
    """Seconds from ``streamlit run`` to an idle first page with a visible button or text."""
    port = free_port()
    start = time.perf_counter()
    process = start_server(script, port)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}")
        page.wait_for_selector(f"{IDLE} [data-testid=stMarkdownContainer]")
        elapsed = time.perf_counter() - start
        page.close()
        return elapsed
    finally:
        process.terminate()
        process.wait(timeout=10)


def cold_starts(folder: Path, browser: Browser) -> tuple[float, float]:
    hello = folder / "hello.py"
    hello.write_text(HELLO)
    floor, app = [], []
    for _ in range(COLD_STARTS):
        floor.append(cold_start(str(hello), browser))
        app.append(cold_start("survey_app.py", browser))
    return statistics.median(floor), statistics.median(app)


def in_memory(folder: Path, browser: Browser) -> list[str]:
    """The AppTest rerun figures and the cold start, as before."""
    rows = figures.header(f"in memory (AppTest reruns, median of {RERUNS}) and cold start "
                          f"(Chromium, median of {COLD_STARTS})")
    for name, floor, app, unit in reruns(folder):
        rows.append(figures.ratio_row(f"rerun, {name}", floor, app, GOALS[name], unit))
    floor_s, app_s = cold_starts(folder, browser)
    rows.append(figures.ratio_row("cold start to first page", floor_s * 1000, app_s * 1000,
                                  GOALS["cold start"]))
    return rows
