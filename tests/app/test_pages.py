"""AppTest per page: welcome, about you, questions (progress, missing answers, Back), quick exit."""

from __future__ import annotations

import re

import pytest
from app_kit import (
    go_about,
    item_of,
    middle,
    new_app,
    page_label,
    radio_of,
    session,
    set_answers,
    texts,
    to_question,
)
from streamlit.testing.v1 import AppTest

from checkup.flow import minutes_range
from questions import ROLES, load_bank


def test_welcome_says_what_it_is_how_long_privacy_and_safety(app: AppTest) -> None:
    shown = texts(app)
    low, high = minutes_range(load_bank(), ROLES)
    assert f"about {low} to {high} minutes" in shown
    assert "not a diagnosis" in shown
    assert "stay on this computer" in shown and "Nothing is saved" in shown
    assert "emergency number" in shown
    assert "does **not** clear your browser history" in shown
    assert not app.exception


@pytest.mark.parametrize("page", ["welcome", "about", "questions", "results"])
def test_quick_exit_is_the_first_widget_on_every_page(app: AppTest, page: str) -> None:
    app.switch_page(f"app_pages/{page}.py").run()
    assert app.button[0].label == "Quick exit"
    assert app.button[0].key == "quick_exit"


def test_quick_exit_clears_answers_and_shows_a_neutral_page(app: AppTest) -> None:
    go_about(app, "hurt", "romantic", alias="Sam")
    app.radio[0].set_value(4).run()
    assert session(app).answers
    app.button(key="quick_exit").click().run()
    assert [t.value for t in app.title] == ["Notes"]
    after = session(app)
    assert after.exited and not after.answers and after.respondent.alias is None
    assert set(app.session_state) <= {"checkup"}  # no widget value, no cached result kept
    shown = texts(app).lower()
    for word in ("trust", "relationship", "partner", "quick exit", "sam"):
        assert word not in shown
    assert not app.button and not app.radio


def test_about_needs_both_choices_and_offers_words(app: AppTest) -> None:
    app.switch_page("app_pages/about.py").run()
    role = app.radio(key="w_role")
    assert role.options == ["My trust was broken", "I broke someone's trust",
                            "Both: trust was broken on both sides"]
    assert role.index is None
    app.button(key="about_next").click().run()
    assert "Please choose" in app.warning[0].value
    assert not app.exception


def test_alias_is_shown_escaped_never_as_markup() -> None:
    at = go_about(new_app(), "hurt", "friendship", alias="**Zoë** <img src=x>")
    assert session(at).respondent.alias == "**Zoë** <img src=x>"
    set_answers(at, {i.id: middle(i) for i in load_bank().items_for("hurt")})
    at.switch_page("app_pages/results.py").run()
    line = next(m.value for m in at.markdown if m.value.startswith("For "))
    assert line == r"For \*\*Zoë\*\* \<img src=x\>"
    assert all(not getattr(m.proto, "allow_html", False) for m in at.markdown)


def test_questions_show_progress_words_and_no_default(app: AppTest) -> None:
    go_about(app, "broke", "work")
    assert page_label(app).startswith("Page 1 of ")
    assert app.get("progress")
    first = app.radio[0]
    assert first.index is None
    scale = item_of(app, first).scale
    assert first.options == [scale.labels[p] for p in scale.points]  # words, not numbers
    assert "my colleague" in first.label.lower() and first.label.startswith("1 · ")


def test_the_safety_questions_come_first_for_every_role() -> None:
    for role in ROLES:
        at = go_about(new_app(), role, "romantic")
        kinds = {load_bank().kind_of(item_of(at, r)) for r in at.radio}
        assert kinds == {"safety"}, role


def test_wording_follows_role_and_relationship() -> None:
    hurt = radio_of(to_question(go_about(new_app(), "hurt", "romantic"), "cling_1"), "cling_1")
    broke = radio_of(to_question(go_about(new_app(), "broke", "family"), "cling_1"), "cling_1")
    assert "my partner" in hurt.label and "I have felt" in hurt.label
    assert "my family member" in broke.label and "has seemed" in broke.label


def test_next_with_unanswered_items_names_them_and_stays(app: AppTest) -> None:
    go_about(app, "hurt", "romantic")
    for radio in app.radio[:-2]:
        radio.set_value(1)
    app.button(key="q_next").click().run()
    assert page_label(app).startswith("Page 1 of")
    message = app.warning[0].value
    count = len(app.radio)
    assert f"question {count - 1}" in message and f"question {count}" in message
    words = app.radio[-2].label.split(" · ", 1)[1].split()
    assert f"“{' '.join(words[4:7])}" in message or words[-1] in message  # its first words
    app.radio[-2].set_value(1)
    app.radio[-1].set_value(1)
    app.button(key="q_next").click().run()
    assert page_label(app).startswith("Page 2 of")
    assert not app.warning


def test_back_keeps_answers(app: AppTest) -> None:
    go_about(app, "hurt", "romantic")
    chosen = [1, 2, 3, 4, 5, 1][: len(app.radio)]
    for radio, value in zip(app.radio, chosen, strict=True):
        radio.set_value(value)
    app.button(key="q_next").click().run()
    # The widgets stay across the turn (keyed by place): none carries page 1's answer on.
    assert [r.value for r in app.radio] == [None] * len(app.radio)
    app.radio[0].set_value(5).run()
    app.button(key="q_back").click().run()
    assert page_label(app).startswith("Page 1 of")
    assert [r.value for r in app.radio] == chosen
    app.button(key="q_next").click().run()
    assert app.radio[0].value == 5


def test_back_from_first_question_page_goes_to_about_you_with_choices_kept(app: AppTest) -> None:
    go_about(app, "both", "friendship", alias="Ana")
    app.button(key="q_back").click().run()
    assert app.radio(key="w_role").value == "both"
    assert app.radio(key="w_relationship").value == "friendship"
    assert app.text_input(key="w_alias").value == "Ana"


def test_results_without_answers_points_back_to_the_questions(app: AppTest) -> None:
    app.switch_page("app_pages/results.py").run()
    assert "once every question is answered" in app.info[0].value
    assert not app.get("plotly_chart")


def test_the_page_script_holds_no_markup_a_sanitiser_would_act_on() -> None:
    """Streamlit's st.html drops a script whose text holds a document tag (a comment that
    mentioned the root element's tag emptied it once: no quick exit by Esc, no styles)."""
    from app_pages import frame

    body = frame.PAGE_SCRIPT.removeprefix("<script>").removesuffix("</script>")
    assert not re.search(r"</?(html|head|body|script|style)\b", body, re.IGNORECASE)
