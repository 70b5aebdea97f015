"""Pieces every page shares: the quick-exit button and small rendering helpers."""

from __future__ import annotations

import re
from collections.abc import Sequence

import streamlit as st

from app_pages import state
from checkup.session import Notice, Place, going_to, notice_at, with_frame_ready, with_notice

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
# Less empty space above the quick exit (Streamlit's default top padding is 6rem).
LAYOUT_CSS = (
    "[data-testid=stMainBlockContainer] {padding-top: 3.5rem;} "
    ".st-key-quick_exit {align-self: flex-end; margin-left: auto;}"
)
# Streamlit's own "Skip to main content" link comes first in the page. A positive tabindex
# puts the quick exit ahead of it, so the very first Tab press reaches it. A constant script:
# no user data ever goes into it.
FIRST_IN_TAB_ORDER = """<script>
(() => {
  if (window.__quickExitFirst) return;
  window.__quickExitFirst = true;
  const style = document.createElement("style");
  style.textContent = "__LAYOUT_CSS__";
  document.head.appendChild(style);
  // Streamlit may keep a hidden copy of a button (zero size): mark them all, focus the shown one.
  const buttons = () => [...document.querySelectorAll(".st-key-quick_exit button")];
  const mark = () => {
    for (const button of buttons()) if (button.tabIndex !== 1) button.tabIndex = 1;
    const skip = document.querySelector('a[href="#stMain"]');
    if (skip && skip.tabIndex !== 2) skip.tabIndex = 2;
  };
  mark();
  new MutationObserver(mark).observe(document.body, {childList: true, subtree: true});
  // Whatever the browser takes as its starting point, the first Tab reaches the quick exit.
  document.addEventListener("keydown", (event) => {
    const button = buttons().find((b) => b.offsetWidth > 0);
    const fresh = !document.activeElement || document.activeElement === document.body;
    if (event.key === "Tab" && !event.shiftKey && fresh && button) {
      event.preventDefault();
      button.focus();
    }
  }, true);
})();
</script>""".replace("__LAYOUT_CSS__", LAYOUT_CSS)


def quick_exit_button() -> None:
    """The quick exit: first element of every page, so Tab reaches it first."""
    words = state.words()
    st.button(
        words.text("app.frame.quick_exit"),
        key="quick_exit",
        type="primary",
        help=words.text("app.frame.quick_exit_help"),
        on_click=state.quick_exit,
        shortcut="Esc",
    )
    if not state.current().frame_ready:
        # Once per browser session: the script stays active in the window (it watches for
        # new pages, and its style, added to the document head, keeps the button on the
        # right), so later reruns need not send it again: every element sent adds to the
        # time of each rerun.
        st.html(FIRST_IN_TAB_ORDER, unsafe_allow_javascript=True)
        state.apply(with_frame_ready)


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
