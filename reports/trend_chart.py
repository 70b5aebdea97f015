"""The on-screen trend chart (plotly): each score over time, one small panel per score.

Plain Python, no streamlit. Small multiples rather than one crowded panel: every panel has the
same fixed 0-100 axis, one line in the colour of its kind from the shared
:data:`reports.styles.PALETTE` (signs and willingness, as in the score chart), and two
columns so it still reads on a phone. Input is a history frame (one row per check-up, oldest
first, a ``created_at`` column and one column per score id), as ``Store.history_frame`` gives.
The x axis is the check-up's place in the series (0, 1, 2 ...), so every point sits on its
own tick even when two check-ups fall on one day; the ticks are labelled with the dates, in
the locale's own words by Babel (plotly would name months in English), with the time added
where a day has more than one check-up, at up to ``MAX_TICKS`` check-ups. The hover shows
the long date.

:class:`TrendMarks` (words from the caller's catalogue) marks what makes two points less
comparable, when the history has ``form`` and ``bank_version`` columns: a quick check-in
(pulse form, fewer questions) is drawn as a hollow diamond and named in the hover, and a
dashed line on every panel stands where the bank's version changed between two check-ups.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date, format_datetime
from plotly.subplots import make_subplots

from reports.content import load_content
from reports.styles import PALETTE, SCREEN_LAYOUT

__all__ = ["TrendMarks", "TrendSeries", "bank_changes", "build_trend_figure"]

COLUMNS = 2
PANEL_PX = 150
GAP_PX = 58
MARGIN = {"l": 36, "r": 16, "t": 40, "b": 30}
AXIS_TICKS = (0, 50, 100)
MAX_TICKS = 6
TICK_FORMAT = "d MMM"  # CLDR pattern: 5 Jan
SAME_DAY_FORMAT = "d MMM, HH:mm"  # where a day has two check-ups


@dataclass(frozen=True)
class TrendSeries:
    """One panel: the score column ``id``, its title and its kind (``sign``/``willingness``)."""

    id: str
    name: str
    kind: str


@dataclass(frozen=True)
class TrendMarks:
    """The words of the marks: a quick check-in and a full one (hover), and the label of the
    line where the questions changed."""

    pulse: str
    full: str
    bank_changed: str


PULSE_FORM = "pulse"
MARKER = {"full": "circle", PULSE_FORM: "diamond-open"}


def bank_changes(history: pd.DataFrame) -> list[int]:
    """Positions of the check-ups answered under another bank version than the one before."""
    if "bank_version" not in history.columns:
        return []
    versions = [None if pd.isna(v) or not v else str(v) for v in history["bank_version"]]
    return [
        i
        for i in range(1, len(versions))
        if versions[i] and versions[i - 1] and versions[i] != versions[i - 1]
    ]


def _forms(history: pd.DataFrame) -> list[str]:
    if "form" not in history.columns:
        return ["full"] * len(history)
    return [PULSE_FORM if form == PULSE_FORM else "full" for form in history["form"]]


def _hover(history: pd.DataFrame, dates: list[str], marks: TrendMarks | None) -> list[str]:
    """The long date, and the kind of check-up when marks are asked for."""
    if marks is None:
        return dates
    names = {PULSE_FORM: marks.pulse, "full": marks.full}
    return [f"{d} ({names[f]})" for d, f in zip(dates, _forms(history), strict=True)]


def _values(history: pd.DataFrame, key: str) -> list[float | None]:
    if key not in history.columns:
        return [None] * len(history)
    return [None if pd.isna(v) else round(float(v), 1) for v in history[key]]


def _dates(history: pd.DataFrame, date_locale: str, pattern: str) -> list[str]:
    return [str(format_date(d, pattern, locale=date_locale)) for d in history["created_at"]]


def tick_labels(history: pd.DataFrame, date_locale: str) -> list[str]:
    """Each check-up's date in words; with the time where its day has another check-up."""
    days = [pd.Timestamp(d).date() for d in history["created_at"]]
    shared = {day for day in days if days.count(day) > 1}
    return [
        str(
            format_datetime(
                when, SAME_DAY_FORMAT if day in shared else TICK_FORMAT, locale=date_locale
            )
        )
        for when, day in zip(history["created_at"], days, strict=True)
    ]


