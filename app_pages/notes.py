"""The neutral page shown after a quick exit: nothing about relationships or the check-up."""

from __future__ import annotations

import streamlit as st

st.title("Notes")
st.markdown(
    "**Weather this week**\n\n"
    "- Monday: mild and mostly cloudy, light wind from the west.\n"
    "- Tuesday: a few showers in the morning, brighter later.\n"
    "- Wednesday: dry and sunny spells, cooler in the evening.\n\n"
    "**To remember**\n\n"
    "- Water the plants on the balcony.\n"
    "- Bring an umbrella on Tuesday."
)
