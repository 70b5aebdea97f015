"""About you: role, relationship type and an optional first name or alias."""

from __future__ import annotations

import streamlit as st

from app_pages import state
from app_pages.flow import clean_alias
from questions import RELATIONSHIPS, ROLES

bank = state.bank()


def _index(options: tuple[str, ...], value: str | None) -> int | None:
    return options.index(value) if value in options else None


def _save_alias() -> None:
    state.put(state.ALIAS, clean_alias(st.session_state.get("w_alias")))


st.title("About you")
st.markdown("Two quick choices, so the questions use the right words for you.")

st.radio(
    "Which describes you best?",
    ROLES,
    index=_index(ROLES, state.get(state.ROLE)),
    format_func=lambda r: bank.roles[r],
    key="w_role",
    on_change=state.copy_widget,
    args=("w_role", state.ROLE),
)
st.radio(
    "Who is the other person?",
    RELATIONSHIPS,
    index=_index(RELATIONSHIPS, state.get(state.RELATIONSHIP)),
    format_func=lambda r: bank.relationships[r].label,
    key="w_relationship",
    on_change=state.copy_widget,
    args=("w_relationship", state.RELATIONSHIP),
)
st.text_input(
    "Your first name or an alias (optional)",
    value=state.get(state.ALIAS) or "",
    max_chars=40,
    key="w_alias",
    on_change=_save_alias,
    help="Shown only on your screen and on your report, if you download it.",
)

back, forward = st.columns(2)
if back.button("Back", key="about_back"):
    st.switch_page("app_pages/welcome.py")
if forward.button("Continue", type="primary", key="about_next"):
    _save_alias()
    if state.get(state.ROLE) is None or state.get(state.RELATIONSHIP) is None:
        st.warning("Please choose which describes you best and who the other person is.")
    else:
        st.switch_page("app_pages/questions.py")
