"""What both score charts draw, in one place: rows grouped by kind, and the band regions.

The PDF chart (:mod:`reports.chart`, reportlab) and the screen chart
(:mod:`reports.screen_chart`, plotly) both draw one group per dimension kind, in the order of
``scoring/rules.yaml`` ``kinds``, and shade the bands of the same file behind the bars, named in
the content's locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reports.content import Content
from reports.selection import DimensionRow, band_label
from scoring.rules import load_rules

SCALE_END = 100.0


@dataclass(frozen=True)
class BandRegion:
    """A band's stretch of the 0-100 axis and its name in words."""

    name: str
    label: str
    start: float
    end: float


def kind_groups(rows: Sequence[DimensionRow]) -> list[tuple[str, list[DimensionRow]]]:
    """(kind, rows of that kind) for each scored kind with rows, in the rules' order."""
    groups = [(k, [r for r in rows if r.kind == k]) for k in load_rules().kinds]
    return [(k, g) for k, g in groups if g]


def band_regions(content: Content) -> list[BandRegion]:
    """Each band from its start to the next band's start (the last to 100), lowest first."""
    rules = load_rules()
    ends = (*rules.band_starts[1:], SCALE_END)
    return [
        BandRegion(name, band_label(content, name), start, end)
        for name, start, end in zip(rules.band_names, rules.band_starts, ends, strict=True)
    ]
