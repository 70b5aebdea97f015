"""Plain flow logic: page splitting, time estimate, missing-answer messages, escaping."""

from __future__ import annotations

import pytest

from app_pages.frame import escape_markdown
from checkup.flow import (
    MAX_ITEMS_PER_PAGE,
    first_incomplete,
    gist,
    minutes_range,
    missing_message,
    question_pages,
    shown,
    split_evenly,
    unanswered,
)
from checkup.session import clean_alias
from locales import catalogue
from questions import ROLES, load_bank

BANK = load_bank()
EN = catalogue("en")


@pytest.mark.parametrize(
    ("count", "sizes"),
    [
        (6, [6]),
        (8, [4, 4]),
        (12, [6, 6]),
        (15, [5, 5, 5]),
        (22, [6, 6, 5, 5]),
    ],
)
def test_split_evenly(count: int, sizes: list[int]) -> None:
    items = BANK.items[:count]
    assert [len(c) for c in split_evenly(items)] == sizes


@pytest.mark.parametrize("role", ROLES)
def test_pages_cover_every_item_once_in_order(role: str) -> None:
    pages = question_pages(BANK, role)
    ids = [item.id for page in pages for item in page.items]
    assert ids == [i.id for s in BANK.sections_for(role) for i in BANK.items_in_section(s.id, role)]
    assert all(len(p.items) <= MAX_ITEMS_PER_PAGE for p in pages)
    numbers = [n for page in pages for n, _ in page.numbered()]
    assert numbers == list(range(1, len(ids) + 1))


def test_minutes_range_from_item_counts() -> None:
    low, high = minutes_range(BANK, ROLES)
    assert 5 <= low <= high <= 30
    assert low % 5 == 0 and high % 5 == 0


def test_first_incomplete() -> None:
    pages = question_pages(BANK, "hurt")
    everything = {i.id: 3 for p in pages for i in p.items}
    assert first_incomplete(pages, BANK, everything) is None
    del everything[pages[2].items[0].id]
    assert first_incomplete(pages, BANK, everything) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In the past month, I have felt uneasy whenever I did not know",
            "I have felt uneasy whenever I did…",
        ),
        ("Short one.", "Short one."),
        (
            "En el último mes, he sentido inquietud cuando no sabía dónde",
            "He sentido inquietud cuando no sabía dónde",
        ),
    ],
)
def test_gist(text: str, expected: str) -> None:
    assert gist(text) == expected


def test_missing_message_names_numbers_and_words() -> None:
    page = question_pages(BANK, "hurt")[0]
    few = missing_message(page.numbered()[1:3], BANK, "hurt", "work", EN)
    assert "question 2" in few and "question 3" in few and "my colleague" in few.lower()
    many = missing_message(page.numbered(), BANK, "hurt", "work", EN)
    numbers = [str(n) for n, _ in page.numbered()]
    assert f"questions {', '.join(numbers[:-1])} and {numbers[-1]}" in many and "“" in many


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("Zoë Łódź", "Zoë Łódź"),
        ("**bold** [x](http://e.vil)", r"\*\*bold\*\* \[x\]\(http\://e\.vil\)"),
        ("<script>", r"\<script\>"),
    ],
)
def test_escape_markdown(raw: str, escaped: str) -> None:
    assert escape_markdown(raw) == escaped


def test_clean_alias() -> None:
    assert clean_alias("  Zoë\x00 ") == "Zoë"
    assert clean_alias("   ") is None
    assert clean_alias("x" * 80) == "x" * 40


def test_a_stepped_question_shows_once_its_step_is_taken_and_numbers_follow() -> None:
    pages = question_pages(BANK, "hurt")
    stepped = next(i for p in pages for i in p.items if i.ask_if is not None)
    index = next(n for n, p in enumerate(pages) if stepped in p.items)
    before = {i.id: i.scale.min for p in pages[:index] for i in p.items}
    hidden = shown(pages, index, BANK, before)
    assert stepped not in [item for _, item in hidden]
    trigger = BANK.item_by_id[stepped.ask_if.item]
    answers = {**before, trigger.id: stepped.ask_if.above + 1}
    now = shown(pages, index, BANK, answers)
    assert stepped in [item for _, item in now]
    numbers = [n for n, _ in now]
    assert numbers == list(range(numbers[0], numbers[0] + len(now)))  # no gap
    assert [item for _, item in unanswered(pages, index, BANK, answers)][-1] is not None
    assert first_incomplete(pages, BANK, {**answers, **{i.id: 1 for _, i in now}}) != index
