"""Together: a couple space for two partners, each answering alone and sharing by choice.

A couple space rests on a saved identity with a passphrase (My check-ups). One partner
creates it and gets a pairing code; the other joins with it in their own session (on another
computer: with the join file too). Each shares a finished check-up when they choose; what the
other sees is only what was shared. The rules (what is withheld, the safety gate, the 14 days)
are in ``checkup.couple``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence

import streamlit as st

from app_pages import couple_compare, frame, state
from app_pages.store_access import attempt, rerun_when_done
from checkup import couple, keeping
from checkup.session import Notice, next_round, with_notice
from storage import Principal, SavedCheckup, SharedSnapshot, Store

words = state.words()
CHECKUPS_PAGE = "app_pages/checkups.py"
PAIRING = "pairing"  # memo key: the code just made (shown once) and its join file


def _changed(message_id: str) -> None:
    state.apply(with_notice, "couple", Notice(message_id, "success"))
    state.apply(next_round)


def _act(action: Callable[[Store], object], done_id: str) -> None:
    """Run a couple action: its message when it fails, else a notice and a fresh page."""
    rerun_when_done(attempt(action), lambda: _changed(done_id))


def _create(owner: Principal) -> None:
    outcome = attempt(lambda s: s.couples.create(owner))
    if outcome.ok and outcome.value is not None:
        state.current().memo[PAIRING] = outcome.value
        _changed("app.couple.created")
    else:
        st.error(outcome.message)


def _join(owner: Principal) -> None:
    with st.form("couple_join", border=False):
        code = st.text_input(words.text("app.couple.code"), max_chars=24, key="couple_code")
        upload = st.file_uploader(words.text("app.couple.join_file"), type=["json"])
        pressed = st.form_submit_button(words.text("app.couple.join"))
    if not pressed:
        return
    text = upload.getvalue().decode("utf-8", errors="replace") if upload else None
    outcome = attempt(
        lambda s: s.couples.join_file(text, code, owner) if text else s.couples.join(code, owner)
    )
    if outcome.ok and outcome.value:
        _changed("app.couple.joined")
        st.rerun()
    st.warning(outcome.message or words.text("app.couple.code_neutral"))


def _start(owner: Principal) -> None:
    frame.section(words.text("app.couple.start_heading"), words.text("app.couple.start_intro"))
    if st.button(words.text("app.couple.create"), type="primary", key="couple_create"):
        _create(owner)
        st.rerun()
    _join(owner)


def _pairing() -> None:
    made = state.current().memo.get(PAIRING)
    if made is None:
        return
    until = keeping.when_text(made.expires_at, words)
    st.markdown(words.text("app.couple.code_shown", until=until))
    st.code(made.code, language=None)
    st.download_button(
        words.text("app.couple.download_join"),
        made.join_file.encode(),
        keeping.file_name(dt.date.today(), "json"),
        mime="application/json",
        on_click="ignore",
        key="couple_join_file",
    )


def _share(owner: Principal, mine: SavedCheckup) -> None:
    bank = state.bank()
    areas = dict(couple.shareable_areas(bank, mine.record.role))
    chosen = st.multiselect(
        words.text("app.couple.share_answers"),
        list(areas),
        format_func=areas.__getitem__,
        key=f"couple_areas_{state.current().round}",
    )
    if st.button(words.text("app.couple.share"), type="primary", key="couple_share"):
        snapshot = couple.snapshot_of(mine, bank, chosen)
        withheld = couple.withheld_ids(bank)
        _act(lambda s: s.couples.share(owner, snapshot, withheld=withheld), "app.couple.shared")


def _withdraw(owner: Principal, share_id: str) -> None:
    attempt(lambda store: store.couples.withdraw(share_id, owner))


def _withdraw_all(owner: Principal, shares: Sequence[SharedSnapshot]) -> None:
    """The safety gate: a flagged latest check-up takes this partner's shares back."""
    for share in [s for s in shares if s.mine]:
        _withdraw(owner, share.id)


