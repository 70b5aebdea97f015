"""A therapist's clients: critical flags first, the latest overall scores, reliable change
since the check-up before, pending invitations, last seen; open a client or add one (a code
or an alias, nothing else). Only the signed-in therapist's own clients exist here: the list
and every option come from ``store.practice.clients(staff)``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import frame, practice_frame, state
from checkup import keeping
from checkup.practice import RosterRow, change_words, flag_words, roster, with_client

CLIENT_PAGE = "app_pages/practice_client.py"
words, staff = state.words(), practice_frame.staff()


def _when(value: object) -> str:
    return keeping.when_text(value, words) if value is not None else "–"  # type: ignore[arg-type]


def _table(rows: list[RosterRow]) -> pd.DataFrame:
    labels = keeping.composite_labels(words)
    column = words.text
    return pd.DataFrame([
        {
            column("app.practice.roster.client"): row.label,
            column("app.practice.roster.flags"): flag_words(row.flags, words) or "–",
            **{label: keeping.whole_text(row.composites.get(key)) for key, label in labels.items()},
            column("app.practice.roster.change"): change_words(row.change, words),
            column("app.practice.roster.pending"): (
                words.plural("app.practice.roster.pending_until", row.pending,
                             count=row.pending, until=_when(row.pending_until))
                if row.pending
                else "–"
            ),
            column("app.practice.roster.last_seen"): _when(row.last_seen),
        }
        for row in rows
    ])


def _open(client_id: str) -> None:
    state.apply(with_client, client_id)


def _create() -> None:
    with st.form("w_pr_new_client", clear_on_submit=True):
        st.markdown(words.text("app.practice.roster.new_intro"))
        label = st.text_input(words.text("app.practice.roster.new_label"), max_chars=80,
                              key="w_pr_new_label")
        pressed = st.form_submit_button(words.text("app.practice.roster.new_submit"))
    if not pressed:
        return
    if not label.strip():
        st.warning(words.text("app.practice.roster.new_label_needed"))
        return
    outcome = practice_frame.space_call(lambda p: p.create_client(staff, label.strip()))
    if not outcome.ok:
        st.error(outcome.message)
        return
    _open(str(outcome.value))
    st.switch_page(CLIENT_PAGE)


def _chooser(rows: list[RosterRow]) -> None:
    names = {row.client_id: row.label for row in rows}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        chosen = st.selectbox(words.text("app.practice.roster.choose"), list(names),
                              format_func=names.__getitem__, key="w_pr_choose")
        if st.button(words.text("app.practice.roster.open"), type="primary", key="w_pr_open"):
            _open(str(chosen))
            st.switch_page(CLIENT_PAGE)


practice_frame.sign_out_button()
st.title(words.text("app.practice.roster.title"), anchor=False)
frame.show_notice("practice")
outcome = practice_frame.space_call(lambda p: p.clients(staff))
if not outcome.ok:
    st.error(outcome.message)
    rows: list[RosterRow] = []
else:
    bank = state.bank().for_form("full")
    rows = roster(outcome.value or [], bank, practice_frame.norms(outcome.value or [], bank))
if rows:
    st.markdown(words.text("app.practice.roster.order"))
    st.dataframe(_table(rows), hide_index=True, key="w_pr_roster")
    _chooser(rows)
elif outcome.ok:
    st.info(words.text("app.practice.roster.empty"))
st.header(words.text("app.practice.roster.new_heading"), anchor=False)
_create()
practice_frame.password_panel()
