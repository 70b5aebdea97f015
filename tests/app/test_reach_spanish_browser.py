"""The check-up in Spanish in a real headless Chromium (issue 15): the language chosen on
the welcome page with the keyboard, then every page to the results and the PDF download,
all in Spanish; axe-core on the Spanish results. One server for the module."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _reach import kit
from pypdf import PdfReader
from test_accessibility import grave

from locales import catalogue

pytestmark = pytest.mark.browser
if kit.CHROMIUM is None and os.environ.get("CI") != "true":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason="chromium is not installed")]

ES, EN = catalogue("es"), catalogue("en")
MAIN = "() => document.querySelector('[data-testid=stMain]').innerText"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from kit.running_app(Path(tmp_path_factory.mktemp("es")) / "checkups.db")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from kit.chromium()


def _choose_spanish_by_keyboard(page: Any) -> None:
    """Tab to the language choice, arrow to Español (a radio group moves with the arrows)."""
    page.locator(".st-key-lang_choice input").first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "(title) => document.querySelector('[data-testid=stMain] h1')?.innerText === title",
        arg=ES.text("app.welcome.title"),
        timeout=20_000,
    )
    kit.settle(page)


def test_the_whole_checkup_in_spanish(browser: Any, server: str) -> None:
    context = browser.new_context(viewport=kit.WIDE, accept_downloads=True)
    page = context.new_page()
    page.goto(server)
    kit.settle(page)
    assert kit.heading(page) == EN.text("app.welcome.title")
    assert page.evaluate("document.documentElement.lang") == "en"
    _choose_spanish_by_keyboard(page)
    assert "lang=es" in page.url
    page.wait_for_function("document.documentElement.lang === 'es'", timeout=10_000)
    assert page.locator(".st-key-start button").inner_text().strip() == "Empezar"
    kit.about_you(page, role=0, relationship=1, alias="Begoña")
    assert kit.heading(page).startswith("Primero, tu seguridad")
    pages = kit.answer_all(page, choice=0)
    assert pages >= 6
    shown = page.evaluate(MAIN)
    assert ES.text("app.results.title") in shown and "Begoña" in shown
    assert EN.text("app.results.title") not in shown
    found = grave(page)
    assert not found, found
    with page.expect_download() as download:
        page.get_by_role("button", name=ES.text("app.results.download_pdf")).click()
    data = Path(download.value.path()).read_bytes()
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert ES.text("report.heading.summary") in text and "Begoña" in text
    assert EN.text("report.heading.summary") not in text
    context.close()
    fresh = kit.open_app(browser, server, path="?lang=es")  # a new session from the address
    assert kit.heading(fresh) == ES.text("app.welcome.title")
    fresh.context.close()
