"""Every word the app shows comes from the catalogue: in ``qps-ploc`` all of it is wrapped.

Each page and state is rendered in the pseudo-locale; after removing every ``⟦…⟧`` span, what
is left may hold numbers, punctuation, markdown and the text a person typed (their alias),
but no word the project wrote.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_kit import finish, go_about, middle, new_app
from store_kit import level_answers, open_at, record, use_database
from streamlit.testing.v1 import AppTest

from locales import PSEUDO_LOCALE
from questions import Item
from storage import Principal

ALIAS = "Zoë Łódź"
WRAPPED = re.compile(r"⟦[^⟦⟧]*⟧")
WORD = re.compile(r"[^\W\d_]{2,}")
ALLOWED = {"ABCD", "EFGH", "JKLM", "Esc"}  # the code placeholder; the shortcut key badge
NOT_PROJECT_TEXT = (
    re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b"),  # a resume code
    re.compile(r"\b\d{1,2} \w{3,5}\.? \d{4}\b"),  # a date, in the locale's month names (CLDR)
    re.compile(r"</?\w+[^>]*>"),  # chart markup (<b>, <br>, <span style=...>)
    re.compile(r"English|Español|Qps-ploc"),  # the language choice: each named in itself
)


def unwrapped(text: str) -> list[str]:
    """Words left outside ``⟦…⟧`` once the alias (as typed or escaped) is taken out."""
    for form in (ALIAS, ALIAS.replace(" ", "\\ ")):
        text = text.replace(form, " ")
    for pattern in NOT_PROJECT_TEXT:
        text = pattern.sub(" ", text)
    previous = None
    while previous != text:
        previous, text = text, WRAPPED.sub(" ", text)
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def _chart_texts(at: AppTest) -> Iterator[str]:
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for note in spec.get("layout", {}).get("annotations", []):
            yield str(note.get("text", ""))


def _strings(at: AppTest) -> Iterator[str]:
    """Every string the page shows: text elements, widget labels and options, charts."""
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success"):
        for element in getattr(at, kind):
            yield str(element.value)
    for widget in (*at.button, *at.text_input, *at.checkbox, *at.get("download_button")):
        yield str(getattr(widget, "label", "") or getattr(widget.proto, "label", ""))
        yield str(getattr(widget.proto, "help", ""))
    for choice in (*at.radio, *at.selectbox):
        yield str(choice.label)
        yield from (str(option) for option in choice.options)
    for metric in at.metric:
        yield str(metric.label)
        yield str(metric.value)
    for bar in at.get("progress"):
        yield str(bar.proto.text)
    for table in at.dataframe:
        yield from (str(column) for column in table.value.columns)
    yield from _chart_texts(at)


def _check(at: AppTest, where: str) -> None:
    assert not at.exception, f"{where}: {at.exception}"
    leaks = {word for text in _strings(at) for word in unwrapped(text)}
    assert not leaks, f"{where}: text outside the catalogue: {sorted(leaks)[:20]}"


@pytest.fixture(autouse=True)
def pseudo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("TRUSTCHECK_LANG", PSEUDO_LOCALE)
    return use_database(monkeypatch, tmp_path / "checkups.sqlite3")


def _afraid(item: Item) -> int:
    return 3 if item.dimension in {"fear", "self_harm"} else middle(item)


def test_welcome_about_and_questions_are_wrapped() -> None:
    at = new_app()
    _check(at, "welcome")
    at.button(key="start").click().run()
    _check(at, "about you")
    at.button(key="about_next").click().run()
    _check(at, "about you, with its warning")
    go_about(new_app(), "broke", "work", alias=ALIAS)
    at = go_about(new_app(), "hurt", "family", alias=ALIAS)
    _check(at, "first question page")
    at.button(key="q_next").click().run()
    _check(at, "a question page with the missing-answer warning")
    at.button(key="resume_save").click().run()
    _check(at, "a question page with a saved place")


@pytest.mark.parametrize(("role", "choose"), [("both", middle), ("hurt", _afraid)])
def test_results_are_wrapped_flagged_or_not(role: str, choose: object) -> None:
    at = finish(go_about(new_app(), role, "romantic", alias=ALIAS), choose=choose)  # type: ignore[arg-type]
    _check(at, f"results ({role})")


def test_my_checkups_and_the_quick_exit_are_wrapped(pseudo: str) -> None:
    with open_at(pseudo) as store:
        for level in (2, 4):
            store.save_checkup(record(ALIAS, level_answers(level)), Principal(ALIAS))
    at = new_app()
    at.button(key="to_checkups").click().run()
    _check(at, "my check-ups, closed")
    at.text_input(key="open_alias").input(ALIAS)
    next(b for b in at.button if b.proto.form_id == "open_checkups").click().run()
    _check(at, "my check-ups, open")
    at.button(key="quick_exit").click().run()
    _check(at, "after the quick exit")
