"""How fast the app answers, as a person feels it, as ratios against floors in the same run.

Run: ``python benchmarks/bench_app.py`` (``--help`` for fewer rounds or parts). Not a test.
1. In headless Chromium, each person a fresh browser context, servers started afresh each
   round (``benchmarks/app_browser.py``): the whole questionnaire answered as
   ``tests/app/app_kit.middle`` does, timing Next to the next question page shown and the last
   Next to the results page with its chart drawn (the first person after a server start and
   the next one), against a one-radio script with a Next button and a script whose click shows
   one small plotly chart (``benchmarks/app_scripts.py``), the three taking turns.
2. How a page's time grows with its number of questions: a synthetic page like the app's with
   1, 3, 4, 6 or 12 questions (and six segmented controls).
3. (``benchmarks/app_memory.py``) Server-side time of one rerun in memory (AppTest with the
   server's shared script cache, median of N, taking turns): answering a question on the
   largest question page, a rerun of the results page, against a one-radio script.
4. Cold start of ``streamlit run`` to the first interactive page in Chromium, against a
   hello-world script.
Prints the tables and writes ``benchmarks/results/app.txt``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "app"), str(ROOT / "benchmarks")]

import app_figures as figures  # noqa: E402
import app_memory  # noqa: E402
import app_scripts as scripts  # noqa: E402
from _reach.kit import ARGS  # noqa: E402
from app_browser import (  # noqa: E402
    PAGE_LABEL,
    Server,
    StepNotFoundError,
    Visit,
    serving,
    start_questions,
    walk_pages,
)
from app_figures import Sample  # noqa: E402
from app_kit import middle  # noqa: E402
from playwright.sync_api import Browser  # noqa: E402
from streamlit.string_util import to_snake_case  # noqa: E402

from checkup.flow import question_pages  # noqa: E402
from questions import RELATIONSHIPS, ROLES, Item, load_bank  # noqa: E402

ROUNDS = 5  # browser rounds: fresh servers, a first and a second person on each
# Questions per page and their widget for the page-size curve (the first is the base).
CURVE = ((1, "radio"), (3, "radio"), (4, "radio"), (6, "radio"), (12, "radio"),
         (6, "segmented_control"))
CURVE_PAGES, CURVE_ROUNDS = 6, 3
ROLE, RELATIONSHIP = "both", "romantic"  # the longest questionnaire
VIEWPORT = {"width": 1280, "height": 800}
BROWSER_GOALS = {"pages": 1.5, "results": 2.0}
OUT = ROOT / "benchmarks" / "results" / "app.txt"
NUMBER = re.compile(r"\D*?(\d+) · ")  # a question's number at the start of its label



def app_chooser() -> Callable[[str, str], int]:
    """The option to click for a question: ``app_kit.middle``. Widget keys name places on a
    page, so the question's number in its label ("12 · ...") says which item it is."""
    bank = load_bank()
    answers: dict[str, int] = {}
    asked: list[Item] = []
    for item in (item for page in question_pages(bank, ROLE) for item in page.items):
        if bank.is_asked(item, answers):  # numbered as the app numbers them, middle answers
            asked.append(item)
            answers[item.id] = middle(item)

    def choose(key: str, label: str) -> int:
        number = NUMBER.match(label)
        if number is None or not 0 < int(number.group(1)) <= len(asked):
            raise KeyError(f"radio {key!r} has no question number in {label[:40]!r}")
        item = asked[int(number.group(1)) - 1]
        return item.scale.points.index(middle(item))

    return choose


def middle_option(key: str, label: str) -> int:
    """The middle of five options, for the floor's and the synthetic pages' radios."""
    return 2


Person = Callable[[Visit], dict[str, list[Sample]]]


def app_person(visit: Visit) -> dict[str, list[Sample]]:
    """Welcome to results, as a new user: every question page and the results page."""
    start_questions(visit, ROLES.index(ROLE), RELATIONSHIPS.index(RELATIONSHIP))
    walk = walk_pages(visit, app_chooser(), results=True)
    assert walk.results is not None
    return {"pages": walk.pages, "answers": walk.answers, "results": [walk.results]}


