"""The clinician report's trend chart as vectors (``reportlab.graphics``): one small panel per
score, every panel on the same fixed 0-100 axis, the check-ups in order along it.

The PDF twin of the screen's :mod:`reports.trend_chart` (plotly): the same small multiples,
axis ticks, kind colours (:data:`reports.styles.PALETTE`) and date ticks in the locale's
words (:func:`reports.trend_chart.tick_labels`); drawn without a browser (milliseconds).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import pandas as pd
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.chart import _unchecked_shapes
from reports.fonts import FontSet
from reports.styles import PALETTE, colour
from reports.text import one_font
from reports.trend_chart import AXIS_TICKS, TrendSeries, tick_labels

PANEL_HEIGHT = 64.0  # plot area of one panel, points
TITLE_HEIGHT = 14.0
TICKS_HEIGHT = 12.0
GAP = 10.0
AXIS_LABEL = 12.0  # room left of the plot for 0 / 50 / 100
FONT_SIZE = 6.5
TITLE_SIZE = 7.5
MIN_SIZE = 5.0


class _Panels:
    """A drawing of panels in a grid, each with its own plot area."""

    def __init__(self, width: float, count: int, columns: int, fonts: FontSet) -> None:
        self.columns = max(1, min(columns, count))
        self.rows = math.ceil(count / self.columns)
        self.cell_w = (width - GAP * (self.columns - 1)) / self.columns
        self.cell_h = TITLE_HEIGHT + PANEL_HEIGHT + TICKS_HEIGHT + GAP
        self.d = Drawing(width, self.rows * self.cell_h)
        self.fonts = fonts

    def origin(self, index: int) -> tuple[float, float]:
        """Bottom-left corner of panel ``index``'s plot area."""
        row, col = divmod(index, self.columns)
        x = col * (self.cell_w + GAP) + AXIS_LABEL
        y = self.d.height - row * self.cell_h - TITLE_HEIGHT - PANEL_HEIGHT
        return x, y

    def text(self, x: float, y: float, text: str, size: float, **style: object) -> None:
        """A label in one font that has its characters, shrunk to ``style['width']``."""
        from reportlab.graphics.shapes import String

        font, drawn = one_font(text, self.fonts)
        width = float(style.pop("width", 1e6))  # type: ignore[arg-type]
        wide = stringWidth(drawn, font, size)
        if wide > width:
            size = max(MIN_SIZE, size * width / wide)
        style.setdefault("fillColor", colour("muted"))
        self.d.add(String(x, y, drawn, fontName=font, fontSize=size, **style))


def _frame(p: _Panels, x: float, y: float, plot_w: float) -> None:
    """The panel's background and its 0 / 50 / 100 grid lines with labels."""
    p.d.add(Rect(x, y, plot_w, PANEL_HEIGHT, fillColor=colour("card"), strokeColor=None))
    for tick in AXIS_TICKS:
        at = y + PANEL_HEIGHT * tick / 100
        p.d.add(Line(x, at, x + plot_w, at, strokeColor=colour("rule"), strokeWidth=0.4))
        p.text(x - 2, at - 2, str(tick), FONT_SIZE - 1, textAnchor="end")


def _line(
    p: _Panels,
    x: float,
    y: float,
    plot_w: float,
    series: TrendSeries,
    values: Sequence[float | None],
) -> None:
    """The scores as a line broken where a check-up has none, with a dot on each."""
    count = len(values)
    step = plot_w / count
    ink = colour(series.kind) if series.kind in PALETTE else colour("heading")
    run: list[float] = []
    for index, value in enumerate([*values, None]):
        if value is None:
            if len(run) > 2:
                p.d.add(PolyLine(run, strokeColor=ink, strokeWidth=1.2))
            run = []
            continue
        px, py = x + step * (index + 0.5), y + PANEL_HEIGHT * max(0.0, min(100.0, value)) / 100
        run += [px, py]
        p.d.add(Circle(px, py, 1.8, fillColor=ink, strokeColor=None))


def _ticks(p: _Panels, x: float, y: float, plot_w: float, labels: Sequence[str]) -> None:
    """The first and the last check-up's date under the panel (all when two fit)."""
    step = plot_w / len(labels)
    shown = range(len(labels)) if len(labels) <= 2 else (0, len(labels) - 1)
    for index in shown:
        anchor = "start" if index == 0 and len(labels) > 1 else "end" if index else "middle"
        at = x + step * (index + 0.5) if anchor == "middle" else x if index == 0 else x + plot_w
        p.text(at, y - 8, labels[index], FONT_SIZE, textAnchor=anchor, width=plot_w / 2)


def trend_drawing(
    series: Sequence[TrendSeries],
    values: Sequence[Sequence[float | None]],
    dates: Sequence[dt.datetime],
    fonts: FontSet,
    *,
    width: float,
    columns: int,
    date_locale: str,
) -> Drawing:
    """One panel per series (``values[i]``: its score at each check-up, oldest first)."""
    if not series or not dates:
        raise ValueError("a trend chart needs at least one series and one check-up")
    labels = tick_labels(pd.DataFrame({"created_at": list(dates)}), date_locale)
    with _unchecked_shapes():
        p = _Panels(width, len(series), columns, fonts)
        plot_w = p.cell_w - AXIS_LABEL
        for index, (entry, scores) in enumerate(zip(series, values, strict=True)):
            x, y = p.origin(index)
            _frame(p, x, y, plot_w)
            _line(p, x, y, plot_w, entry, scores)
            _ticks(p, x, y, plot_w, labels)
            title_y = y + PANEL_HEIGHT + 4
            p.text(x, title_y, entry.name, TITLE_SIZE, fillColor=colour("heading"), width=plot_w)
    return p.d
