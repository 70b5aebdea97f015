"""Pieces every page shares: the quick-exit button and small rendering helpers."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from app_pages import state

QUICK_EXIT_HELP = "Hides this page at once and forgets your answers. Shortcut: Esc."


def quick_exit_button() -> None:
    """The quick exit: first element of every page, so Tab reaches it first."""
    with st.container(horizontal=True, horizontal_alignment="right"):
        st.button(
            "Quick exit",
            key="quick_exit",
            type="primary",
            icon=":material/close:",
            help=QUICK_EXIT_HELP,
            on_click=state.quick_exit,
            shortcut="Esc",
        )


def paragraphs(texts: Sequence[str]) -> None:
    """Show project-written paragraphs (data, not user input) one after another."""
    for text in texts:
        st.markdown(text)
