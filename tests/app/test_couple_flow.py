"""Two AppTest sessions through the whole couple flow: each partner answers alone in the app
and saves with a passphrase; one creates the space, the other joins; both share (one with the
answers of some areas); the comparison shows its words, chart, agreement, starters, steps and,
after a second pair of shares, the change over time; the PDF; withdraw ends the comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_kit import finish, go_about, middle, texts
from store_kit import open_at, use_database
from streamlit.testing.v1 import AppTest

from checkup import couple, couple_view
from questions import Item, load_bank
from reports.content import load_content
from reports.couple_pdf import render_couple
from reports.couple_plan import names_of
from storage import Principal

ALEX = Principal("Alex", "alex passphrase")
BO = Principal("Bo", "bo passphrase")
NOT_YET = "The comparison is not available yet."
BANK = load_bank()


def high(item: Item) -> int:
    """Scored items at the keyed top (safety "Never", context calm, like ``middle``)."""
    if BANK.kind_of(item) in {"safety", "context"}:
        return middle(item)
    return item.scale.min if item.reverse else item.scale.max


def press(at: AppTest, label: str) -> AppTest:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0].click().run()


def answered_and_saved(who: Principal, role: str, choose) -> AppTest:
    """A person answers every question in the app, saves with a passphrase, opens Together."""
    at = finish(
        go_about(
            AppTest.from_file(_entry(), default_timeout=60).run(), role, "romantic", alias=who.alias
        ),
        choose,
    )
    at.text_input(key="save_pass").input(who.passphrase or "")
    at.text_input(key="save_pass2").input(who.passphrase or "")
    at = press(at, "Save this check-up")
    at = press(at, "Go to My check-ups")
    at.button(key="to_couple").click().run()
    assert [t.value for t in at.title] == ["Together"] and not at.exception
    return at


def _entry() -> str:
    return str(Path(__file__).resolve().parents[2] / "survey_app.py")


def share(at: AppTest, areas: list[str] | None = None) -> AppTest:
    if areas:
        chooser = next(m for m in at.multiselect if str(m.key).startswith("couple_areas_"))
        chooser.set_value(areas).run()
    return at.button(key="couple_share").click().run()


def chart(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return use_database(monkeypatch, tmp_path / "checkups.sqlite3")


def test_the_whole_couple_flow(url: str) -> None:
    alex = answered_and_saved(ALEX, "hurt", middle)
    alex.button(key="couple_create").click().run()
    code = alex.code[0].value
    bo = answered_and_saved(BO, "broke", high)
    bo.text_input(key="couple_code").input(code)
    bo = press(bo, "Join")
    assert "Your partner has joined" in texts(bo)
    assert NOT_YET in texts(alex.run()) and NOT_YET in texts(bo)

    share(alex, ["suspicion", "honesty"])
    assert NOT_YET in texts(bo.run())  # one share is no comparison
    share(bo, ["suspicion", "honesty", "goodwill"])
    for at, you in ((alex.run(), "Alex"), (bo.run(), "Bo")):
        shown = texts(at)
        assert NOT_YET not in shown and not at.exception
        assert "You see this" in shown and "Where your answers agree" in shown
        assert "On " in shown and "% of these questions" in shown  # agreement, both shared
        assert "Steps for the two of you" in shown
        assert "Once you have both shared more than one check-up" in shown
        table = at.dataframe[0].value
        assert {"Area", "You", "Your partner", "Gap", "How you each see it"} <= set(table.columns)
        traces = chart(at)["data"]
        assert [t["name"] for t in traces] == ["You", "Your partner"]
        assert you not in shown  # the screen says "you" and "your partner"
    assert "Where you see things most differently" in texts(alex)
    assert "From your results" in texts(alex) and "From your partner's results" in texts(alex)

    share(alex)
    share(bo.run())  # a second pair of shares: over time
    shown = texts(alex.run())
    assert "From your first shared check-ups" in shown and "gap" in shown
    assert "Your own changes" in shown and "Your partner's changes" in shown
    assert len(alex.dataframe) == 2 and len(alex.dataframe[1].value) == 2  # two occasions
    assert alex.get("download_button")

    with open_at(url) as store:
        shares = store.couples.shares(ALEX)
        pair = couple.comparable(shares)
        assert pair is not None
        content = load_content()
        names = names_of(
            content, {"first": pair.mine.snapshot.alias, "second": pair.theirs.snapshot.alias}
        )
        plan = couple_view.couple_plan(pair, shares, BANK, content, names, {}, str)
    assert names == ("Alex", "Bo")
    assert plan.over_time is not None and render_couple(plan).startswith(b"%PDF")

    for _ in range(2):  # Alex takes back both shares, one at a time
        alex = alex.run()
        next(b for b in alex.button if str(b.key).startswith("withdraw_")).click().run()
    assert not [b for b in alex.run().button if str(b.key).startswith("withdraw_")]
    assert NOT_YET in texts(bo.run()) and NOT_YET in texts(alex.run())
