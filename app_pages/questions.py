"""Questions: short pages by area, with progress, Back and Next; answers kept on the way back."""

from __future__ import annotations

import streamlit as st

from app_pages import resume, state
from app_pages.flow import QuestionPage, missing_message, question_pages, unanswered
from questions import item_text

bank = state.bank()
role, relationship = state.get(state.ROLE), state.get(state.RELATIONSHIP)


def _radio(number: int, item_id: str, text: str, page: QuestionPage) -> None:
    scale = page.section.scale
    saved = state.answers().get(item_id)
    key = f"q_{item_id}"
    st.radio(
        f"{number} · {text}",
        scale.points,
        index=scale.points.index(saved) if saved in scale.points else None,
        format_func=lambda point: scale.labels[point],
        horizontal=True,
        key=key,
        on_change=state.copy_answer,
        args=(key, item_id),
    )


def _go(pages: tuple[QuestionPage, ...], index: int, step: int) -> None:
    if step > 0:
        missing = unanswered(pages[index], state.answers())
        if missing:
            state.put(state.MISSING, missing_message(missing, bank, role, relationship))
            return
    state.put(state.MISSING, None)
    target = index + step
    if target < 0:
        st.switch_page("app_pages/about.py")
    if target >= len(pages):
        st.switch_page("app_pages/results.py")
    state.put(state.PAGE, target)
    st.rerun()


def _render(pages: tuple[QuestionPage, ...]) -> None:
    index = min(max(int(state.get(state.PAGE, 0)), 0), len(pages) - 1)
    page = pages[index]
    st.caption(f"Page {index + 1} of {len(pages)}")
    st.progress((index + 1) / len(pages))
    st.header(page.title)
    st.markdown(page.section.intro_for(role))
    for number, item in page.numbered():
        _radio(number, item.id, item_text(bank, item, role, relationship), page)
    slot = st.empty()
    last = index == len(pages) - 1
    back, forward = st.columns(2)
    if back.button("Back", key="q_back"):
        _go(pages, index, -1)
    if forward.button("See my results" if last else "Next", type="primary", key="q_next"):
        _go(pages, index, +1)
    message = state.get(state.MISSING)
    if message:
        slot.warning(message, icon=":material/info:")


if role is None or relationship is None:
    st.info("First, a couple of quick choices so the questions fit you.")
    if st.button("Go to About you", type="primary"):
        st.switch_page("app_pages/about.py")
else:
    _render(question_pages(bank, role))
    resume.place_controls()
