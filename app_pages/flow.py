"""Plain logic of the questionnaire flow: pages of questions, progress, missing answers.

No streamlit here: the page modules call these functions and render what they return.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from questions import Bank, Item, Section, item_text

# Short pages read well on a phone, and each question adds to the time of every rerun.
MAX_ITEMS_PER_PAGE = 6
SECONDS_PER_ITEM = 8  # a calm pace for reading a short statement and choosing an answer
MAX_GIST_WORDS = 7
MAX_NAMED = 3  # more missing answers are listed by number only
_TIME_FRAME = re.compile(r"^(in|during|over) the (past|last) \w+,\s*", re.IGNORECASE)
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


@dataclass(frozen=True)
class QuestionPage:
    """One screen of questions: a section (or a part of one) with numbered items."""

    section: Section
    part: int
    parts: int
    items: tuple[Item, ...]
    first_number: int

    @property
    def title(self) -> str:
        """The section title, with "(part 1 of 2)" when the section is split."""
        if self.parts == 1:
            return self.section.title
        return f"{self.section.title} (part {self.part} of {self.parts})"

    def numbered(self) -> list[tuple[int, Item]]:
        """The page's items with their questionnaire-wide question numbers."""
        return [(self.first_number + i, item) for i, item in enumerate(self.items)]


def split_evenly(items: Sequence[Item], most: int = MAX_ITEMS_PER_PAGE) -> list[tuple[Item, ...]]:
    """Split items into the fewest chunks of at most ``most``, sizes differing by at most one."""
    count = max(1, math.ceil(len(items) / most))
    size, extra = divmod(len(items), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        chunks.append(tuple(items[start:end]))
        start = end
    return chunks


_PAGES: dict[tuple[int, str], tuple[QuestionPage, ...]] = {}


def question_pages(bank: Bank, role: str) -> tuple[QuestionPage, ...]:
    """The question pages for a role, in bank order (computed once per bank and role)."""
    key = (id(bank), role)
    if key not in _PAGES:
        pages: list[QuestionPage] = []
        number = 1
        for section in bank.sections_for(role):
            chunks = split_evenly(bank.items_in_section(section.id, role))
            for part, chunk in enumerate(chunks, start=1):
                pages.append(QuestionPage(section, part, len(chunks), chunk, number))
                number += len(chunk)
        _PAGES[key] = tuple(pages)
    return _PAGES[key]


def minutes_range(bank: Bank, roles: Sequence[str]) -> tuple[int, int]:
    """Fewest and most minutes the questionnaire takes over ``roles``, rounded up to 5."""
    counts = [len(bank.items_for(role)) for role in roles]

    def minutes(n: int) -> int:
        return max(5, 5 * math.ceil(n * SECONDS_PER_ITEM / 60 / 5))

    return minutes(min(counts)), minutes(max(counts))


def unanswered(page: QuestionPage, answers: Mapping[str, int]) -> list[tuple[int, Item]]:
    """The numbered items of a page that have no answer yet."""
    return [(n, item) for n, item in page.numbered() if item.id not in answers]


def first_incomplete(pages: Sequence[QuestionPage], answers: Mapping[str, int]) -> int | None:
    """Index of the first page with an unanswered item, or None when all are answered."""
    for index, page in enumerate(pages):
        if unanswered(page, answers):
            return index
    return None


def gist(text: str, words: int = MAX_GIST_WORDS) -> str:
    """The first words of a question, without its shared time frame ("In the past month, ")."""
    body = _TIME_FRAME.sub("", text, count=1)
    parts = body.split()
    short = " ".join(parts[:words])
    short = short[:1].upper() + short[1:]
    return short + ("…" if len(parts) > words else "")


def missing_message(
    missing: Sequence[tuple[int, Item]], bank: Bank, role: str, relationship: str
) -> str:
    """A plain message naming the unanswered questions by number and first words."""
    if len(missing) > MAX_NAMED:
        numbers = [str(n) for n, _ in missing]
        first = gist(item_text(bank, missing[0][1], role, relationship))
        return (
            f"Please answer questions {', '.join(numbers[:-1])} and {numbers[-1]} before "
            f"going on. The first of these starts “{first}”."
        )
    names = [
        f"question {n} (“{gist(item_text(bank, item, role, relationship))}”)" for n, item in missing
    ]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Please answer {listed} before going on."


def escape_markdown(text: str) -> str:
    """Escape person-typed text so markdown shows it literally (no links, no HTML)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def clean_alias(raw: str | None, most: int = 40) -> str | None:
    """An alias as typed, trimmed of spaces and control characters; None when empty."""
    if raw is None:
        return None
    text = "".join(ch for ch in raw if ch.isprintable()).strip()[:most]
    return text or None


def answers_for_role(bank: Bank, role: str, answers: Mapping[str, int]) -> dict[str, int]:
    """Only the answers to items asked of ``role`` (a changed role leaves others unused)."""
    asked = {item.id for item in bank.items_for(role)}
    return {k: v for k, v in answers.items() if k in asked}


def score_text(score: float | None) -> str:
    """A score as a whole number out of 100, or a plain word when there is none."""
    return "not scored" if score is None else f"{round(score)} out of 100"
