"""One client of the signed-in therapist: invite (link and code shown once), check-ups over
time, change since the one before, each answer (critical ones marked), exports, delete a
check-up, link a partner, erase the client.

The client is the one chosen on the roster (the session's ``practice.client_id``, never a
query parameter); every read and change goes through ``store.practice`` with the signed-in
Staff, so another therapist's client id opens nothing but the neutral "not found" message.
Read check-ups are kept in this session's memo (one audited "view" per opening), dropped when
another client opens, on any change and on sign-out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import frame, practice_frame, state
from app_pages import practice_client_parts as parts
from app_pages.frame import escape_markdown
from app_pages.store_access import message_for
from checkup import keeping
from checkup.practice import changes, flag_words, with_client
from checkup.practice_exports import answer_rows
from checkup.session import going_to

ROSTER = "app_pages/practice_roster.py"
_LOADED = "practice_client"  # memo: ((client id, its check-up ids), its check-ups read)
words, staff = state.words(), practice_frame.staff()
bank = state.bank().for_form("full")


def _load(client_id: str) -> tuple[Any, list[Any], list[Any]] | None:
    """The client's summary, check-ups and the therapist's clients (None: not found). The
    check-ups are read (an audited "view") again only when the list of them changed."""
    listed = practice_frame.space_call(lambda p: p.clients(staff))
    clients = list(listed.value or [])
    summary = next((c for c in clients if c.client_id == client_id), None)
    seen = (client_id, tuple(c.checkup_id for c in summary.checkups) if summary else ())
    memo = state.current().memo
    found = memo.get(_LOADED)
    if summary is not None and found is not None and found[0] == seen:
        return summary, found[1], clients
    if summary is None:  # not one of this therapist's clients: storage's own words for it
        from storage import ClientNotFound

        st.error(listed.message if not listed.ok else message_for(ClientNotFound()))
        return None
    read = practice_frame.space_call(lambda p: p.client_checkups(staff, client_id))
    if not read.ok:
        st.error(read.message)
        return None
    checkups = sorted(read.value or [], key=lambda c: c.submitted_at)
    memo[_LOADED] = (seen, checkups)
    return summary, checkups, clients


def _back() -> None:
    state.apply(with_client, None)
    state.apply(going_to, "practice_roster")


def _over_time(checkups: Sequence[Any]) -> None:
    st.header(words.text("app.practice.client.checkups"), anchor=False)
    if not checkups:
        st.info(words.text("app.practice.client.no_checkups"))
        return
    labels = keeping.composite_labels(words)
    table = pd.DataFrame([
        {
            words.text("app.practice.client.date"): keeping.when_text(c.submitted_at, words),
            words.text("app.practice.client.form"): parts.form_words(c.record.form),
            words.text("app.practice.roster.flags"): flag_words(c.record.flags, words) or "–",
            **{label: keeping.whole_text(c.record.scores.get(k)) for k, label in labels.items()},
            words.text("app.practice.client.partner_ok"): words.text(
                "app.practice.yes" if c.consent.compare_with_partner else "app.practice.no"
            ),
        }
        for c in checkups
    ])
    st.dataframe(table, hide_index=True, key="w_pr_over_time")


def _change(checkups: Sequence[Any], clients: Sequence[Any]) -> None:
    if len(checkups) < 2:
        return
    st.header(words.text("app.practice.client.change"), anchor=False)
    norms = practice_frame.norms(clients, bank)
    moved = changes(checkups[-2].record, checkups[-1].record, bank, norms)
    table = pd.DataFrame([
        {
            words.text("app.practice.client.area"): change.name,
            words.text("app.practice.client.before"): keeping.whole_text(change.before),
            words.text("app.practice.client.after"): keeping.whole_text(change.after),
            words.text("app.practice.client.reliable"): change.words
            or words.text("app.practice.client.points_only"),
        }
        for change in moved
    ])
    st.dataframe(table, hide_index=True, key="w_pr_change")
    st.markdown(words.text("app.practice.client.change_note"))


def _answers(checkup: Any) -> None:
    rows = answer_rows(checkup, bank, words)
    mark = words.text("app.practice.client.critical_mark")
    table = pd.DataFrame([
        {
            "#": row.number,
            words.text("app.practice.client.question"): row.text,
            words.text("app.practice.client.answer"): row.answer,
            words.text("app.practice.client.critical"): mark if row.critical else "",
        }
        for row in rows
    ])
    st.dataframe(table, hide_index=True, key="w_pr_answers")


def _one_checkup(checkups: Sequence[Any]) -> Any | None:
    """The check-up chosen for its answers (and for Delete); the latest first."""
    if not checkups:
        return None
    st.header(words.text("app.practice.client.answers"), anchor=False)
    latest_first = list(reversed(checkups))
    chosen = st.selectbox(
        words.text("app.practice.client.which"),
        range(len(latest_first)),
        format_func=lambda n: keeping.when_text(latest_first[n].submitted_at, words),
        key="w_pr_which",
    )
    checkup = latest_first[int(chosen or 0)]
    _answers(checkup)
    return checkup


def _page(client_id: str) -> None:
    loaded = _load(client_id)
    if loaded is None:
        return
    summary, checkups, clients = loaded
    st.title(escape_markdown(summary.label), anchor=False)
    parts.invite(client_id)
    _over_time(checkups)
    _change(checkups, clients)
    chosen = _one_checkup(checkups)
    parts.exports(summary, checkups, clients, bank)
    parts.delete_checkup(client_id, chosen)
    parts.partner(summary, clients)
    parts.erase(summary)


frame.follow_goto({"practice_roster": ROSTER})
practice_frame.sign_out_button()
st.button(words.text("app.practice.client.to_roster"), key="w_pr_to_roster", on_click=_back)
frame.show_notice("practice")
opened = state.current().practice.client_id
if opened is None:  # e.g. signed in again at this page's address: the roster instead
    st.switch_page(ROSTER)
_page(opened)
