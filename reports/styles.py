"""Every style of the report in one place: the palette (shared with the app's plotly charts),
page geometry, paragraph styles and table styles. Data only; no layout logic.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from reports.fonts import FontSet

# Plain hex strings so the app (plotly) can import the very same palette.
# Sign and willingness colours are from the Okabe-Ito colour-blind-safe set.
PALETTE: Mapping[str, str] = {
    "sign": "#D55E00",
    "willingness": "#0072B2",
    "trust": "#009E73",
    "repair_seen": "#CC79A7",
    "band_low": "#F3F3F3",
    "band_moderate": "#E6E6E6",
    "band_high": "#D6D6D6",
    "text": "#222222",
    "muted": "#5F5F5F",
    "rule": "#B8B8B8",
    "heading": "#1F3A5F",
    "card": "#F2F6FA",
    "safety_bg": "#FDF0E6",
    "safety_border": "#D55E00",
    "unscored": "#9A9A9A",
}
BAND_COLOURS: Mapping[str, str] = {
    "low": PALETTE["band_low"],
    "moderate": PALETTE["band_moderate"],
    "high": PALETTE["band_high"],
}


@lru_cache(maxsize=64)
def colour(name: str) -> colors.Color:
    """A palette entry as a reportlab colour (parsed once per name: a report asks ~130 times)."""
    return colors.HexColor(PALETTE[name])


# The look every on-screen (plotly) chart shares, beside its own size and margins.
SCREEN_FONT = "Source Sans Pro, Arial, sans-serif"
SCREEN_LAYOUT: Mapping[str, object] = {
    "plot_bgcolor": "white",
    "paper_bgcolor": "white",
    "font": {"family": SCREEN_FONT, "color": PALETTE["text"]},
    "dragmode": False,
}

PAGE_SIZE = A4
MARGINS: Mapping[str, float] = {
    "left": 20 * mm,
    "right": 20 * mm,
    "top": 18 * mm,
    "bottom": 20 * mm,
}
FRAME_WIDTH = PAGE_SIZE[0] - MARGINS["left"] - MARGINS["right"]
FRAME_HEIGHT = PAGE_SIZE[1] - MARGINS["top"] - MARGINS["bottom"] - 12  # less frame padding
FOOTER_Y = 10 * mm
FOOTER_SIZE = 8.0

# Chart geometry (points).
CHART: Mapping[str, float] = {
    "label_width": 150.0,
    "value_width": 34.0,
    "row_height": 11.5,
    "bar_height": 8.0,
    "group_gap": 10.0,
    "header_height": 14.0,
    "axis_height": 22.0,
    "font_size": 7.5,
    "min_font_size": 5.5,
    "band_label_size": 7.0,
}
TABLE_COLUMNS: tuple[float, ...] = (0.30, 0.09, 0.12, 0.49)  # shares of the frame width
TABLE_FONT_SIZE = 8.5
TABLE_LEADING = 11.0
TABLE_PADDING = 4.0
# Attributes of the small label above a step's text (inside a <font> tag).
LABEL_MARKUP = f'size="9" color="{PALETTE["muted"]}"'
NOTE_MARKUP = f'size="8.5" color="{PALETTE["muted"]}"'


# Paragraph styles: name -> (parent, overrides). ``bold`` picks the bold face.
_STYLE_SPECS: Mapping[str, Mapping[str, Any]] = {
    "body": {"fontSize": 10, "leading": 14, "spaceAfter": 6},
    "title": {"bold": True, "fontSize": 22, "leading": 28, "spaceAfter": 6, "colour": "heading"},
    "cover_line": {"fontSize": 12, "leading": 18, "spaceAfter": 2},
    "cover_note": {"fontSize": 9, "leading": 13, "colour": "muted", "spaceBefore": 8},
    "h1": {
        "bold": True,
        "fontSize": 15,
        "leading": 20,
        "spaceBefore": 6,
        "spaceAfter": 8,
        "colour": "heading",
    },
    "h2": {
        "bold": True,
        "fontSize": 11.5,
        "leading": 15,
        "spaceBefore": 4,
        "spaceAfter": 3,
        "colour": "heading",
    },
    "prompt": {"fontSize": 10, "leading": 14, "leftIndent": 10, "colour": "heading"},
    "cell": {"fontSize": 8.5, "leading": 11},
    "small": {"fontSize": 8.5, "leading": 12, "colour": "muted", "spaceAfter": 4},
    "composite": {"fontSize": 10, "leading": 14, "spaceAfter": 8, "leftIndent": 8},
    "centre": {"fontSize": 9, "leading": 12, "alignment": TA_CENTER, "colour": "muted"},
}


@lru_cache(maxsize=4)
def paragraph_styles(fonts: FontSet) -> dict[str, ParagraphStyle]:
    """Paragraph styles for a registered font set (built once per font set)."""
    styles: dict[str, ParagraphStyle] = {}
    for name, spec in _STYLE_SPECS.items():
        opts = {k: v for k, v in spec.items() if k not in ("bold", "colour")}
        styles[name] = ParagraphStyle(
            name,
            fontName=fonts.bold.name if spec.get("bold") else fonts.body.name,
            textColor=colour(spec.get("colour", "text")),
            alignment=opts.pop("alignment", TA_LEFT),
            **opts,
        )
    return styles


def table_style(header_rows: tuple[int, ...], fonts: FontSet) -> list[tuple[Any, ...]]:
    """Commands for the score table; ``header_rows`` are group headings spanning the row."""
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.body.name, TABLE_FONT_SIZE, TABLE_LEADING),
        ("FONT", (0, 0), (-1, 0), fonts.bold.name, TABLE_FONT_SIZE, TABLE_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, 0), colour("heading")),
        ("TEXTCOLOR", (0, 1), (-1, -1), colour("text")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colour("heading")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colour("rule")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), TABLE_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), TABLE_PADDING),
        ("ALIGN", (1, 0), (1, -1), "CENTER"),
    ]
    for row in header_rows:
        commands += [
            ("SPAN", (0, row), (-1, row)),
            ("FONT", (0, row), (-1, row), fonts.bold.name, TABLE_FONT_SIZE, TABLE_LEADING),
            ("BACKGROUND", (0, row), (-1, row), colour("card")),
        ]
    return commands


# Boxes: fill, border (or None) and border width.
BOXES: Mapping[str, tuple[str, str | None, float]] = {
    "safety": ("safety_bg", "safety_border", 1.2),
    "card": ("card", None, 0.0),
}
