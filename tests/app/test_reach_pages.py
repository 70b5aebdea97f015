"""Page-level reach (issue 15): Start first on the welcome page, the warning under Next with
the questions it names marked, and a fresh check-up from the results and My check-ups."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_kit import (
    answer_page,
    finish,
    go_about,
    in_order,
    middle,
    new_app,
    page_label,
    radio_of,
    session,
    to_question,
)
from store_kit import level_answers, open_at, record, use_database
from streamlit.testing.v1 import AppTest

from checkup.session import DOES_NOT_APPLY
from questions import load_bank
from reports import build_pdf
from storage import Principal


def test_start_comes_before_the_longer_text(app: AppTest) -> None:
    order = in_order(app)
    start = order.index("button:start")
    first_section = next(i for i, e in enumerate(order) if e.startswith("markdown:## "))
    assert start < first_section
    assert "reloading the page starts over" in "\n".join(order)


def test_the_warning_sits_under_next_and_marks_what_it_names(app: AppTest) -> None:
    go_about(app, "hurt", "romantic")
    app.radio[0].set_value(3)
    app.button(key="q_next").click().run()
    order = in_order(app)
    warning = next(i for i, e in enumerate(order) if e.startswith("alert:") or "Please answer" in e)
    assert order.index("button:q_next") < warning
    marked = [r.label for r in app.radio if r.label.startswith("**⚠ Needs an answer:**")]
    assert len(marked) == len(app.radio) - 1
    assert not app.radio[0].label.startswith("**⚠")
    app.radio[1].set_value(3).run()
    assert not [r for r in app.radio if r.label.startswith("**⚠")]  # an answer clears it


def test_a_new_check_up_from_the_results_starts_clean() -> None:
    at = finish(go_about(new_app(), "both", "romantic", alias="Ana"))
    at.button(key="new_checkup").click().run()
    fresh = session(at)
    assert not fresh.answers and fresh.page == 0 and fresh.respondent.alias == "Ana"
    assert at.radio(key="w_role").index is None  # About you, nothing chosen
    at.radio(key="w_role").set_value("hurt").run()
    at.radio(key="w_relationship").set_value("work").run()
    at.button(key="about_next").click().run()
    assert all(radio.index is None for radio in at.radio)  # no old answer selected


def test_a_new_check_up_from_my_checkups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = use_database(monkeypatch, tmp_path / "checkups.sqlite3")
    with open_at(url) as store:
        store.save_checkup(record("Sam", level_answers(3)), Principal("Sam"))
    at = new_app()
    at.button(key="to_checkups").click().run()
    at.text_input(key="open_alias").input("Sam")
    next(b for b in at.button if b.proto.form_id == "open_checkups").click().run()
    at.button(key="new_checkup").click().run()
    assert [t.value for t in at.title] == ["About you"]
    assert session(at).owner == Principal("Sam")  # My check-ups stays open for comparison


def test_quick_check_in_asks_the_pulse_form_with_the_safety_questions(app: AppTest) -> None:
    help_text = app.button(key="start_pulse").proto.help
    assert "minutes" in help_text
    app.button(key="start_pulse").click().run()
    assert session(app).form == "pulse"
    app.radio(key="w_role").set_value("hurt").run()
    app.radio(key="w_relationship").set_value("romantic").run()
    app.button(key="about_next").click().run()
    at = finish(app)
    pulse = load_bank("en", "pulse")
    answers = session(at).answers
    assert set(answers) <= {i.id for i in pulse.items_for("hurt")}
    asked = pulse.asked_items("hurt", answers)
    assert {i.id for i in asked if pulse.kind_of(i) == "safety"} <= set(answers)
    assert len(answers) < len(load_bank("en").asked_items("hurt", answers))  # shorter
    assert session(at).memo["scored"][2].form == "pulse"


def test_the_pulse_report_builds() -> None:
    at = new_app()
    at.button(key="start_pulse").click().run()
    at.radio(key="w_role").set_value("broke").run()
    at.radio(key="w_relationship").set_value("work").run()
    at.button(key="about_next").click().run()
    at = finish(at)
    result = session(at).memo["scored"][1]
    assert build_pdf(result, load_bank("en")).startswith(b"%PDF")


def test_does_not_apply_is_an_answer_that_lets_you_go_on(app: AppTest) -> None:
    bank = load_bank()
    item = next(i for i in bank.items_for("hurt") if i.does_not_apply)
    at = to_question(go_about(app, "hurt", "romantic"), item.id)
    radio = radio_of(at, item.id)
    assert radio.options[-1] == bank.does_not_apply
    answer_page(at, middle)
    radio = radio_of(at, item.id)
    radio.set_value(DOES_NOT_APPLY).run()
    before = page_label(at)
    at.button(key="q_next").click().run()
    assert page_label(at) != before  # not named as missing
    assert item.id not in session(at).answers  # and not scored
