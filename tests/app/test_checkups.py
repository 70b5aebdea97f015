"""My check-ups through AppTest: list, trend, change in words, export/import, delete, faults."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from app_kit import new_app, session, texts
from store_kit import (
    BANK,
    level_answers,
    open_at,
    person_answers,
    record,
    seed_people,
    use_database,
)
from streamlit.testing.v1 import AppTest

from app_pages.frame import escape_markdown
from checkup.keeping import composite_labels
from locales import catalogue
from reports.styles import PALETTE
from scoring.norms import MIN_RESPONDENTS
from storage import ImportRejected, Principal, Store, open_store

DAY = dt.timedelta(days=1)
START = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)
PASS = "correct horse battery"


def press(at: AppTest, label: str) -> AppTest:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0].click().run()


OVERALL = list(composite_labels(catalogue("en")).values())  # the overall scores, in order
SUSPICION = BANK.dimension_by_id["suspicion"].name
COMMITMENT = BANK.dimension_by_id["commitment"].name


def open_page(alias: str = "Sam", passphrase: str = "") -> AppTest:
    at = new_app()
    at.button(key="to_checkups").click().run()
    assert [t.value for t in at.title] == ["My check-ups"]
    at.text_input(key="open_alias").input(alias)
    at.text_input(key="open_pass").input(passphrase)
    return press(at, "Open my check-ups")


def figure(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def seed_sam(store: Store, levels: list[int], passphrase: str | None = None) -> None:
    for index, level in enumerate(levels):
        when = START + index * DAY
        store.save_checkup(
            record("Sam", level_answers(level), when=when), Principal("Sam", passphrase)
        )


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return use_database(monkeypatch, tmp_path / "checkups.sqlite3")


def test_lists_check_ups_with_composites_and_a_trend_chart(url: str) -> None:
    with open_at(url) as store:
        seed_sam(store, [2, 3, 4])
    at = open_page("  sam ")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns) == ["Date", "Role", "Relationship", *OVERALL]
    assert len(table) == 3
    assert set(table["Relationship"]) == {"A partner"}
    assert list(table["Trust strain"]) == [25, 50, 75]
    fig = figure(at)
    names = [t["name"] for t in fig["data"]]
    assert names[: len(OVERALL)] == OVERALL
    areas = [d.name for d in BANK.scored_dimensions_for("both")]
    assert len(names) == len(OVERALL) + 4 and set(names[len(OVERALL) :]) <= set(areas)
    assert all(len(t["y"]) == 3 for t in fig["data"])
    numbers = at.dataframe[1].value  # the chart's text equivalent, after the list
    assert list(numbers.columns) == ["Date", "Kind", "Questions", *OVERALL, *areas]
    assert set(numbers["Kind"]) == {"Full check-up"} and set(numbers["Questions"]) == {BANK.version}
    assert list(numbers["Trust strain"]) == [25, 50, 75]
    chosen = at.multiselect(key="trend_areas_0")
    chosen.set_value(areas[:1]).run()
    assert [t["name"] for t in figure(at)["data"]] == [*OVERALL, areas[0]]
    used = {t.get("yaxis", "y").replace("y", "yaxis") for t in fig["data"]}
    assert len(used) == len(names)
    assert all(fig["layout"][axis]["range"] == [0, 100] for axis in used)
    assert fig["data"][0]["line"]["color"] == PALETTE["sign"]


def test_two_check_ups_without_enough_data_show_points_only(url: str) -> None:
    with open_at(url) as store:
        seed_sam(store, [2, 4])
    at = open_page()
    shown = texts(at)
    assert "What changed" in shown
    assert f"at least {MIN_RESPONDENTS} complete sets of answers" in shown
    assert "For those areas only the change in points is shown." in shown
    assert "reliably" not in shown and "no reliable change" not in shown
    assert f"- **{SUSPICION}**: 25 → 75, 50 points higher\n" in shown
    change = next(m.value for m in at.markdown if SUSPICION in m.value)
    overall = change.splitlines()[: len(OVERALL)]  # the overall scores come first
    assert [line.split("**")[1] for line in overall] == OVERALL
    assert "points" in overall[0]


def _shim_all_answers(aliases: list[str]) -> Callable[[Store, str], pd.DataFrame]:
    """The storage method the page asks for, built from the public API for the test."""

    def all_answers(self: Store, bank_version: str) -> pd.DataFrame:
        rows, ids = [], []
        for alias in aliases:
            for entry in self.list_checkups(Principal(alias)):
                if entry.record.bank_version == bank_version:
                    ids.append(entry.id)
                    rows.append(
                        {
                            "person": alias,
                            "role": entry.record.role,
                            "created_at": entry.record.created_at,
                            **entry.record.answers,
                        }
                    )
        return pd.DataFrame(rows, index=pd.Index(ids, name="checkup_id"))

    return all_answers


def test_change_in_words_with_norms_from_thirty_people(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_at(url) as store:
        aliases = seed_people(store, MIN_RESPONDENTS + 5)
        seed_sam(store, [5, 1, 5])
    monkeypatch.setattr(Store, "all_answers", _shim_all_answers(aliases), raising=False)
    at = open_page()
    shown = texts(at)
    assert not at.exception
    assert "complete sets of answers are needed" not in shown
    sign = f"**{SUSPICION}**: reliably worse (0 → 100, 100 points higher)"
    will = f"**{COMMITMENT}**: reliably better (0 → 100, 100 points higher)"
    assert sign in shown and will in shown
    at.selectbox(key="change_from_0").set_value(0).run()
    assert f"**{COMMITMENT}**: no reliable change (100 → 100, the same)" in texts(at)


def test_one_persons_many_check_ups_are_not_a_sample_but_many_people_are(url: str) -> None:
    import numpy as np

    rng = np.random.default_rng(3)
    with open_at(url) as store:
        for index in range(MIN_RESPONDENTS):
            store.save_checkup(
                record("Sam", person_answers(rng), when=START + index * DAY), Principal("Sam")
            )
    assert "complete sets of answers are needed" in texts(open_page())
    with open_at(url) as store:  # other people's unprotected check-ups, read by all_answers
        for index in range(MIN_RESPONDENTS):
            store.save_checkup(
                record(f"Person {index}", person_answers(rng), when=START),
                Principal(f"Person {index}"),
            )
    shown = texts(open_page())
    assert "complete sets of answers are needed" not in shown
    assert "reliably" in shown or "no reliable change" in shown


def test_wrong_passphrase_sees_nothing_and_right_one_sees_all(url: str) -> None:
    with open_at(url) as store:
        seed_sam(store, [2, 3], passphrase=PASS)
    at = open_page(passphrase="not the passphrase")
    assert "No saved check-ups were found for this name and passphrase" in texts(at)
    assert not at.dataframe and not at.get("plotly_chart")
    assert len(open_page(passphrase=PASS).dataframe[0].value) == 2
    assert "No saved check-ups" in texts(open_page())  # without it: nothing either


def test_export_then_import_into_a_fresh_store_gives_identical_scores(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_at(url) as store:
        seed_sam(store, [1, 3, 4])
        before = store.list_checkups(Principal("Sam"))
    at = open_page()
    assert {"export_json", "export_csv"} <= {b.key for b in at.get("download_button")}
    exported_json, exported_csv = session(at).memo["exports"][1]
    assert exported_csv.count("\n") >= 3
    fresh = use_database(monkeypatch, tmp_path / "fresh.sqlite3")
    at = open_page()
    assert "No saved check-ups" in texts(at)
    at.file_uploader[0].set_value(("data.json", exported_json.encode(), "application/json"))
    at = at.run()
    at = press(at, "Import")
    assert not at.exception
    assert "Imported 3 check-ups." in [s.value for s in at.success]
    assert len(at.dataframe[0].value) == 3
    with open_store(fresh) as store:
        after = store.list_checkups(Principal("Sam"))
    assert [a.record for a in after] == [b.record for b in before]
    at = at.run()
    at.file_uploader[0].set_value(("data.json", exported_json.encode(), "application/json"))
    at = press(at.run(), "Import")
    assert "Nothing new to import" in " ".join(s.value for s in at.success)


def test_rejected_import_shows_its_message_and_changes_nothing(url: str) -> None:
    with open_at(url) as store:
        seed_sam(store, [2, 3])
        document = json.loads(store.export_json(Principal("Sam")))
        before = store.list_checkups(Principal("Sam"))
    first = document["checkups"][0]
    first["answers"][next(iter(first["answers"]))] = 42
    bad = json.dumps(document)
    with open_at(url) as store, pytest.raises(ImportRejected) as rejected:
        store.import_json(bad, Principal("Someone else"))
    at = open_page()
    at.file_uploader[0].set_value(("data.json", bad.encode(), "application/json"))
    at = press(at.run(), "Import")
    assert not at.exception
    assert [e.value for e in at.error] == [escape_markdown(rejected.value.message)]
    with open_at(url) as store:
        assert store.list_checkups(Principal("Sam")) == before
    at.file_uploader[0].set_value(("data.json", b"\xff\xfe not text", "application/json"))
    at = press(at.run(), "Import")
    assert "not an export from Trust Check-up" in " ".join(e.value for e in at.error)


def test_delete_one_then_all_each_after_confirmation(url: str) -> None:
    with open_at(url) as store:
        seed_sam(store, [1, 2, 3])
        ids = [entry.id for entry in store.list_checkups(Principal("Sam"))]
    at = open_page()
    assert at.button(key="delete_one").disabled and at.button(key="delete_all").disabled
    at.selectbox(key="delete_pick_0").set_value(0).run()
    at.checkbox(key="delete_one_sure_0").check().run()
    at = at.button(key="delete_one").click().run()
    assert "The check-up is deleted." in [s.value for s in at.success]
    with open_at(url) as store:
        assert [entry.id for entry in store.list_checkups(Principal("Sam"))] == ids[1:]
    assert at.button(key="delete_one").disabled  # the confirmation was reset
    at.checkbox(key="delete_all_sure_1").check().run()
    at = at.button(key="delete_all").click().run()
    assert "All your saved check-ups are deleted." in [s.value for s in at.success]
    assert "No saved check-ups" in texts(at)
    with open_at(url) as store:
        assert store.list_checkups(Principal("Sam")) == []


def test_unwritable_database_shows_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTCHECK_DATABASE_URL", "sqlite:////proc/nope/x.sqlite3")
    at = open_page()
    assert not at.exception
    assert ["storage location cannot be opened" in e.value for e in at.error] == [True]


def test_alias_is_shown_escaped(url: str) -> None:
    alias = "[x](http://e.test) *b*"
    with open_at(url) as store:
        store.save_checkup(record(alias, level_answers(2)), Principal(alias))
    at = open_page(alias)
    assert f"Check-ups of **{escape_markdown(alias)}**" in texts(at)
    assert "[x](http" not in texts(at)
    assert len(at.dataframe[0].value) == 1


def test_a_damaged_check_up_is_counted_and_the_others_still_show(url: str, tmp_path: Path) -> None:
    import sqlite3

    with open_at(url) as store:
        seed_sam(store, [2, 3, 4])
    with sqlite3.connect(tmp_path / "checkups.sqlite3") as raw:
        raw.execute(
            "UPDATE checkups SET scores = '{not json' WHERE id = (SELECT MIN(id) FROM checkups)"
        )
    at = open_page()
    assert not at.exception
    assert len(at.dataframe[0].value) == 2
    assert any("1 saved check-up could not be read" in w.value for w in at.warning)


def test_enough_people_but_no_usable_reliability_says_so(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thirty people who all answered alike: enough sets, but alpha cannot be worked out, so
    the page must not say that more sets are needed."""
    aliases = [f"same {n}" for n in range(MIN_RESPONDENTS + 2)]
    with open_at(url) as store:
        for alias in aliases:
            store.save_checkup(record(alias, level_answers(3)), Principal(alias))
        seed_sam(store, [2, 4])
    monkeypatch.setattr(Store, "all_answers", _shim_all_answers(aliases), raising=False)
    shown = texts(open_page())
    assert "their reliability cannot be worked out" in shown
    assert "complete sets of answers are needed" not in shown
