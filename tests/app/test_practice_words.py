"""Practice pages in the pseudo-locale: every word the project wrote comes from the catalogue
(only what people typed or named, such as labels, names and codes, stays unwrapped); and
text a therapist types is shown literally, never as markup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from app_kit import session
from practice_kit import (
    ADMIN,
    PRACTICE,
    Practice,
    make_practice,
    practice_app,
    signed_in,
    take_intake,
)
from streamlit.testing.v1 import AppTest
from test_pseudo_locale import _strings, unwrapped

from app_pages.frame import escape_markdown
from checkup.practice import with_client
from locales import PSEUDO_LOCALE

HOSTILE = "**Bold** <img src=x onerror=alert(1)> [link](https://example.org) `x` _y_"
PEOPLE = (PRACTICE, "Dr Ada Lovelace", "Practice Admin", "admin", "ada", "bo", "Dr Bo Diddley")


@pytest.fixture
def practice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Practice:
    monkeypatch.setenv("TRUSTCHECK_LANG", PSEUDO_LOCALE)
    return make_practice(monkeypatch, tmp_path)


def _check(at: AppTest, where: str, *typed: str) -> None:
    assert not at.exception, f"{where}: {at.exception}"
    leaks: set[str] = set()
    for text in _strings(at):
        for person_text in sorted((*PEOPLE, *typed), key=len, reverse=True):
            text = text.replace(escape_markdown(person_text), " ").replace(person_text, " ")
        leaks.update(unwrapped(text))
    assert not leaks, f"{where}: text outside the catalogue: {sorted(leaks)[:20]}"


def test_every_practice_page_is_wrapped(practice: Practice) -> None:
    _check(practice_app(), "sign-in")
    ada = signed_in("ada")
    _check(ada, "roster, empty")
    space = practice.store.practice
    staff = session(ada).practice.staff
    client_id = space.create_client(staff, "K-1")
    code = space.invite(staff, client_id, form="pulse").code
    client = practice_app(code)
    _check(client, "intake", code)
    client = take_intake(code)
    _check(client, "client results")
    ada.run()
    _check(ada, "roster with a client", "K-1")
    ada.session_state["checkup"] = with_client(session(ada), client_id)
    ada.switch_page("app_pages/practice_client.py").run()
    _check(ada, "client page", "K-1")
    _check(signed_in(*ADMIN), "accounts and audit log")


def test_typed_labels_are_shown_literally(practice: Practice) -> None:
    ada = signed_in("ada")
    space, staff = practice.store.practice, session(ada).practice.staff
    client_id = space.create_client(staff, HOSTILE)
    ada.session_state["checkup"] = with_client(session(ada), client_id)
    ada.switch_page("app_pages/practice_client.py").run()
    assert [t.value for t in ada.title] == [escape_markdown(HOSTILE)]
    shown = [str(m.value) for m in ada.markdown]
    live = re.compile(r"(?<!\\)<img|(?<!\\)\]\(|(?<!\\)\*\*Bold")  # markup not escaped
    assert shown and not any(live.search(text) for text in shown), shown
