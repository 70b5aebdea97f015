"""Driving a Streamlit app in headless Chromium and timing clicks as a person feels them.

A click is timed inside the page: a capture listener notes the ``pointerdown`` of the real
(Playwright) mouse click, then every animation frame checks whether the expected page is there
(the app idle, nothing stale, the page's content present); one more frame after that, it is on
screen. So the times carry no Playwright round trips. Around each click the probe also reads the
server process's CPU time (``/proc``), Chromium's main-thread time (CDP ``Performance``), the
websocket bytes received and the number of elements, to show where the time goes.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from _reach.kit import IDLE, free_port, start_server, wait_healthy
from playwright.sync_api import BrowserContext, CDPSession, Locator, Page

TIMEOUT_MS = 30_000
# A question: a radio (the app), or a segmented control (one synthetic page to compare).
RADIO_BOX = ("[data-testid=stMain] [data-testid=stElementContainer]:has([data-testid=stRadio], "
             "[data-testid=stButtonGroup])")
OPTION = "[data-testid=stRadioOption], button[role=radio]"
KEY_CLASS = re.compile(r"\bst-key-(\S+)")
PAGE_LABEL = re.compile(r"Page (\d+) of (\d+)")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# Counts the websocket messages the page receives (before Streamlit's code runs).
WS_COUNTER = """(() => {
  const Native = window.WebSocket;
  window.__wsIn = {count: 0, bytes: 0, last: 0};
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const tally = window.__wsIn;
        tally.count += 1;
        tally.bytes += event.data.byteLength ?? event.data.size ?? event.data.length ?? 0;
        tally.last = performance.now();
        if (tally.first === undefined) tally.first = tally.last;
      });
    }
  };
})();"""
# Arms a timer for the next click; window.__benchResult resolves with times in ms from the
# pointerdown: running (script state seen running), idle (seen back to notRunning), first_msg
# and last_msg (websocket messages), text (a new h1 shown), met (the expected page complete:
# idle, nothing stale, its content there), shown (the frame after that). A rerun that changes
# nothing visible (an answer) is met once a message came and none for QUIET ms (its time is
# last_msg): a quick rerun can go from running to notRunning within one render.
ARM = """(spec) => {
  const QUIET = 60;
  const app = document.querySelector('[data-testid=stApp]');
  const main = () => document.querySelector('[data-testid=stMain]');
  const idle = () => app.getAttribute('data-test-script-state') === 'notRunning';
  const fresh = () => !document.querySelector('[data-stale=true]');
  const h1s = () => [...main().querySelectorAll('h1')].filter(
    (e) => !e.closest('[data-stale=true]')).map((e) => e.textContent);
  const before = new Set(h1s());
  const chartDrawn = () => [...main().querySelectorAll('.js-plotly-plot .main-svg')].some(
    (svg) => svg.getBoundingClientRect().width > 0) &&
    main().querySelector('.js-plotly-plot .trace') !== null;
  const tally = window.__wsIn;
  const marks = {};
  let t0 = null, count0 = 0, bytes0 = 0;
  const since = () => performance.now() - t0;
  window.__benchResult = new Promise((resolve) => {
    const watch = new MutationObserver(() => {
      if (t0 === null) return;
      if (!idle() && marks.running === undefined) marks.running = since();
      if (idle() && marks.running !== undefined && marks.idle === undefined) marks.idle = since();
    });
    watch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    const end = (extra) => {
      watch.disconnect(); clearTimeout(timer);
      resolve({...marks, ...extra, messages: tally.count - count0,
               ws_kib: (tally.bytes - bytes0) / 1024});
    };
    const timer = setTimeout(() => end({error: 'timeout', clicked: t0 !== null,
      idle_now: idle(), fresh_now: fresh(), seen: main().textContent.slice(0, 300)}),
      spec.timeout);
    const met = () => {
      if (!(idle() && fresh())) return false;
      if (spec.kind === 'text') return main().textContent.includes(spec.text);
      if (spec.kind === 'chart') return marks.text !== undefined && chartDrawn();
      return tally.count > count0 && performance.now() - tally.last > QUIET;
    };
    const tick = () => {
      if (tally.count > count0) {
        if (marks.first_msg === undefined) marks.first_msg = tally.first - t0;
        marks.last_msg = tally.last - t0;
      }
      if (marks.text === undefined && h1s().some((t) => !before.has(t))) marks.text = since();
      if (met()) {
        marks.met = since();
        requestAnimationFrame(() => end({shown: since()}));
      } else requestAnimationFrame(tick);
    };
    document.addEventListener('pointerdown', () => {
      t0 = performance.now(); count0 = tally.count; bytes0 = tally.bytes;
      tally.first = undefined;
      requestAnimationFrame(tick);
    }, {capture: true, once: true});
  });
}"""
SEEN = "(document.querySelector('[data-testid=stMain]')?.innerText || '').slice(0, 300)"
COUNT = "document.querySelectorAll('[data-testid=stMain] *').length"
CAPTION = ("(document.querySelector('[data-testid=stMain]')?.textContent"
           ".match(/Page \\d+ of \\d+/) || [''])[0]")


class StepNotFoundError(RuntimeError):
    """A step of the walk through the app is not where the benchmark looks for it."""


@dataclass
class Server:
    """One ``streamlit run`` process serving ``script`` on a free local port."""

    script: str
    process: subprocess.Popen[bytes] = field(init=False)
    url: str = field(init=False)

    def __post_init__(self) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.process = start_server(self.script, port)
        wait_healthy(self.url, self.process)

    def cpu_ms(self) -> float:
        """User and system CPU time of the server process so far, in ms (all its threads)."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / CLOCK_TICKS

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@contextlib.contextmanager
def serving(script: str) -> Iterator[Server]:
    """A server for the block, stopped afterwards whatever happens."""
    server = Server(script)
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Visit:
    """One person's browser tab on one server, with the probes that attribute the time."""

    page: Page
    server: Server
    cdp: CDPSession

    @classmethod
    def open(cls, context: BrowserContext, server: Server) -> Visit:
        page = context.new_page()
        page.add_init_script(WS_COUNTER)
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        visit = cls(page, server, cdp)
        page.goto(server.url)
        page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
        return visit

    def _main_thread_ms(self) -> dict[str, float]:
        metrics = self.cdp.send("Performance.getMetrics")["metrics"]
        wanted = {"TaskDuration": "busy", "ScriptDuration": "script", "LayoutDuration": "layout",
                  "RecalcStyleDuration": "style"}
        return {wanted[m["name"]]: m["value"] * 1000 for m in metrics if m["name"] in wanted}

    def timed_click(self, target: Locator, kind: str, text: str = "") -> dict[str, float]:
        """Click ``target`` and time it until the page of ``kind`` is shown (see ``ARM``):
        ``rerun`` (one rerun done), ``text`` (idle with ``text`` on the page) or ``chart``
        (a new title and a drawn plotly chart). Also the probes' deltas for the click."""
        cpu, thread = self.server.cpu_ms(), self._main_thread_ms()
        self.page.evaluate(ARM, {"kind": kind, "text": text, "timeout": TIMEOUT_MS})
        target.click(timeout=TIMEOUT_MS)
        found: dict[str, Any] = self.page.evaluate("window.__benchResult")
        if "error" in found:
            raise StepNotFoundError(f"after clicking {target}, no {kind} page {text!r} within "
                               f"{TIMEOUT_MS / 1000:.0f} s (idle: {found['idle_now']}, "
                               f"nothing stale: {found['fresh_now']}): {found['seen']!r}")
        after = self._main_thread_ms()
        found["server_cpu"] = self.server.cpu_ms() - cpu
        found.update({f"thread_{k}": v - thread[k] for k, v in after.items()})
        found["elements"] = self.page.evaluate(COUNT)
        return found

    def find(self, selector: str, step: str) -> Locator:
        """The one visible element for ``selector``, or a clear error naming the step."""
        found = self.page.locator(selector)
        try:
            found.first.wait_for(state="visible", timeout=TIMEOUT_MS)
        except Exception as error:
            raise StepNotFoundError(f"{step}: nothing matches {selector!r}; the page shows "
                                    f"{self.seen()!r}") from error
        return found.first

    def seen(self) -> str:
        """The start of the main area's text (the benchmark's own neutral answers only)."""
        return str(self.page.evaluate(SEEN))

    def caption(self) -> str:
        """The "Page n of N" label on the page, or ""."""
        return str(self.page.evaluate(CAPTION))

    def close(self) -> None:
        self.page.close()


