"""The session model: frozen values, moves, page turns, the quick exit."""

from __future__ import annotations

import dataclasses

import pytest

from checkup.flow import question_pages, turn_page
from checkup.modes import PAGE_SETS, pages_for
from checkup.session import (
    MODES,
    Notice,
    Session,
    clean_alias,
    exited_session,
    new_session,
    notice_at,
    with_alias,
    with_answer,
    with_notice,
    with_relationship,
    with_role,
)
from questions import load_bank

BANK = load_bank()


def _chosen(role: str = "hurt") -> Session:
    return with_relationship(with_role(new_session(), role), "romantic")


def test_a_session_is_frozen_and_moves_return_new_ones() -> None:
    first = new_session()
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.page = 3  # type: ignore[misc]
    second = with_answer(first, "cling_1", 4)
    assert first.answers == {} and second.answers == {"cling_1": 4}
    with pytest.raises(TypeError):
        second.answers["cling_1"] = 1  # type: ignore[index]
    assert with_answer(second, "cling_1", None).answers == {}


def test_unknown_choices_are_refused() -> None:
    with pytest.raises(ValueError, match="role"):
        with_role(new_session(), "nobody")
    with pytest.raises(ValueError, match="relationship"):
        with_relationship(new_session(), "pen pal")
    with pytest.raises(ValueError, match="mode"):
        Session(mode="group")  # type: ignore[arg-type]


def test_alias_is_cleaned() -> None:
    assert with_alias(new_session(), "  Zoë\x07 ").respondent.alias == "Zoë"
    assert with_alias(new_session(), "   ").respondent.alias is None
    assert clean_alias("x" * 90, most=80) == "x" * 80


def test_next_names_missing_answers_and_an_answer_clears_them() -> None:
    session = _chosen()
    pages = question_pages(BANK, "hurt")
    stuck = turn_page(session, pages, BANK, +1)
    assert stuck.page == 0
    assert stuck.missing == tuple(item.id for item in pages[0].items)
    assert with_answer(stuck, pages[0].items[0].id, 3).missing == ()


def test_page_turns_and_the_ends_of_the_questionnaire() -> None:
    pages = question_pages(BANK, "broke")
    session = _chosen("broke")
    assert turn_page(session, pages, BANK, -1).goto == "about"
    for item in pages[0].items:
        session = with_answer(session, item.id, 3)
    moved = turn_page(session, pages, BANK, +1)
    assert (moved.page, moved.goto, moved.missing) == (1, None, ())
    last = dataclasses.replace(moved, page=len(pages) - 1)
    for item in pages[-1].items:
        last = with_answer(last, item.id, 3)
    assert turn_page(last, pages, BANK, +1).goto == "results"


def test_quick_exit_keeps_nothing_but_the_language() -> None:
    busy = with_notice(with_alias(_chosen(), "Sam"), "resume", Notice("app.resume.forgotten"))
    busy.memo["scored"] = object()
    gone = exited_session(dataclasses.replace(busy, locale="qps-ploc"))
    assert gone.exited and gone.locale == "qps-ploc"
    assert gone.respondent.alias is None and not gone.answers and not gone.memo
    assert notice_at(gone, "resume") is None


def test_notices_are_kept_per_place() -> None:
    session = with_notice(new_session(), "checkups", Notice("app.checkups.deleted_all", "success"))
    assert notice_at(session, "checkups") == Notice("app.checkups.deleted_all", "success")
    assert notice_at(session, "resume") is None
    assert notice_at(with_notice(session, "checkups", None), "checkups") is None


def test_every_mode_with_pages_starts_on_its_default_page() -> None:
    assert set(PAGE_SETS) <= set(MODES)
    assert pages_for("self")[0] == "welcome"
    assert pages_for("therapist")[0] == "practice_signin"  # practice mode: sign-in first
    assert pages_for("client")[0] == "practice_intake"
    with pytest.raises(ValueError, match="no pages yet"):
        pages_for("group")  # type: ignore[arg-type]


def test_does_not_apply_counts_as_dealt_with_but_not_as_an_answer() -> None:
    from checkup.session import DOES_NOT_APPLY

    session = with_answer(new_session(), "appr_1", DOES_NOT_APPLY)
    assert session.answers == {} and session.given == {"appr_1": DOES_NOT_APPLY}
    answered = with_answer(session, "appr_1", 4)
    assert answered.answers == {"appr_1": 4} and answered.respondent.not_applicable == frozenset()
    assert with_answer(session, "appr_1", None).given == {}
