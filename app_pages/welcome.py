"""Welcome: what the check-up is and is not, how long it takes, privacy, safety, quick exit."""

from __future__ import annotations

import streamlit as st

from app_pages import resume, state
from app_pages.flow import minutes_range
from questions import ROLES

low, high = minutes_range(state.bank(), ROLES)

st.title("Trust Check-up")
st.markdown(
    "When trust has been broken, it can be hard to see where you stand. "
    "This check-up asks how things are for you right now and suggests a few small "
    "steps you could try. It is for anyone in this situation: the person whose trust "
    "was broken, the person who broke it, or both. The relationship can be with a "
    "partner, a friend, a family member or a colleague."
)
st.markdown(
    f"It takes **about {low} to {high} minutes**: short pages of statements, each "
    "answered on a scale in words. You can go back and change an answer at any time."
)

st.subheader("What it is, and what it is not")
st.markdown(
    "- It is a **self-assessment**: a way to put your experience into words.\n"
    "- It is **not a diagnosis**, and it does not judge you or anyone else.\n"
    "- Ending a relationship after a betrayal is a legitimate outcome too; "
    "nothing here assumes you will stay."
)

st.subheader("Your privacy")
st.markdown(
    "- Your answers **stay on this computer**. Nothing is sent anywhere.\n"
    "- **Nothing is saved** unless you choose to: at the end you can download a report or "
    "keep your check-up on this computer, and on the way you can save your place.\n"
    "- Otherwise, closing this tab forgets your answers."
)

st.subheader("Your safety")
st.markdown(
    "Some questions ask whether you feel afraid or unsafe. If you are in danger now, "
    "please call your local emergency number.\n\n"
    "The **Quick exit** button at the top of every page (or the Esc key) replaces this "
    "page at once with a neutral one and forgets your answers. It does **not** clear "
    "your browser history: if someone else uses this device, consider a private window "
    "or clearing your history afterwards."
)

if st.button("Start", type="primary", key="start"):
    st.switch_page("app_pages/about.py")

resume.continue_form()
if st.button("My check-ups", key="to_checkups", help="Check-ups you chose to keep"):
    st.switch_page("app_pages/checkups.py")
