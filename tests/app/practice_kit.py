"""Helpers for the practice-mode app tests: a practice on a temporary SQLite database, app
sessions in practice mode, signing in, and a client's intake from link to results."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from app_kit import ENTRY, TIMEOUT, Chooser, finish, middle, texts
from store_kit import use_database
from streamlit.testing.v1 import AppTest

from storage import Store, open_store

PRACTICE = "Harbour Practice"
PASSWORD = "correct horse battery"
ADMIN = ("admin", "admin password 1")


@dataclass(frozen=True)
class Practice:
    """A practice database with an administrator and two therapists (ada, bo)."""

    url: str
    store: Store


def make_practice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Practice:
    """A fresh practice, and the app pointed at it in practice mode."""
    url = use_database(monkeypatch, tmp_path / "practice.sqlite3")
    monkeypatch.setenv("TRUSTCHECK_MODE", "practice")
    store = open_store(url)
    space = store.practice
    space.init(PRACTICE, ADMIN[0], ADMIN[1], "Practice Admin")
    space.add_account("ada", PASSWORD, "Dr Ada Lovelace")
    space.add_account("bo", PASSWORD, "Dr Bo Diddley")
    return Practice(url, store)


def practice_app(intake: str | None = None) -> AppTest:
    """A new browser session of the app in practice mode (with ``?intake=`` when given)."""
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    if intake is not None:
        at.query_params["intake"] = intake
    return at.run()


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    """Type the credentials into the sign-in form and submit it."""
    at.text_input(key="w_pr_user").input(username)
    at.text_input(key="w_pr_pass").input(password)
    submit = next(b for b in at.button if getattr(b, "form_id", "") == "w_pr_signin")
    submit.click().run()
    assert not at.exception, at.exception
    return at


def signed_in(username: str, password: str = PASSWORD) -> AppTest:
    """A new session, signed in as ``username``."""
    return sign_in(practice_app(), username, password)


def press(at: AppTest, label: str) -> AppTest:
    """Click the button (or form submit button) labelled ``label``."""
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    matches[0].click().run()
    assert not at.exception, at.exception
    return at


def take_intake(code: str, choose: Chooser = middle, compare: bool = False) -> AppTest:
    """A client opens the link, agrees, answers everything and reaches the results."""
    at = practice_app(code)
    assert PRACTICE in texts(at), texts(at)
    at.checkbox(key="w_pr_agree").check()
    if compare:
        at.checkbox(key="w_pr_compare").check()
    at.run()
    at.button(key="w_pr_start").click().run()
    at.radio(key="w_role").set_value("hurt").run()
    at.radio(key="w_relationship").set_value("romantic").run()
    at.button(key="about_next").click().run()
    finish(at, choose)
    assert not at.exception, at.exception
    return at
