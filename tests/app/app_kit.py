"""Helpers for the app tests: a fresh AppTest and a driver that answers like a person."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

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


def answer_page(at: AppTest, choose: Chooser) -> None:
    """Answer every radio of the current question page (a stepped question that appears
    after an answer is answered too)."""
    bank = load_bank()
    done: set[str] = set()
    while pending := [r for r in at.radio if r.key not in done]:
        for radio in pending:
            item = bank.item_by_id[str(radio.key).removeprefix("q_")]
            radio.set_value(choose(item))
            done.add(str(radio.key))
        at.run()


def to_question(at: AppTest, item_id: str, most: int = 30) -> AppTest:
    """Answer pages neutrally until the page with ``item_id`` shows."""
    for _ in range(most):
        if any(r.key == f"q_{item_id}" for r in at.radio):
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
