"""An administrator's page: accounts (add, disable or enable, unlock) and the audit log (who
viewed, exported, deleted or erased, and when; never an answer or a client's label). An
administrator sees no client data: storage refuses an admin Staff on every client method."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import frame, practice_frame, state
from app_pages.store_access import rerun_when_done
from checkup import keeping

ROLES = {"therapist": "app.practice.admin.role.therapist", "admin": "app.practice.admin.role.admin"}
_ACTIONS = {  # audit actions in words (an unknown one as it is)
    "view": "app.practice.audit.view",
    "export": "app.practice.audit.export",
    "delete": "app.practice.audit.delete",
    "erased": "app.practice.audit.erased",
}
words, admin = state.words(), practice_frame.staff()


def _yes(value: object) -> str:
    return words.text("app.practice.yes" if value else "app.practice.no")


def _locked(account: Any) -> bool:
    until = account.locked_until
    return until is not None and until > practice_frame.now()


def _accounts(accounts: Sequence[Any]) -> None:
    st.header(words.text("app.practice.admin.accounts"), anchor=False)
    table = pd.DataFrame([
        {
            words.text("app.practice.admin.username"): a.username,
            words.text("app.practice.admin.name"): a.display_name,
            words.text("app.practice.admin.role"): words.text(ROLES.get(a.role, ROLES["admin"])),
            words.text("app.practice.admin.disabled"): _yes(a.disabled),
            words.text("app.practice.admin.locked"): _yes(_locked(a)),
        }
        for a in accounts
    ])
    st.dataframe(table, hide_index=True, key="w_pr_accounts")
    names = {a.account_id: a.username for a in accounts}
    chosen = st.selectbox(words.text("app.practice.admin.choose"), list(names),
                          format_func=names.__getitem__, key="w_pr_account")
    account = next(a for a in accounts if a.account_id == chosen)
    with st.container(horizontal=True):
        flip = "app.practice.admin.enable" if account.disabled else "app.practice.admin.disable"
        if st.button(words.text(flip), key="w_pr_disable"):
            _act(lambda p: p.set_disabled(admin, chosen, not account.disabled))
        if st.button(words.text("app.practice.admin.unlock"), key="w_pr_unlock",
                     disabled=not _locked(account)):
            _act(lambda p: p.unlock(admin, chosen))


def _act(action: Any) -> None:
    rerun_when_done(practice_frame.space_call(action),
                    lambda: frame.keep_notice("practice", "app.practice.admin.done", "success"))


def _add() -> None:
    st.header(words.text("app.practice.admin.add"), anchor=False)
    with st.form("w_pr_add_account", clear_on_submit=True):
        username = st.text_input(words.text("app.practice.admin.username"), key="w_pr_add_user")
        name = st.text_input(words.text("app.practice.admin.name"), key="w_pr_add_name")
        email = st.text_input(words.text("app.practice.admin.email"), key="w_pr_add_email",
                              help=words.text("app.practice.admin.email_help"))
        role = st.radio(words.text("app.practice.admin.role"), tuple(ROLES),
                        format_func=lambda r: words.text(ROLES[r]), horizontal=True,
                        key="w_pr_add_role")
        twice = practice_frame.password_twice(
            ("app.practice.admin.password", "app.practice.admin.password_again"),
            ("w_pr_add_pass", "w_pr_add_pass2"),
        )
        pressed = st.form_submit_button(words.text("app.practice.admin.add_submit"))
    first = practice_frame.sent_password(pressed, twice)
    if first is None:
        return
    _act(lambda p: p.add_account(username.strip(), first, name.strip(), role=str(role),
                                 by=admin, email=email.strip() or None))


def _audit(entries: Sequence[Any]) -> None:
    st.header(words.text("app.practice.admin.audit"), anchor=False)
    st.markdown(words.text("app.practice.admin.audit_note"))
    if not entries:
        st.info(words.text("app.practice.admin.audit_empty"))
        return
    table = pd.DataFrame([
        {
            words.text("app.practice.admin.when"): keeping.when_text(e.at, words),
            words.text("app.practice.admin.who"): e.actor,
            words.text("app.practice.admin.action"): (
                words.text(_ACTIONS[e.action]) if e.action in _ACTIONS else e.action
            ),
            words.text("app.practice.admin.client_ref"): e.client_ref or "–",
            words.text("app.practice.admin.checkup_ref"): e.checkup_ref or "–",
        }
        for e in entries  # newest first, as storage gives them
    ])
    st.dataframe(table, hide_index=True, key="w_pr_audit")


def _read_then(read: Callable[[Any], Sequence[Any] | None],
               show: Callable[[Sequence[Any]], None]) -> None:
    """``show`` what ``read`` gives from ``store.practice`` (the accounts, the audit log), or
    the calm message when the read fails."""
    found = practice_frame.space_call(read)
    if found.ok:
        show(found.value or [])
    else:
        st.error(found.message)


practice_frame.sign_out_button()
st.title(words.text("app.practice.admin.title"), anchor=False)
frame.show_notice("practice")
_read_then(lambda p: p.accounts(admin), _accounts)
_add()
_read_then(lambda p: p.audit_log(admin), _audit)
practice_frame.password_panel()
