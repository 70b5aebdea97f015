"""Trust Check-up: the Streamlit entry point. It routes; the pages in ``app_pages/`` render.

Run with ``python -m app_pages.serve`` (or ``streamlit run survey_app.py``). The page set
comes from the session's mode (``checkup.modes``). Every page starts with the quick-exit
button, so it is the first thing the Tab key reaches; after a quick exit only a neutral page
is shown.
"""

from __future__ import annotations

import streamlit as st

from app_pages import frame, practice_frame, preload, server_guard, state
from checkup.modes import page_aliases, page_set

PAGE_FILES = {  # page id -> (file, catalogue id of its title)
    "welcome": ("app_pages/welcome.py", "app.page.welcome"),
    "about": ("app_pages/about.py", "app.page.about"),
    "questions": ("app_pages/questions.py", "app.page.questions"),
    "results": ("app_pages/results.py", "app.page.results"),
    "checkups": ("app_pages/checkups.py", "app.page.checkups"),
    "couple": ("app_pages/couple.py", "app.page.couple"),
    "practice_intake": ("app_pages/practice_intake.py", "app.practice.page.intake"),
    "practice_signin": ("app_pages/practice_signin.py", "app.practice.page.signin"),
    "practice_roster": ("app_pages/practice_roster.py", "app.practice.page.roster"),
    "practice_client": ("app_pages/practice_client.py", "app.practice.page.client"),
    "practice_admin": ("app_pages/practice_admin.py", "app.practice.page.admin"),
}
_PAGES = "pages"  # memo key: this session's st.Page objects


def _pages() -> list[st.Page]:
    """This session's page list, built on its first run (not on every rerun)."""
    session, words = state.current(), state.words()
    slugs = page_set(session)
    found: tuple[tuple[str, ...], list[st.Page]] | None = session.memo.get(_PAGES)
    if found is None or found[0] != slugs:  # a sign-in or sign-out changes the set
        pages = [
            st.Page(
                PAGE_FILES[slug][0],
                title=words.text(PAGE_FILES[slug][1]),
                url_path=slug,
                default=slug == slugs[0],
            )
            for slug in slugs
        ]
        first, title = PAGE_FILES[slugs[0]][0], words.text(PAGE_FILES[slugs[0]][1])
        pages += [st.Page(first, title=title, url_path=alias) for alias in page_aliases(session)]
        found = session.memo[_PAGES] = (slugs, pages)
    return found[1]


def main() -> None:
    """Set up the page, draw the quick exit and run the current page."""
    server_guard.install()
    words = state.words()
    if state.current().exited:
        st.set_page_config(page_title=words.text("app.notes.tab_title"), page_icon="📝")
        notes = st.Page("app_pages/notes.py", title=words.text("app.notes.title"), url_path="notes")
        st.navigation([notes], position="hidden").run()
        return
    st.set_page_config(page_title=words.text("app.page.tab_title"), page_icon="🌱")
    problem = state.settings_problem()
    if problem is not None:  # a practice server's setting is wrong: nothing is shown
        st.error(words.text(problem))
        return
    practice_frame.keep_signed_in()  # practice mode: the idle timeout, before the page set
    frame.quick_exit_button()
    st.navigation(_pages(), position="hidden").run()
    preload.start()  # after the page is drawn: the first page stays as fast as before


main()
