"""Both partners' scores per area, on screen (plotly) and in the PDF (reportlab), one chart.

Two colours of the one palette (:data:`reports.styles.PALETTE`, Okabe-Ito blue and vermillion,
told apart by colour-blind readers), and never colour alone: the second partner's bars are
hatched on screen, every bar carries its number, and the legend (screen) or the short name
beside each number (PDF) says whose bar it is. Fixed 0-100 scale; area names above their
bars (on screen as annotations, so a phone's width goes to the bars).
"""

from __future__ import annotations

import plotly.graph_objects as go
from reportlab.graphics.shapes import Drawing, Rect, String

from reports.couple_plan import CouplePlan
from reports.fonts import FontSet
from reports.screen_chart import X_AXIS, ChartFigure, escape
from reports.styles import CHART, PALETTE, SCREEN_LAYOUT, colour
from reports.text import one_font

COLOURS = ("willingness", "sign")  # palette keys of the first and the second partner
PATTERNS = ("", "/")  # the second partner's bars are hatched (not colour alone)
ROW_PX = 80  # one area: its name above two bars (the names never squeeze the bars on a phone)
NAME_SHIFT_PX = 32  # the name's place above the middle of the area's two bars
MARGIN = {"l": 8, "r": 36, "t": 40, "b": 30}


def _trace(plan: CouplePlan, side: int) -> go.Bar:
    values = [(r.first, r.second)[side] for r in plan.rows]
    return go.Bar(
        name=escape((plan.first_name, plan.second_name)[side]),
        x=values,
        y=[escape(r.name) for r in plan.rows],
        orientation="h",
        marker={
            "color": PALETTE[COLOURS[side]],
            "pattern": {
                "shape": PATTERNS[side],
                "fillmode": "overlay",  # white hatching over the colour
                "fgcolor": "white",
                "solidity": 0.3,
            },
        },
        text=[f"{v:.0f}" for v in values],
        textposition="outside",
        textfont={"color": PALETTE["text"], "size": 13},
        cliponaxis=False,
        hoverinfo="skip",
    )


def _names(plan: CouplePlan) -> list[dict[str, object]]:
    """Each area's name above its bars, left-aligned at 0 (as the score chart does)."""
    return [
        {
            "x": 0,
            "y": escape(r.name),
            "yshift": NAME_SHIFT_PX,
            "xanchor": "left",
            "showarrow": False,
            "text": escape(r.name),
            "font": {"size": 13, "color": PALETTE["text"]},
        }
        for r in plan.rows
    ]


def couple_figure(plan: CouplePlan) -> ChartFigure:
    """The side-by-side chart of a plan's areas (first partner's bar above the second's)."""
    fig = ChartFigure()
    for side in (0, 1):
        fig.add_trace(_trace(plan, side))
    fig.update_xaxes(**X_AXIS)
    fig.update_yaxes(autorange="reversed", fixedrange=True, showticklabels=False)
    fig.update_layout(
        barmode="group",
        height=len(plan.rows) * ROW_PX + MARGIN["t"] + MARGIN["b"],
        margin=MARGIN,
        bargap=0.45,
        annotations=_names(plan),
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        **SCREEN_LAYOUT,
    )
    return fig.freeze()


def couple_drawing(plan: CouplePlan, fonts: FontSet, width: float) -> Drawing:
    """The same chart as vectors for the PDF: per area its name, then two labelled bars."""
    size, bar, gap = CHART["font_size"], CHART["bar_height"], 3.0
    row = size + 4 + 2 * bar + gap + 8
    label_width = CHART["value_width"] * 3
    scale = (width - label_width) / 100.0
    height = row * len(plan.rows) + 4
    drawing = Drawing(width, height)
    names = (plan.first_name, plan.second_name)
    for index, area in enumerate(plan.rows):
        top = height - index * row - size - 2
        font, name = one_font(area.name, fonts, bold=True)
        drawing.add(String(0, top, name, fontName=font, fontSize=size))
        for side, value in enumerate((area.first, area.second)):
            y = top - 4 - (side + 1) * bar - side * gap
            fill = colour(COLOURS[side])
            drawing.add(Rect(0, y, max(value * scale, 0.5), bar, fillColor=fill, strokeWidth=0))
            font, text = one_font(f"{value:.0f}  {names[side]}", fonts)
            drawing.add(String(value * scale + 3, y + 1.5, text, fontName=font, fontSize=size))
    return drawing
