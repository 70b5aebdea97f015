"""Resume codes: keep an unfinished check-up under a short code, and continue it later.

Opt-in on the questions page ("Save my place"): the store seals the draft (role,
relationship, alias, answers, current page) under a code shown once here. While a code is
active, every move to another question page updates the draft (its lifetime runs from when it
was made). The welcome page has "Continue with a code". A wrong, malformed or expired code
gets one neutral message; after a few wrong codes in one session no more are tried.
"""

from __future__ import annotations

import streamlit as st

from app_pages import frame, state
from app_pages.store_access import attempt
from checkup.drafts import Draft, display_code, expiry, expiry_text, read_draft
from checkup.session import (
    Notice,
    Respondent,
    ResumePlace,
    restored,
    with_answers,
    with_notice,
    with_resume,
    with_resume_miss,
)

QUESTIONS_PAGE = "app_pages/questions.py"
MAX_MISSES = 5  # wrong codes one session may try (the store also limits them overall)


def _draft() -> Draft:
    session = state.current()
    who = session.respondent
    assert who.role is not None and who.relationship is not None
    return Draft(who.role, who.relationship, who.alias, dict(session.answers), session.page)


def _notice(message_id: str, text: str | None = None) -> None:
    state.apply(with_notice, "resume", Notice(message_id, "info", text=text))


def _save_place() -> None:
    draft = _draft()
    outcome = attempt(lambda store: store.create_resume_code(draft.to_json()))
    if outcome.ok and outcome.value:
        state.apply(with_resume, ResumePlace(outcome.value, draft.page, expiry()))
        state.apply(with_notice, "resume", None)
    else:
        _notice("app.resume.failed", outcome.message)


def _sync(place: ResumePlace) -> None:
    """Write the draft again after a move to another page."""
    draft = _draft()
    if place.synced_page == draft.page:
        return
    outcome = attempt(lambda store: store.update_resume(place.code, draft.to_json()))
    if not outcome.ok:
        _notice("app.resume.failed", outcome.message)
    elif outcome.value:
        state.apply(with_resume, ResumePlace(place.code, draft.page, place.expires))
    else:
        state.apply(with_resume, None)
        _notice("app.resume.expired")


def forget_place(*, quiet: bool = False) -> None:
    """Discard the active draft (after results are saved, or on request)."""
    place = state.current().resume
    if place is not None:
        attempt(lambda store: store.discard_resume(place.code))
    state.apply(with_resume, None)
    if not quiet:
        _notice("app.resume.forgotten")


def _active(place: ResumePlace) -> None:
    words = state.words()
    st.markdown(words.text("app.resume.saved"))
    st.code(display_code(place.code), language=None)
    if place.expires is None:
        st.caption(words.text("app.resume.saved_note_reopened"))
    else:
        until = expiry_text(place.expires, words.babel_locale)
        st.caption(words.text("app.resume.saved_note", until=until))
    st.button(words.text("app.resume.forget"), key="resume_forget", on_click=forget_place)


def place_controls() -> None:
    """On the questions page: "Save my place", or the active code and "Forget my place"."""
    words = state.words()
    place = state.current().resume
    if place is not None:
        _sync(place)
        place = state.current().resume
    if place is not None:
        with st.expander(words.text("app.resume.expander"), expanded=True):
            _active(place)
    else:  # one element while unused: each element adds to every rerun of the page
        st.button(
            words.text("app.resume.save"),
            key="resume_save",
            on_click=_save_place,
            help=words.text("app.resume.save_help"),
        )
    frame.show_notice("resume")


def _restore(code: str, draft: Draft) -> None:
    state.forget_widgets()
    who = Respondent(draft.role, draft.relationship, draft.alias)  # type: ignore[arg-type]
    place = ResumePlace(display_code(code), None, None)  # the questions page writes it
    state.apply(restored, who, draft.page, place)
    state.apply(with_answers, draft.answers)


def _continue(code: str) -> None:
    words = state.words()
    if state.current().resume_misses >= MAX_MISSES:
        st.warning(words.text("app.resume.too_many"))
        return
    if not display_code(code):
        st.warning(words.text("app.resume.neutral"))
        return
    outcome = attempt(lambda store: store.resume(code))
    if not outcome.ok:
        st.error(outcome.message)
        return
    draft = read_draft(outcome.value, state.bank())
    if draft is None:
        state.apply(with_resume_miss)
        st.warning(words.text("app.resume.neutral"))
        return
    _restore(code, draft)
    st.switch_page(QUESTIONS_PAGE)


def continue_form() -> None:
    """On the welcome page: type a code to continue a saved place."""
    words = state.words()
    with st.container(border=True):
        frame.section(
            words.text("app.resume.continue_heading"), words.text("app.resume.continue_intro")
        )
        with st.form("resume_form", border=False):
            code = st.text_input(
                words.text("app.resume.code"),
                max_chars=24,
                key="resume_input",
                placeholder="ABCD-EFGH-JKLM",
            )
            pressed = st.form_submit_button(words.text("app.resume.continue"))
        if pressed:
            _continue(code)
