"""Resume codes: keep an unfinished check-up under a short code, and continue it later.

Opt-in on the questions page ("Save my place"): the store seals the draft (role,
relationship, alias, answers, current page) under a code shown once here. While a code is
active, every move to another question page updates the draft. The welcome page has
"Continue with a code". A wrong, malformed or expired code gets one neutral message.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages import state
from app_pages.drafts import Draft, display_code, expiry, expiry_text, read_draft
from app_pages.store_access import attempt

TTL = dt.timedelta(days=7)  # restarts with every update; equals drafts.DRAFT_DAYS

CODE = "resume_code"  # the active code of this session
SYNCED_PAGE = "resume_synced_page"  # the question page the draft was last written on
EXPIRES = "resume_expires"
NOTICE = "resume_notice"
QUESTIONS_PAGE = "app_pages/questions.py"
NEUTRAL = "That code did not open anything. Codes expire after 7 days."
SAVE_HELP = (
    "Nothing is kept unless you ask. This keeps your answers so far on this computer for "
    "7 days under a short code, so you can continue after closing this window."
)


def _draft() -> Draft:
    return Draft(
        role=state.get(state.ROLE),
        relationship=state.get(state.RELATIONSHIP),
        alias=state.get(state.ALIAS),
        answers=dict(state.answers()),
        page=int(state.get(state.PAGE, 0) or 0),
    )


def _remember(code: str, page: int) -> None:
    state.put(CODE, code)
    state.put(SYNCED_PAGE, page)
    state.put(EXPIRES, expiry())


def _save_place() -> None:
    draft = _draft()
    outcome = attempt(lambda store: store.create_resume_code(draft.to_json()))
    if outcome.ok and outcome.value:
        _remember(outcome.value, draft.page)
        state.put(NOTICE, None)
    else:
        state.put(NOTICE, outcome.message)


def _sync(code: str) -> None:
    """Write the draft again after a move to another page (restarting its 7 days)."""
    draft = _draft()
    if state.get(SYNCED_PAGE) == draft.page:
        return
    outcome = attempt(lambda store: store.update_resume(code, draft.to_json(), TTL))
    if not outcome.ok:
        state.put(NOTICE, outcome.message)
    elif outcome.value:
        _remember(code, draft.page)
    else:
        for key in (CODE, SYNCED_PAGE, EXPIRES):
            state.put(key, None)
        state.put(NOTICE, "Your saved place had expired. You can save it again.")


def forget_place(*, quiet: bool = False) -> None:
    """Discard the active draft (after results are saved, or on request)."""
    code = state.get(CODE)
    if code:
        attempt(lambda store: store.discard_resume(code))
    for key in (CODE, SYNCED_PAGE, EXPIRES):
        state.put(key, None)
    if not quiet:
        state.put(NOTICE, "Your place is forgotten: the code no longer opens anything.")


def _active(code: str) -> None:
    st.markdown("Your place is saved. Your code:")
    st.header(display_code(code), anchor=False)
    expires = state.get(EXPIRES)
    until = f" It works until {expiry_text(expires)}" if expires else ""
    st.caption(
        "Write it down somewhere private. With it, this computer can open your answers so "
        f"far.{until} (7 days after your last move to another page). Each Next keeps it "
        "up to date."
    )
    st.button("Forget my place", key="resume_forget", on_click=forget_place)


def place_controls() -> None:
    """On the questions page: "Save my place", or the active code and "Forget my place"."""
    code = state.get(CODE)
    if code:
        _sync(code)
        code = state.get(CODE)
    notice = state.get(NOTICE)
    if code:
        with st.expander("Need a break? Your place is saved", expanded=True):
            _active(code)
    else:  # one element while unused: each element adds to every rerun of the page
        st.button(
            "Need a break? Save my place",
            key="resume_save",
            on_click=_save_place,
            help=SAVE_HELP,
        )
    if notice:
        st.info(notice)
        state.put(NOTICE, None)


def _restore(code: str, draft: Draft) -> None:
    for key in [k for k in st.session_state if str(k).startswith(("q_", "w_"))]:
        del st.session_state[key]
    state.put(state.ROLE, draft.role)
    state.put(state.RELATIONSHIP, draft.relationship)
    state.put(state.ALIAS, draft.alias)
    state.put(state.ANSWERS, {key: int(value) for key, value in draft.answers.items()})
    state.put(state.PAGE, draft.page)
    state.put(state.MISSING, None)
    _remember(display_code(code), draft.page)
    state.put(SYNCED_PAGE, None)  # the questions page writes it again: a fresh 7 days


def _continue(code: str) -> None:
    if not display_code(code):
        st.warning(NEUTRAL)
        return
    outcome = attempt(lambda store: store.resume(code))
    if not outcome.ok:
        st.error(outcome.message)
        return
    draft = read_draft(outcome.value, state.bank())
    if draft is None:
        st.warning(NEUTRAL)
        return
    _restore(code, draft)
    st.switch_page(QUESTIONS_PAGE)


def continue_form() -> None:
    """On the welcome page: type a code to continue a saved place."""
    with st.container(border=True):
        st.subheader("Continue with a code")
        st.markdown("If you saved your place earlier, type the code you were given.")
        with st.form("resume_form", border=False):
            code = st.text_input(
                "Your code", max_chars=24, key="resume_input", placeholder="ABCD-EFGH-JKLM"
            )
            pressed = st.form_submit_button("Continue")
        if pressed:
            _continue(code)
