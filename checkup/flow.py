"""How a check-up moves: pages of questions, progress, missing answers, the page turns.

Plain logic, no streamlit: the questions page renders what these functions return and hands
its button presses to :func:`turn_page`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from checkup.session import Session, going_to
from locales import Catalogue
from questions import Bank, Item, Section, item_text

# Short pages read well on a phone, and each question adds to the time of every rerun.
MAX_ITEMS_PER_PAGE = 6
SECONDS_PER_ITEM = 8  # a calm pace for reading a short statement and choosing an answer
MAX_GIST_WORDS = 7
MAX_NAMED = 3  # more missing answers are listed by number only
# A question's widget key names its place on the page, not its item: the browser then keeps
# the same six widgets across a page turn and only changes their words (Streamlit remounts a
# widget whose key changes: about 20% of a page turn's browser time went to drawing them anew).
SLOT_KEY = "q_slot{}"
LEAD_IN_WORDS = 6  # a comma this early ends a shared lead-in such as "In the past month,"


@dataclass(frozen=True)
class QuestionPage:
    """One screen of questions: a section (or a part of one) with numbered items."""

    section: Section
    part: int
    parts: int
    items: tuple[Item, ...]
    first_number: int

    def title(self, cat: Catalogue) -> str:
        """The section title, with "(part 1 of 2)" when the section is split."""
        if self.parts == 1:
            return self.section.title
        return cat.text(
            "app.questions.part_title", title=self.section.title, part=self.part, parts=self.parts
        )

    def numbered(self) -> list[tuple[int, Item]]:
        """The page's items with their questionnaire-wide question numbers (every item)."""
        return [(self.first_number + i, item) for i, item in enumerate(self.items)]


def shown(
    pages: Sequence[QuestionPage], index: int, bank: Bank, answers: Mapping[str, int]
) -> list[tuple[int, Item]]:
    """The questions page ``index`` shows now, numbered over the questions shown: a stepped
    question appears once the answer it steps from is given (``Bank.is_asked``), and the
    numbers after it move up by one."""
    number = 1 + sum(
        bank.is_asked(item, answers) for page in pages[:index] for item in page.items
    )
    asked = [item for item in pages[index].items if bank.is_asked(item, answers)]
    return [(number + i, item) for i, item in enumerate(asked)]


def slot_key(place: int) -> str:
    """The widget key of the ``place``-th question shown on a page (from 1)."""
    return SLOT_KEY.format(place)


def by_slot(shown_items: Sequence[tuple[int, Item]]) -> dict[str, tuple[int, Item]]:
    """The numbered questions of a page by their widget keys (:func:`slot_key`)."""
    return {slot_key(place): pair for place, pair in enumerate(shown_items, start=1)}


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


_PAGES: dict[tuple[int, str], tuple[Bank, tuple[QuestionPage, ...]]] = {}


def question_pages(bank: Bank, role: str) -> tuple[QuestionPage, ...]:
    """The question pages for a role, in bank order (computed once per bank and role)."""
    key = (id(bank), role)
    cached = _PAGES.get(key)
    if cached is None or cached[0] is not bank:
        pages: list[QuestionPage] = []
        number = 1
        for section in bank.sections_for(role):
            chunks = split_evenly(bank.items_in_section(section.id, role))
            for part, chunk in enumerate(chunks, start=1):
                pages.append(QuestionPage(section, part, len(chunks), chunk, number))
                number += len(chunk)
        cached = _PAGES[key] = (bank, tuple(pages))
    return cached[1]


def minutes_range(bank: Bank, roles: Sequence[str]) -> tuple[int, int]:
    """Fewest and most minutes the questionnaire takes over ``roles``, rounded up to 5."""
    counts = [len(bank.items_for(role)) for role in roles]

    def minutes(n: int) -> int:
        return max(5, 5 * math.ceil(n * SECONDS_PER_ITEM / 60 / 5))

    return minutes(min(counts)), minutes(max(counts))


def quick_minutes(bank: Bank, roles: Sequence[str]) -> int:
    """The most whole minutes a short form takes over ``roles`` (not rounded to five)."""
    return max(1, math.ceil(max(len(bank.items_for(r)) for r in roles) * SECONDS_PER_ITEM / 60))


def unanswered(
    pages: Sequence[QuestionPage], index: int, bank: Bank, answers: Mapping[str, int]
) -> list[tuple[int, Item]]:
    """The questions shown on page ``index`` that have no answer yet (numbered as shown)."""
    return [(n, item) for n, item in shown(pages, index, bank, answers) if item.id not in answers]


def first_incomplete(
    pages: Sequence[QuestionPage], bank: Bank, answers: Mapping[str, int]
) -> int | None:
    """Index of the first page with an unanswered question, or None when all are answered."""
    for index, page in enumerate(pages):
        if any(bank.is_asked(i, answers) and i.id not in answers for i in page.items):
            return index
    return None


def current_index(session: Session, pages: Sequence[QuestionPage]) -> int:
    """The session's question page, kept within the pages there are."""
    return min(max(session.page, 0), max(len(pages) - 1, 0))


def turn_page(
    session: Session, pages: Sequence[QuestionPage], bank: Bank, step: int
) -> Session:
    """Back (-1) or Next (+1): Next stays and names the missing answers when some are
    missing; past either end the router goes to About you or the results."""
    index = current_index(session, pages)
    if step > 0:
        missing = unanswered(pages, index, bank, session.given)
        if missing:
            return replace(session, missing=tuple(item.id for _, item in missing))
    target = index + step
    moved = replace(session, missing=())
    if 0 <= target < len(pages):
        return replace(moved, page=target)
    return going_to(moved, "about" if target < 0 else "results")


def gist(text: str, words: int = MAX_GIST_WORDS) -> str:
    """The first words of a question, without a short lead-in ("In the past month, ")."""
    parts = text.split()
    lead = next((i for i, w in enumerate(parts[:LEAD_IN_WORDS]) if w.endswith(",")), None)
    body = parts[lead + 1 :] if lead is not None else parts
    short = " ".join(body[:words])
    short = short[:1].upper() + short[1:]
    return short + ("…" if len(body) > words else "")


def missing_message(
    missing: Sequence[tuple[int, Item]], bank: Bank, role: str, relationship: str, cat: Catalogue
) -> str:
    """A plain message naming the unanswered questions by number and first words."""
    first = gist(item_text(bank, missing[0][1], role, relationship))
    if len(missing) > MAX_NAMED:
        numbers = [str(n) for n, _ in missing]
        listed = cat.text("app.list.and", first=", ".join(numbers[:-1]), last=numbers[-1])
        return cat.text("app.questions.missing_many", numbers=listed, gist=first)
    names = [
        cat.text(
            "app.questions.missing_item",
            number=n,
            gist=gist(item_text(bank, item, role, relationship)),
        )
        for n, item in missing
    ]
    if len(names) > 1:
        names = [cat.text("app.list.and", first=", ".join(names[:-1]), last=names[-1])]
    return cat.text("app.questions.missing", listed=names[0])


def answers_for_role(bank: Bank, role: str, answers: Mapping[str, int]) -> dict[str, int]:
    """Only the answers to items asked of ``role`` now (a changed role, or a stepped question
    whose step was taken back, leaves others unused)."""
    asked = {item.id for item in bank.asked_items(role, answers)}
    return {k: int(v) for k, v in answers.items() if k in asked}


def score_text(score: float | None, cat: Catalogue) -> str:
    """A score as a whole number out of 100, or a plain word when there is none."""
    if score is None:
        return cat.text("app.score.none")
    return cat.text("app.score.out_of_100", score=round(score))
