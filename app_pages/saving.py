"""The opt-in save panel at the end of the results page.

Nothing is stored until the person presses Save. The form holds the name or alias (the
check-ups are found by it), an optional passphrase typed twice, and plain words on what a
passphrase does and does not do. When the storage cannot be used, its message is shown and
the answers stay in this window, with a download of them as a file that can be imported later.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages import keeping, resume, state
from app_pages.flow import answers_for_role, clean_alias
from app_pages.store_access import attempt
from scoring.result import Result
from storage import MIN_PASSPHRASE_LENGTH, CheckupRecord, Principal

SAVED = "saved_checkup"  # (fingerprint of what was saved, checkup id)
FAILED = "save_failed"  # the last storage message, kept until a save works
CHECKUPS_PAGE = "app_pages/checkups.py"
INTRO = (
    "Nothing has been stored. If you would like to compare with a later check-up, you can "
    "keep this one on this computer. You will find it again on **My check-ups** by the name "
    "or alias you give here."
)
PASSPHRASE_NOTE = (
    f"A passphrase (at least {MIN_PASSPHRASE_LENGTH} characters) locks your saved check-ups. "
    "Without one, anyone using this computer who knows the name could open them. With one, "
    "please keep it safe: **a forgotten passphrase cannot be recovered**, and the check-ups "
    "saved with it cannot be opened again."
)


def _fingerprint(result: Result) -> tuple[object, ...]:
    mine = answers_for_role(state.bank(), result.role, state.answers())
    return result.role, result.relationship, tuple(sorted(mine.items()))


def _record(result: Result, alias: str) -> CheckupRecord:
    mine = answers_for_role(state.bank(), result.role, state.answers())
    return keeping.record_for(result, mine, alias, state.bank())


def _save(result: Result, alias: str | None, passphrase: str, confirm: str) -> bool:
    """Save when the form is complete; False (with a message shown or kept) otherwise."""
    if not alias:
        st.warning("Please enter a name or alias: your check-ups are found by it.")
        return False
    problem = keeping.passphrase_problem(passphrase, confirm)
    if problem:
        st.warning(problem)
        return False
    outcome = attempt(
        lambda store: store.save_checkup(
            _record(result, alias), Principal(alias, passphrase or None)
        )
    )
    if not outcome.ok:
        state.put(FAILED, outcome.message)
        return False
    state.put(FAILED, None)
    state.put(state.ALIAS, alias)
    state.put(SAVED, (_fingerprint(result), outcome.value))
    state.put(keeping.OWNER, (alias, passphrase or None))  # My check-ups opens them at once
    resume.forget_place(quiet=True)
    return True


def _form(result: Result) -> None:
    with st.form("save_form", clear_on_submit=False, border=False):
        alias = st.text_input(
            "Name or alias (needed to find your check-ups again)",
            value=state.get(state.ALIAS) or "",
            max_chars=40,
            key="save_alias",
        )
        st.markdown(PASSPHRASE_NOTE)
        passphrase = st.text_input("Passphrase (optional)", type="password", key="save_pass")
        confirm = st.text_input("Passphrase again", type="password", key="save_pass2")
        pressed = st.form_submit_button("Save this check-up", type="primary")
    if pressed and _save(result, clean_alias(alias), passphrase, confirm):
        st.rerun()


def _saved_note() -> None:
    st.success(
        "Your check-up is saved on this computer. You can see it, compare it with later "
        "check-ups, export it or delete it on My check-ups.",
        icon=":material/check_circle:",
    )
    if st.button("Go to My check-ups", type="primary", key="save_to_checkups"):
        st.switch_page(CHECKUPS_PAGE)


def _answers_download(result: Result) -> None:
    """The current answers as a file (works even when the database does not)."""
    alias = state.get(state.ALIAS) or "me"
    today = dt.date.today()
    try:
        record = _record(result, alias)
    except ValueError:
        return
    st.download_button(
        "Download my answers (JSON)",
        data=lambda: keeping.answers_document(record).encode(),  # built only when clicked
        file_name=keeping.file_name(today, "json"),
        mime="application/json",
        on_click="ignore",
        icon=":material/download:",
        key="download_answers",
        help="A file you can import on My check-ups later. The name does not say what it is.",
    )


def panel(result: Result) -> None:
    """The whole panel: the form, or the confirmation once saved; and the answers file."""
    with st.container(border=True):
        st.subheader("Keep this check-up on this computer?")
        saved = state.get(SAVED)
        if saved is not None and saved[0] == _fingerprint(result):
            _saved_note()
        else:
            st.markdown(INTRO)
            _form(result)
        failed = state.get(FAILED)
        if failed:
            st.error(failed, icon=":material/error:")
            st.markdown(
                "Your answers are still here in this window. You can download your report "
                "above, or your answers as a file below and import them later."
            )
        _answers_download(result)
