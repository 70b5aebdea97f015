"""The client page's actions: invite, exports, delete a check-up, partners, erase.

Each goes through ``store.practice`` with the signed-in Staff (access control stays in
storage); after a change the session's memo is dropped so the page reads the client again.
Exports are built only when their button is pressed, and handed out only once the audit
entry is written (``checkup.practice_exports.noted``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from app_pages import frame, practice_frame, state
from app_pages.frame import escape_markdown
from app_pages.store_access import attempt, rerun_when_done, store
from checkup import keeping
from checkup.drafts import display_code, expiry_text
from checkup.practice import (
    ShownInvitation,
    app_base,
    dropped_memo,
    intake_link,
    with_client,
    with_invitation,
)
from checkup.practice_exports import (
    EXPORT_KINDS,
    MIME,
    ExportKind,
    build,
    clinician_report,
    file_name,
    noted,
)
from checkup.practice_state import clean_code
from checkup.session import going_to
from questions import Bank

PUBLIC_URL_ENV = "TRUSTCHECK_PUBLIC_URL"  # the address clients open, e.g. behind a proxy
_PAGE_SLUGS = ("practice_client", "practice_roster", "practice_signin", "practice_admin")
_FORMS = {"full": "app.practice.form.full", "pulse": "app.practice.form.pulse"}
_EXPORT_LABELS = {
    "pdf": "app.practice.export.report",
    "fhir": "app.practice.export.fhir",
    "csv": "app.practice.export.table",
    "json": "app.practice.export.data",
}


def form_words(form: str) -> str:
    """A form's name in words (an unknown one as it is)."""
    words = state.words()
    return words.text(_FORMS[form]) if form in _FORMS else form


def _base() -> str:
    configured = os.environ.get(PUBLIC_URL_ENV, "").strip()
    return app_base(configured or str(st.context.url or ""), _PAGE_SLUGS)


def _changed(message_id: str) -> None:
    state.apply(dropped_memo)
    frame.keep_notice("practice", message_id, "success")


def _shown(shown: ShownInvitation) -> None:
    words = state.words()
    st.success(words.text("app.practice.invite.once"), icon=":material/mail:")
    st.code(shown.link, language=None)
    st.markdown(words.text("app.practice.invite.code_is"))
    st.code(display_code(shown.code), language=None)
    until = expiry_text(shown.expires_at, words.babel_locale)
    st.markdown(words.text("app.practice.invite.until", until=until, form=form_words(shown.form)))
    st.button(words.text("app.practice.invite.done"), key="w_pr_invite_done", on_click=_hide)


def _hide() -> None:
    state.apply(with_invitation, None)


def invite(client_id: str) -> None:
    """Invite the client to a check-up: the link and code are shown once, with the expiry."""
    words = state.words()
    st.header(words.text("app.practice.invite.heading"), anchor=False)
    shown = state.current().practice.invitation
    if shown is not None and shown.client_id == client_id:
        _shown(shown)
    with st.form("w_pr_invite", border=True):
        form = st.radio(words.text("app.practice.invite.form"), tuple(_FORMS),
                        format_func=form_words, horizontal=True, key="w_pr_invite_form")
        days = st.number_input(words.text("app.practice.invite.days"), min_value=1,
                               max_value=30, value=7, step=1, key="w_pr_invite_days")
        pressed = st.form_submit_button(words.text("app.practice.invite.submit"), type="primary")
    if not pressed:
        return
    staff = practice_frame.staff()
    outcome = practice_frame.space_call(
        lambda p: p.invite(staff, client_id, form=str(form), days=int(days))
    )
    if not outcome.ok or outcome.value is None:
        st.error(outcome.message)
        return
    made = outcome.value
    link = intake_link(_base(), clean_code(made.code) or made.code)
    state.apply(with_invitation, ShownInvitation(client_id, made.code, link, made.expires_at,
                                                 str(form)))
    state.apply(dropped_memo)
    st.rerun()


def _pdf_builder(
    summary: Any, checkups: Sequence[Any], clients: Sequence[Any], bank: Bank
) -> Callable[[], bytes]:
    """The clinician report, made when its button is pressed (no st calls inside)."""
    staff = practice_frame.staff()
    therapist = staff.display_name if staff is not None else None
    found = attempt(lambda s: s.practice.name())
    practice = found.value if found.ok else None
    names, norms = (practice, therapist), practice_frame.norms(clients, bank)
    return lambda: clinician_report(summary, checkups, clients, bank, names, norms)