def page_count(browser: Browser) -> int:
    """How many question pages the app shows for ``ROLE`` (read from "Page 1 of N")."""
    with serving("survey_app.py") as server:
        context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
        try:
            visit = Visit.open(context, server)
            start_questions(visit, ROLES.index(ROLE), RELATIONSHIPS.index(RELATIONSHIP))
            label = PAGE_LABEL.search(visit.caption())
            if label is None:
                raise StepNotFoundError(f"no page label on {visit.seen()!r}")
            return int(label.group(2))
        finally:
            context.close()


def floor_pages_person(visit: Visit) -> dict[str, list[Sample]]:
    walk = walk_pages(visit, middle_option, results=False)
    return {"pages": walk.pages, "answers": walk.answers}


def floor_results_person(visit: Visit) -> dict[str, list[Sample]]:
    button = visit.find(".st-key-q_next button", "the results floor's button")
    return {"results": [visit.timed_click(button, "chart")]}


def visit_once(browser: Browser, server: Server, person: Person) -> dict[str, list[Sample]]:
    """One new person (a fresh browser context: no cache, a new session) on ``server``."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    try:
        visit = Visit.open(context, server)
        return person(visit)
    finally:
        context.close()


Samples = dict[tuple[str, str, str], list[Sample]]  # (script, first|next person, kind)


def take_turns(browser: Browser, plan: Mapping[str, tuple[str, Person]], rounds: int,
               persons: tuple[str, ...] = ("first", "next")) -> Samples:
    """Each round starts every script's server afresh, then sends one person to each in turn
    (the order rotating by round), and again for each of ``persons``."""
    found: Samples = defaultdict(list)
    names = list(plan)
    for number in range(rounds):
        servers = {name: Server(script) for name, (script, _) in plan.items()}
        try:
            order = names[number % len(names):] + names[:number % len(names)]
            for who in persons:
                for name in order:
                    for kind, samples in visit_once(browser, servers[name], plan[name][1]).items():
                        found[(name, who, kind)] += samples
        finally:
            for server in servers.values():
                server.stop()
        print(f"  round {number + 1} of {rounds} done", file=sys.stderr)
    return found


def both(found: Samples, name: str, kind: str) -> list[Sample]:
    return found[(name, "first", kind)] + found[(name, "next", kind)]


def in_browser(folder: Path, browser: Browser, rounds: int) -> list[str]:
    """The questionnaire and its results as a person feels them, against the two floors."""
    count = page_count(browser)
    found = take_turns(browser, {
        "floor pages": (scripts.one_radio(folder, count), floor_pages_person),
        "app": ("survey_app.py", app_person),
        "floor results": (scripts.one_chart(folder), floor_results_person),
    }, rounds)
    app_pages, floor_pages = both(found, "app", "pages"), both(found, "floor pages", "pages")
    rows = figures.header(f"in headless Chromium, {rounds} rounds, {count} question pages "
                          f"({len(app_pages)} page turns each), time until shown")
    goal = BROWSER_GOALS["pages"]
    rows.append(figures.ratio_row("question page, Next: median", figures.median(floor_pages),
                                  figures.median(app_pages), goal))
    rows.append(figures.ratio_row("question page, Next: p95", figures.p95(floor_pages),
                                  figures.p95(app_pages), goal))
    goal = BROWSER_GOALS["results"]
    for who, label in (("next", "results (server warm)"), ("first", "first results after start")):
        floor, app = found[("floor results", who, "results")], found[("app", who, "results")]
        rows.append(figures.ratio_row(f"{label}: median", figures.median(floor),
                                      figures.median(app), goal))
        rows.append(figures.ratio_row(f"{label}: slowest", max(figures.values(floor)),
                                      max(figures.values(app)), goal))
        rows.append(figures.ratio_row("  its title shown: median", figures.median(floor, "text"),
                                      figures.median(app, "text"), None))
    rows.append(figures.ratio_row("answering (rerun, last message)",
                                  figures.median(both(found, "floor pages", "answers"), "last_msg"),
                                  figures.median(both(found, "app", "answers"), "last_msg"), None))
    rows += figures.breakdown({
        "floor page": floor_pages, "app page": app_pages,
        "floor results": both(found, "floor results", "results"),
        "app results": found[("app", "next", "results")],
        "app 1st results": found[("app", "first", "results")],
    })
    return rows


def page_size_curve(folder: Path, browser: Browser, rounds: int) -> list[str]:
    """Next and answer times of a page like the app's, by its number of questions."""
    def person(visit: Visit) -> dict[str, list[Sample]]:
        walk = walk_pages(visit, middle_option, results=False)
        return {"pages": walk.pages, "answers": walk.answers}

    plan = {f"{n} {widget.split('_')[0]}":
            (scripts.question_page(folder, n, CURVE_PAGES, widget), person) for n, widget in CURVE}
    found = take_turns(browser, plan, rounds, persons=("first",))
    return figures.curve({name: (found[(name, "first", "pages")],
                                 found[(name, "first", "answers")]) for name in plan})


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--curve-rounds", type=int, default=CURVE_ROUNDS)
    parser.add_argument("--only", choices=PARTS, action="append",
                        help="run only these parts (repeatable); results are then not saved")
    parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                        help="a Streamlit config option for every server, app and floors "
                        "alike (e.g. runner.postScriptGC=false: what a change would give); "
                        "results are then not saved")
    parser.add_argument("--out", type=Path, help=f"write the results here (default: {OUT} "
                        "for a full run without --option, else nowhere)")
    parser.add_argument("--append", action="store_true", help="append to --out")
    return parser.parse_args()


