"""Results: safety first when flagged, then composites, chart, meanings, steps and the PDF."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import streamlit as st

from app_pages import frame, practice_results, saving, state
from app_pages.store_access import attempt
from checkup.flow import first_incomplete, question_pages, score_text
from checkup.results import figure, pool_for, ready, scored
from checkup.session import at_page, going_to, with_results_open
from reports import Plan, build_pdf, neutral_filename
from reports.content import TextBlock
from reports.selection import DimensionRow
from scoring.result import Result

if TYPE_CHECKING:
    import pandas as pd

CHART_CONFIG = {"staticPlot": True, "displayModeBar": False, "responsive": True}
words = state.words()


def _block(block: TextBlock) -> None:
    with st.container(border=True):
        st.header(block.title, anchor=False)
        st.warning(block.paragraphs[0], icon=":material/favorite:")
        frame.paragraphs(block.paragraphs[1:])


def _composites(plan: Plan) -> None:
    st.header(words.text("app.results.composites"), anchor=False)
    for line, column in zip(plan.composites, st.columns(len(plan.composites)), strict=True):
        with column:
            st.metric(line.label, score_text(line.score, words), border=True)
            if line.band:
                band = line.band_label or line.band
                st.caption(words.text("app.results.in_band", band=band))
            st.markdown(line.text)


def _meaning_line(row: DimensionRow) -> str:
    if row.score is None:
        return words.text(
            "app.results.meaning_unscored", name=row.name, score=score_text(None, words)
        )
    band = row.band_label or row.band or ""
    line = words.text(
        "app.results.meaning_line",
        name=row.name,
        score=score_text(row.score, words),
        band=band,
        meaning=row.meaning,
    )
    return f"{line} {row.percentile_text}" if row.percentile_text else line


def _meanings(plan: Plan) -> None:
    parts = []  # one markdown block for the section: every element adds to each rerun
    for kind, label in plan.kinds:
        parts.append(f"**{label}**")
        parts.append("\n".join(f"- {_meaning_line(row)}" for row in plan.rows_of_kind(kind)))
    frame.section(words.text("app.results.meanings"), *parts)


def _steps(plan: Plan) -> None:
    if not plan.steps:
        return
    st.header(words.text("app.results.steps"), anchor=False)
    for card in plan.steps:
        with st.container(border=True):
            frame.paragraphs(
                [
                    f"**{card.title}**",
                    card.why,
                    words.text("app.results.try_this_week", text=card.try_this_week),
                    words.text("app.results.prompt", label=card.prompt_label, text=card.prompt),
                ]
            )


def _strengths(plan: Plan) -> None:
    if not plan.strengths:
        return
    lines = "\n".join(f"- **{s.dimension_name}**: {s.text}" for s in plan.strengths)
    frame.section(words.text("app.results.strengths"), lines)


def _download(result: Result) -> None:
    session, today = state.current(), datetime.date.today()
    alias, country = session.respondent.alias, session.respondent.country
    bank = state.bank().for_form("full")  # the report knows the whole bank
    frame.section(words.text("app.results.keep_copy"), words.text("app.results.keep_copy_note"))
    st.download_button(
        words.text("app.results.download_pdf"),
        data=lambda: build_pdf(
            result, bank, alias=alias, when=today, locale=bank.locale, country=country
        ),
        file_name=neutral_filename(today),
        mime="application/pdf",
        on_click="ignore",
        icon=":material/download:",
        key="download_pdf",
    )


def _back() -> None:
    state.apply(going_to, "questions")


def _crisis_alone(plan: Plan, result: Result) -> None:
    """Urgent answers: the crisis panel alone; the rest of the results one click away."""
    _block(plan.safety[0])
    practice_results.status(result)  # a client: whether the answers reached the practice
    st.button(words.text("app.results.show_rest"), key="show_rest", on_click=_open_rest)


def _open_rest() -> None:
    state.apply(with_results_open)


def _page(result: Result, plan: Plan) -> None:
    st.title(words.text("app.results.title"), anchor=False)
    practice_results.submit_once(result)  # a client's check-up goes to the practice, once
    if plan.form_note:
        st.caption(plan.form_note)
    if plan.opens_alone and not state.current().results_open:
        _crisis_alone(plan, result)
        return
    for block in plan.safety:  # the crisis text first of all when flagged
        _block(block)
    practice_results.status(result)  # a client: where the answers went (after safety)
    for note in plan.notes:
        st.info(note)
    alias = state.current().respondent.alias
    if alias:
        st.markdown(words.text("app.results.for", alias=frame.escape_markdown(alias)))
    _composites(plan)
    st.header(words.text("app.results.chart"), anchor=False)
    st.plotly_chart(figure(state.current(), plan), config=CHART_CONFIG, key="chart")
    if plan.bands_note:
        st.caption(plan.bands_note)
    _meanings(plan)
    _steps(plan)
    _strengths(plan)
    with st.container(border=True):
        frame.section(plan.support.title, *plan.support.paragraphs)
    if state.current().mode == "client":  # sent to the practice; nothing kept on the device
        st.caption(plan.disclaimer)
        return
    _download(result)
    saving.panel(result)
    st.caption(plan.disclaimer)
    with st.container(horizontal=True):
        st.button(words.text("app.results.back"), key="results_back", on_click=_back)
        st.button(words.text("app.new_checkup"), key="new_checkup", on_click=state.start_over)


def _not_ready() -> None:
    st.title(words.text("app.results.title"), anchor=False)
    st.info(words.text("app.results.not_ready"))
    st.button(
        words.text("app.results.to_questions"),
        type="primary",
        key="results_to_questions",
        on_click=_back,
    )


def _pooled() -> pd.DataFrame | None:
    """Everyone's unprotected answers to this bank version in this device's store (people as
    opaque ids), for percentiles; None when the store cannot be read."""
    outcome = attempt(lambda s: s.all_answers(state.bank().version))
    return outcome.value if outcome.ok else None


frame.follow_goto({"questions": "app_pages/questions.py", "about": "app_pages/about.py"})
bank, session = state.bank(), state.current()
if ready(session, bank):
    _page(*scored(session, bank, pool_for(session, bank, _pooled)))
else:
    role = session.respondent.role
    if role is not None:
        missing_page = first_incomplete(question_pages(bank, role), bank, session.given)
        state.apply(at_page, missing_page or 0)
    _not_ready()
