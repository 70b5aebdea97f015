"""How fast the app answers, as ratios against a floor measured in the same run.

Run: ``python benchmarks/bench_app.py``. Not a test. Measures
1. server-side time of one rerun (AppTest with the server's shared script cache, median of
   N, taking turns): answering a question on the first question page and on the first page
   with the most questions, and a rerun of the results page, against an empty one-radio
   script;
2. cold start of ``streamlit run`` to the first interactive page in a real headless Chromium,
   against a hello-world script (median of 3).
Prints a table and writes ``benchmarks/results/app.txt``.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "app")]

import streamlit.testing.v1.app_test as app_test_module  # noqa: E402
import streamlit.testing.v1.local_script_runner as runner_module  # noqa: E402
from app_kit import answer_page, finish, go_about, middle, new_app  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from test_browser import ARGS, IDLE, free_port, start_server, wait_healthy  # noqa: E402

from app_pages.flow import question_pages  # noqa: E402
from questions import load_bank  # noqa: E402

RERUNS = 30
COLD_STARTS = 3
GOALS = {"question page": 2.0, "results page": 5.0, "cold start": 1.5}
EMPTY = 'import streamlit as st\nst.radio("How are you?", [1, 2, 3, 4, 5], index=None, key="r")\n'
HELLO = 'import streamlit as st\nst.write("Hello")\n'
OUT = ROOT / "benchmarks" / "results" / "app.txt"

# The real server compiles each page script once (one ScriptCache per server); AppTest makes a
# new cache on every run, so it would measure compiling the page file each time. Share one
# cache, as the server does, for the floor and the app alike.
_SHARED_CACHE = ScriptCache()
app_test_module.ScriptCache = lambda: _SHARED_CACHE  # type: ignore[assignment,misc]
runner_module.ScriptCache = lambda: _SHARED_CACHE  # type: ignore[assignment,misc]


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
    """The first question page with the most questions (the worst case; today page 1)."""
    at = go_about(new_app(), "both", "romantic")
    most = max(len(page.items) for page in question_pages(load_bank(), "both"))
    while len(at.radio) < most:
        answer_page(at, middle)
        at.button(key="q_next").click().run()
    assert str(at.get("progress")[0].proto.text).startswith("Page "), "not on a question page"
    return at


def results_app() -> AppTest:
    """The results page of a completed questionnaire, with its chart."""
    at = finish(go_about(new_app(), "both", "romantic", alias="Zoë"))
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


def cold_start(script: str, browser: object) -> float:
    """Seconds from ``streamlit run`` to an idle first page with a visible button or text."""
    port = free_port()
    start = time.perf_counter()
    process = start_server(script, port)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process)
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(f"http://127.0.0.1:{port}")
        page.wait_for_selector(f"{IDLE} [data-testid=stMarkdownContainer]")
        elapsed = time.perf_counter() - start
        page.close()
        return elapsed
    finally:
        process.terminate()
        process.wait(timeout=10)


def cold_starts(folder: Path) -> tuple[float, float]:
    from playwright.sync_api import sync_playwright

    hello = folder / "hello.py"
    hello.write_text(HELLO)
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        floor, app = [], []
        for _ in range(COLD_STARTS):
            floor.append(cold_start(str(hello), browser))
            app.append(cold_start("survey_app.py", browser))
        browser.close()
    return statistics.median(floor), statistics.median(app)


def table(rows: list[tuple[str, float, float, str]]) -> str:
    lines = [f"{'measure':<16}{'floor':>12}{'app':>12}{'ratio':>8}{'goal':>7}  ok",
             "-" * 60]
    for name, floor, app, unit in rows:
        ratio = app / floor
        ok = "yes" if ratio <= GOALS[name] else "NO"
        lines.append(f"{name:<16}{floor:>9.1f} {unit:<2}{app:>9.1f} {unit:<2}{ratio:>7.2f}x"
                     f"{GOALS[name]:>6.1f}x  {ok}")
    return "\n".join(lines)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = reruns(folder)
        floor, app = cold_starts(folder)
        rows.append(("cold start", floor * 1000, app * 1000, "ms"))
    text = (f"Trust Check-up app benchmark (reruns: median of {RERUNS}, AppTest; "
            f"cold start: median of {COLD_STARTS}, headless Chromium)\n" + table(rows) + "\n")
    print(text)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)


if __name__ == "__main__":
    main()
