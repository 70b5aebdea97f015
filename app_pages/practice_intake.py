"""A client's first page: the intake code (from the link, or typed), which practice and
therapist will read the answers, the agreement (and, apart from it, whether the therapist may
compare with a partner who is also their client), then About you. An unknown, expired or used
code gets one neutral message."""

from __future__ import annotations

import streamlit as st

from app_pages import frame, practice_frame, state
from app_pages.frame import escape_markdown
from app_pages.store_access import message_for
from checkup.drafts import expiry_text
from checkup.practice import Agreement, with_agreement, with_intake
from checkup.practice_state import clean_code

ABOUT = "app_pages/about.py"
words = state.words()


def _look_up(code: str | None) -> None:
    """Ask the practice about ``code`` (once per code); a neutral message when it opens nothing."""
    if code is None:  # not even shaped like a code: the same message as an unknown one
        from storage import IntakeUnavailable

        state.apply(with_intake, None, None)
        st.error(message_for(IntakeUnavailable()))
        return
    outcome = practice_frame.space_call(lambda p: p.intake(code))
    state.apply(with_intake, code if outcome.ok else None, outcome.value if outcome.ok else None)
    if not outcome.ok:
        st.error(outcome.message)


def _code_form() -> None:
    st.markdown(words.text("app.practice.intake.code_intro"))
    with st.form("w_pr_intake_code", border=False):
        typed = st.text_input(words.text("app.practice.intake.code"), key="w_pr_code2",
                              max_chars=64)
        pressed = st.form_submit_button(
            words.text("app.practice.intake.code_submit"), type="primary"
        )
    if pressed:
        _look_up(clean_code(typed))
        if state.current().practice.intake is not None:
            st.rerun()


def _agree(compare: bool) -> None:
    state.apply(with_agreement, Agreement(practice_frame.now(), compare))


def _consent() -> None:
    info = state.current().practice.intake
    assert info is not None
    names = {
        "practice": escape_markdown(info.practice_name),
        "therapist": escape_markdown(info.therapist_name),
    }
    st.title(words.text("app.practice.intake.title", **names), anchor=False)
    until = expiry_text(info.expires_at, words.babel_locale)
    frame.paragraphs([
        words.text("app.practice.intake.who", **names),
        words.text("app.practice.intake.what", until=until),
    ])
    frame.section(words.text("app.welcome.safety_heading"), words.text("app.welcome.safety"))
    before = state.current().practice.agreement
    agreed = st.checkbox(words.text("app.practice.intake.agree", **names), key="w_pr_agree",
                         value=before is not None)
    compare = st.checkbox(words.text("app.practice.intake.compare", **names), key="w_pr_compare",
                          value=before is not None and before.compare_with_partner,
                          help=words.text("app.practice.intake.compare_help"))
    if st.button(words.text("app.practice.intake.start"), type="primary", key="w_pr_start"):
        if not agreed:
            st.warning(words.text("app.practice.intake.agree_first"))
            return
        _agree(compare)
        st.switch_page(ABOUT)


practice = state.current().practice
if practice.submitted:
    st.title(words.text("app.practice.intake.sent_title"), anchor=False)
    st.success(words.text("app.practice.intake.sent"))
elif practice.intake is None:
    if practice.code is not None:  # the link's code: looked up once (a miss forgets it)
        _look_up(practice.code or None)
    if state.current().practice.intake is None:
        st.title(words.text("app.practice.page.intake"), anchor=False)
        _code_form()
    else:
        _consent()
else:
    _consent()
