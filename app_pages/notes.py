"""The neutral page shown after a quick exit: nothing about relationships or the check-up."""

from __future__ import annotations

import streamlit as st

from app_pages import state

words = state.words()
st.title(words.text("app.notes.title"), anchor=False)
st.markdown(words.text("app.notes.body"))
