"""The on-screen score chart (plotly): one panel per dimension kind (signs, willingness, trust ...).

Plain Python, no streamlit. Horizontal bars on a fixed 0-100 axis, band regions shaded behind
them, colours from the shared :data:`reports.styles.PALETTE` (the PDF chart uses the same).
Names sit above their bars rather than beside them, so the bars keep the full width on a
390-pixel phone screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape as _html
from typing import Any, cast

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from reports.chart_groups import BandRegion, band_regions, kind_groups
from reports.content import Content, load_content
from reports.ids import kind_word_id
from reports.selection import DimensionRow
from reports.styles import BAND_COLOURS, PALETTE, SCREEN_LAYOUT

ROW_PX = 52
PANEL_HEAD_PX = 62
MARGIN = {"l": 8, "r": 30, "t": 12, "b": 30}
AXIS_TICKS = (0, 25, 50, 75, 100)
X_AXIS: Mapping[str, object] = {
    "range": [0, 100],
    "fixedrange": True,
    "tickvals": AXIS_TICKS,
    "showgrid": False,
    "zeroline": False,
    "tickfont": {"size": 11, "color": PALETTE["muted"]},
}


def escape(text: str) -> str:
    """Words as plotly's text markup (its tags are HTML-like): ``<`` and ``&`` print as typed."""
    return _html(text, quote=False)


def panel_title(kind: str, content: Content | None = None) -> str:
    """A two-line panel title: "Signs of strain" over "higher means more strain"."""
    words = content or load_content()
    head, note = (escape(words.text(kind_word_id(kind, w))) for w in ("title", "note"))
    return f"<b>{head}</b><br><span style='font-size:12px'>{note}</span>"


def _bar(kind: str, rows: list[DimensionRow]) -> go.Bar:
    scores = [r.score if r.score is not None else 0.0 for r in rows]
    return go.Bar(
        x=scores,
        y=[r.name for r in rows],
        orientation="h",
        width=0.36,
        marker={"color": PALETTE[kind]},
        text=[f"{round(r.score)}" if r.score is not None else "" for r in rows],
        textposition="outside",
        textfont={"color": PALETTE["text"], "size": 13},
        cliponaxis=False,
        hoverinfo="skip",
        showlegend=False,
    )


def _row_label(row: DimensionRow, content: Content) -> str:
    if row.score is not None:
        return escape(row.name)
    return escape(content.text("report.chart.name_unscored", name=row.name))


def _row_labels(rows: list[DimensionRow], axis: str, content: Content) -> list[dict[str, Any]]:
    return [
        {
            "x": 0,
            "y": r.name,
            "xref": f"x{axis}",
            "yref": f"y{axis}",
            "yshift": 20,
            "xanchor": "left",
            "showarrow": False,
            "align": "left",
            "text": _row_label(r, content),
            "font": {
                "size": 13,
                "color": PALETTE["text"] if r.score is not None else PALETTE["unscored"],
            },
        }
        for r in rows
    ]


def _band_decor(band: BandRegion, axis: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A band's shaded region behind the bars and its name above the panel."""
    shape = {
        "type": "rect",
        "xref": f"x{axis}",
        "yref": f"y{axis} domain",
        "x0": band.start,
        "x1": band.end,
        "y0": 0,
        "y1": 1,
        "fillcolor": BAND_COLOURS.get(band.name, PALETTE["band_low"]),
        "line": {"width": 0},
        "layer": "below",
    }
    note = {
        "x": (band.start + band.end) / 2,
        "y": 1,
        "xref": f"x{axis}",
        "yref": f"y{axis} domain",
        "yanchor": "bottom",
        "showarrow": False,
        "text": escape(band.label),
        "font": {"size": 11, "color": PALETTE["muted"]},
    }
    return shape, note


def _panel_decor(
    kind: str, axis: str, content: Content, bands: list[BandRegion]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The bands of one panel, then its two-line title."""
    decor = [_band_decor(band, axis) for band in bands]
    title = {
        "x": 0,
        "y": 1,
        "xref": f"x{axis} domain",
        "yref": f"y{axis} domain",
        "yshift": 18,
        "xanchor": "left",
        "yanchor": "bottom",
        "align": "left",
        "showarrow": False,
        "text": panel_title(kind, content),
        "font": {"size": 14, "color": PALETTE["heading"]},
    }
    return [shape for shape, _ in decor], [note for _, note in decor] + [title]


class ChartFigure(go.Figure):  # type: ignore[misc]  # plotly ships no type hints
    """A figure that can keep its dict form once it is finished.

    ``st.plotly_chart`` turns a figure into a dict with ``to_dict()`` (a deep walk and copy of
    every property) on every rerun of the page. After :meth:`freeze` that dict is made once
    and handed out again; the figure must not be changed afterwards.
    """

    _frozen: dict[str, Any] | None = None

    def freeze(self) -> ChartFigure:
        """Keep the dict form of the finished figure; later ``to_dict()`` calls return it."""
        self._frozen = super().to_dict()
        return self

    def to_dict(self) -> dict[str, Any]:
        """The figure as a dict (the kept one once frozen)."""
        return self._frozen if self._frozen is not None else super().to_dict()


def build_figure(rows: Sequence[DimensionRow], *, locale: str = "en") -> ChartFigure:
    """The score chart for a plan's dimension rows (signs panel above willingness panel),
    its words in ``locale`` (the plan's: ``Plan.locale``)."""
    content = load_content(locale)
    bands = band_regions(content)
    groups = kind_groups(rows)
    counts = [max(1, len(g)) for _, g in groups]
    plot_px = sum(counts) * ROW_PX
    height = plot_px + PANEL_HEAD_PX * len(groups) + MARGIN["t"] + MARGIN["b"] * len(groups)
    spacing = (PANEL_HEAD_PX + MARGIN["b"]) / height if len(groups) > 1 else 0.0
    fig = make_subplots(
        rows=len(groups),
        cols=1,
        row_heights=[c / sum(counts) for c in counts],
        vertical_spacing=spacing,
        figure=ChartFigure(),
    )
    shapes, notes = [], []
    for index, (kind, group) in enumerate(groups, start=1):
        axis = "" if index == 1 else str(index)
        fig.add_trace(_bar(kind, group), row=index, col=1)
        panel_shapes, panel_notes = _panel_decor(kind, axis, content, bands)
        shapes += panel_shapes
        notes += panel_notes + _row_labels(group, axis, content)
    fig.update_xaxes(**X_AXIS)
    fig.update_yaxes(autorange="reversed", fixedrange=True, showticklabels=False, showgrid=False)
    fig.update_layout(
        height=height,
        margin={**MARGIN, "t": MARGIN["t"] + PANEL_HEAD_PX},
        bargap=0.5,
        shapes=shapes,
        annotations=notes,
        **SCREEN_LAYOUT,
    )
    return cast(ChartFigure, fig)
