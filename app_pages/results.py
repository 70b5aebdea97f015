"""Results: safety first when flagged, then composites, chart, meanings, steps and the PDF."""

from __future__ import annotations

import datetime

import streamlit as st

from app_pages import frame, saving, state
from app_pages.flow import escape_markdown, first_incomplete, question_pages, score_text
from reports import Plan, build_pdf, neutral_filename
from reports.content import TextBlock
from reports.selection import KIND_LABELS, DimensionRow
from scoring.result import Result

CHART_CONFIG = {"staticPlot": True, "displayModeBar": False, "responsive": True}


def _block(block: TextBlock, *, urgent: bool) -> None:
    with st.container(border=True):
        st.subheader(block.title)
        if urgent:
            st.warning(block.paragraphs[0], icon=":material/favorite:")
            frame.paragraphs(block.paragraphs[1:])
        else:
            frame.paragraphs(block.paragraphs)


def _safety(plan: Plan) -> None:
    """The safety texts in the plan's order: the crisis text first of all when flagged."""
    for block in plan.safety:
        _block(block, urgent=True)


def _composites(plan: Plan) -> None:
    st.subheader("Your two overall scores")
    for line, column in zip(plan.composites, st.columns(len(plan.composites)), strict=True):
        with column:
            st.metric(line.label, score_text(line.score), border=True)
            if line.band:
                st.caption(f"That is in the {line.band} range.")
            st.markdown(line.text)


def _meaning_line(row: DimensionRow) -> str:
    detail = row.meaning if row.score is not None else "Not scored: too few answers."
    band = f", {row.band}" if row.band else ""
    return f"- **{row.name}** ({score_text(row.score)}{band}): {detail}"


def _meanings(plan: Plan) -> None:
    parts = []  # one markdown block for the section: every element adds to each rerun
    for kind in ("sign", "willingness"):
        parts.append(f"**{KIND_LABELS[kind]}**")
        parts.append("\n".join(_meaning_line(row) for row in plan.rows_of_kind(kind)))
    frame.section("What each score means", *parts)


def _steps(plan: Plan) -> None:
    if not plan.steps:
        return
    st.subheader("Small steps to try this week")
    for card in plan.steps:
        with st.container(border=True):
            frame.paragraphs(
                [
                    f"**{card.title}**",
                    card.why,
                    f"*Try this week:* {card.try_this_week}",
                    f"*{card.prompt_label}:* “{card.prompt}”",
                ]
            )


def _strengths(plan: Plan) -> None:
    if not plan.strengths:
        return
    lines = "\n".join(f"- **{s.dimension_name}**: {s.text}" for s in plan.strengths)
    frame.section("What is going well", lines)


def _download(result: Result) -> None:
    alias, today = state.get(state.ALIAS), datetime.date.today()
    bank = state.bank()
    frame.section(
        "Keep a copy",
        "The report is made only if you download it. The file name does not say what it is.",
    )
    st.download_button(
        "Download my report (PDF)",
        data=lambda: build_pdf(result, bank, alias=alias, when=today),
        file_name=neutral_filename(today),
        mime="application/pdf",
        on_click="ignore",
        icon=":material/download:",
        key="download_pdf",
    )


def _page(result: Result, plan: Plan) -> None:
    if plan.safety:
        _safety(plan)
    st.title("Your results")
    alias = state.get(state.ALIAS)
    if alias:
        st.markdown(f"For {escape_markdown(alias)}")
    _composites(plan)
    st.subheader("Your scores at a glance")
    st.plotly_chart(state.figure(plan), config=CHART_CONFIG, key="chart")
    _meanings(plan)
    _steps(plan)
    _strengths(plan)
    with st.container(border=True):
        frame.section(plan.support.title, *plan.support.paragraphs)
    _download(result)
    saving.panel(result)
    st.caption(plan.disclaimer)
    if st.button("Back to the questions", key="results_back"):
        st.switch_page("app_pages/questions.py")


def _not_ready() -> None:
    st.title("Your results")
    st.info("Your results appear here once every question is answered.")
    if st.button("Go to the questions", type="primary", key="results_to_questions"):
        st.switch_page("app_pages/questions.py")


role = state.get(state.ROLE)
pages = question_pages(state.bank(), role) if role else ()
missing_page = first_incomplete(pages, state.answers()) if role else 0
if not role or missing_page is not None:
    if missing_page is not None:
        state.put(state.PAGE, missing_page)
    _not_ready()
else:
    scored = state.scored()
    assert scored is not None
    _page(*scored)
