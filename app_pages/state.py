"""One person's session: answers and choices in ``st.session_state`` only.

Never in ``st.cache_*``, logs or files: every browser session has its own state, and the
quick exit wipes it. Widgets use ``w_``/``q_`` keys; callbacks copy their values into the
plain keys below, which survive when a widget stops rendering on another page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from app_pages.flow import answers_for_role
from questions import Bank, load_bank

if TYPE_CHECKING:  # plotly, pandas and reportlab load on the results page only (cold start)
    import plotly.graph_objects as go

    from reports import Plan
    from scoring.result import Result

ANSWERS = "answers"
ROLE = "role"
RELATIONSHIP = "relationship"
ALIAS = "alias"
PAGE = "question_page"
MISSING = "missing_message"
SCORED = "scored"
FIGURE = "figure"
EXITED = "exited"
GOTO = "goto_page"  # a page to switch to, set by a button callback
PAGE_LIST = "page_list"  # st.Page objects: per session, as st.navigation marks the one it runs


@st.cache_resource(show_spinner=False)
def bank() -> Bank:
    """The question bank (shared, read-only, not user data)."""
    return load_bank()


def answers() -> dict[str, int]:
    """This session's answers, item id -> scale point (created empty on first use)."""
    found: dict[str, int] = st.session_state.setdefault(ANSWERS, {})
    return found


def get(key: str, default: Any = None) -> Any:
    """A plain (non-widget) value of this session."""
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    """Set a plain (non-widget) value of this session."""
    st.session_state[key] = value


def take(key: str) -> Any:
    """Remove and return a plain value of this session (None when absent)."""
    return st.session_state.pop(key, None)


def copy_widget(widget_key: str, key: str) -> None:
    """on_change callback: keep a widget's value in a plain key."""
    put(key, st.session_state.get(widget_key))


def copy_answer(widget_key: str, item_id: str) -> None:
    """on_change callback: keep a question's answer in the answers dict."""
    value = st.session_state.get(widget_key)
    if value is None:
        answers().pop(item_id, None)
    else:
        answers()[item_id] = int(value)
    put(MISSING, None)


def quick_exit() -> None:
    """on_click callback: forget everything in this session and show the neutral page."""
    st.session_state.clear()
    put(EXITED, True)


def exited() -> bool:
    """Whether the quick exit was used in this session."""
    return bool(get(EXITED, False))


def scored() -> tuple[Result, Plan] | None:
    """Score and plan for the current answers, computed once per change of answers."""
    role, relationship = get(ROLE), get(RELATIONSHIP)
    if role is None or relationship is None:
        return None
    mine = answers_for_role(bank(), role, answers())
    key = (role, relationship, tuple(sorted(mine.items())))
    cached = get(SCORED)
    if cached is not None and cached[0] == key:
        return cached[1], cached[2]
    from reports import build_plan, load_content
    from scoring.result import score_one

    result = score_one(bank(), role, relationship, mine)
    plan = build_plan(result, bank(), load_content())
    put(SCORED, (key, result, plan))
    put(FIGURE, None)
    return result, plan


def figure(plan: Plan) -> go.Figure:
    """The score chart for this session's plan, built (and turned into a dict) once per change
    of answers."""
    from reports.screen_chart import build_figure

    found = get(FIGURE)
    if found is None or found[0] is not plan:
        found = (plan, build_figure(plan.dimensions).freeze())
        put(FIGURE, found)
    return found[1]
