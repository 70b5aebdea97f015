"""The score chart as vectors (``reportlab.graphics``): horizontal bars on a fixed 0-100 axis,
signs and willingness in separate coloured groups, band regions shaded behind the bars.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import HexColor

from reports.fonts import FontSet
from reports.selection import KIND_LABELS, DimensionRow
from reports.styles import BAND_COLOURS, CHART, colour
from scoring.rules import load_rules

AXIS_TICKS = (0, 25, 50, 75, 100)
KIND_ORDER = ("sign", "willingness")


def _groups(rows: Sequence[DimensionRow]) -> list[tuple[str, list[DimensionRow]]]:
    groups = [(k, [r for r in rows if r.kind == k]) for k in KIND_ORDER]
    return [(k, g) for k, g in groups if g]


def _height(groups: list[tuple[str, list[DimensionRow]]]) -> float:
    rows = sum(len(g) for _, g in groups)
    per_group = CHART["header_height"] + CHART["group_gap"]
    return CHART["axis_height"] * 2 + rows * CHART["row_height"] + len(groups) * per_group


class _Canvas:
    """Coordinates of the plot area within a drawing."""

    def __init__(self, width: float, height: float) -> None:
        self.x0 = CHART["label_width"]
        self.x1 = width - CHART["value_width"]
        self.top = height - CHART["axis_height"]
        self.bottom = CHART["axis_height"]

    def x(self, value: float) -> float:
        return self.x0 + (self.x1 - self.x0) * max(0.0, min(100.0, value)) / 100.0


def _bands(d: Drawing, c: _Canvas, fonts: FontSet) -> None:
    rules = load_rules()
    edges = [*rules.band_starts[1:], 100.0]
    for name, start, end in zip(rules.band_names, rules.band_starts, edges, strict=True):
        fill = HexColor(BAND_COLOURS.get(name, BAND_COLOURS["low"]))
        d.add(
            Rect(
                c.x(start),
                c.bottom,
                c.x(end) - c.x(start),
                c.top - c.bottom,
                strokeColor=None,
                fillColor=fill,
            )
        )
        d.add(
            String(
                (c.x(start) + c.x(end)) / 2,
                c.top + 6,
                name,
                textAnchor="middle",
                fontName=fonts.body.name,
                fontSize=CHART["band_label_size"],
                fillColor=colour("muted"),
            )
        )


def _axis(d: Drawing, c: _Canvas, fonts: FontSet) -> None:
    d.add(Line(c.x0, c.bottom, c.x1, c.bottom, strokeColor=colour("muted"), strokeWidth=0.6))
    for tick in AXIS_TICKS:
        d.add(Line(c.x(tick), c.bottom, c.x(tick), c.bottom - 3, strokeColor=colour("muted")))
        d.add(
            String(
                c.x(tick),
                c.bottom - 12,
                str(tick),
                textAnchor="middle",
                fontName=fonts.body.name,
                fontSize=CHART["font_size"],
                fillColor=colour("muted"),
            )
        )
    d.add(
        String(
            (c.x0 + c.x1) / 2,
            c.bottom - 22,
            "Score (0-100)",
            textAnchor="middle",
            fontName=fonts.body.name,
            fontSize=CHART["font_size"],
            fillColor=colour("muted"),
        )
    )


def _row(d: Drawing, c: _Canvas, y: float, row: DimensionRow, fonts: FontSet) -> None:
    size, bar = CHART["font_size"], CHART["bar_height"]
    mid = y - CHART["row_height"] / 2
    d.add(
        String(
            c.x0 - 5,
            mid - size / 3,
            row.name,
            textAnchor="end",
            fontName=fonts.body.name,
            fontSize=size,
            fillColor=colour("text"),
        )
    )
    if row.score is None:
        d.add(
            String(
                c.x0 + 4,
                mid - size / 3,
                "not scored (too few answers)",
                fontName=fonts.body.name,
                fontSize=size,
                fillColor=colour("unscored"),
            )
        )
        return
    d.add(
        Rect(
            c.x0,
            mid - bar / 2,
            c.x(row.score) - c.x0,
            bar,
            strokeColor=None,
            fillColor=colour(row.kind),
        )
    )
    d.add(
        String(
            c.x1 + 4,
            mid - size / 3,
            f"{row.score:.0f}",
            fontName=fonts.bold.name,
            fontSize=size,
            fillColor=colour(row.kind),
        )
    )


def score_chart(rows: Sequence[DimensionRow], fonts: FontSet, width: float) -> Drawing:
    """A drawing of every scored (or unscored) dimension, grouped by kind, on a 0-100 axis."""
    groups = _groups(rows)
    height = _height(groups)
    d = Drawing(width, height)
    c = _Canvas(width, height)
    _bands(d, c, fonts)
    y = c.top
    for kind, group in groups:
        y -= CHART["group_gap"] / 2
        d.add(Rect(0, y - 10, 8, 8, strokeColor=None, fillColor=colour(kind)))
        d.add(
            String(
                12,
                y - 9,
                KIND_LABELS[kind],
                fontName=fonts.bold.name,
                fontSize=CHART["font_size"] + 1,
                fillColor=colour(kind),
            )
        )
        y -= CHART["header_height"]
        for row in group:
            _row(d, c, y, row, fonts)
            y -= CHART["row_height"]
        y -= CHART["group_gap"] / 2
    _axis(d, c, fonts)
    return d
