"""Welcome: what it is, how long, privacy and the quick exit, then Start (above the fold on a
phone); the longer text below it."""

from __future__ import annotations

import streamlit as st

from app_pages import frame, resume, state
from checkup.flow import minutes_range
from questions import ROLES

words = state.words()
low, high = minutes_range(state.bank(), ROLES)

st.title(words.text("app.welcome.title"), anchor=False)
frame.paragraphs([words.text("app.welcome.lead", low=low, high=high)])
if st.button(words.text("app.welcome.start"), type="primary", key="start"):
    st.switch_page("app_pages/about.py")

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
