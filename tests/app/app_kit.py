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


def middle(item: Item) -> int:
    """A neutral answer for scored items, "Never" for safety items (no flag)."""
    if item.id.split("_")[0] in {"fear", "harm", "control", "selfharm"}:
        return item.scale.min
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
    """Answer every radio of the current question page."""
    bank = load_bank()
    for radio in at.radio:
        item = bank.item_by_id[str(radio.key).removeprefix("q_")]
        radio.set_value(choose(item))


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