Chooser = Callable[[str, str], int]  # the option index to click for a radio's key and label


def answer_radios(visit: Visit, choose: Chooser) -> list[dict[str, float]]:
    """Click the chosen option of every radio on the page, each time until its rerun ends."""
    times = []
    for box in visit.page.locator(RADIO_BOX).all():
        classes = box.get_attribute("class") or ""
        key = KEY_CLASS.search(classes)
        if key is None:
            raise StepNotFoundError(f"a radio without a widget key on {visit.caption()!r}")
        label = box.locator("[data-testid=stWidgetLabel]").first.inner_text()
        option = box.locator(OPTION).nth(choose(key.group(1), label))
        times.append(visit.timed_click(option, "rerun"))
    return times


@dataclass
class Walk:
    """The times of one walk through the question pages: Next to the next page, each answer,
    and the last Next (to results, when the walk ends on them)."""

    pages: list[dict[str, float]] = field(default_factory=list)
    answers: list[dict[str, float]] = field(default_factory=list)
    results: dict[str, float] | None = None


def walk_pages(visit: Visit, choose: Chooser, results: bool) -> Walk:
    """From the first "Page 1 of N" to the end: answer each page, press Next (``q_next``)."""
    walk = Walk()
    with contextlib.suppress(Exception):  # the check below names what is shown instead
        visit.page.wait_for_function(f"() => document.querySelector('{IDLE}') && {CAPTION}",
                                     timeout=TIMEOUT_MS)
    label = PAGE_LABEL.search(visit.caption())
    if label is None or label.group(1) != "1":
        raise StepNotFoundError(f"expected the first question page, found {visit.seen()!r}")
    count = int(label.group(2))
    for number in range(1, count + 1):
        walk.answers += answer_radios(visit, choose)
        button = visit.find(".st-key-q_next button", f"Next on page {number} of {count}")
        if number < count:
            walk.pages.append(visit.timed_click(button, "text", f"Page {number + 1} of {count}"))
        elif results:
            walk.results = visit.timed_click(button, "chart")
        else:
            visit.timed_click(button, "rerun")
    return walk


def start_questions(visit: Visit, role: int, relationship: int) -> None:
    """Welcome (Start) and About you (the ``role``-th and ``relationship``-th options, then
    Continue), up to the first question page; found by their stable widget keys."""
    visit.timed_click(visit.find(".st-key-start button", "Start on the welcome page"), "rerun")
    for key, index in (("w_role", role), ("w_relationship", relationship)):
        box = visit.find(f".st-key-{key}", f"About you, radio {key}")
        visit.timed_click(box.locator(OPTION).nth(index), "rerun")
    button = visit.find(".st-key-about_next button", "Continue on About you")
    visit.timed_click(button, "text", "Page 1 of ")
