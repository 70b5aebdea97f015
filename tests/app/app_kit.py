"""Helpers for the app tests: a fresh AppTest and a driver that answers like a person."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Radio

from checkup.flow import by_slot, current_index, question_pages, shown
from checkup.session import Session, with_answers
from questions import Item, load_bank

ROOT = Path(__file__).resolve().parents[2]
ENTRY = str(ROOT / "survey_app.py")
TIMEOUT = 30

Chooser = Callable[[Item], int]


NEUTRAL_CHOICES = frozenset({"no", "rebuild"})  # context: not going on; wanting to rebuild


def middle(item: Item) -> int:
    """A neutral answer: "Never" for safety items (no flag), the calm choice for context
    items, and a middle-high keyed answer for scored items."""
    kind = load_bank().kind_of(item)
    if kind == "safety":
        return item.scale.min
    if kind == "context":
        return next(p for p in item.scale.points if item.scale.choice_of(p) in NEUTRAL_CHOICES)
    return 2 if item.reverse else 4


def new_app() -> AppTest:
    """A fresh session of the app, on the welcome page."""
    return AppTest.from_file(ENTRY, default_timeout=TIMEOUT).run()


def go_about(at: AppTest, role: str, relationship: str, alias: str = "") -> AppTest:
    """From the welcome page through About you to the first question page."""
    at.button(key="start").click().run()
    at.radio(key="w_role").set_value(role).run()
    at.radio(key="w_relationship").set_value(relationship).run()
    if alias:
        at.text_input(key="w_alias").input(alias).run()
    at.button(key="about_next").click().run()
    return at


def shown_items(at: AppTest) -> dict[str, Item]:
    """The current question page's items by their radios' keys (a key names a place on the
    page, not an item: ``checkup.flow.by_slot``)."""
    now = session(at)
    role = now.respondent.role
    if role is None:
        return {}
    bank = load_bank(now.locale, now.form)
    pages = question_pages(bank, role)
    numbered = shown(pages, current_index(now, pages), bank, now.given)
    return {key: item for key, (_, item) in by_slot(numbered).items()}


def item_of(at: AppTest, radio: Radio[object]) -> Item:
    """The question a radio of the current question page shows."""
    return shown_items(at)[str(radio.key)]


def radio_of(at: AppTest, item_id: str) -> Radio[object]:
    """The radio of question ``item_id`` on the current question page."""
    key = next(k for k, item in shown_items(at).items() if item.id == item_id)
    found: Radio[object] = at.radio(key=key)
    return found


def answer_page(at: AppTest, choose: Chooser) -> None:
    """Answer every radio of the current question page (a stepped question that appears
    after an answer is answered too)."""
    done: set[str] = set()
    while True:
        items = shown_items(at)
        pending = [r for r in at.radio if items[str(r.key)].id not in done]
        if not pending:
            return
        for radio in pending:
            item = items[str(radio.key)]
            radio.set_value(choose(item))
            done.add(item.id)
        at.run()


def to_question(at: AppTest, item_id: str, most: int = 30) -> AppTest:
    """Answer pages neutrally until the page with ``item_id`` shows."""
    for _ in range(most):
        if any(item.id == item_id for item in shown_items(at).values()):
            return at
        answer_page(at, middle)
        at.button(key="q_next").click().run()
    raise AssertionError(f"no page shows {item_id}")


def finish(at: AppTest, choose: Chooser = middle, most: int = 30) -> AppTest:
    """Answer each page and press Next until the results page shows."""
    for _ in range(most):
        if not at.radio:
            return at
        answer_page(at, choose)
        at.button(key="q_next").click().run()
        assert not at.exception, at.exception
    raise AssertionError("the questions never ended")


def texts(at: AppTest) -> str:
    """Every piece of visible text of the current page, joined."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption",
                                  "warning", "info", "error") for e in getattr(at, kind)]
    parts += [str(m.label) + str(m.value) for m in at.metric]
    return "\n".join(str(p) for p in parts)


def page_label(at: AppTest) -> str:
    """The "Page n of m" label of the questions page's progress bar."""
    return str(at.get("progress")[0].proto.text)


def session(at: AppTest) -> Session:
    """The app's one session-state value."""
    found = at.session_state["checkup"]
    assert isinstance(found, Session)
    return found


def set_answers(at: AppTest, answers: dict[str, int]) -> None:
    """Replace the session's answers (as if every question had been answered so)."""
    at.session_state["checkup"] = with_answers(session(at), answers)


def resume_code(at: AppTest) -> str | None:
    """The session's active resume code, if any."""
    place = session(at).resume
    return None if place is None else place.code


def in_order(at: AppTest) -> list[str]:
    """The main area's elements in page order, as ``kind:text`` (buttons by key)."""
    found: list[str] = []

    def walk(node: object) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for key in sorted(children):
                walk(children[key])
            return
        kind = str(getattr(node, "type", ""))
        text = getattr(node, "key", None) if kind == "button" else getattr(node, "value", "")
        found.append(f"{kind}:{text}")

    walk(at.main)
    return found
