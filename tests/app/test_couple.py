"""Couples in the app: two sessions create and join a space, share, compare, and the safety
gate leaves the other partner's screen exactly as it is while a share is missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from app_kit import new_app, texts
from store_kit import level_answers, open_at, record, use_database
from streamlit.testing.v1 import AppTest

from checkup import couple
from questions import load_bank
from storage import Principal

ALEX = Principal("Alex", "alex passphrase")
BO = Principal("Bo", "bo passphrase")
NOT_YET = "The comparison is not available yet."


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = use_database(monkeypatch, tmp_path / "checkups.sqlite3")
    with open_at(url) as store:
        store.save_checkup(record("Alex", level_answers(2)), ALEX)
        store.save_checkup(record("Bo", level_answers(4)), BO)
    return url


def press(at: AppTest, label: str) -> AppTest:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0].click().run()


def together(who: Principal) -> AppTest:
    at = new_app()
    at.button(key="to_checkups").click().run()
    at.text_input(key="open_alias").input(who.alias)
    at.text_input(key="open_pass").input(who.passphrase or "")
    at = press(at, "Open my check-ups")
    at.button(key="to_couple").click().run()
    assert [t.value for t in at.title] == ["Together"]
    return at


def paired() -> tuple[AppTest, AppTest]:
    alex = together(ALEX)
    alex.button(key="couple_create").click().run()
    code = alex.code[0].value
    bo = together(BO)
    bo.text_input(key="couple_code").input(code)
    bo = press(bo, "Join")
    assert "Your partner has joined" in texts(bo)
    return alex, bo


def test_nothing_shows_until_both_share_then_the_comparison(url: str) -> None:
    alex, bo = paired()
    assert NOT_YET in texts(alex.run()) and NOT_YET in texts(bo.run())
    alex.button(key="couple_share").click().run()
    assert NOT_YET in texts(bo.run())  # one share is not a comparison
    bo.button(key="couple_share").click().run()
    for at in (alex.run(), bo.run()):
        assert NOT_YET not in texts(at)
        table = at.dataframe[0].value
        assert {"Area", "You", "Your partner"} <= set(table.columns)
    assert set(bo.dataframe[0].value["You"]) == {"75"}  # Bo's own scores as "You"


def test_a_flagged_latest_check_up_looks_to_the_partner_like_no_share(url: str) -> None:
    alex, bo = paired()
    bo.button(key="couple_share").click().run()
    missing = texts(bo.run())  # Alex has not shared
    alex.button(key="couple_share").click().run()
    assert NOT_YET not in texts(bo.run())
    flagged = {**level_answers(2), "fear_1": 4}
    with open_at(url) as store:
        saved = store.save_checkup(record("Alex", flagged), ALEX)
        assert saved
        assert couple.withdraw_when_flagged(store, ALEX, ["safety", "danger"]) == 1
    after = texts(bo.run())
    assert after == missing  # not one word differs from "my partner has not shared"
    assert "fear" not in after.lower() and "safety" not in after.lower()
    assert NOT_YET in texts(alex.run())


def test_withdraw_and_leave_delete_what_was_shared(url: str) -> None:
    alex, bo = paired()
    alex.button(key="couple_share").click().run()
    bo.button(key="couple_share").click().run()
    withdraw = next(b for b in alex.run().button if str(b.key).startswith("withdraw_"))
    withdraw.click().run()
    assert NOT_YET in texts(bo.run())
    with open_at(url) as store:
        assert [s.mine for s in store.couples.shares(BO)] == [True]
    bo.checkbox(key=f"leave_{bo.session_state['checkup'].round}").check().run()
    bo.button(key="couple_leave").click().run()
    with open_at(url) as store:
        assert store.couples.status(ALEX) is None and store.couples.shares(BO) == []


def test_what_is_withheld_covers_every_safety_id_and_flag() -> None:
    bank = load_bank()
    withheld = couple.withheld_ids(bank)
    assert {i.id for i in bank.items if bank.kind_of(i) == "safety"} <= withheld
    assert {"safety", "danger", "self_harm", "urgent"} <= withheld


def test_a_share_travels_as_a_file_to_a_partner_on_another_computer(url: str) -> None:
    """The share file opens only in the couple space; added, it is the partner's share."""
    alex, bo = paired()
    alex.button(key="couple_share").click().run()
    with open_at(url) as store:
        mine = next(s for s in store.couples.shares(ALEX) if s.mine)
        text = store.couples.export_share(mine.id, ALEX)
        assert text is not None and "Alex" not in text and "scores" not in text
        store.couples.withdraw(mine.id, ALEX)  # as if it never reached this database
    bo.run().file_uploader[-1].set_value(("share.json", text.encode(), "application/json"))
    bo = press(bo.run(), "Add my partner's share")
    with open_at(url) as store:
        assert [s.mine for s in store.couples.shares(BO)] == [False]


def test_an_imported_flagged_check_up_takes_the_shares_back(url: str, tmp_path: Path) -> None:
    alex, bo = paired()
    alex.button(key="couple_share").click().run()
    bo.button(key="couple_share").click().run()
    with open_at(f"sqlite:///{tmp_path / 'other.sqlite3'}") as other:  # Alex's other computer: a newer, flagged check-up
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
        other.save_checkup(record("Alex", {**level_answers(2), "fear_1": 4}, when=later), ALEX)
        exported = other.export_json(ALEX)
    with open_at(url) as store:
        assert couple.withdraw_when_latest_flagged(store, ALEX) == 0  # newest not flagged yet
        assert store.import_json(exported, ALEX) == 1
        assert couple.withdraw_when_latest_flagged(store, ALEX) == 1
        assert [s.mine for s in store.couples.shares(BO)] == [True]  # only Bo's own is left
