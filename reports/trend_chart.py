"""The on-screen trend chart (plotly): each score over time, one small panel per score.

Plain Python, no streamlit. Small multiples rather than one crowded panel: every panel has the
same fixed 0-100 axis, one line in the colour of its kind from the shared
:data:`reports.styles.PALETTE` (signs and willingness, as in the score chart), and two
columns so it still reads on a phone. Input is a history frame (one row per check-up, oldest
first, a ``created_at`` column and one column per score id), as ``Store.history_frame`` gives.
Dates are written by Babel in the locale's own words (plotly would name months in English):
the ticks as ``TICK_FORMAT`` at up to ``MAX_TICKS`` check-ups, the hover as the long date.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date
from plotly.subplots import make_subplots

from reports.content import load_content
from reports.styles import PALETTE, SCREEN_LAYOUT

__all__ = ["TrendSeries", "build_trend_figure"]

COLUMNS = 2
PANEL_PX = 150
GAP_PX = 58
MARGIN = {"l": 36, "r": 16, "t": 40, "b": 30}
AXIS_TICKS = (0, 50, 100)
MAX_TICKS = 4
TICK_FORMAT = "d MMM"  # CLDR pattern: 5 Jan


@dataclass(frozen=True)
class TrendSeries:
    """One panel: the score column ``id``, its title and its kind (``sign``/``willingness``)."""

    id: str
    name: str
    kind: str


def _values(history: pd.DataFrame, key: str) -> list[float | None]:
    if key not in history.columns:
        return [None] * len(history)
    return [None if pd.isna(v) else round(float(v), 1) for v in history[key]]


def _dates(history: pd.DataFrame, date_locale: str, pattern: str) -> list[str]:
    return [str(format_date(d, pattern, locale=date_locale)) for d in history["created_at"]]


def _ticks(history: pd.DataFrame, date_locale: str) -> dict[str, list[object]]:
    """Up to ``MAX_TICKS`` check-ups, first and last included, labelled in the locale."""
    count = len(history)
    picks = sorted({round(i * (count - 1) / (MAX_TICKS - 1)) for i in range(MAX_TICKS)})
    chosen = history.iloc[picks] if count else history
    return {
        "tickvals": list(chosen["created_at"]),
        "ticktext": _dates(chosen, date_locale, TICK_FORMAT),
    }


def _trace(history: pd.DataFrame, series: TrendSeries, hover: list[str]) -> go.Scatter:
    colour = PALETTE.get(series.kind, PALETTE["heading"])
    return go.Scatter(
        x=list(history["created_at"]),
        y=_values(history, series.id),
        mode="lines+markers",
        name=series.name,
        line={"color": colour, "width": 2},
        marker={"color": colour, "size": 7},
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
        **_ticks(history, date_locale),
        tickfont={"size": 10, "color": PALETTE["muted"]},
    )
    for index in empty:  # an odd count leaves one cell empty
        cell = {"row": index // COLUMNS + 1, "col": index % COLUMNS + 1}
        fig.update_xaxes(visible=False, **cell)
        fig.update_yaxes(visible=False, **cell)


def build_trend_figure(
    history: pd.DataFrame, series: Sequence[TrendSeries], *, locale: str = "en"
) -> go.Figure:
    """One panel per series, in order, each with a 0-100 y axis and dates on the x axis,
    written in ``locale`` (its :attr:`Content.date_locale`)."""
    if not series:
        raise ValueError("a trend chart needs at least one series")
    date_locale = load_content(locale).date_locale
    hover = _dates(history, date_locale, "long")
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
        fig.add_trace(_trace(history, entry, hover), **cell)
    _axes(fig, history, date_locale, range(len(series), rows * COLUMNS))
    fig.update_annotations(font={"size": 12, "color": PALETTE["heading"]})
    fig.update_layout(
        height=height,
        margin=MARGIN,
        **SCREEN_LAYOUT,
    )
    return fig
