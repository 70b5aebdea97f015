"""The trend chart: one panel and trace per score, fixed 0-100 axes, the shared palette."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reports.styles import PALETTE
from reports.trend_chart import COLUMNS, TrendMarks, TrendSeries, bank_changes, build_trend_figure

SERIES = [
    TrendSeries("trust_strain", "Trust strain", "sign"),
    TrendSeries("repair_readiness", "Repair readiness", "willingness"),
    TrendSeries("suspicion", "Suspicion and checking", "sign"),
]


def history(rows: int = 3) -> pd.DataFrame:
    start = dt.datetime(2026, 1, 5, 9, 30)
    return pd.DataFrame(
        {
            "created_at": [start + dt.timedelta(days=7 * i) for i in range(rows)],
            "trust_strain": [70.0, 55.5, 40.0][:rows],
            "repair_readiness": [30.0, None, 80.0][:rows],
            "suspicion": [100.0, 50.0, 0.0][:rows],
        }
    )


def test_one_trace_per_series_in_order_with_its_own_axes() -> None:
    fig = build_trend_figure(history(), SERIES)
    assert [t.name for t in fig.data] == [s.name for s in SERIES]
    assert len({(t.xaxis, t.yaxis) for t in fig.data}) == len(SERIES)
    assert [a.text for a in fig.layout.annotations] == [s.name for s in SERIES]


def test_y_axes_are_fixed_from_0_to_100() -> None:
    fig = build_trend_figure(history(), SERIES)
    for trace in fig.data:
        axis = fig.layout["yaxis" + trace.yaxis.removeprefix("y")]
        assert tuple(axis.range) == (0, 100) and axis.fixedrange


def test_values_dates_and_gaps() -> None:
    fig = build_trend_figure(history(), SERIES)
    assert list(fig.data[0].y) == [70.0, 55.5, 40.0]
    assert list(fig.data[1].y) == [30.0, None, 80.0]  # a missing score is a gap, not zero
    assert fig.data[1].connectgaps is False
    assert list(fig.data[0].x) == [0, 1, 2]  # the check-ups in order, one tick each


def test_colours_come_from_the_palette() -> None:
    fig = build_trend_figure(history(), SERIES)
    assert [t.line.color for t in fig.data] == [
        PALETTE["sign"],
        PALETTE["willingness"],
        PALETTE["sign"],
    ]


def test_a_missing_column_and_a_single_check_up() -> None:
    fig = build_trend_figure(history(1), [*SERIES, TrendSeries("absent", "Absent", "sign")])
    assert list(fig.data[-1].y) == [None]
    assert all(len(t.x) == 1 and t.mode == "lines+markers" for t in fig.data)


def test_an_odd_count_hides_the_empty_cell_and_height_grows_with_rows() -> None:
    three = build_trend_figure(history(), SERIES)
    assert three.layout.xaxis4.visible is False and three.layout.yaxis4.visible is False
    one = build_trend_figure(history(), SERIES[:1])
    assert three.layout.height > one.layout.height
    assert COLUMNS == 2


def test_no_series_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one series"):
        build_trend_figure(history(), [])


@pytest.mark.parametrize("locale", ["en", "qps-ploc"])  # qps-ploc writes dates as English
def test_dates_are_written_by_babel_in_the_locale(locale: str) -> None:
    fig = build_trend_figure(history(), SERIES, locale=locale)
    assert list(fig.layout.xaxis.ticktext) == ["5 Jan", "12 Jan", "19 Jan"]
    assert list(fig.layout.xaxis.tickvals) == [0, 1, 2]
    assert list(fig.data[0].customdata) == ["5 January 2026", "12 January 2026", "19 January 2026"]
    assert "%{customdata}" in fig.data[0].hovertemplate and "%b" not in fig.data[0].hovertemplate


def test_at_most_six_ticks_first_and_last_included() -> None:
    start = dt.datetime(2026, 1, 5)
    long = pd.DataFrame(
        {"created_at": [start + dt.timedelta(days=i) for i in range(11)], "trust_strain": 50.0}
    )
    fig = build_trend_figure(long, SERIES[:1])
    assert list(fig.layout.xaxis.tickvals) == [0, 2, 4, 6, 8, 10]
    assert list(fig.layout.xaxis.ticktext) == [
        "5 Jan",
        "7 Jan",
        "9 Jan",
        "11 Jan",
        "13 Jan",
        "15 Jan",
    ]


def test_two_check_ups_on_one_day_have_their_own_ticks_with_the_time() -> None:
    """Before, both were labelled "1 Dec" and the ticks fell between the points."""
    day = dt.datetime(2026, 12, 1, 9, 5)
    same_day = pd.DataFrame(
        {
            "created_at": [day, day + dt.timedelta(hours=5), day + dt.timedelta(days=3)],
            "trust_strain": [60.0, 50.0, 40.0],
        }
    )
    fig = build_trend_figure(same_day, SERIES[:1])
    assert list(fig.data[0].x) == list(fig.layout.xaxis.tickvals) == [0, 1, 2]
    assert list(fig.layout.xaxis.ticktext) == ["1 Dec, 09:05", "1 Dec, 14:05", "4 Dec"]


MARKS = TrendMarks(pulse="Quick check-in", full="Full check-up", bank_changed="Questions changed")


def marked(forms: list[str | None], versions: list[str | None]) -> pd.DataFrame:
    return history(len(forms)).assign(form=forms, bank_version=versions)


def test_without_marks_nothing_changes() -> None:
    fig = build_trend_figure(marked(["pulse", "full", "full"], ["1", "2", "2"]), SERIES)
    assert fig.data[0].marker.symbol == "circle"
    assert not fig.layout.shapes
    assert "(" not in fig.data[0].customdata[0]


def test_quick_check_ins_are_hollow_diamonds_named_in_the_hover() -> None:
    fig = build_trend_figure(marked(["full", "pulse", None], ["2.0.0"] * 3), SERIES, marks=MARKS)
    for trace in fig.data:
        assert list(trace.marker.symbol) == ["circle", "diamond-open", "circle"]
    hover = list(fig.data[0].customdata)
    assert hover[0].endswith("(Full check-up)") and hover[1].endswith("(Quick check-in)")
    assert not fig.layout.shapes  # one bank version: no line


def test_a_bank_change_draws_one_dashed_line_per_panel_labelled_once() -> None:
    fig = build_trend_figure(
        marked(["full", "full", "full"], ["1.1.0", "2.0.0", "2.0.0"]), SERIES, marks=MARKS
    )
    assert len(fig.layout.shapes) == len(SERIES)  # one per panel with data
    assert len({shape.xref for shape in fig.layout.shapes}) == len(SERIES)
    assert {shape.x0 for shape in fig.layout.shapes} == {0.5}
    assert all(shape.line.dash == "dash" for shape in fig.layout.shapes)
    labels = [a for a in fig.layout.annotations if a.text == "Questions changed"]
    assert len(labels) == 1 and labels[0].x == 0.5


def test_bank_changes_ignore_unknown_versions() -> None:
    assert bank_changes(marked(["full"] * 3, ["1", None, "2"])) == []
    assert bank_changes(marked(["full"] * 3, ["1", "2", "1"])) == [1, 2]
    assert bank_changes(history(3)) == []
