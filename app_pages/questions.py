"""Questions: short pages by area, with progress, Back and Next; answers kept on the way back."""

from __future__ import annotations

import streamlit as st

from app_pages import frame, resume, state
from checkup.flow import (
    QuestionPage,
    by_slot,
    current_index,
    missing_message,
    question_pages,
    shown,
    turn_page,
)
from checkup.session import DOES_NOT_APPLY, with_answer
from questions import Item, item_text

PAGE_FILES = {"about": "app_pages/about.py", "results": "app_pages/results.py"}
words, bank, session = state.words(), state.bank(), state.current()
role, relationship = session.respondent.role, session.respondent.relationship


def _keep_answer(widget_key: str, item_id: str) -> None:
    state.apply(with_answer, item_id, st.session_state.get(widget_key))


def _radio(key: str, number: int, item: Item, text: str, page: QuestionPage) -> None:
    """One question in the widget of its place on the page (``key``), showing its saved
    answer or none (the widget may have shown another question before this page turn)."""
    scale, item_id = page.section.scale, item.id
    session = state.current()
    saved = session.given.get(item_id)
    points = (*scale.points, DOES_NOT_APPLY) if item.does_not_apply else scale.points
    labels = {**scale.labels, DOES_NOT_APPLY: bank.does_not_apply}
    state.show_value(key, saved if saved in points else None)
    label = words.text("app.questions.numbered", number=number, text=text)
    if item_id in session.missing:  # named by the warning below Next: marked here too
        label = words.text("app.questions.needs_answer", label=label)
    st.radio(
        label,
        points,
        index=None,  # the value comes from show_value (set before, never both)
        format_func=labels.__getitem__,
        horizontal=True,
        key=key,
        on_change=_keep_answer,
        args=(key, item_id),
    )


def _step(step: int) -> None:
    """on_click of Back and Next: move before the rerun, which then draws the new page."""
    assert role is not None
    state.apply(turn_page, question_pages(bank, role), bank, step)


def _missing(numbered: list[tuple[int, Item]]) -> str | None:
    named = [(n, item) for n, item in numbered if item.id in state.current().missing]
    if not named or role is None or relationship is None:
        return None
    return missing_message(named, bank, role, relationship, words)


def _render(pages: tuple[QuestionPage, ...]) -> None:
    index = current_index(state.current(), pages)
    page = pages[index]
    label = words.text("app.questions.progress", page=index + 1, pages=len(pages))
    st.progress((index + 1) / len(pages), text=label)
    st.markdown(f"# {page.title(words)}\n\n{page.section.intro_for(role or '')}")  # one block
    numbered = shown(pages, index, bank, state.current().given)
    for key, (number, item) in by_slot(numbered).items():
        _radio(key, number, item, item_text(bank, item, role or "", relationship), page)
    last = index == len(pages) - 1
    next_label = words.text("app.questions.see_results" if last else "app.questions.next")
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        st.button(words.text("app.questions.back"), key="q_back", on_click=_step, args=(-1,))
        st.button(next_label, type="primary", key="q_next", on_click=_step, args=(+1,))
    message = _missing(numbered)
    if message:  # right under Next, so Next stays where it was pressed
        st.warning(message, icon=":material/info:")


frame.follow_goto(PAGE_FILES)
if role is None or relationship is None:
    st.info(words.text("app.questions.choose_first"))
    if st.button(words.text("app.questions.to_about"), type="primary"):
        st.switch_page(PAGE_FILES["about"])
else:
    _render(question_pages(bank, role))
    resume.place_controls()
