"""Couples in a real browser: two contexts (two people, each their own session) on one server.

Each answers a check-up (the quick check-in) alone and saves it with a passphrase; one creates the couple
space, the other joins with the code; both share; both see the comparison (chart, words); one
takes the share back and the other sees only "not available yet" again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _reach import kit

pytestmark = pytest.mark.browser
if kit.CHROMIUM is None and os.environ.get("CI") != "true":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason="chromium is not installed")]

NOT_YET = "The comparison is not available yet."
ARTIFACTS = kit.ROOT / "tests" / "_artifacts"
MAIN = "() => document.querySelector('[data-testid=stMain]')?.innerText || ''"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from kit.running_app(Path(tmp_path_factory.mktemp("couple")) / "checkups.db")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from kit.chromium()


def text(page: Any) -> str:
    return str(page.evaluate(MAIN))


def until(page: Any, words: str) -> str:
    """Wait until the settled main area shows ``words`` (a rerun may follow a rerun); its text."""
    page.wait_for_function(
        f"(words) => document.querySelector('{kit.IDLE}') && ({MAIN})().includes(words)",
        arg=words,
        timeout=20_000,
    )
    kit.settle(page)
    return text(page)


def _until_or_show(page: Any, words: str) -> str:
    try:
        return until(page, words)
    except Exception:
        raise AssertionError(text(page)) from None


def press(page: Any, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).first.click()
    kit.settle(page)


def answered_and_saved(browser: Any, server: str, role: int, alias: str, passphrase: str) -> Any:
    """A fresh context: the quick check-in (the pulse form: a finished check-up in fewer
    clicks than the full one), About you, every question, save with a passphrase, Together."""
    page = kit.open_app(browser, server)
    kit.click(page, ".st-key-start_pulse button")
    kit.click(page, ".st-key-w_role [data-testid=stRadioOption]", role)
    kit.click(page, ".st-key-w_relationship [data-testid=stRadioOption]", 0)
    page.locator(".st-key-w_alias input").fill(alias)
    page.keyboard.press("Enter")
    kit.settle(page)
    kit.click(page, ".st-key-about_next button")
    kit.answer_all(page)  # "Never" to the safety questions; the roles differ, so the scores do
    page.locator(".st-key-save_pass input").fill(passphrase)
    page.locator(".st-key-save_pass2 input").fill(passphrase)
    press(page, "Save this check-up")
    kit.click(page, ".st-key-save_to_checkups button")
    kit.click(page, ".st-key-to_couple button")
    assert kit.heading(page) == "Together"
    return page


def test_two_partners_create_join_share_compare_and_withdraw(browser: Any, server: str) -> None:
    alex = answered_and_saved(browser, server, 0, "Alex", "alex passphrase")
    kit.click(alex, ".st-key-couple_create button")
    code = alex.locator("[data-testid=stCode]").first.inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9-]{6,24}", code), code

    bo = answered_and_saved(browser, server, 1, "Bo", "bo passphrase")
    bo.locator(".st-key-couple_code input").fill(code)
    press(bo, "Join")
    assert NOT_YET in until(bo, "Your partner has joined")

    kit.click(alex, ".st-key-couple_share button")
    until(alex, "You shared")
    kit.click(bo, ".st-key-couple_share button")
    kit.click(alex, ".st-key-couple_refresh button")
    for page in (alex, bo):
        shown = _until_or_show(page, "Where your answers agree")
        assert NOT_YET not in shown
        assert "Steps for the two of you" in shown
        assert page.locator(".st-key-couple_chart .js-plotly-plot").count() == 1
        assert page.locator(".st-key-couple_pdf button").count() == 1
    assert "Alex" not in text(bo)  # the screen says "your partner"
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 390):  # the app scrolls inside itself: a tall window shows it all
        bo.set_viewport_size({"width": width, "height": 3600})
        kit.settle(bo)
        bo.screenshot(path=str(ARTIFACTS / f"together-{width}-tall.png"))
    bo.set_viewport_size(kit.WIDE)

    kit.click(alex, "[class*=st-key-withdraw_] button")
    until(alex, NOT_YET)
    kit.click(bo, ".st-key-couple_refresh button")
    assert "Where your answers agree" not in until(bo, NOT_YET)
    assert bo.locator(".st-key-couple_chart").count() == 0
    for page in (alex, bo):
        page.context.close()
