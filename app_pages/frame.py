"""Pieces every page shares: the quick exit, the once-per-session page script, small helpers.

The page script (``frame.js``, with ``frame.css``) is constant: no user data ever goes into
it. It keeps the quick exit the first Tab stop without a positive tabindex, lets Esc press it
everywhere except in a text field, presses the quick exit of every other open tab of the
check-up (a ``BroadcastChannel``), asks before a reload or leaving while answers exist and
nothing was saved (never after a quick exit), lands every page turn at the top with focus
on the page heading, names the progress bar after its label and takes the main area and the
heading anchors out of the Tab order (issue 15).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from app_pages import state
from checkup.results import fingerprint
from checkup.session import Notice, Place, going_to, notice_at, with_frame_ready, with_notice

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
_HERE = Path(__file__).resolve().parent
LAYOUT_CSS = (_HERE / "frame.css").read_text(encoding="utf-8")
PAGE_SCRIPT = "<script>\n{}\n</script>".format(
    (_HERE / "frame.js")
    .read_text(encoding="utf-8")
    .replace("__LAYOUT_CSS__", LAYOUT_CSS.replace("\\", "\\\\").replace("`", "\\`"))
)
# The one element sent on every run: whether leaving now would lose answers (read by the
# page script's beforeunload handler) and the session's language (the page's <html lang>).
# Fixed strings, nothing of the answers.
UNSAVED_MARK = '<span hidden data-tc-unsaved="{}" data-tc-lang="{}"></span>'


def unsaved() -> bool:
    """Whether this session holds answers that were not saved (a reload would lose them)."""
    session = state.current()
    if not session.respondent.answers:
        return False
    saved = session.saved
    return saved is None or saved.fingerprint != fingerprint(session, state.bank())


def quick_exit_button() -> None:
    """The quick exit: first element of every page, so Tab reaches it first (Esc presses it,
    through the page script, outside text fields)."""
    words = state.words()
    st.button(
        words.text("app.frame.quick_exit"),
        key="quick_exit",
        type="primary",
        help=words.text("app.frame.quick_exit_help"),
        on_click=state.quick_exit,
    )
    if not state.current().frame_ready:
        # Once per browser session: the script stays active in the window (it watches for
        # new pages; its style, added to the document head, stays), so later reruns need not
        # send it again: every element sent adds to the time of each rerun.
        st.html(PAGE_SCRIPT, unsafe_allow_javascript=True)
        state.apply(with_frame_ready)
    lang = html.escape(state.current().locale.replace("_", "-"), quote=True)
    st.html(UNSAVED_MARK.format(int(unsaved()), lang))


def section(title: str, *texts: str) -> None:
    """A subheading and the project-written paragraphs under it as one markdown block (the
    same ``h2`` as ``st.header``, one element instead of two)."""
    st.markdown("\n\n".join((f"## {title}", *texts)))


def paragraphs(texts: Sequence[str]) -> None:
    """Show project-written paragraphs (data, not user input) as one markdown block.

    One block rather than one element per paragraph: every element adds to the time of each
    rerun of the page, and the text reads the same.
    """
    if texts:
        st.markdown("\n\n".join(texts))


def escape_markdown(text: str) -> str:
    """Escape person-typed text so markdown shows it literally (no links, no HTML)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


_SHOW = {"info": st.info, "success": st.success, "warning": st.warning, "error": st.error}


def show_notice(place: Place) -> None:
    """Show the pending notice of ``place`` once (in the session's language)."""
    notice = notice_at(state.current(), place)
    if notice is None:
        return
    params = dict(notice.params)
    words = state.words()
    count = params.get("count")
    if notice.text is not None:
        text = notice.text
    elif isinstance(count, int):
        text = words.plural(notice.message_id, count, **params)
    else:
        text = words.text(notice.message_id, **params)
    _SHOW[notice.kind](text)
    state.apply(with_notice, place, None)


def keep_notice(place: Place, message_id: str, kind: str = "info", **params: object) -> None:
    """Keep a notice for ``place`` until the page shows it."""
    state.apply(with_notice, place, Notice(message_id, kind, params))  # type: ignore[arg-type]


def follow_goto(files: dict[str, str]) -> None:
    """Switch to the page a button's callback chose (the session's ``goto``), once."""
    target = state.current().goto
    if target is not None:
        state.apply(going_to, None)
        st.switch_page(files[target])
