"""Practice mode's pure parts: the mode of a new session, moves, idle timeout, links, roster."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pytest

from checkup import practice
from checkup.modes import page_set
from checkup.practice import (
    ChangeSummary,
    app_base,
    change_words,
    flag_words,
    idle_minutes,
    idle_over,
    intake_link,
    roster,
)
from checkup.practice_state import UnknownAppMode, clean_code, start_mode
from checkup.session import new_session, with_answer
from locales import catalogue
from questions import load_bank
from scoring.result import score_one
from storage import CheckupRecord

BANK = load_bank()
EN = catalogue("en")
T0 = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
SCORED = {d.id for d in BANK.scored_dimensions}


@dataclass(frozen=True)
class StaffStub:
    role: str = "therapist"
    display_name: str = "Dr Ada"


@dataclass(frozen=True)
class Checkup:
    checkup_id: str
    submitted_at: dt.datetime
    record: CheckupRecord


@dataclass(frozen=True)
class Pending:
    expires_at: dt.datetime


@dataclass(frozen=True)
class Client:
    client_id: str
    label: str
    last_seen: dt.datetime | None
    checkups: Sequence[Checkup] = ()
    pending: Sequence[Pending] = field(default_factory=tuple)


def answers(level: float, rng: np.random.Generator | None = None, **extra: int) -> dict[str, int]:
    """Every item keyed at ``level`` (with noise when ``rng``), safety items "Never"."""
    out: dict[str, int] = {}
    for item in BANK.items_for("both"):
        if item.dimension not in SCORED:
            out[item.id] = item.scale.min
            continue
        keyed = level + (rng.normal(0, 0.7) if rng is not None else 0.0)
        value = int(np.clip(round(keyed), item.scale.min, item.scale.max))
        out[item.id] = item.scale.min + item.scale.max - value if item.reverse else value
    return {**out, **extra}


def checkup(n: int, given: dict[str, int], days: int = 0) -> Checkup:
    result = score_one(BANK, "both", "romantic", given)
    record = CheckupRecord(
        alias="client", role="both", relationship="romantic", bank_version=BANK.version,
        answers=given, scores=result.scores(), flags=list(result.flags),
        created_at=T0 + dt.timedelta(days=days),
    )
    return Checkup(f"c{n}", T0 + dt.timedelta(days=days), record)


# -- mode, codes, moves ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "intake", "mode"),
    [
        (None, None, "self"),
        ("", "ABCD", "self"),  # an intake link means nothing in the individual mode
        ("practice", None, "therapist"),
        (" Practice ", "  ", "therapist"),
        ("practice", "ABCD-EFGH-JKLM", "client"),
    ],
)
def test_a_new_session_gets_its_mode_from_the_setting_and_the_address(
    env: str | None, intake: str | None, mode: str
) -> None:
    assert start_mode(env, intake) == mode


def test_an_unknown_mode_setting_is_refused_by_name() -> None:
    with pytest.raises(UnknownAppMode, match="TRUSTCHECK_MODE='pratice'"):
        start_mode("pratice", None)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("abcd-efgh-jklm", "ABCDEFGHJKLM"),
        (" ABCD EFGH JKLM ", "ABCDEFGHJKLM"),
        ("ABCD-EFGH", None),
        ("<script>alert(1)</script>", None),
        ("A" * 10_000, None),
        (None, None),
        (12, None),
    ],
)
def test_intake_codes_are_cleaned_or_refused(raw: object, clean: str | None) -> None:
    assert clean_code(raw) == clean


def test_a_client_session_carries_its_code_and_takes_the_form_of_the_invitation() -> None:
    session = practice.start_session("en", "client", "abcd-efgh-jklm")
    assert session.mode == "client" and session.practice.code == "ABCDEFGHJKLM"

    @dataclass(frozen=True)
    class Info:
        practice_name: str = "Harbour Practice"
        therapist_name: str = "Dr Ada"
        form: str = "pulse"
        expires_at: dt.datetime = T0

    told = practice.with_intake(session, "ABCDEFGHJKLM", Info())
    assert told.form == "pulse" and told.practice.intake == Info()
    assert practice.with_intake(session, None, None).form == "full"
    assert "ABCDEFGHJKLM" not in repr(told)  # the code is kept out of the session's repr


def test_sign_out_forgets_the_staff_the_client_and_everything_derived() -> None:
    staff = StaffStub()
    session = practice.signed_in(new_session("en", "therapist"), staff, T0)  # type: ignore[arg-type]
    assert page_set(session) == ("practice_roster", "practice_client")
    opened = practice.with_client(session, "client-1")
    opened.memo["exports"] = b"secret"
    out = practice.signed_out(opened, "app.practice.signin.timed_out")
    assert out.practice.staff is None and out.practice.client_id is None
    assert out.practice.farewell == "app.practice.signin.timed_out"
    assert "exports" not in out.memo and page_set(out) == ("practice_signin",)
    assert "Dr Ada" not in repr(session)  # repr shows no Staff


def test_an_admin_gets_the_admin_pages_and_a_client_never_staff_pages() -> None:
    admin = practice.signed_in(new_session("en"), StaffStub(role="admin"), T0)  # type: ignore[arg-type]
    assert page_set(admin) == ("practice_admin",)
    client = dataclasses.replace(admin, mode="client")
    assert page_set(client)[0] == "practice_intake"


def test_opening_another_client_forgets_the_invitation_shown_for_the_last() -> None:
    session = practice.with_client(new_session("en", "therapist"), "a")
    shown = practice.ShownInvitation("a", "CODE", "http://x/?intake=CODE", T0, "full")
    session = practice.with_invitation(session, shown)
    assert practice.with_client(session, "a").practice.invitation == shown
    assert practice.with_client(session, "b").practice.invitation is None


def test_typing_a_code_on_the_sign_in_page_makes_a_client_session() -> None:
    session = with_answer(new_session("en", "therapist"), "cling_1", 3)
    client = practice.as_client(session, "abcd efgh jklm")
    assert client.mode == "client" and client.practice.code == "ABCDEFGHJKLM"
    assert client.answers == {}


# -- idle timeout and links ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "minutes"), [(None, 15), ("", 15), (" 5 ", 5), ("720", 720), ("1", 1)]
)
def test_idle_minutes_from_the_setting(raw: str | None, minutes: int) -> None:
    assert idle_minutes(raw) == minutes


@pytest.mark.parametrize("raw", ["0", "721", "-5", "15m", "1e3", "٣"])
def test_a_bad_idle_setting_is_refused_by_name(raw: str) -> None:
    with pytest.raises(ValueError, match="TRUSTCHECK_IDLE_MINUTES"):
        idle_minutes(raw)


@pytest.mark.parametrize(
    ("idle", "over"),
    [(dt.timedelta(minutes=14, seconds=59), False), (dt.timedelta(minutes=15), True),
     (dt.timedelta(minutes=-3), False)],
)
def test_idle_over_at_the_limit(idle: dt.timedelta, over: bool) -> None:
    assert idle_over(T0, T0 + idle, 15) is over
    assert idle_over(None, T0, 15) is True


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("http://127.0.0.1:8501/practice_client", "http://127.0.0.1:8501"),
        ("https://care.example/checkup/practice_roster?x=1#top", "https://care.example/checkup"),
        ("https://care.example/checkup/", "https://care.example/checkup"),
        ("https://care.example", "https://care.example"),
    ],
)
def test_the_app_base_from_a_page_address(url: str, base: str) -> None:
    assert app_base(url, ("practice_client", "practice_roster")) == base


def test_the_intake_link_quotes_the_code() -> None:
    assert intake_link("https://care.example/", "ABCD") == "https://care.example/?intake=ABCD"
    assert intake_link("https://x", "A&B=C") == "https://x/?intake=A%26B%3DC"


# -- the roster ------------------------------------------------------------------------------


def _practice_of(count: int) -> list[Client]:
    """``count`` clients, each with one noisy check-up (data for the norms)."""
    rng = np.random.default_rng(3)
    return [
        Client(f"n{k}", f"norm {k}", T0, [checkup(k, answers(rng.uniform(2, 4.5), rng))])
        for k in range(count)
    ]


def test_critical_flags_come_first_then_the_most_recently_seen() -> None:
    calm, seen = answers(3), T0 + dt.timedelta(days=3)
    clients = [
        Client("a", "calm old", T0, [checkup(1, calm)]),
        Client("b", "calm recent", seen, [checkup(2, calm)]),
        Client("c", "danger", T0, [checkup(3, {**calm, "fear_1": 3})]),
        Client("d", "urgent", T0 - dt.timedelta(days=9),
               [checkup(4, {**calm, "selfharm_wish": 3, "selfharm_intent": 2})]),
        Client("e", "never came", None, (), [Pending(T0)]),
        Client("f", "high danger", T0, [checkup(5, {**calm, "harm_choke": 2})]),
    ]
    rows = roster(clients, BANK)
    assert [r.label for r in rows] == [
        "urgent", "high danger", "danger", "calm recent", "calm old", "never came"
    ]
    assert rows[0].flags == ("urgent", "self_harm")
    assert flag_words(rows[0].flags, EN).startswith("Urgent")
    assert rows[1].flags == ("high_danger", "danger")
    assert rows[-1].pending == 1 and rows[-1].pending_until == T0 and rows[-1].latest_at is None
    assert rows[3].composites["trust_strain"] is not None


def test_change_is_first_then_too_few_without_norms() -> None:
    one = Client("a", "one", T0, [checkup(1, answers(3))])
    two = Client("b", "two", T0, [checkup(1, answers(2)), checkup(2, answers(4), days=30)])
    rows = {r.client_id: r for r in roster([one, two], BANK)}
    assert rows["a"].change == ChangeSummary("first")
    assert rows["b"].change == ChangeSummary("too_few")  # two clients: no norm
    assert change_words(rows["b"].change, EN).startswith("Not enough check-ups")


def test_change_is_measured_with_the_practices_norms() -> None:
    before, after = checkup(1, answers(2)), checkup(2, answers(4.5), days=30)
    moved = Client("m", "moved", T0, [before, after])
    rows = {r.client_id: r for r in roster([*_practice_of(40), moved], BANK)}
    change = rows["m"].change
    assert change.state == "measured" and change.better + change.worse > 0
    words = change_words(change, EN)
    assert words.startswith("Of ") and "reliably better" in words
    assert change_words(ChangeSummary("measured", 0, 0, 4), EN) == "No reliable change"
    assert change_words(ChangeSummary("measured", 1, 0, 0), EN).startswith("Of 1 area:")
