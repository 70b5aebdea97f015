"""A client's results page, the practice part: the check-up is handed to the practice once
(``store.practice.submit_intake``, which uses up the code), and the page says so. Nothing is
kept on the device: no save panel, no download. If sending fails, the answers stay in this
window and the client can try again."""

from __future__ import annotations

import streamlit as st

from app_pages import practice_frame, state
from app_pages.frame import escape_markdown
from checkup import keeping
from checkup.flow import answers_for_role
from checkup.practice import with_submitted
from scoring.result import Result

_FAILED = "practice_failed"  # memo: the message of the last failed attempt
CLIENT_ALIAS = "client"  # the record's alias: the therapist knows the client by their label


def _send(result: Result) -> str | None:
    """Submit the check-up; None when it reached the practice, else the message to show."""
    from storage import Consent

    session = state.current()
    agreement, code = session.practice.agreement, session.practice.code
    if agreement is None or code is None:
        return state.words().text("app.practice.intake.agree_first")
    bank = state.bank()
    mine = answers_for_role(bank, result.role, session.answers)
    record = keeping.record_for(result, mine, CLIENT_ALIAS, bank, session.form)
    consent = Consent(agreement.agreed_at, agreement.compare_with_partner)
    outcome = practice_frame.space_call(lambda p: p.submit_intake(code, record, consent))
    if not outcome.ok:
        return outcome.message
    state.apply(with_submitted)
    return None


def submit_once(result: Result) -> None:
    """On the first results run of a client session: hand the check-up to the practice."""
    session = state.current()
    if session.mode != "client" or session.practice.submitted or _FAILED in session.memo:
        return
    practice_frame.client_guard()  # no agreement, nothing sent: back to the intake page
    failed = _send(result)
    if failed is not None:
        state.current().memo[_FAILED] = failed


def _retry(result: Result) -> None:
    state.current().memo.pop(_FAILED, None)
    failed = _send(result)
    if failed is not None:
        state.current().memo[_FAILED] = failed


def status(result: Result) -> None:
    """Whether the answers reached the practice (or why not, with Try again)."""
    words, session = state.words(), state.current()
    info = session.practice.intake
    if session.practice.submitted and info is not None:
        st.success(
            words.text("app.practice.results.sent",
                       therapist=escape_markdown(info.therapist_name),
                       practice=escape_markdown(info.practice_name)),
            icon=":material/check_circle:",
        )
        return
    failed = session.memo.get(_FAILED)
    if failed is not None:
        st.error(failed, icon=":material/error:")
        st.markdown(words.text("app.practice.results.still_here"))
        st.button(words.text("app.practice.results.retry"), key="w_pr_retry",
                  on_click=_retry, args=(result,))
