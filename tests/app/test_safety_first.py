"""Issue 9 in the app: an optional country for help lines, urgent answers opening on the
crisis panel alone, and the safety questions before any repair question."""

from __future__ import annotations

from app_kit import finish, go_about, middle, session
from streamlit.testing.v1 import AppTest

from questions import Item
from reports.helplines import countries


def test_about_you_offers_an_optional_country(app: AppTest) -> None:
    app.button(key="start").click().run()
    select = app.selectbox(key="w_country")
    assert select.value is None  # not chosen unless the person wants
    codes = [code for code, _ in countries("en")]
    assert codes
    select.set_value(codes[0]).run()
    assert session(app).respondent.country == codes[0]


def test_the_chosen_country_reaches_the_plan(app: AppTest) -> None:
    code = countries("en")[0][0]
    app.button(key="start").click().run()
    app.radio(key="w_role").set_value("hurt").run()
    app.radio(key="w_relationship").set_value("romantic").run()
    app.selectbox(key="w_country").set_value(code).run()
    app.button(key="about_next").click().run()
    at = finish(app)
    assert session(at).memo["scored"][2].country == code


def test_urgent_answers_open_on_the_crisis_panel_alone(app: AppTest) -> None:
    def urgent(item: Item) -> int:
        return 3 if item.dimension == "self_harm" else middle(item)

    at = finish(go_about(app, "hurt", "romantic"), choose=urgent)
    plan = session(at).memo["scored"][2]
    assert plan.opens_alone and "urgent" in session(at).memo["scored"][1].flags
    assert [h.value for h in at.header] == [plan.safety[0].title]  # the crisis panel alone
    assert not at.metric and not at.get("plotly_chart")
    at.button(key="show_rest").click().run()
    assert at.metric and at.get("plotly_chart")
    assert at.header[0].value == plan.safety[0].title  # still first
