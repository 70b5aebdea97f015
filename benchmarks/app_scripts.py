"""Small Streamlit scripts the app benchmark measures against (floors) or with (a page-size curve).

Each is written to a temporary folder and served by its own ``streamlit run`` process, driven by
the same clicks as the app (``benchmarks/app_browser.py``): a button with the app's stable key
``q_next``, pages labelled "Page n of N", radios in element containers keyed ``q_*``.
"""

from __future__ import annotations

from pathlib import Path

# The question-page floor: one radio and a Next-like button; the click shows the next page.
ONE_RADIO = '''import streamlit as st

PAGES = {pages}
page = st.session_state.setdefault("page", 1)


def _next() -> None:
    st.session_state.page += 1


if page <= PAGES:
    st.radio(f"Page {{page}} of {{PAGES}} · How are you?", [1, 2, 3, 4, 5], index=None,
             key=f"q_floor_{{page}}")
    st.button("Next", key="q_next", on_click=_next)
else:
    st.write("Done")
'''

# The results floor: the click shows a title and one small plotly chart.
ONE_CHART = '''import plotly.graph_objects as go
import streamlit as st

st.markdown("Press the button to see a chart.")
if st.button("See my results", key="q_next", type="primary"):
    st.title("Your results")
    st.plotly_chart(go.Figure(go.Bar(x=[40, 60, 75], y=["a", "b", "c"], orientation="h")),
                    key="chart")
'''

# A page like the app's question pages with ``per_page`` questions: progress label, title and
# introduction in one block, five-point questions (horizontal radios, as the app has, or
# another widget) keyed by their place on the page, each given its own question's answer (or
# none) at a page turn, whose on_change copies the answer into the session (as the app does),
# Back and Next in one horizontal container.
QUESTION_PAGE = '''import streamlit as st

PER_PAGE, PAGES = {per_page}, {pages}
LABELS = {{1: "Not at all true", 2: "A little true", 3: "Somewhat true", 4: "Mostly true",
          5: "Completely true"}}
page = st.session_state.setdefault("page", 1)
answers = st.session_state.setdefault("answers", {{}})


def _copy(key: str, item: str) -> None:
    answers[item] = st.session_state[key]


def _move(step: int) -> None:
    st.session_state.page += step
    now = st.session_state.page
    for number in range(1, PER_PAGE + 1):
        st.session_state[f"q_slot{{number}}"] = answers.get(f"p{{now}}_{{number}}")


if page <= PAGES:
    st.progress(page / PAGES, text=f"Page {{page}} of {{PAGES}}")
    st.markdown(f"## Section {{page}}\\n\\nHow true is each statement for you right now?")
    for number in range(1, PER_PAGE + 1):
        key, item = f"q_slot{{number}}", f"p{{page}}_{{number}}"
        {widget}(f"{{number}} · In the past month, I felt sure of where I stand in this "
                 f"relationship (statement {{page}}.{{number}}).", list(LABELS), {selection},
                 format_func=LABELS.__getitem__, key=key, on_change=_copy, args=(key, item))
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        st.button("Back", key="q_back", on_click=_move, args=(-1,))
        st.button("Next", type="primary", key="q_next", on_click=_move, args=(1,))
else:
    st.write("Done")
'''


def write(folder: Path, name: str, text: str) -> str:
    """Write one script into ``folder`` and return its path as ``streamlit run`` takes it."""
    path = folder / f"{name}.py"
    path.write_text(text)
    return str(path)


def one_radio(folder: Path, pages: int) -> str:
    """The question-page floor with ``pages`` pages."""
    return write(folder, "floor_one_radio", ONE_RADIO.format(pages=pages))


def one_chart(folder: Path) -> str:
    """The results floor."""
    return write(folder, "floor_one_chart", ONE_CHART)


# The widget for a question and how it starts with nothing chosen.
WIDGETS = {
    "radio": ("st.radio", "index=None, horizontal=True"),
    "segmented_control": ("st.segmented_control", "default=None"),
}


def question_page(folder: Path, per_page: int, pages: int, widget: str = "radio") -> str:
    """A synthetic questionnaire of ``pages`` pages of ``per_page`` questions each."""
    call, selection = WIDGETS[widget]
    text = QUESTION_PAGE.format(per_page=per_page, pages=pages, widget=call, selection=selection)
    return write(folder, f"questions_{per_page}_{widget}", text)
