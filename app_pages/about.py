"""About you: role, relationship type and an optional first name or alias."""

from __future__ import annotations

import streamlit as st

from app_pages import practice_frame, state
from checkup.session import with_alias, with_country, with_relationship, with_role
from questions import RELATIONSHIPS, ROLES
from reports.helplines import countries

words, bank, who = state.words(), state.bank(), state.current().respondent
practice_frame.client_guard()  # practice mode: a client agrees on the intake page first
BACK = practice_frame.first_page("app_pages/welcome.py")


def _index(options: tuple[str, ...], value: str | None) -> int | None:
    return options.index(value) if value in options else None


st.title(words.text("app.about.title"), anchor=False)
st.markdown(words.text("app.about.intro"))
st.radio(
    words.text("app.about.role"),
    ROLES,
    index=_index(ROLES, who.role),
    format_func=lambda r: bank.roles[r],
    key="w_role",
    on_change=state.from_widget,
    args=("w_role", with_role),
)
st.radio(
    words.text("app.about.relationship"),
    RELATIONSHIPS,
    index=_index(RELATIONSHIPS, who.relationship),
    format_func=lambda r: bank.relationships[r].label,
    key="w_relationship",
    on_change=state.from_widget,
    args=("w_relationship", with_relationship),
)
names = dict(countries(words.locale))
codes: list[str | None] = [None, *names]
st.selectbox(
    words.text("app.about.country"),
    codes,
    index=codes.index(who.country) if who.country in codes else 0,
    format_func=lambda code: words.text("app.about.country_none") if code is None else names[code],
    key="w_country",
    on_change=state.from_widget,
    args=("w_country", with_country),
    help=words.text("app.about.country_help"),
)
st.text_input(
    words.text("app.about.alias"),
    value=who.alias or "",
    max_chars=40,
    key="w_alias",
    on_change=state.from_widget,
    args=("w_alias", with_alias),
    help=words.text("app.about.alias_help"),
)

back, forward = st.columns(2)
if back.button(words.text("app.about.back"), key="about_back"):
    st.switch_page(BACK)
if forward.button(words.text("app.about.continue"), type="primary", key="about_next"):
    chosen = state.apply(with_alias, st.session_state.get("w_alias")).respondent
    if not chosen.chosen:
        st.warning(words.text("app.about.choose_both"))
    else:
        st.switch_page("app_pages/questions.py")