def exports(summary: Any, checkups: Sequence[Any], clients: Sequence[Any], bank: Bank) -> None:
    """Download buttons: each file is built on the press and noted in the audit log."""
    words = state.words()
    if not checkups:
        return
    frame.section(words.text("app.practice.export.heading"), words.text("app.practice.export.note"))
    space, staff, today = store().practice, practice_frame.staff(), dt.date.today()
    pdf = _pdf_builder(summary, checkups, clients, bank)
    client = (summary.client_id, summary.label)
    with st.container(horizontal=True):
        for kind in EXPORT_KINDS:
            st.download_button(
                words.text(_EXPORT_LABELS[kind]),
                data=_deferred(space, staff, client, kind, (checkups, bank, pdf)),
                file_name=file_name(kind, today),
                mime=MIME[kind],
                on_click="ignore",
                icon=":material/download:",
                key=f"w_pr_export_{kind}",
            )


def _deferred(
    space: Any, staff: Any, client: tuple[str, str], kind: ExportKind, what: tuple[Any, ...]
) -> Callable[[], bytes]:
    """The file, made on the press (in Streamlit's download thread: no st calls here)."""
    checkups, bank, pdf = what
    return lambda: noted(
        lambda: space.note_export(staff, client[0], kind),
        lambda: build(kind, client, checkups, bank, pdf),
    )


def delete_checkup(client_id: str, checkup: Any | None) -> None:
    """Delete the check-up chosen above, after a confirmation."""
    words = state.words()
    if checkup is None:
        return
    when = keeping.when_text(checkup.submitted_at, words)
    with st.expander(words.text("app.practice.delete.heading")):
        sure = st.checkbox(words.text("app.practice.delete.sure", when=when),
                           key=f"w_pr_delete_sure_{checkup.checkup_id}")
        if not st.button(words.text("app.practice.delete.submit"), disabled=not sure,
                         key="w_pr_delete"):
            return
    staff = practice_frame.staff()
    _act(lambda p: p.delete_checkup(staff, client_id, checkup.checkup_id),
         "app.practice.delete.done")


def partner(summary: Any, clients: Sequence[Any]) -> None:
    """Link the client with another client of this therapist as partners (or unlink)."""
    words = state.words()
    st.header(words.text("app.practice.partner.heading"), anchor=False)
    staff = practice_frame.staff()
    names = {c.client_id: c.label for c in clients if c.client_id != summary.client_id}
    if summary.partner_id is not None:
        name = escape_markdown(names.get(summary.partner_id, "–"))
        st.markdown(words.text("app.practice.partner.linked", name=name))
        if st.button(words.text("app.practice.partner.unlink"), key="w_pr_unlink"):
            _act(lambda p: p.unlink_partners(staff, summary.client_id),
                 "app.practice.partner.unlinked")
        return
    if not names:
        st.markdown(words.text("app.practice.partner.none"))
        return
    st.markdown(words.text("app.practice.partner.note"))
    other = st.selectbox(words.text("app.practice.partner.choose"), list(names),
                         format_func=names.__getitem__, key="w_pr_partner")
    if st.button(words.text("app.practice.partner.link"), key="w_pr_link"):
        _act(lambda p: p.link_partners(staff, summary.client_id, other),
             "app.practice.partner.done")


def _act(action: Callable[[Any], object], done: str) -> None:
    rerun_when_done(practice_frame.space_call(action), lambda: _changed(done))


def erase(summary: Any) -> None:
    """Erase the client and everything of theirs, after a confirmation; back to the roster."""
    words = state.words()
    label = escape_markdown(summary.label)
    with st.expander(words.text("app.practice.erase.heading")):
        st.markdown(words.text("app.practice.erase.what", label=label))
        sure = st.checkbox(words.text("app.practice.erase.sure", label=label),
                           key="w_pr_erase_sure")
        if not st.button(words.text("app.practice.erase.submit"), disabled=not sure,
                         key="w_pr_erase", type="primary"):
            return
    staff = practice_frame.staff()
    done = practice_frame.space_call(lambda p: p.erase_client(staff, summary.client_id))
    if not done.ok:
        st.error(done.message)
        return
    state.apply(with_client, None)
    state.apply(going_to, "practice_roster")
    frame.keep_notice("practice", "app.practice.erase.done", "success")
    st.rerun()
