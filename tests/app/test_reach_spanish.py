"""The app in Spanish (issue 15): the language choice on the welcome page keeps every
answer, ``?lang=es`` opens in Spanish, and a whole check-up in Spanish reaches its results
(calm and flagged) with the words of the Spanish catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_kit import ENTRY, TIMEOUT, answer_page, finish, go_about, middle, new_app, session, texts
from store_kit import use_database
from streamlit.testing.v1 import AppTest

from locales import catalogue
from questions import Item

ES, EN = catalogue("es"), catalogue("en")


@pytest.fixture(autouse=True)
def database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.delenv("TRUSTCHECK_LANG", raising=False)
    return use_database(monkeypatch, tmp_path / "checkups.sqlite3")


def test_the_choice_names_each_language_in_itself() -> None:
    at = new_app()
    choice = at.radio(key="lang_choice")
    assert choice.label == EN.text("app.welcome.language")
    assert list(choice.options) == ["English", "Español"]  # never "Spanish", never qps-ploc
    assert choice.value == "en"


def test_choosing_spanish_changes_the_words_and_keeps_the_answers() -> None:
    at = go_about(new_app(), "hurt", "romantic", alias="Zoë")
    answer_page(at, middle)
    before = dict(session(at).answers)
    assert before
    at.switch_page("app_pages/welcome.py").run()
    at.radio(key="lang_choice").set_value("es").run()
    assert not at.exception
    assert at.title[0].value == ES.text("app.welcome.title")
    assert at.button(key="start").label == ES.text("app.welcome.start")
    assert at.query_params["lang"] == ["es"] or at.query_params["lang"] == "es"
    kept = session(at)
    assert (kept.locale, dict(kept.answers), kept.respondent.alias) == ("es", before, "Zoë")
    at.switch_page("app_pages/questions.py").run()
    shown = texts(at)
    assert ES.text("app.questions.next") in [b.label for b in at.button]
    questions = [r.label for r in at.radio]
    assert questions and all("En los últimos meses" in q for q in questions), questions
    assert "Primero, tu seguridad" in shown and "In the past" not in shown


def test_the_address_chooses_spanish() -> None:
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    at.query_params["lang"] = "es"
    at.run()
    assert at.title[0].value == "Chequeo de confianza"
    assert at.radio(key="lang_choice").value == "es"
    bad = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    bad.query_params["lang"] = "xx-nope"
    bad.run()
    assert not bad.exception and bad.title[0].value == EN.text("app.welcome.title")


def _afraid(item: Item) -> int:
    return 3 if item.dimension in {"fear", "self_harm"} else middle(item)


def test_a_whole_checkup_in_spanish_reaches_its_results(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTCHECK_LANG", "es")
    at = go_about(new_app(), "hurt", "friendship")
    assert any("mi amigo o amiga" in r.label for r in at.radio), [r.label for r in at.radio]
    at = finish(at)
    assert not at.exception
    shown = texts(at)
    assert ES.text("app.results.title") in shown
    assert ES.text("app.results.composites") in shown
    assert ES.text("bank.dimension.guardedness.name") in shown
    assert EN.text("app.results.title") not in shown


def test_flagged_results_in_spanish_open_on_spanish_safety_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRUSTCHECK_LANG", "es")
    at = finish(go_about(new_app(), "hurt", "romantic"), choose=_afraid)
    assert not at.exception
    shown = texts(at)
    assert (
        ES.text("report.block.crisis.title") in shown
        or ES.text("report.block.safety_planning.title") in shown
    )
    assert EN.text("report.block.crisis.title") not in shown
