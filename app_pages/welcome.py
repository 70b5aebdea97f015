"""Welcome: what it is, how long, privacy and the quick exit, then Start (above the fold on a
phone); the longer text below it."""

from __future__ import annotations

import streamlit as st
from babel import Locale, UnknownLocaleError

from app_pages import frame, resume, state
from checkup.flow import minutes_range, quick_minutes
from checkup.session import Form, going_to, with_form
from locales import LOCALES, PSEUDO_LOCALE
from questions import ROLES, load_bank

words = state.words()
low, high = minutes_range(load_bank(words.locale), ROLES)
quick = quick_minutes(load_bank(words.locale, "pulse"), ROLES)


def _start(form: Form) -> None:
    """on_click of Start and Quick check-in: the form, then About you."""
    state.apply(with_form, form)
    state.apply(going_to, "about")


def _language_name(locale: str) -> str:
    """A language named in itself (``Español``), so a reader finds theirs in any language."""
    try:
        name = Locale.parse(locale.replace("-", "_")).get_display_name(locale.split("-")[0])
    except (ValueError, UnknownLocaleError):
        name = None
    return (name or locale)[:1].upper() + (name or locale)[1:]


def _language_choice() -> None:
    """The languages there are (the pseudo-locale only while it is in use), as a radio the
    keyboard reaches; choosing one changes the words and keeps every answer."""
    shown = [code for code in LOCALES if code != PSEUDO_LOCALE or code == words.locale]
    if len(shown) < 2:
        return
    st.radio(
        words.text("app.welcome.language"),
        shown,
        index=shown.index(words.locale) if words.locale in shown else 0,
        format_func=_language_name,
        horizontal=True,
        key="lang_choice",
        on_change=state.choose_locale,
        args=("lang_choice",),
    )


frame.follow_goto({"about": "app_pages/about.py"})
st.title(words.text("app.welcome.title"), anchor=False)
frame.paragraphs([words.text("app.welcome.lead", low=low, high=high)])
with st.container(horizontal=True):
    st.button(
        words.text("app.welcome.start"),
        type="primary",
        key="start",
        on_click=_start,
        args=("full",),
    )
    st.button(
        words.text("app.welcome.pulse"),
        key="start_pulse",
        on_click=_start,
        args=("pulse",),
        help=words.text("app.welcome.pulse_help", minutes=quick),
    )

_language_choice()

frame.section(
    words.text("app.welcome.what_heading"),
    words.text("app.welcome.intro"),
    words.text("app.welcome.what"),
    words.text("app.welcome.duration"),
)
frame.section(words.text("app.welcome.privacy_heading"), words.text("app.welcome.privacy"))
frame.section(words.text("app.welcome.safety_heading"), words.text("app.welcome.safety"))

resume.continue_form()
if st.button(
    words.text("app.welcome.to_checkups"),
    key="to_checkups",
    help=words.text("app.welcome.to_checkups_help"),
):
    st.switch_page("app_pages/checkups.py")
