"""The opt-in save panel at the end of the results page.

Nothing is stored until the person presses Save. The form holds the name or alias (the
check-ups are found by it), an optional passphrase typed twice, and plain words on what a
passphrase does and does not do. When the storage cannot be used, its message is shown and
the answers stay in this window, with a download of them as a file that can be imported later.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages import resume, state
from app_pages.store_access import attempt
from checkup import couple, keeping
from checkup.flow import answers_for_role
from checkup.results import fingerprint
from checkup.session import (
    Notice,
    SavedMark,
    clean_alias,
    notice_at,
    with_alias,
    with_notice,
    with_owner,
    with_saved,
)
from scoring.result import Result
from storage import MIN_PASSPHRASE_LENGTH, CheckupRecord, Principal

CHECKUPS_PAGE = "app_pages/checkups.py"


def _record(result: Result, alias: str) -> CheckupRecord:
    session = state.current()
    mine = answers_for_role(state.bank(), result.role, session.answers)
    return keeping.record_for(result, mine, alias, state.bank(), session.form)


def _save(result: Result, alias: str | None, passphrase: str, confirm: str) -> bool:
    """Save when the form is complete; False (with a message shown or kept) otherwise."""
    words = state.words()
    if not alias:
        st.warning(words.text("app.save.alias_needed"))
        return False
    problem = keeping.passphrase_problem(passphrase, confirm)
    if problem:
        st.warning(words.text(problem, least=MIN_PASSPHRASE_LENGTH))
        return False
    owner = Principal(alias, passphrase or None)
    outcome = attempt(lambda store: store.save_checkup(_record(result, alias), owner))
    if not outcome.ok:
        state.apply(with_notice, "save", Notice("app.save.failed", "error", text=outcome.message))
        return False
    state.apply(with_notice, "save", None)
    attempt(lambda store: couple.withdraw_when_flagged(store, owner, result.flags))
    state.apply(with_alias, alias)
    state.apply(
        with_saved, SavedMark(fingerprint(state.current(), state.bank()), str(outcome.value))
    )
    state.apply(with_owner, owner)  # My check-ups opens them at once
    resume.forget_place(quiet=True)
    return True


def _form(result: Result) -> None:
    words = state.words()
    with st.form("save_form", clear_on_submit=False, border=False):
        alias = st.text_input(
            words.text("app.save.alias"),
            value=state.current().respondent.alias or "",
            max_chars=40,
            key="save_alias",
        )
        st.markdown(words.text("app.save.passphrase_note", least=MIN_PASSPHRASE_LENGTH))
        passphrase = st.text_input(
            words.text("app.save.passphrase"), type="password", key="save_pass"
        )
        confirm = st.text_input(
            words.text("app.save.passphrase_again"), type="password", key="save_pass2"
        )
        pressed = st.form_submit_button(words.text("app.save.submit"), type="primary")
    if pressed and _save(result, clean_alias(alias), passphrase, confirm):
        st.rerun()


def _saved_note() -> None:
    words = state.words()
    st.success(words.text("app.save.saved"), icon=":material/check_circle:")
    if st.button(words.text("app.save.to_checkups"), type="primary", key="save_to_checkups"):
        st.switch_page(CHECKUPS_PAGE)


def _answers_download(result: Result) -> None:
    """The current answers as a file (works even when the database does not)."""
    words = state.words()
    alias = state.current().respondent.alias or words.text("app.save.default_alias")
    today = dt.date.today()
    try:
        record = _record(result, alias)
    except ValueError:
        return
    st.download_button(
        words.text("app.save.download_answers"),
        data=lambda: keeping.answers_document(record).encode(),  # built only when clicked
        file_name=keeping.file_name(today, "json"),
        mime="application/json",
        on_click="ignore",
        icon=":material/download:",
        key="download_answers",
        help=words.text("app.save.download_answers_help"),
    )


def panel(result: Result) -> None:
    """The whole panel: the form, or the confirmation once saved; and the answers file."""
    words = state.words()
    session = state.current()
    with st.container(border=True):
        st.header(words.text("app.save.heading"), anchor=False)
        saved = session.saved
        if saved is not None and saved.fingerprint == fingerprint(session, state.bank()):
            _saved_note()
        else:
            st.markdown(words.text("app.save.intro"))
            _form(result)
        failed = notice_at(state.current(), "save")
        if failed is not None:
            st.error(failed.text or words.text(failed.message_id), icon=":material/error:")
            st.markdown(words.text("app.save.still_here"))
        _answers_download(result)
