"""Trust Check-up: the Streamlit entry point. It routes; the pages in ``app_pages/`` render.

Run with ``streamlit run survey_app.py``. Every page starts with the quick-exit button, so it
is the first thing the Tab key reaches; after a quick exit only a neutral page is shown.
"""

from __future__ import annotations

import streamlit as st

from app_pages import frame, server_guard, state

PAGES = {
    "welcome": ("app_pages/welcome.py", "Welcome"),
    "about": ("app_pages/about.py", "About you"),
    "questions": ("app_pages/questions.py", "Questions"),
    "results": ("app_pages/results.py", "Results"),
    "checkups": ("app_pages/checkups.py", "My check-ups"),
}


def _pages() -> list[st.Page]:
    """This session's page list, built on its first run (not on every rerun)."""
    pages: list[st.Page] | None = state.get(state.PAGE_LIST)
    if pages is None:
        pages = [
            st.Page(path, title=title, url_path=slug, default=slug == "welcome")
            for slug, (path, title) in PAGES.items()
        ]
        state.put(state.PAGE_LIST, pages)
    return pages


def main() -> None:
    """Set up the page, draw the quick exit and run the current page."""
    server_guard.install()
    if state.exited():
        st.set_page_config(page_title="Notes", page_icon="📝", layout="centered")
        st.navigation([st.Page("app_pages/notes.py", title="Notes", url_path="notes")],
                      position="hidden").run()
        return
    st.set_page_config(page_title="Check-up", page_icon="🌱", layout="centered")
    frame.quick_exit_button()
    st.navigation(_pages(), position="hidden").run()


main()
