"""What every practice page shares: the signed-in Staff, the idle timeout, sign-out, and
``store.practice`` calls that never let an exception reach the page.

The idle timeout is decided by ``checkup.practice.idle_over`` (pure); this module only acts on
it: on the first run after the limit the session is signed out and the sign-in page says why.
A small fragment re-checks every minute, so an unattended screen does not keep showing a
client list: it reruns the app only once the limit has passed (its own runs are not activity).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import streamlit as st

from app_pages import state
from app_pages.frame import escape_markdown
from app_pages.store_access import Outcome, attempt
from checkup.practice import (
    IDLE_ENV,
    idle_minutes,
    idle_over,
    practice_norms,
    signed_out,
    touched,
)

if TYPE_CHECKING:
    from checkup.practice_state import Staff
    from questions import Bank
    from scoring.norms import NormStatus

T = TypeVar("T")
TIMED_OUT = "app.practice.signin.timed_out"
SIGNED_OUT = "app.practice.signin.signed_out"
CHECK_EVERY = dt.timedelta(minutes=1)
INTAKE_PAGE = "app_pages/practice_intake.py"


def now() -> dt.datetime:
    """The time now (UTC)."""
    return dt.datetime.now(dt.UTC)


def _minutes() -> int:
    return idle_minutes(os.environ.get(IDLE_ENV))


def staff() -> Staff | None:
    """The signed-in Staff of this session (None in client mode or when signed out)."""
    session = state.current()
    return session.practice.staff if session.mode == "therapist" else None


def sign_out(reason: str | None = SIGNED_OUT) -> None:
    """Forget the Staff (and its unlocked key), the open client and every widget's value."""
    state.forget_widgets()
    state.apply(signed_out, reason)


def keep_signed_in() -> None:
    """Router, every run: sign out after the idle limit, else count this run as activity."""
    session = state.current()
    if session.mode != "therapist" or session.practice.staff is None:
        return
    if idle_over(session.practice.active_at, now(), _minutes()):
        sign_out(TIMED_OUT)
        return
    state.apply(touched, now())
    _watch()


@st.fragment(run_every=CHECK_EVERY)
def _watch() -> None:
    """Every minute while a page is open: once the idle limit has passed, rerun the app
    (whose first step signs out). Not activity itself: it never touches the session."""
    session = state.current()
    if session.practice.staff is not None and idle_over(
        session.practice.active_at, now(), _minutes()
    ):
        st.rerun(scope="app")


def space_call(action: Callable[[Any], T]) -> Outcome[T]:
    """``action(store.practice)`` with its failure as a calm message (see ``attempt``)."""
    return attempt(lambda store: action(store.practice))


def sign_out_button() -> None:
    """Sign-out, with who is signed in, at the top of every signed-in page. (Practice pages
    write their notes with st.markdown, not st.caption: Streamlit 1.67 draws captions at 60%
    opacity, 2.9:1 against white, which axe reports as a serious contrast failure.)"""
    words, who = state.words(), staff()
    if who is None:
        return
    with st.container(horizontal=True, horizontal_alignment="right"):
        st.markdown(words.text("app.practice.signed_in_as", name=escape_markdown(who.display_name)))
        st.button(words.text("app.practice.sign_out"), key="w_pr_sign_out", on_click=sign_out)


def client_guard() -> None:
    """A client's pages past the intake page open only once they agreed (else back to it)."""
    session = state.current()
    if session.mode == "client" and session.practice.agreement is None:
        st.switch_page(INTAKE_PAGE)


def first_page(individual: str) -> str:
    """The page before About you: the intake page for a client, else ``individual``."""
    return INTAKE_PAGE if state.current().mode == "client" else individual


def password_twice(labels: tuple[str, str], keys: tuple[str, str]) -> tuple[str, str]:
    """A new password and the same again (two fields, message ids ``labels``), drawn inside
    the caller's form: the add-account form and the change-password panel ask alike."""
    words = state.words()
    first, again = (st.text_input(words.text(label), type="password", key=key)
                    for label, key in zip(labels, keys, strict=True))
    return first, again


def sent_password(pressed: bool, twice: tuple[str, str]) -> str | None:
    """The new password once its form was sent with both copies alike, else None (with a
    warning, under the form, when they differ)."""
    if not pressed:
        return None
    first, again = twice
    if first != again:
        st.warning(state.words().text("app.practice.admin.password_differs"))
        return None
    return first


def password_panel() -> None:
    """Change my password (the key is re-sealed under the new one by storage)."""
    words, who = state.words(), staff()
    if who is None:
        return
    with st.expander(words.text("app.practice.password.heading")), st.form(
        "w_pr_password", clear_on_submit=True, border=False
    ):
        old = st.text_input(words.text("app.practice.password.old"), type="password",
                            key="w_pr_pw_old")
        twice = password_twice(("app.practice.password.new", "app.practice.password.again"),
                               ("w_pr_pw_new", "w_pr_pw_again"))
        pressed = st.form_submit_button(words.text("app.practice.password.submit"))
    new = sent_password(pressed, twice)
    if new is None:
        return
    outcome = space_call(lambda p: p.change_password(who, old, new))
    if outcome.ok:
        st.success(words.text("app.practice.password.done"))
    else:
        st.error(outcome.message)


_NORMS = "practice_norms"  # memo: (which check-ups, their norms)


def norms(clients: Sequence[Any], bank: Bank) -> dict[str, NormStatus]:
    """The practice's norms (``checkup.practice.practice_norms``), made again only when the
    therapist's check-ups changed (about 0.2 s for 40 clients; kept in this session only)."""
    seen = tuple(sorted((c.client_id, ck.checkup_id) for c in clients for ck in c.checkups))
    memo = state.current().memo
    found = memo.get(_NORMS)
    if found is None or found[0] != seen:
        found = memo[_NORMS] = (seen, practice_norms(clients, bank))
    return dict(found[1])