def _ticks(history: pd.DataFrame, date_locale: str) -> dict[str, list[int] | list[str]]:
    """Up to ``MAX_TICKS`` check-ups, first and last included, each tick on its point."""
    count = len(history)
    picks = sorted({round(i * (count - 1) / (MAX_TICKS - 1)) for i in range(MAX_TICKS)})
    labels = tick_labels(history, date_locale)
    chosen = [i for i in picks if 0 <= i < count]
    return {"tickvals": list(chosen), "ticktext": [labels[i] for i in chosen]}


def _trace(
    history: pd.DataFrame, series: TrendSeries, hover: list[str], marked: bool
) -> go.Scatter:
    colour = PALETTE.get(series.kind, PALETTE["heading"])
    symbols = [MARKER[form] for form in _forms(history)] if marked else "circle"
    return go.Scatter(
        x=list(range(len(history))),
        y=_values(history, series.id),
        mode="lines+markers",
        name=series.name,
        line={"color": colour, "width": 2},
        marker={"color": colour, "size": 7, "symbol": symbols, "line": {"width": 2}},
        connectgaps=False,
        cliponaxis=False,  # markers at 0 and 100 stay whole
        showlegend=False,
        customdata=hover,
        hovertemplate="%{customdata}: %{y:.0f}<extra></extra>",
    )


def _axes(fig: go.Figure, history: pd.DataFrame, date_locale: str, empty: range) -> None:
    """Fixed 0-100 y axes, dates in the locale on the x axes; ``empty`` cells hidden."""
    fig.update_yaxes(
        range=[0, 100],
        fixedrange=True,
        tickvals=AXIS_TICKS,
        gridcolor=PALETTE["band_moderate"],
        zeroline=False,
        tickfont={"size": 10, "color": PALETTE["muted"]},
    )
    fig.update_xaxes(
        fixedrange=True,
        showgrid=False,
        range=[-0.3, max(len(history) - 0.7, 0.3)],
        **_ticks(history, date_locale),
        tickfont={"size": 10, "color": PALETTE["muted"]},
    )
    for index in empty:  # an odd count leaves one cell empty
        cell = {"row": index // COLUMNS + 1, "col": index % COLUMNS + 1}
        fig.update_xaxes(visible=False, **cell)
        fig.update_yaxes(visible=False, **cell)


def _bank_lines(fig: go.Figure, history: pd.DataFrame, marks: TrendMarks) -> None:
    """A dashed line between the check-ups where the questions changed; labelled once."""
    for number, index in enumerate(bank_changes(history)):
        fig.add_vline(
            x=index - 0.5,
            line={"color": PALETTE["muted"], "dash": "dash", "width": 1},
            row="all",
            col="all",
        )
        if number == 0:  # one label, on the first panel: the lines say the rest
            fig.add_annotation(
                x=index - 0.5,
                y=100,
                xref="x",
                yref="y",
                text=marks.bank_changed,
                showarrow=False,
                xanchor="left",
                yanchor="top",
                font={"size": 10, "color": PALETTE["muted"]},
            )


def build_trend_figure(
    history: pd.DataFrame,
    series: Sequence[TrendSeries],
    *,
    locale: str = "en",
    marks: TrendMarks | None = None,
) -> go.Figure:
    """One panel per series, in order, each with a 0-100 y axis and dates on the x axis,
    written in ``locale`` (its :attr:`Content.date_locale`); with ``marks``, quick
    check-ins and bank changes marked (see :class:`TrendMarks`)."""
    if not series:
        raise ValueError("a trend chart needs at least one series")
    date_locale = load_content(locale).date_locale
    hover = _hover(history, _dates(history, date_locale, "long"), marks)
    rows = math.ceil(len(series) / COLUMNS)
    height = rows * (PANEL_PX + GAP_PX) + MARGIN["t"] + MARGIN["b"]
    fig = make_subplots(
        rows=rows,
        cols=COLUMNS,
        subplot_titles=[s.name for s in series],
        vertical_spacing=GAP_PX / height if rows > 1 else 0.0,
        horizontal_spacing=0.1,
    )
    for index, entry in enumerate(series):
        cell = {"row": index // COLUMNS + 1, "col": index % COLUMNS + 1}
        fig.add_trace(_trace(history, entry, hover, marks is not None), **cell)
    _axes(fig, history, date_locale, range(len(series), rows * COLUMNS))
    fig.update_annotations(font={"size": 12, "color": PALETTE["heading"]})
    if marks is not None:
        _bank_lines(fig, history, marks)
    fig.update_layout(
        height=height,
        margin=MARGIN,
        **SCREEN_LAYOUT,
    )
    return fig
