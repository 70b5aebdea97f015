"""Access control at the page level: therapist B cannot reach therapist A's client by any
page, query parameter or widget key, and an administrator sees no client at all. The pages
only ever name clients that ``store.practice.clients(staff)`` listed; anything else reaches
storage, which answers "not found" exactly as for an id that does not exist."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from app_kit import session, texts
from practice_kit import ADMIN, Practice, make_practice, press, signed_in, take_intake
from streamlit.testing.v1 import AppTest

from checkup.practice import with_client

SECRET_LABEL = "A-client Zebra"
NOT_FOUND = "no such client"


@pytest.fixture
def practice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Practice:
    return make_practice(monkeypatch, tmp_path)


@pytest.fixture
def a_client(practice: Practice) -> str:
    """Ada's client with one check-up; its id."""
    ada = signed_in("ada")
    ada.text_input(key="w_pr_new_label").input(SECRET_LABEL)
    press(ada, "Add client")
    ada.radio(key="w_pr_invite_form").set_value("pulse")
    press(ada, "Make an invitation")
    take_intake(ada.code[1].value)
    client_id = session(ada).practice.client_id
    assert client_id is not None
    return client_id


def _shows_nothing_of_a(at: AppTest) -> None:
    everything = texts(at) + "".join(str(d.value) for d in at.dataframe)
    assert SECRET_LABEL not in everything
    assert not at.dataframe or all(SECRET_LABEL not in d.value.to_string() for d in at.dataframe)
    assert not at.get("download_button")
    assert not at.exception


def test_bs_roster_lists_none_of_as_clients(practice: Practice, a_client: str) -> None:
    bo = signed_in("bo")
    assert "No clients yet" in texts(bo)
    _shows_nothing_of_a(bo)


def test_as_client_id_in_bs_session_opens_only_the_neutral_message(
    practice: Practice, a_client: str
) -> None:
    bo = signed_in("bo")
    bo.session_state["checkup"] = with_client(session(bo), a_client)
    bo.switch_page("app_pages/practice_client.py").run()
    assert NOT_FOUND in texts(bo)
    _shows_nothing_of_a(bo)
    unknown = signed_in("bo")
    unknown.session_state["checkup"] = with_client(session(unknown), "no-such-client")
    unknown.switch_page("app_pages/practice_client.py").run()
    assert [e.value for e in unknown.error] == [e.value for e in bo.error]  # indistinguishable


def test_query_parameters_and_widget_keys_reach_nothing(practice: Practice, a_client: str) -> None:
    bo = signed_in("bo")
    bo.text_input(key="w_pr_new_label").input("B's own")
    press(bo, "Add client")
    own = session(bo).practice.client_id
    for name in ("client", "client_id", "w_pr_choose", "checkup"):
        bo.query_params[name] = a_client
    bo.session_state["w_pr_choose"] = a_client  # a forged selectbox value
    press(bo, "Back to your clients")
    press(bo, "Open their page")
    assert session(bo).practice.client_id == own
    _shows_nothing_of_a(bo)


def test_an_administrator_reaches_no_client(practice: Practice, a_client: str) -> None:
    admin = signed_in(*ADMIN)
    _shows_nothing_of_a(admin)
    forced = dataclasses.replace(with_client(session(admin), a_client))
    admin.session_state["checkup"] = forced
    admin.switch_page("app_pages/practice_admin.py").run()
    _shows_nothing_of_a(admin)
    only_admin = r"Known pages: \[('[^']*/practice_admin\.py'(, )?)+\]"  # its aliases too
    with pytest.raises(ValueError, match=only_admin):
        admin.switch_page("app_pages/practice_client.py")  # the admin's set has no such page
