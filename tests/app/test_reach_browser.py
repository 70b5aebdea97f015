"""Reach in a real browser (issue 15): page turns land at the top with focus on the heading,
Esc in a text field never exits, a reload mid-way asks first, the quick exit clears every
tab, the scale is one column on a phone, the quick exit is the first Tab stop without a
positive tabindex, and the whole check-up can be done with the keyboard alone."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _reach import kit

pytestmark = pytest.mark.browser
if kit.CHROMIUM is None and os.environ.get("CI") != "true":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason="chromium is not installed")]

ACTIVE = "() => document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : ''"
NOTES = "() => (document.querySelector('[data-testid=stMain]')?.innerText || '').includes('Notes')"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from kit.running_app(Path(tmp_path_factory.mktemp("reach")) / "checkups.db")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from kit.chromium()


def _first_question_page(browser: Any, server: str, size: dict[str, int]) -> Any:
    page = kit.open_app(browser, server, size)
    kit.about_you(page)
    return page


def test_a_page_turn_lands_at_the_top_with_focus_on_the_heading(browser: Any, server: str) -> None:
    for size in (kit.NARROW, kit.WIDE):
        page = _first_question_page(browser, server, size)
        for _ in range(2):
            kit.answer_page(page)
            page.locator(".st-key-q_next button").scroll_into_view_if_needed()
            kit.next_page(page)
            page.wait_for_timeout(200)
            top = page.evaluate(
                "() => document.querySelector('[data-testid=stMain] h1').getBoundingClientRect().top"
            )
            assert 0 <= top < size["height"] / 3, f"heading at {top} px after Next at {size}"
            assert page.evaluate(ACTIVE).startswith("<h1"), page.evaluate(ACTIVE)
        page.context.close()


def test_esc_in_a_text_field_never_exits_but_does_elsewhere(browser: Any, server: str) -> None:
    page = kit.open_app(browser, server)
    kit.click(page, ".st-key-start button")
    field = page.locator(".st-key-w_alias input")
    field.click()
    field.type("Sam")
    page.keyboard.press("Escape")
    kit.settle(page)
    assert "About you" in kit.heading(page) or page.locator(".st-key-w_alias").count() == 1
    assert not page.evaluate(NOTES)
    page.locator(".st-key-w_role input").first.focus()
    page.keyboard.press("Escape")
    page.wait_for_function(NOTES, timeout=20_000)
    page.context.close()


def _asks_on_reload(page: Any) -> bool:
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    page.reload()
    kit.settle(page)
    page.remove_listener("dialog", answer)
    return "beforeunload" in asked


def test_a_reload_mid_way_asks_first_but_not_after_the_quick_exit(
    browser: Any, server: str
) -> None:
    page = kit.open_app(browser, server)
    page.locator(".st-key-start button").click()  # a click: Chromium asks only after one
    kit.settle(page)
    assert not _asks_on_reload(page), "asked with no answers given"
    page = _first_question_page(browser, server, kit.WIDE)
    kit.answer_page(page)
    assert _asks_on_reload(page), "a reload with answers did not ask"
    page.context.close()
    page = _first_question_page(browser, server, kit.WIDE)
    kit.answer_page(page)
    kit.click(page, ".st-key-quick_exit button")
    page.wait_for_function(NOTES, timeout=20_000)
    assert not _asks_on_reload(page), "asked after the quick exit"
    page.context.close()


def test_the_quick_exit_clears_every_open_tab(browser: Any, server: str) -> None:
    first = kit.open_app(browser, server)
    second = first.context.new_page()
    second.goto(server)
    kit.settle(second)
    kit.about_you(second)
    kit.answer_page(second)
    kit.click(first, ".st-key-quick_exit button")
    first.wait_for_function(NOTES, timeout=20_000)
    second.wait_for_function(NOTES, timeout=20_000)
    kit.settle(second)
    assert second.locator("[data-testid=stRadio]").count() == 0
    second.goto(f"{server}/questions")  # its server session was cleared too
    kit.settle(second)
    assert second.locator("[data-testid=stRadio] input:checked").count() == 0
    first.context.close()


def test_the_scale_is_one_column_on_a_phone(browser: Any, server: str) -> None:
    page = _first_question_page(browser, server, kit.NARROW)
    kit.answer_page(page)
    kit.next_page(page)  # past the safety page: five-point questions
    group = page.locator("[data-testid=stRadio]").first
    boxes = [o.bounding_box() for o in group.locator("[data-testid=stRadioOption]").all()]
    assert len(boxes) == 5
    lefts = {round(b["x"]) for b in boxes}
    tops = [b["y"] for b in boxes]
    assert len(lefts) == 1 and tops == sorted(tops), f"not one column: {boxes}"
    page.context.close()


def test_the_quick_exit_is_the_first_tab_stop_without_a_positive_tabindex(
    browser: Any, server: str
) -> None:
    for size in (kit.WIDE, kit.NARROW):
        page = kit.open_app(browser, server, size)
        positive = page.evaluate(
            "() => [...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0).length"
        )
        assert positive == 0
        page.keyboard.press("Tab")
        assert "Quick exit" in page.evaluate("() => document.activeElement.innerText")
        page.keyboard.press("Tab")
        assert "Start" in page.evaluate("() => document.activeElement.innerText")
        page.context.close()


FOCUS = """() => {
  const el = document.activeElement;
  const box = el && el.closest('[class*="st-key-"]');
  const key = box ? [...box.classList].find(c => c.startsWith('st-key-')).slice(7) : '';
  const group = el && el.closest('[role=radiogroup]');
  return {radio: !!el && el.type === 'radio', open: !!group && !group.querySelector('input:checked'), key};
}"""


def test_the_whole_check_up_by_keyboard_alone(browser: Any, server: str) -> None:
    """Tab, Space and Enter only: Start, About you, every question page, the results."""
    page = kit.open_app(browser, server)
    for _ in range(3000):
        if kit.on_results(page):
            break
        focus = page.evaluate(FOCUS)
        if focus["radio"] and focus["open"]:
            page.keyboard.press("Space")
            kit.settle(page)
        elif focus["key"] in ("start", "about_next", "q_next"):
            page.keyboard.press("Enter")
            kit.settle(page)
        else:
            page.keyboard.press("Tab")
    assert kit.on_results(page), "the results were not reached by keyboard"
    page.context.close()
