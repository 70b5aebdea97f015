"""The plotly score chart: two panels, fixed 0-100 axes, bands shaded, shared palette."""

from __future__ import annotations

from reports.screen_chart import build_figure, panel_title
from reports.selection import DimensionRow
from reports.styles import BAND_COLOURS, PALETTE


def row(name: str, kind: str, score: float | None) -> DimensionRow:
    band = None if score is None else ("low" if score < 33.33 else "high")
    return DimensionRow(name.lower(), name, kind, score, band, "", None)


ROWS = [row("Guardedness", "sign", 80.0), row("Support", "willingness", 20.0),
        row("Patience", "willingness", None)]


def test_two_panels_in_palette_colours_with_fixed_axes() -> None:
    fig = build_figure(ROWS).to_dict()
    assert [t["marker"]["color"] for t in fig["data"]] == [PALETTE["sign"], PALETTE["willingness"]]
    assert fig["data"][1]["y"] == ("Support", "Patience") or list(fig["data"][1]["y"]) == [
        "Support", "Patience"]
    for axis in ("xaxis", "xaxis2"):
        assert tuple(fig["layout"][axis]["range"]) == (0, 100)
    fills = {s["fillcolor"] for s in fig["layout"]["shapes"]}
    assert fills == set(BAND_COLOURS.values())


def test_unscored_dimension_is_named_not_drawn_as_zero() -> None:
    fig = build_figure(ROWS).to_dict()
    notes = [a["text"] for a in fig["layout"]["annotations"]]
    assert "Patience (not scored)" in notes
    assert list(fig["data"][1]["text"]) == ["20", ""]


def test_one_kind_only_gives_one_panel() -> None:
    fig = build_figure(ROWS[:1]).to_dict()
    assert len(fig["data"]) == 1 and "xaxis2" not in fig["layout"]


def test_panel_title_is_plain_words() -> None:
    assert panel_title("sign").startswith("<b>Signs of strain</b>")
