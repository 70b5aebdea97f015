"""Practice mode, signed out: sign-in for therapists and administrators (a local account, or
the practice's identity provider through ``st.login`` and then the password, which unlocks
the private key), and a place for a client to type an intake code."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages import practice_frame, state
from app_pages.frame import escape_markdown
from app_pages.store_access import Outcome
from checkup.practice import as_client, signed_in, without_farewell

words = state.words()


def _auth_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` names an identity provider (an ``[auth]`` table)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all, or one that cannot be read: local accounts
        return False


def _finish(outcome: Outcome[Any]) -> None:
    if not outcome.ok or outcome.value is None:
        st.error(outcome.message, icon=":material/lock:")
        return
    state.forget_widgets()
    state.apply(signed_in, outcome.value, practice_frame.now())
    st.rerun()  # the signed-in role's pages


def _local_form() -> None:
    with st.form("w_pr_signin", border=True, enter_to_submit=True):
        username = st.text_input(words.text("app.practice.signin.username"), key="w_pr_user")
        password = st.text_input(
            words.text("app.practice.signin.password"), type="password", key="w_pr_pass"
        )
        pressed = st.form_submit_button(words.text("app.practice.signin.submit"), type="primary")
    if pressed:
        _finish(practice_frame.space_call(lambda p: p.sign_in(username.strip(), password)))


def _provider() -> None:
    """Sign-in with the practice's provider; then the password unlocks the key."""
    if not st.user.get("is_logged_in", False):  # (absent where no identity was ever set)
        st.button(
            words.text("app.practice.signin.provider"), key="w_pr_login", on_click=st.login
        )
        return
    email = str(st.user.get("email") or "")
    st.markdown(words.text("app.practice.signin.provider_done", email=escape_markdown(email)))
    with st.form("w_pr_unlock", border=True):
        password = st.text_input(
            words.text("app.practice.signin.password"), type="password", key="w_pr_pass_ext"
        )
        pressed = st.form_submit_button(words.text("app.practice.signin.unlock"), type="primary")
    if pressed:
        _finish(practice_frame.space_call(lambda p: p.sign_in_external(email, password)))
    st.button(words.text("app.practice.signin.provider_other"), key="w_pr_logout",
              on_click=st.logout)


def _client_code() -> None:
    st.header(words.text("app.practice.signin.client_heading"), anchor=False)
    with st.form("w_pr_code_form", border=False):
        code = st.text_input(words.text("app.practice.intake.code"), key="w_pr_code",
                             max_chars=64)
        pressed = st.form_submit_button(words.text("app.practice.intake.code_submit"))
    if pressed:
        state.forget_widgets()
        state.apply(as_client, code)
        st.rerun()  # the client's pages


st.title(words.text("app.practice.signin.title"), anchor=False)
farewell = state.current().practice.farewell
if farewell is not None:
    st.info(words.text(farewell), icon=":material/logout:")
    state.apply(without_farewell)
ready = practice_frame.space_call(lambda p: p.exists())
if ready.ok and not ready.value:
    st.warning(words.text("app.practice.signin.not_ready"))
elif not ready.ok:
    st.error(ready.message)
else:
    st.markdown(words.text("app.practice.signin.intro"))
    if _auth_configured():
        _provider()
    _local_form()
_client_code()