def _my_shares(owner: Principal, shares: Sequence[SharedSnapshot]) -> None:
    for share in [s for s in shares if s.mine]:
        when = keeping.when_text(share.snapshot.created_at, words)
        with st.container(horizontal=True):
            st.markdown(words.text("app.couple.my_share", when=when))
            if st.button(words.text("app.couple.withdraw"), key=f"withdraw_{share.id}"):
                _withdraw(owner, share.id)
                _changed("app.couple.withdrawn")
                st.rerun()
            st.download_button(
                words.text("app.couple.share_file"),
                data=functools.partial(_share_file, owner, share.id),
                file_name=keeping.file_name(dt.date.today(), "json"),
                mime="application/json",
                on_click="ignore",
                key=f"share_file_{share.id}",
                help=words.text("app.couple.share_file_help"),
            )


def _share_file(owner: Principal, share_id: str) -> bytes:
    """A share sealed with the couple key, for a partner on another computer (built on click)."""
    return (attempt(lambda s: s.couples.export_share(share_id, owner)).value or "").encode()


def _import_share(owner: Principal) -> None:
    """A share file from a partner on another computer."""
    upload = st.file_uploader(
        words.text("app.couple.import_file"), type=["json"], key=f"share_in_{state.current().round}"
    )
    if upload is None or not st.button(words.text("app.couple.import"), key="couple_import"):
        return
    text = upload.getvalue().decode("utf-8", errors="replace")
    withheld = couple.withheld_ids(state.bank())
    _act(lambda s: s.couples.import_share(text, owner, withheld=withheld), "app.couple.imported")


def _comparison(
    pair: couple.Pair | None, shares: Sequence[SharedSnapshot], saved: Sequence[SavedCheckup]
) -> None:
    """The comparison, or the one neutral line whatever the reason (no share yet, shares
    too far apart, or the safety gate): never a hint of which."""
    frame.section(words.text("app.couple.comparison"))
    st.button(words.text("app.couple.refresh"), key="couple_refresh")  # a rerun reads again
    if pair is None:
        st.info(words.text("app.couple.not_available"))
        return
    couple_compare.show(pair, shares, saved)


def _space(owner: Principal) -> None:
    frame.show_notice("couple")
    _pairing()
    status = attempt(lambda s: s.couples.status(owner)).value
    if status is None:
        _start(owner)
        return
    joined = "app.couple.partner_joined" if status.members > 1 else "app.couple.waiting"
    st.markdown(words.text(joined))
    saved: list[SavedCheckup] = attempt(lambda s: s.list_checkups(owner)).value or []
    shares: list[SharedSnapshot] = attempt(lambda s: s.couples.shares(owner)).value or []
    newest = couple.latest(saved)
    if couple.flagged(newest):
        _withdraw_all(owner, shares)
        shares = [s for s in shares if not s.mine]
        st.caption(words.text("app.couple.own_safety"))
    elif newest is not None:
        _share(owner, newest)
    _my_shares(owner, shares)
    _import_share(owner)
    _comparison(None if couple.flagged(newest) else couple.comparable(shares), shares, saved)
    _leave(owner)


def _leave(owner: Principal) -> None:
    frame.section(words.text("app.couple.leave_heading"), words.text("app.couple.leave_note"))
    sure = st.checkbox(words.text("app.couple.leave_sure"), key=f"leave_{state.current().round}")
    if st.button(words.text("app.couple.leave"), key="couple_leave", disabled=not sure):
        attempt(lambda s: s.couples.leave(owner))
        state.current().memo.pop(PAIRING, None)
        _changed("app.couple.left")
        st.rerun()


st.title(words.text("app.couple.title"), anchor=False)
current = state.current().owner
if current is None or not current.protected:
    st.info(words.text("app.couple.needs_passphrase"))
    if st.button(words.text("app.couple.to_checkups"), key="couple_to_checkups"):
        st.switch_page(CHECKUPS_PAGE)
else:
    _space(current)
