"""The app's one session-state key: this browser session's :class:`checkup.session.Session`.

Pages read it with :func:`current` and change it only with :func:`apply` and a move from
``checkup/``. Widgets keep their own ``w_``/``q_`` keys (Streamlit's); their callbacks hand
the value to a move. Nothing per person is cached across sessions or logged; the quick exit
clears the whole session state.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec

import streamlit as st

from checkup.practice import IDLE_ENV, idle_minutes, start_session
from checkup.practice_state import MODE_ENV, UnknownAppMode, start_mode
from checkup.session import (
    Mode,
    Session,
    exited_session,
    fresh_checkup,
    new_session,
    with_locale,
)
from locales import DEFAULT_LOCALE, Catalogue, UnknownLocale, catalogue, resolve_locale
from questions import Bank, load_bank

KEY = "checkup"
P = ParamSpec("P")


LANG_PARAM = "lang"  # ?lang=es in the address chooses the language of a new session


def _start_locale() -> str:
    """The address's ``?lang=``, else ``$TRUSTCHECK_LANG``, else English."""
    for requested in (st.query_params.get(LANG_PARAM), None):
        try:
            return resolve_locale(requested)
        except UnknownLocale:
            continue
    return DEFAULT_LOCALE


def choose_locale(widget_key: str) -> None:
    """on_change callback of a language choice: the words change, nothing entered is lost;
    the address keeps ``?lang=`` so a reload opens in the same language."""
    try:
        locale = resolve_locale(str(st.session_state.get(widget_key)))
    except UnknownLocale:
        return
    apply(with_locale, locale)
    st.query_params[LANG_PARAM] = locale


def _start_mode() -> Mode:
    try:
        return start_mode(os.environ.get(MODE_ENV), st.query_params.get("intake"))
    except UnknownAppMode:
        return "therapist"  # no data shown: the router stops on settings_problem()


def settings_problem() -> str | None:
    """The catalogue id of a server setting the app refuses to guess at, or None."""
    try:
        start_mode(os.environ.get(MODE_ENV), None)
        idle_minutes(os.environ.get(IDLE_ENV))
    except UnknownAppMode:
        return "app.practice.setting.mode"
    except ValueError:
        return "app.practice.setting.idle"
    return None


def current() -> Session:
    """This browser session's Session (a fresh one on first use: in practice mode a
    therapist's, or a client's when the address has ``?intake=CODE``)."""
    found = st.session_state.get(KEY)
    if not isinstance(found, Session):
        found = start_session(_start_locale(), _start_mode(), st.query_params.get("intake"))
        st.session_state[KEY] = found
    return found


def apply(
    move: Callable[Concatenate[Session, P], Session], *args: P.args, **kw: P.kwargs
) -> Session:
    """Replace the session with ``move(session, ...)`` and return the new one."""
    changed = move(current(), *args, **kw)
    st.session_state[KEY] = changed
    return changed


def from_widget(widget_key: str, move: Callable[[Session, Any], Session]) -> None:
    """on_change callback: hand a widget's value to a move."""
    apply(move, st.session_state.get(widget_key))


def words() -> Catalogue:
    """The catalogue of this session's language."""
    return catalogue(current().locale)


def bank() -> Bank:
    """The question bank of this session's form, in its language (shared, read-only, not
    user data)."""
    session = current()
    return load_bank(session.locale, session.form)


def quick_exit() -> None:
    """on_click callback: forget everything in this session and show the neutral page."""
    locale = current().locale
    st.query_params.clear()  # e.g. a client's ?intake= code leaves the address bar too
    st.session_state.clear()
    st.session_state[KEY] = exited_session(new_session(locale))


def show_value(key: str, value: object) -> None:
    """Give a widget ``value`` before it is drawn, unless it holds it already: the question
    widgets stay across a page turn (keyed by place), so each is told its question's saved
    answer, or none; a value the person just chose is left alone."""
    if key not in st.session_state or st.session_state[key] != value:
        st.session_state[key] = value


def forget_widgets() -> None:
    """Drop the question and About-you widgets' own values (before other answers are shown)."""
    for key in [k for k in st.session_state if str(k).startswith(("q_", "w_"))]:
        del st.session_state[key]


def start_over() -> None:
    """on_click callback: a new check-up in this window (the old answers' widgets forgotten)."""
    forget_widgets()
    apply(fresh_checkup)
