"""Questions: short pages by area, with progress, Back and Next; answers kept on the way back."""

from __future__ import annotations

import streamlit as st

from app_pages import resume, state
from app_pages.flow import QuestionPage, missing_message, question_pages, unanswered
from questions import item_text

bank = state.bank()
role, relationship = state.get(state.ROLE), state.get(state.RELATIONSHIP)
ABOUT_PAGE, RESULTS_PAGE = "app_pages/about.py", "app_pages/results.py"


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


def _step(index: int, count: int, step: int) -> None:
    """on_click of Back and Next: move before the rerun, which then draws the new page."""
    if step > 0:
        missing = unanswered(question_pages(bank, role)[index], state.answers())
        if missing:
            state.put(state.MISSING, missing_message(missing, bank, role, relationship))
            return
    state.put(state.MISSING, None)
    target = index + step
    if 0 <= target < count:
        state.put(state.PAGE, target)
    else:
        state.put(state.GOTO, ABOUT_PAGE if target < 0 else RESULTS_PAGE)


def _render(pages: tuple[QuestionPage, ...]) -> None:
    index = min(max(int(state.get(state.PAGE, 0)), 0), len(pages) - 1)
    page = pages[index]
    st.progress((index + 1) / len(pages), text=f"Page {index + 1} of {len(pages)}")
    st.markdown(f"## {page.title}\n\n{page.section.intro_for(role)}")  # one block, not two
    for number, item in page.numbered():
        _radio(number, item.id, item_text(bank, item, role, relationship), page)
    message = state.get(state.MISSING)
    if message:
        st.warning(message, icon=":material/info:")
    label = "See my results" if index == len(pages) - 1 else "Next"
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        st.button("Back", key="q_back", on_click=_step, args=(index, len(pages), -1))
        st.button(label, type="primary", key="q_next", on_click=_step, args=(index, len(pages), +1))


goto = state.take(state.GOTO)
if goto:
    st.switch_page(goto)
if role is None or relationship is None:
    st.info("First, a couple of quick choices so the questions fit you.")
    if st.button("Go to About you", type="primary"):
        st.switch_page(ABOUT_PAGE)
else:
    _render(question_pages(bank, role))
    resume.place_controls()
