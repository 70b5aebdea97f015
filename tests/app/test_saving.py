"""The opt-in save panel, resume codes and storage faults, through AppTest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from app_kit import (
    answer_page,
    finish,
    go_about,
    item_of,
    middle,
    new_app,
    page_label,
    resume_code,
    session,
    texts,
)
from store_kit import open_at, use_database
from streamlit.testing.v1 import AppTest

from storage import MIN_PASSPHRASE_LENGTH, Principal, open_store

PASS = "correct horse battery"
NEUTRAL = "That code did not open anything. Codes expire after 7 days."


def press(at: AppTest, label: str) -> AppTest:
    """Click the (form submit) button with this label and rerun."""
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0].click().run()


def to_results(alias: str = "Sam") -> AppTest:
    at = finish(go_about(new_app(), "both", "romantic", alias=alias))
    assert [t.value for t in at.title] == ["Your results"]
    return at


def save(
    at: AppTest, alias: str | None = None, passphrase: str = "", confirm: str | None = None
) -> AppTest:
    if alias is not None:
        at.text_input(key="save_alias").input(alias)
    at.text_input(key="save_pass").input(passphrase)
    at.text_input(key="save_pass2").input(passphrase if confirm is None else confirm)
    return press(at, "Save this check-up")


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return use_database(monkeypatch, tmp_path / "checkups.sqlite3")


def test_nothing_is_stored_before_save_and_one_check_up_after(url: str) -> None:
    at = to_results()
    shown = texts(at)
    assert "Keep this check-up on this computer?" in shown
    assert "cannot be recovered" in shown and "anyone using this computer" in shown
    assert at.text_input(key="save_alias").value == "Sam"
    with open_at(url) as store:
        assert store.list_checkups(Principal("Sam")) == []
    at = save(at)
    assert not at.exception
    assert any("Your check-up is saved on this computer" in s.value for s in at.success)
    with open_at(url) as store:
        saved = store.list_checkups(Principal("sam"))
    assert len(saved) == 1
    scores = session(at).memo["scored"][1].scores()
    assert saved[0].record.scores == pytest.approx(scores)
    assert saved[0].record.answers == session(at).answers
    at = press(at, "Go to My check-ups")
    assert [t.value for t in at.title] == ["My check-ups"]
    assert len(at.dataframe[0].value) == 1  # opened at once, no second typing


def test_saving_needs_a_name(url: str) -> None:
    at = save(to_results(alias=""), alias="")
    assert any("Please enter a name or alias" in w.value for w in at.warning)
    with open_at(url) as store:
        assert store.list_checkups(Principal("Sam")) == []


@pytest.mark.parametrize(
    ("passphrase", "confirm", "problem"),
    [
        ("short", "short", f"at least {MIN_PASSPHRASE_LENGTH} characters"),
        (PASS, PASS + "!", "not the same"),
    ],
)
def test_bad_passphrase_saves_nothing(
    url: str, passphrase: str, confirm: str, problem: str
) -> None:
    at = save(to_results(), passphrase=passphrase, confirm=confirm)
    assert any(problem in w.value for w in at.warning)
    with open_at(url) as store:
        assert store.list_checkups(Principal("Sam")) == []
        assert store.list_checkups(Principal("Sam", passphrase)) == []


def test_protected_save_is_hidden_without_the_passphrase(url: str) -> None:
    at = save(to_results(), passphrase=PASS)
    assert at.success
    with open_at(url) as store:
        assert store.list_checkups(Principal("Sam")) == []
        assert len(store.list_checkups(Principal("Sam", PASS))) == 1
    at = press(at, "Go to My check-ups")
    assert len(at.dataframe[0].value) == 1
    at.button(key="checkups_close").click().run()
    at.text_input(key="open_pass").input("wrong passphrase")
    at = press(at, "Open my check-ups")
    shown = texts(at)
    assert "No saved check-ups were found for this name and passphrase" in shown
    assert "wrong" not in shown.lower() and not at.dataframe


@pytest.mark.parametrize(
    "bad_url",
    ["sqlite:////proc/nope/x.sqlite3", "sqlite:///{tmp}/plain-file/x.sqlite3"],
)
def test_unwritable_database_keeps_answers_and_downloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad_url: str
) -> None:
    (tmp_path / "plain-file").write_text("not a folder")
    monkeypatch.setenv("TRUSTCHECK_DATABASE_URL", bad_url.format(tmp=tmp_path))
    at = to_results()
    answers = dict(session(at).answers)
    at = save(at)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors and "cannot be saved" in errors[0] and "Traceback" not in errors[0]
    assert "/proc" not in errors[0] and "plain-file" not in errors[0]
    assert session(at).answers == answers
    keys = {b.key for b in at.get("download_button")}
    assert {"download_pdf", "download_answers"} <= keys
    assert "Your answers are still here" in texts(at)


def test_answers_file_is_an_importable_export(url: str) -> None:
    from checkup.keeping import answers_document

    at = to_results()
    result = session(at).memo["scored"][1]
    from checkup.keeping import record_for
    from questions import load_bank

    document = answers_document(record_for(result, session(at).answers, "Sam", load_bank()))
    with open_store(url) as store:
        assert store.import_json(document, Principal("Sam")) == 1
        assert store.list_checkups(Principal("Sam"))[0].record.scores == pytest.approx(result.scores())


# -- resume codes ------------------------------------------------------------------------------


def first_pages(at: AppTest, pages: int) -> AppTest:
    for _ in range(pages):
        answer_page(at, middle)
        at.button(key="q_next").click().run()
    return at


def continue_with(code: str) -> AppTest:
    at = new_app()
    at.text_input(key="resume_input").input(code)
    return press(at, "Continue")


def test_resume_code_round_trip(url: str) -> None:
    at = first_pages(go_about(new_app(), "hurt", "friendship", alias="Ana"), 1)
    at.button(key="resume_save").click().run()
    code = resume_code(at)
    assert code and len(code) == 14 and code in [c.value for c in at.code]
    assert "It works until" in texts(at)
    at = first_pages(at, 1)  # Next updates the draft
    answers, page = dict(session(at).answers), session(at).page
    assert page == 2
    again = continue_with(code.lower().replace("-", " "))
    assert not again.exception
    assert session(again).answers == answers
    assert session(again).page == page
    assert session(again).respondent.role == "hurt"
    assert session(again).respondent.alias == "Ana"
    assert page_label(again).startswith("Page 3 of")
    assert all(r.value is None for r in again.radio)  # page 3 was not answered yet
    again.button(key="q_back").click().run()
    shown = {item_of(again, r).id: r.value for r in again.radio}
    assert shown and shown == {k: answers[k] for k in shown}
    assert resume_code(again) == code


@pytest.mark.parametrize("code", ["ABCD-EFGH-JKLM", "not a code!", "x" * 24, "----"])
def test_wrong_or_malformed_code_gets_one_neutral_message(url: str, code: str) -> None:
    at = continue_with(code)
    assert not at.exception
    assert [w.value for w in at.warning] == [NEUTRAL]
    assert at.title[0].value == "Trust Check-up"


def test_expired_code_gets_the_same_message(url: str) -> None:
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=8)
    with open_store(url, clock=lambda: past) as store:
        code = store.create_resume_code(
            {
                "version": 1,
                "role": "hurt",
                "relationship": "work",
                "alias": None,
                "answers": {},
                "page": 0,
            }
        )
    assert [w.value for w in continue_with(code).warning] == [NEUTRAL]


def test_forget_my_place_and_saving_results_discard_the_draft(url: str) -> None:
    at = go_about(new_app(), "both", "romantic", alias="Sam")
    at.button(key="resume_save").click().run()
    code = resume_code(at)
    at.button(key="resume_forget").click().run()
    assert resume_code(at) is None
    with open_at(url) as store:
        assert store.resume(code) is None
    at.button(key="resume_save").click().run()
    code = resume_code(at)
    at = save(finish(at))
    assert at.success
    with open_at(url) as store:
        assert store.resume(code) is None


def test_save_my_place_on_unwritable_database_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTCHECK_DATABASE_URL", "sqlite:////proc/nope/x.sqlite3")
    at = go_about(new_app(), "both", "romantic")
    at.button(key="resume_save").click().run()
    assert not at.exception
    assert any("cannot be saved" in i.value for i in at.info)
    assert at.radio  # still on the questions
