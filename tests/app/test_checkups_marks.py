"""Issue 10 in the app: My check-ups marks quick check-ins and where the bank changed (chart,
note, table), and the results say where a score sits once 30 people saved on this device."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from app_kit import finish, go_about, new_app, session, texts
from store_kit import level_answers, open_at, record, seed_people, use_database
from streamlit.testing.v1 import AppTest

from locales import catalogue
from storage import Principal

EN = catalogue("en")
START = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return use_database(monkeypatch, tmp_path / "checkups.sqlite3")


def open_page(alias: str) -> AppTest:
    at = new_app()
    at.button(key="to_checkups").click().run()
    at.text_input(key="open_alias").input(alias)
    return next(b for b in at.button if b.label == "Open my check-ups").click().run()


def seed(url: str, kinds: list[tuple[str, str]]) -> None:
    """Sam's check-ups, a week apart: (form, bank version) each."""
    with open_at(url) as store:
        for index, (form, version) in enumerate(kinds):
            saved = record(
                "Sam", level_answers(2 + index), when=START + dt.timedelta(days=7 * index)
            )
            store.save_checkup(
                dataclasses.replace(saved, form=form, bank_version=version), Principal("Sam")
            )


def test_quick_check_ins_and_a_bank_change_are_marked(url: str) -> None:
    seed(url, [("full", "1.0.0"), ("pulse", "2.0.0"), ("full", "2.0.0")])
    at = open_page("Sam")
    assert not at.exception
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    first = figure["data"][0]
    assert first["marker"]["symbol"] == ["circle", "diamond-open", "circle"]
    assert first["customdata"][1].endswith(f"({EN.text('app.checkups.form.pulse')})")
    lines = figure["layout"]["shapes"]
    assert lines and {shape["x0"] for shape in lines} == {0.5}
    captions = [c.value for c in at.caption]
    note = " ".join([EN.text("app.checkups.note.pulse"), EN.text("app.checkups.note.bank_changed")])
    assert note in captions
    table = next(d.value for d in at.dataframe if EN.text("app.checkups.column.form") in d.value)
    kinds = list(table[EN.text("app.checkups.column.form")])
    assert kinds == [EN.text(f"app.checkups.form.{f}") for f in ("full", "pulse", "full")]
    questions = list(table[EN.text("app.checkups.column.questions")])
    assert questions == [
        "1.0.0",
        EN.text("app.checkups.questions_changed", version="2.0.0"),
        "2.0.0",
    ]


def test_full_check_ups_of_one_bank_have_no_marks_or_note(url: str) -> None:
    seed(url, [("full", "2.0.0"), ("full", "2.0.0")])
    at = open_page("Sam")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert not figure["layout"].get("shapes")
    assert set(figure["data"][0]["marker"]["symbol"]) == {"circle"}
    assert EN.text("app.checkups.note.bank_changed") not in " ".join(c.value for c in at.caption)


def _results(url: str) -> AppTest:
    at = finish(go_about(new_app(), "both", "romantic"))
    assert [t.value for t in at.title] == ["Your results"], texts(at)
    return at


def test_results_say_where_a_score_sits_among_thirty_people_saved_here(url: str) -> None:
    with open_at(url) as store:
        seed_people(store, 30)
    at = _results(url)
    plan = session(at).memo["scored"][2]
    rows = [row for row in plan.dimensions if row.percentile_text]
    assert rows and all(row.norm_people == 30 for row in rows)
    shown = texts(at)
    assert all(row.percentile_text in shown for row in rows)


def test_results_say_nothing_about_others_below_thirty(url: str) -> None:
    with open_at(url) as store:
        seed_people(store, 29)
    plan = session(_results(url)).memo["scored"][2]
    assert all(row.percentile is None and not row.percentile_text for row in plan.dimensions)
