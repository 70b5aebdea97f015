"""The score chart as vectors (``reportlab.graphics``): horizontal bars on a fixed 0-100 axis,
signs and willingness in separate coloured groups, band regions shaded behind the bars.

Bars of one kind are one Path and the axis with its ticks another: fewer nodes to render.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from reportlab import rl_config
from reportlab.graphics.shapes import Drawing, Path, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.chart_groups import band_regions, kind_groups
from reports.content import Content
from reports.fonts import FontSet
from reports.ids import kind_word_id
from reports.selection import DimensionRow
from reports.styles import BAND_COLOURS, CHART, colour
from reports.text import one_font

AXIS_TICKS = (0, 25, 50, 75, 100)


def _height(groups: list[tuple[str, list[DimensionRow]]]) -> float:
    rows = sum(len(g) for _, g in groups)
    per_group = CHART["header_height"] + CHART["group_gap"]
    return CHART["axis_height"] * 2 + rows * CHART["row_height"] + len(groups) * per_group


class _Plot:
    """A drawing being built: plot-area coordinates and a text helper."""

    def __init__(self, width: float, height: float, fonts: FontSet, content: Content) -> None:
        self.d = Drawing(width, height)
        self.fonts, self.content = fonts, content
        self.x0 = CHART["label_width"]
        self.x1 = width - CHART["value_width"]
        self.top = height - CHART["axis_height"]
        self.bottom = CHART["axis_height"]

    def x(self, value: float) -> float:
        return self.x0 + (self.x1 - self.x0) * max(0.0, min(100.0, value)) / 100.0

    def fitted(self, text: str, width: float, size: float) -> float:
        """``size``, or smaller (not below ``CHART["min_font_size"]``) so ``text`` fits
        ``width``: a long name in another language never runs into the bars."""
        font, drawn = one_font(text, self.fonts)
        wide = stringWidth(drawn, font, size)
        return size if wide <= width else max(CHART["min_font_size"], size * width / wide)

    def text(self, x: float, y: float, text: str, *, bold: bool = False, **style: Any) -> None:
        """A label in one font that has its characters (:func:`reports.text.one_font`)."""
        style["fontName"], drawn = one_font(text, self.fonts, bold=bold)
        style.setdefault("fontSize", CHART["font_size"])
        style.setdefault("fillColor", colour("muted"))
        self.d.add(String(x, y, drawn, **style))


def _bands(p: _Plot) -> None:
    for band in band_regions(p.content):
        fill = HexColor(BAND_COLOURS.get(band.name, BAND_COLOURS["low"]))
        left, right = p.x(band.start), p.x(band.end)
        p.d.add(
            Rect(left, p.bottom, right - left, p.top - p.bottom, strokeColor=None, fillColor=fill)
        )
        p.text(
            (left + right) / 2,
            p.top + 6,
            band.label,
            textAnchor="middle",
            fontSize=CHART["band_label_size"],
        )


def _axis(p: _Plot) -> None:
    path = Path(strokeColor=colour("muted"), strokeWidth=0.6, fillColor=None)
    path.moveTo(p.x0, p.bottom)
    path.lineTo(p.x1, p.bottom)
    for tick in AXIS_TICKS:
        path.moveTo(p.x(tick), p.bottom)
        path.lineTo(p.x(tick), p.bottom - 3)
        p.text(p.x(tick), p.bottom - 12, str(tick), textAnchor="middle")
    p.d.add(path)
    axis_title = p.content.text("report.chart.axis")
    p.text((p.x0 + p.x1) / 2, p.bottom - 22, axis_title, textAnchor="middle")


def _bar(path: Path, p: _Plot, mid: float, score: float) -> None:
    half = CHART["bar_height"] / 2
    path.moveTo(p.x0, mid - half)
    path.lineTo(p.x(score), mid - half)
    path.lineTo(p.x(score), mid + half)
    path.lineTo(p.x0, mid + half)
    path.closePath()


def _row(p: _Plot, y: float, kind: str, row: DimensionRow, bars: Path) -> None:
    """One dimension's name, bar (added to ``bars``) and score, in the row below ``y``."""
    size = CHART["font_size"]
    mid = y - CHART["row_height"] / 2
    baseline = mid - size / 3
    name_size = p.fitted(row.name, p.x0 - 5, size)
    style = {"textAnchor": "end", "fillColor": colour("text"), "fontSize": name_size}
    p.text(p.x0 - 5, baseline, row.name, **style)
    if row.score is None:
        unscored = p.content.text("report.chart.unscored")
        p.text(p.x0 + 4, baseline, unscored, fillColor=colour("unscored"))
        return
    _bar(bars, p, mid, row.score)
    p.text(p.x1 + 4, baseline, f"{row.score:.0f}", bold=True, fillColor=colour(kind))


def _group(p: _Plot, y: float, kind: str, rows: list[DimensionRow]) -> float:
    """Draw one kind's heading and bars from ``y`` down; return the y below them."""
    p.d.add(Rect(0, y - 10, 8, 8, strokeColor=None, fillColor=colour(kind)))
    label = p.content.text(kind_word_id(kind))
    p.text(12, y - 9, label, bold=True, fontSize=CHART["font_size"] + 1, fillColor=colour(kind))
    y -= CHART["header_height"]
    bars = Path(fillColor=colour(kind), strokeColor=None)
    for row in rows:
        _row(p, y, kind, row, bars)
        y -= CHART["row_height"]
    p.d.add(bars)
    return y


@contextmanager
def _unchecked_shapes() -> Iterator[None]:
    """Skip reportlab's per-attribute shape validation while building (the chart's
    attributes are fixed by this module and covered by tests); restored afterwards."""
    old = rl_config.shapeChecking
    rl_config.shapeChecking = 0
    try:
        yield
    finally:
        rl_config.shapeChecking = old


def score_chart(
    rows: Sequence[DimensionRow], fonts: FontSet, width: float, content: Content
) -> Drawing:
    """A drawing of every scored (or unscored) dimension, grouped by kind, on a 0-100 axis,
    its words from ``content``."""
    groups = kind_groups(rows)
    with _unchecked_shapes():
        p = _Plot(width, _height(groups), fonts, content)
        _bands(p)
        y = p.top
        for kind, group in groups:
            y = _group(p, y - CHART["group_gap"] / 2, kind, group) - CHART["group_gap"] / 2
        _axis(p)
    return p.d
