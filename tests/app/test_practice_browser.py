"""Practice mode in a real headless Chromium, one app process on SQLite: a therapist signs in,
adds a client and invites them; the client opens the link in another browser, agrees,
answers the quick check-in and sees their results; the therapist then reads the check-up.
(The two-process run behind the proxy, on PostgreSQL, is engineer B's test.)"""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from _reach import kit
from _reach.kit import start_server
from test_accessibility import grave
from test_browser import (  # the browser fixture too: one Chromium for this module
    ARTIFACTS,
    CHROMIUM,
    answer_all,
    browser,  # noqa: F401 (a fixture)
    click,
    free_port,
    settle,
)

from storage import open_store

PASSWORD = "correct horse battery"

pytestmark = pytest.mark.browser
if CHROMIUM is None and os.environ.get("CI") != "true":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason="chromium is not installed")]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('practice') / 'practice.sqlite3'}"
    with open_store(url) as store:
        store.practice.init("Harbour Practice", "admin", "admin password 1", "Admin")
        store.practice.add_account("ada", PASSWORD, "Dr Ada Lovelace")
    port = free_port()
    env = {"TRUSTCHECK_MODE": "practice", "TRUSTCHECK_DATABASE_URL": url}
    yield from kit.serving(start_server("survey_app.py", port, env), port)


def _main(page: object) -> str:
    return str(page.inner_text("[data-testid=stMain]"))  # type: ignore[attr-defined]


def _button(page: object, name: str) -> object:
    return page.get_by_role("button", name=name, exact=True)  # type: ignore[attr-defined]


def _therapist_invites(page: object, server: str) -> str:
    """Sign in, add a client, invite to the quick check-in; the link shown once."""
    page.goto(server)  # type: ignore[attr-defined]
    settle(page)
    assert not grave(page), grave(page)  # axe: no critical or serious violation
    page.get_by_label("Username", exact=True).fill("ada")  # type: ignore[attr-defined]
    page.get_by_label("Password", exact=True).fill(PASSWORD)  # type: ignore[attr-defined]
    click(page, _button(page, "Sign in"))
    page.get_by_role("heading", name="Your clients").wait_for()  # type: ignore[attr-defined]
    page.get_by_label("Code or alias").fill("Client B-2")  # type: ignore[attr-defined]
    click(page, _button(page, "Add client"))
    page.get_by_role("heading", name="Client B-2").wait_for()  # type: ignore[attr-defined]
    click(page, page.get_by_text("Quick check-in", exact=True))  # type: ignore[attr-defined]
    click(page, _button(page, "Make an invitation"))
    link = page.locator("[data-testid=stCode]").first.inner_text().strip()  # type: ignore[attr-defined]
    assert not grave(page), grave(page)  # the client page with its invitation
    assert "/?intake=" in link
    return str(link)


def _client_answers(page: object, link: str) -> str:
    page.goto(link)  # type: ignore[attr-defined]
    settle(page)
    assert "Dr Ada Lovelace" in _main(page) and "Harbour Practice" in _main(page)
    assert not grave(page), grave(page)  # the intake page, on a phone
    click(page, page.get_by_text("I agree that", exact=False))  # type: ignore[attr-defined]
    click(page, _button(page, "Start"))
    click(page, page.get_by_text("My trust was broken", exact=True))  # type: ignore[attr-defined]
    click(page, page.get_by_text("A partner", exact=True))  # type: ignore[attr-defined]
    click(page, _button(page, "Continue"))
    answer_all(page)
    return _main(page)


def test_an_intake_from_the_link_to_the_therapists_screen(
    server: str, browser: object  # noqa: F811 (test_browser's fixture)
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    hosts: set[str] = set()
    therapist = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    desk = therapist.new_page()
    desk.on("request", lambda r: hosts.add(urlparse(r.url).hostname or ""))
    try:
        link = _therapist_invites(desk, server)
        client = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
        phone = client.new_page()
        phone.on("request", lambda r: hosts.add(urlparse(r.url).hostname or ""))
        results = _client_answers(phone, link)
        phone.screenshot(path=ARTIFACTS / "practice-client-results-390.png")
        assert "Your answers were sent to Dr Ada Lovelace" in results
        assert "Download" not in results and "Save" not in results
        client.close()
        click(desk, _button(desk, "Done: hide the link"))
        desk.reload()
        settle(desk)  # a reload is a new session: signed out, nothing of the client shown
        assert "Client B-2" not in _main(desk) and "Sign in" in _main(desk)
        desk.get_by_label("Username", exact=True).fill("ada")
        desk.get_by_label("Password", exact=True).fill(PASSWORD)
        click(desk, _button(desk, "Sign in"))
        desk.get_by_role("heading", name="Your clients").wait_for()
        click(desk, _button(desk, "Open their page"))
        desk.get_by_role("heading", name="Answers").wait_for()
        desk.screenshot(path=ARTIFACTS / "practice-client-page.png", full_page=True)
    except Exception:
        desk.screenshot(path=ARTIFACTS / "practice-failed.png", full_page=True)
        print(desk.url, _main(desk))
        raise
    finally:
        therapist.close()
    assert hosts == {"127.0.0.1"}, f"requests left this computer: {hosts}"
