"""Resume codes: round trip, and one neutral None for wrong, expired or malformed codes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from _storage_helpers import FakeClock
from sqlalchemy import create_engine, text

from storage import InvalidRecord, Store, TooManyTries
from storage.resume import MAX_WRONG_CODES, WRONG_CODE_WINDOW

DRAFT = {"page": 3, "role": "hurt", "answers": {"cling_1": 4, "guard_2": 1}}


def test_code_shape_and_round_trip(store: Store) -> None:
    code = store.create_resume_code(DRAFT)
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code)
    assert store.resume(code) == DRAFT
    assert store.resume(f"  {code.lower().replace('-', ' ')} ") == DRAFT


def test_codes_are_unique(store: Store) -> None:
    assert len({store.create_resume_code({"n": n}) for n in range(50)}) == 50


@pytest.mark.parametrize("code", ["", "ABCD", "ABCD-EFGH-JKL1", "ABCD-EFGH-JKLMN", "💥" * 12,
                                  "x" * 10_000])
def test_malformed_codes_give_none(store: Store, code: str) -> None:
    store.create_resume_code(DRAFT)
    assert store.resume(code) is None


def test_wrong_code_gives_none(store: Store) -> None:
    code = store.create_resume_code(DRAFT)
    wrong = ("B" if code[0] != "B" else "C") + code[1:]
    assert store.resume(wrong) is None


def test_expired_code_gives_none_and_is_purged(
    store: Store, clock: FakeClock, db_url: str
) -> None:
    code = store.create_resume_code(DRAFT, ttl=timedelta(hours=1))
    clock.advance(timedelta(minutes=59))
    assert store.resume(code) == DRAFT
    clock.advance(timedelta(minutes=1))
    assert store.resume(code) is None
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM resume_drafts")).scalar() == 0
    engine.dispose()


def test_default_ttl_is_seven_days(store: Store, clock: FakeClock) -> None:
    code = store.create_resume_code(DRAFT)
    clock.advance(timedelta(days=7) - timedelta(seconds=1))
    assert store.resume(code) == DRAFT
    clock.advance(timedelta(seconds=1))
    assert store.resume(code) is None


def test_update_and_discard(store: Store, clock: FakeClock) -> None:
    code = store.create_resume_code(DRAFT, ttl=timedelta(days=1))
    clock.advance(timedelta(hours=23))
    assert store.update_resume(code, {"page": 4}, ttl=timedelta(days=1)) is True
    assert store.resume(code) == {"page": 4}
    assert store.discard_resume(code) is True
    assert store.resume(code) is None
    assert store.update_resume(code, {"page": 5}) is False
    assert store.discard_resume("nonsense") is False


def test_drafts_are_not_stored_in_the_clear(store: Store, db_url: str) -> None:
    code = store.create_resume_code({"secret_note": "they read my diary"})
    engine = create_engine(db_url)
    with engine.connect() as conn:
        stored = " ".join(str(v) for r in conn.execute(text("SELECT * FROM resume_drafts"))
                          for v in r)
    engine.dispose()
    assert "diary" not in stored and code.replace("-", "") not in stored


@pytest.mark.parametrize(
    ("draft", "ttl"),
    [({"a": object()}, timedelta(days=1)), (["not", "a", "dict"], timedelta(days=1)),
     ({"a": 1}, timedelta(0)), ({"a": 1}, timedelta(days=91)), ({"a": "x" * 300_000}, None)],
)
def test_bad_drafts_are_refused(store: Store, draft: object, ttl: timedelta | None) -> None:
    with pytest.raises(InvalidRecord):
        store.create_resume_code(draft, ttl=timedelta(days=1) if ttl is None else ttl)  # type: ignore[arg-type]


def _wrong_code(code: str) -> str:
    return ("B" if code[0] != "B" else "C") + code[1:]


def test_updates_never_extend_the_lifetime_from_creation(store: Store, clock: FakeClock) -> None:
    code = store.create_resume_code(DRAFT)  # 7 days
    for _ in range(6):
        clock.advance(timedelta(days=1))
        assert store.update_resume(code, {"page": 4}, ttl=timedelta(days=7)) is True
        assert store.update_resume(code, {"page": 5}) is True
    clock.advance(timedelta(days=1) - timedelta(seconds=1))
    assert store.resume(code) == {"page": 5}
    clock.advance(timedelta(seconds=1))
    assert store.resume(code) is None
    assert store.update_resume(code, {"page": 6}) is False


def test_an_update_ttl_can_only_shorten_the_lifetime(store: Store, clock: FakeClock) -> None:
    code = store.create_resume_code(DRAFT)
    clock.advance(timedelta(hours=2))
    assert store.update_resume(code, DRAFT, ttl=timedelta(hours=3)) is True
    clock.advance(timedelta(hours=1))
    assert store.resume(code) is None  # 3 hours after creation


def test_too_many_wrong_codes_pause_every_code_for_a_while(
    store: Store, clock: FakeClock
) -> None:
    code = store.create_resume_code(DRAFT)
    wrong = _wrong_code(code)
    for _ in range(MAX_WRONG_CODES):
        assert store.resume(wrong) is None
        clock.advance(timedelta(seconds=10))
    for attempt in (wrong, code):  # the right code too: the answer tells nothing
        with pytest.raises(TooManyTries) as caught:
            store.resume(attempt)
        assert caught.value.reason == "too_many_tries"
        assert "try again in" in caught.value.message
    with pytest.raises(TooManyTries):
        store.update_resume(code, DRAFT)
    with pytest.raises(TooManyTries):
        store.discard_resume(code)
    window_left = WRONG_CODE_WINDOW - timedelta(seconds=10 * MAX_WRONG_CODES)
    assert caught.value.retry_after_minutes == -(-window_left.seconds // 60)
    clock.advance(window_left + timedelta(seconds=1))  # the first wrong code left the window
    assert store.resume(code) == DRAFT


def test_wrong_updates_and_discards_count_but_malformed_codes_do_not(
    store: Store, clock: FakeClock
) -> None:
    code = store.create_resume_code(DRAFT)
    for _ in range(3 * MAX_WRONG_CODES):
        assert store.resume("not a code") is None
    half = MAX_WRONG_CODES // 2
    for _ in range(half):
        assert store.update_resume(_wrong_code(code), DRAFT) is False
    for _ in range(MAX_WRONG_CODES - half):
        assert store.discard_resume(_wrong_code(code)) is False
    with pytest.raises(TooManyTries):
        store.resume(code)


def test_the_attempt_log_holds_only_times(store: Store, db_url: str) -> None:
    code = store.create_resume_code(DRAFT)
    store.resume(_wrong_code(code))
    engine = create_engine(db_url)
    with engine.connect() as conn:
        columns = list(conn.execute(text("SELECT * FROM resume_attempts")).keys())
    engine.dispose()
    assert columns == ["id", "at"]
