"""Pieces every page shares: the quick-exit button and small rendering helpers."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from app_pages import state

QUICK_EXIT_HELP = "Hides this page at once and forgets your answers. Shortcut: Esc."
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
SCRIPT_SENT = "frame_script_sent"


def quick_exit_button() -> None:
    """The quick exit: first element of every page, so Tab reaches it first."""
    st.button(
        "Quick exit",
        key="quick_exit",
        type="primary",
        help=QUICK_EXIT_HELP,
        on_click=state.quick_exit,
        shortcut="Esc",
    )
    if not state.get(SCRIPT_SENT):
        # Once per browser session: the script stays active in the window (it watches for
        # new pages, and its style, added to the document head, keeps the button on the
        # right), so later reruns need not send it again: every element sent adds to the
        # time of each rerun.
        st.html(FIRST_IN_TAB_ORDER, unsafe_allow_javascript=True)
        state.put(SCRIPT_SENT, True)


def section(title: str, *texts: str) -> None:
    """A subheading and the project-written paragraphs under it as one markdown block (the
    same ``h3`` as ``st.subheader``, one element instead of two)."""
    st.markdown("\n\n".join((f"### {title}", *texts)))


def paragraphs(texts: Sequence[str]) -> None:
    """Show project-written paragraphs (data, not user input) as one markdown block.

    One block rather than one element per paragraph: every element adds to the time of each
    rerun of the page, and the text reads the same.
    """
    if texts:
        st.markdown("\n\n".join(texts))
