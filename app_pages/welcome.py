"""Welcome: what it is, how long, privacy and the quick exit, then Start (above the fold on a
phone); the longer text below it."""

from __future__ import annotations

import streamlit as st

from app_pages import frame, resume, state
from checkup.flow import minutes_range, quick_minutes
from checkup.session import Form, going_to, with_form
from questions import ROLES, load_bank

words = state.words()
low, high = minutes_range(load_bank(words.locale), ROLES)
quick = quick_minutes(load_bank(words.locale, "pulse"), ROLES)


def _start(form: Form) -> None:
    """on_click of Start and Quick check-in: the form, then About you."""
    state.apply(with_form, form)
    state.apply(going_to, "about")


frame.follow_goto({"about": "app_pages/about.py"})
st.title(words.text("app.welcome.title"), anchor=False)
frame.paragraphs([words.text("app.welcome.lead", low=low, high=high)])
with st.container(horizontal=True):
    st.button(
        words.text("app.welcome.start"),
        type="primary",
        key="start",
        on_click=_start,
        args=("full",),
    )
    st.button(
        words.text("app.welcome.pulse"),
        key="start_pulse",
        on_click=_start,
        args=("pulse",),
        help=words.text("app.welcome.pulse_help", minutes=quick),
    )

frame.section(
    words.text("app.welcome.what_heading"),
    words.text("app.welcome.intro"),
    words.text("app.welcome.what"),
    words.text("app.welcome.duration"),
)
frame.section(words.text("app.welcome.privacy_heading"), words.text("app.welcome.privacy"))
frame.section(words.text("app.welcome.safety_heading"), words.text("app.welcome.safety"))

resume.continue_form()
if st.button(
    words.text("app.welcome.to_checkups"),
    key="to_checkups",
    help=words.text("app.welcome.to_checkups_help"),
):
    st.switch_page("app_pages/checkups.py")