PARTS = ("browser", "curve", "memory")


def run_part(part: str, folder: Path, browser: Browser, args: argparse.Namespace) -> list[str]:
    """One part's rows, printed as soon as they are measured; a part that cannot finish (the
    app changed under it) gives one line saying why, and the other parts still run."""
    try:
        if part == "browser":
            rows = in_browser(folder, browser, args.rounds)
        elif part == "curve":
            rows = page_size_curve(folder, browser, args.curve_rounds)
        else:
            rows = app_memory.in_memory(folder, browser)
    except (StepNotFoundError, AssertionError, KeyError, RuntimeError) as error:
        rows = ["", f"{part}: not measured: {type(error).__name__}: {error}"]
    print("\n".join(rows), flush=True)
    return rows


def source() -> str:
    """Which app was measured: $BENCH_SOURCE (say, for a copy of a working tree), else the
    commit of this checkout, marked when its app files differ from it."""
    if os.environ.get("BENCH_SOURCE"):
        return os.environ["BENCH_SOURCE"]
    def git(*words: str) -> str:
        found = subprocess.run(["git", *words], cwd=ROOT, capture_output=True, text=True)
        return found.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    changed = git("status", "--porcelain", "--", "survey_app.py", "app_pages", "checkup")
    return commit + (" with uncommitted changes to the app" if changed else "")


def main() -> None:
    args = arguments()
    for option in args.option:
        name, _, value = option.partition("=")
        os.environ[f"STREAMLIT_{to_snake_case(name.replace('.', '_')).upper()}"] = value
    from playwright.sync_api import sync_playwright

    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as play:
        browser = play.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        for part in args.only or PARTS:
            rows += run_part(part, Path(tmp), browser, args)
        version = browser.version
        browser.close()
    options = f" with {', '.join(args.option)}" if args.option else ""
    text = (f"Trust Check-up app benchmark{options}; app: {source()}\n" + "\n".join(rows)
            + "\n\n" + figures.machine(version) + "\n")
    print("\n" + figures.machine(version))
    out = args.out or (OUT if args.only is None and not args.option else None)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("a" if args.append else "w") as file:
            file.write(("\n" if args.append else "") + text)


if __name__ == "__main__":
    main()
