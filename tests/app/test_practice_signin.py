"""Practice mode in the app: sign-in, the lockout message, the idle timeout, sign-out, and the
individual mode left as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from pathlib import Path

import pytest
from app_kit import ENTRY, ROOT, TIMEOUT, session, texts
from practice_kit import (
    ADMIN,
    PASSWORD,
    Practice,
    make_practice,
    practice_app,
    press,
    sign_in,
    signed_in,
)
from streamlit.testing.v1 import AppTest

from checkup.practice import touched

TIMED_OUT = "You were signed out after a while without activity"


@pytest.fixture
def practice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Practice:
    return make_practice(monkeypatch, tmp_path)


def test_without_the_setting_the_app_is_the_individual_one(tmp_path: Path) -> None:
    at = practice_app()  # TRUSTCHECK_MODE is not set here
    assert session(at).mode == "self" and at.button(key="start")


def test_a_practice_session_starts_on_sign_in_and_a_therapist_reaches_the_roster(
    practice: Practice,
) -> None:
    at = practice_app()
    assert session(at).mode == "therapist"
    assert [t.value for t in at.title] == ["Sign in"]
    assert "start" not in [b.key for b in at.button]
    sign_in(at, "ada")
    assert [t.value for t in at.title] == ["Your clients"]
    assert "Signed in as Dr Ada Lovelace" in texts(at)
    assert "PASSWORD" not in repr(session(at)) and "Lovelace" not in repr(session(at))


def test_a_wrong_password_and_an_unknown_user_get_the_same_message(practice: Practice) -> None:
    wrong = sign_in(practice_app(), "ada", "not the password")
    unknown = sign_in(practice_app(), "nobody", "not the password")
    assert [e.value for e in wrong.error] == [e.value for e in unknown.error]
    assert len(wrong.error) == 1 and [t.value for t in wrong.title] == ["Sign in"]
    assert session(wrong).practice.staff is None


def test_five_failures_lock_the_account_with_a_calm_message(practice: Practice) -> None:
    at = practice_app()
    for _ in range(5):
        sign_in(at, "bo", "wrong password here")
    sign_in(at, "bo")  # even the right password is refused while locked
    message = at.error[0].value
    assert "minute" in message and session(at).practice.staff is None
    assert "Traceback" not in texts(at)


def test_the_idle_timeout_signs_out_and_says_why(practice: Practice) -> None:
    at = signed_in("ada")
    assert session(at).practice.staff is not None
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)
    at.session_state["checkup"] = touched(session(at), long_ago)
    at.run()
    assert session(at).practice.staff is None
    assert [t.value for t in at.title] == ["Sign in"] and TIMED_OUT in texts(at)
    at.run()  # said once
    assert TIMED_OUT not in texts(at)


def test_the_idle_limit_comes_from_the_setting(
    practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTCHECK_IDLE_MINUTES", "60")
    at = signed_in("ada")
    at.session_state["checkup"] = touched(
        session(at), dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)
    )
    at.run()
    assert session(at).practice.staff is not None  # 16 of 60 minutes: still signed in


def test_a_bad_setting_shows_only_a_plain_error(
    practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTCHECK_IDLE_MINUTES", "fifteen")
    at = practice_app()
    assert "TRUSTCHECK_IDLE_MINUTES" in at.error[0].value
    assert not at.text_input and not at.exception


def test_sign_out_forgets_the_staff_and_the_typed_password(practice: Practice) -> None:
    at = signed_in("ada")
    press(at, "Sign out")
    assert session(at).practice.staff is None
    assert "You are signed out" in texts(at)
    assert at.text_input(key="w_pr_pass").value == ""


def test_an_administrator_gets_the_accounts_page(practice: Practice) -> None:
    at = signed_in(*ADMIN)
    assert [t.value for t in at.title] == ["Accounts"]
    users = set(at.dataframe[0].value["Username"])
    assert users == {"admin", "ada", "bo"}
    assert session(at).practice.staff is not None
    assert dataclasses.replace(session(at)).mode == "therapist"


def test_with_an_identity_provider_configured_the_page_offers_it(practice: Practice) -> None:
    plain = practice_app()
    assert "w_pr_login" not in [b.key for b in plain.button]  # local accounts need none
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT)
    at.secrets["auth"] = {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "trust-checkup",
        "client_secret": "secret",
        "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
    }
    at.run()
    assert "w_pr_login" in [b.key for b in at.button]  # above the local form, which stays
    assert at.text_input(key="w_pr_user") is not None and not at.exception


def test_the_example_secrets_file_has_what_st_login_needs() -> None:
    example = tomllib.loads((ROOT / ".streamlit" / "secrets.example.toml").read_text())
    assert set(example["auth"]) >= {
        "redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"
    }


def test_a_therapist_changes_their_password_and_signs_in_with_the_new_one(
    practice: Practice,
) -> None:
    at = signed_in("ada")
    at.text_input(key="w_pr_pw_old").input(PASSWORD)
    at.text_input(key="w_pr_pw_new").input("a brand new passphrase")
    at.text_input(key="w_pr_pw_again").input("a brand new passphrase")
    press(at, "Change password")
    assert "Your password was changed" in " ".join(e.value for e in at.success)
    assert session(signed_in("ada", "a brand new passphrase")).practice.staff is not None
    assert session(signed_in("ada")).practice.staff is None  # the old one no longer works


def test_the_quick_exit_of_a_client_leaves_no_code_in_the_address(practice: Practice) -> None:
    at = practice_app("ABCD-EFGH-JKLM")
    assert at.query_params["intake"]
    at.button(key="quick_exit").click().run()
    assert "intake" not in at.query_params and session(at).exited


def test_an_administrator_disables_unlocks_and_adds_accounts(practice: Practice) -> None:
    admin = signed_in(*ADMIN)
    accounts = {a.username: a.account_id for a in practice.store.practice.accounts(
        session(admin).practice.staff)}
    admin.selectbox(key="w_pr_account").set_value(accounts["bo"]).run()
    press(admin, "Disable")
    assert session(signed_in("bo")).practice.staff is None  # disabled: no sign-in
    locked = practice_app()
    for _ in range(6):
        sign_in(locked, "ada", "wrong password here")
    admin.run()
    table = admin.dataframe[0].value.set_index("Username")
    assert table.loc["bo", "Disabled"] == "Yes" and table.loc["ada", "Locked"] == "Yes"
    admin.selectbox(key="w_pr_account").set_value(accounts["ada"]).run()
    press(admin, "Unlock")
    assert session(signed_in("ada")).practice.staff is not None
    admin.text_input(key="w_pr_add_user").input("cy")
    admin.text_input(key="w_pr_add_name").input("Dr Cy")
    admin.text_input(key="w_pr_add_pass").input(PASSWORD)
    admin.text_input(key="w_pr_add_pass2").input(PASSWORD)
    press(admin, "Add account")
    assert session(signed_in("cy")).practice.staff is not None
    assert "Answer" not in " ".join(str(d.value.columns) for d in admin.dataframe)


def test_two_different_copies_of_a_new_password_change_nothing_in_either_form(
    practice: Practice,
) -> None:
    differ = "The two passwords differ"
    at = signed_in("ada")
    at.text_input(key="w_pr_pw_old").input(PASSWORD)
    at.text_input(key="w_pr_pw_new").input("a brand new passphrase")
    at.text_input(key="w_pr_pw_again").input("a brand new passphrasf")
    press(at, "Change password")
    assert differ in " ".join(w.value for w in at.warning) and not at.success
    assert session(signed_in("ada")).practice.staff is not None  # the old one still works
    admin = signed_in(*ADMIN)
    admin.text_input(key="w_pr_add_user").input("cy")
    admin.text_input(key="w_pr_add_name").input("Dr Cy")
    admin.text_input(key="w_pr_add_pass").input(PASSWORD)
    admin.text_input(key="w_pr_add_pass2").input(PASSWORD + "!")
    press(admin, "Add account")
    assert differ in " ".join(w.value for w in admin.warning)
    assert session(signed_in("cy")).practice.staff is None  # no account was added
