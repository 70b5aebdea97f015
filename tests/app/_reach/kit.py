"""A running app (the real launcher, a temporary database) and a headless Chromium, with the
moves a person makes: Start, About you, answering, Next. The one home of the browser tests'
server and Chromium helpers (``test_browser``, ``test_reach_*``, ``test_accessibility`` and
the couple and practice browser tests); Debian's ``chromium`` (never ``playwright install``)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = shutil.which("chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 390, "height": 844}
Page = Any  # playwright.sync_api.Page (the tests keep playwright an optional import)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, process: subprocess.Popen[bytes], seconds: float = 40) -> None:
    """Poll ``/_stcore/health`` until it says ok; fail at once if the process exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the app exited during start-up")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as reply:
                if reply.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError("the app did not become healthy")


def start_server(
    script: str, port: int, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Plain ``streamlit run script`` bound to 127.0.0.1 on ``port`` (``env`` added to ours)."""
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true"]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    command += ["--server.fileWatcherType", "none"]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def running_app(database: Path, locale: str = "en") -> Iterator[str]:
    """``python -m app_pages.serve`` on a free port with its own database; yields its URL."""
    port = free_port()
    env = dict(os.environ, TRUSTCHECK_DATABASE_URL=f"sqlite:///{database}", TRUSTCHECK_LANG=locale)
    process = subprocess.Popen(
        [sys.executable, "-m", "app_pages.serve", "--server.port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield from serving(process, port)


def serving(process: subprocess.Popen[bytes], port: int) -> Iterator[str]:
    """The URL of the app ``process`` serves on ``port``, once healthy; the process is
    stopped when the generator is closed (every browser test's server ends alike)."""
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def chromium() -> Iterator[Any]:
    """A headless Chromium for the module."""
    assert CHROMIUM is not None, "chromium must be installed for the browser tests"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        launched = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def settle(page: Page) -> None:
    """Wait until the app has finished its rerun (and the frame script has seen it)."""
    page.wait_for_timeout(150)
    page.wait_for_selector(IDLE, timeout=20_000)
    page.wait_for_timeout(100)


def open_app(browser: Any, url: str, size: dict[str, int] = WIDE, path: str = "") -> Page:
    """A new browser context (a fresh session) showing ``url``/``path``, settled."""
    context = browser.new_context(viewport=size)
    page = context.new_page()
    page.goto(f"{url}/{path}")
    settle(page)
    page.wait_for_function(
        "() => window.__quickExitFirst === true || !!document.querySelector('h1')"
    )
    return page


def click(page: Page, selector: str, nth: int = 0) -> None:
    page.locator(selector).nth(nth).click()
    settle(page)


def heading(page: Page) -> str:
    """The text of the main area's first h1."""
    return str(
        page.evaluate("() => document.querySelector('[data-testid=stMain] h1')?.innerText || ''")
    )


def about_you(page: Page, role: int = 0, relationship: int = 0, alias: str = "") -> None:
    """From the welcome page: Start, choose role and relationship (by position), Continue."""
    click(page, ".st-key-start button")
    click(page, ".st-key-w_role [data-testid=stRadioOption]", role)
    click(page, ".st-key-w_relationship [data-testid=stRadioOption]", relationship)
    if alias:
        page.locator(".st-key-w_alias input").fill(alias)
        page.keyboard.press("Enter")
        settle(page)
    click(page, ".st-key-about_next button")


def answer_page(page: Page, choice: int = 0) -> None:
    """Answer every question on this page with option ``choice`` (the first on short lists),
    including questions that appear after an answer (a follow-up safety question)."""
    for _ in range(40):
        open_groups = page.locator("[data-testid=stRadio]:not(:has(input:checked))")
        if open_groups.count() == 0:
            return
        options = open_groups.first.locator("[data-testid=stRadioOption]")
        options.nth(choice if options.count() > choice else 0).click()
        settle(page)
    raise AssertionError("questions keep appearing on this page")


def next_page(page: Page) -> None:
    """Press Next (or See my results) and wait for the next page's heading."""
    before = heading(page)
    page.locator(".st-key-q_next button").click()
    page.wait_for_function(
        f"(before) => document.querySelector('{IDLE}') && "
        "(document.querySelector('[data-testid=stMain] h1')?.innerText || '') !== before",
        arg=before,
        timeout=20_000,
    )
    settle(page)


def on_results(page: Page) -> bool:
    """Whether the results show (the chart, or the safety message before it)."""
    shown = ".js-plotly-plot, .st-key-new_checkup, .st-key-show_rest, .st-key-results_back"
    return bool(page.locator(shown).count())


def answer_all(page: Page, choice: int = 0) -> int:
    """Answer every question page and go on to the results; the number of pages."""
    pages = 0
    while not on_results(page):
        answer_page(page, choice)
        next_page(page)
        pages += 1
        assert pages < 25, "more question pages than the bank has"
    return pages
