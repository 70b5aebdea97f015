"""Hostile and damaged input: fuzzed labels, codes, names and recovery keys get clear errors
(never a traceback); damaged envelopes are counted, never fatal; concurrent wrong passwords
lock exactly at the limit."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from _practice_helpers import ANA_PW, Practice, consent, intake_record, make_practice
from _storage_helpers import FakeClock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from locales import catalogue
from storage import (
    AccountLocked,
    IntakeUnavailable,
    InvalidRecord,
    RecoveryFailed,
    SignInFailed,
    StorageError,
    Store,
    TooManyTries,
    open_store,
)
from storage.models import Client, ClientCheckupRow, SignInGuard
from storage.practice_accounts import MAX_FAILURES

QPS = catalogue("qps-ploc")
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture])
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=120)


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Practice]]:
    path = tmp_path_factory.mktemp("practice-fuzz") / "practice.sqlite3"
    with open_store(f"sqlite:///{path}") as store:
        yield store, make_practice(store)


def _clear(error: StorageError) -> None:
    assert error.message and error.message_in(QPS)
    assert "Traceback" not in error.message


@FUZZ
@given(label=ANY_TEXT)
def test_fuzz_labels_round_trip_or_are_refused(
    fuzzed: tuple[Store, Practice], label: str
) -> None:
    store, practice = fuzzed
    try:
        client = store.practice.create_client(practice.ana, label)
    except InvalidRecord as error:
        assert error.field == "label"
        _clear(error)
        return
    shown = {c.client_id: c.label for c in store.practice.clients(practice.ana)}[client]
    assert shown and shown == shown.strip() and len(shown) <= 80
    store.practice.erase_client(practice.ana, client)


@FUZZ
@given(code=ANY_TEXT | st.text("ABCDEFGHJKLMNPQRSTUVWXYZ23456789- ", min_size=12, max_size=16))
def test_fuzz_codes_give_one_neutral_answer(fuzzed: tuple[Store, Practice], code: str) -> None:
    store, _ = fuzzed
    with pytest.raises((IntakeUnavailable, TooManyTries)) as caught:
        store.practice.intake(code)
    _clear(caught.value)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT)
def test_fuzz_recovery_keys_are_refused_and_change_nothing(
    fuzzed: tuple[Store, Practice], text: str
) -> None:
    store, practice = fuzzed
    with pytest.raises(RecoveryFailed) as caught:
        store.practice.recover(text, practice.ana_id, "another-password-1")
    _clear(caught.value)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=ANY_TEXT)
def test_fuzz_user_names_fail_plainly(fuzzed: tuple[Store, Practice], name: str) -> None:
    store, _ = fuzzed
    with pytest.raises((SignInFailed, AccountLocked)) as caught:
        store.practice.sign_in(name, "not-anyones-password")
    _clear(caught.value)


@pytest.mark.parametrize("password", [None, 42, b"bytes-password", "p" * 1025, "lone\udcff"])
def test_a_password_of_the_wrong_kind_is_invalid_not_a_failed_sign_in(
    fuzzed: tuple[Store, Practice], password: Any
) -> None:
    store, _ = fuzzed
    with pytest.raises(InvalidRecord) as caught:
        store.practice.sign_in("ana", password)
    assert caught.value.field == "password"


def test_damaged_envelopes_are_counted_not_fatal(store: Store) -> None:
    practice = make_practice(store)
    p = store.practice
    client = p.create_client(practice.ana, "Damaged")
    other = p.create_client(practice.ana, "Intact")
    for _ in range(2):
        p.submit_intake(p.invite(practice.ana, client).code, intake_record(), consent())
    first, second = p.client_checkups(practice.ana, client)
    with store._writer.begin() as conn:  # a blob moved to another row fails to open
        blob = conn.execute(select(ClientCheckupRow.sealed)
                            .where(ClientCheckupRow.id == second.checkup_id)).scalar()
        conn.execute(update(ClientCheckupRow).where(ClientCheckupRow.id == first.checkup_id)
                     .values(sealed=blob))
        conn.execute(update(Client).where(Client.id == client).values(label_sealed=b"\x01junk"))
    listed = p.client_checkups(practice.ana, client)
    assert [c.checkup_id for c in listed] == [second.checkup_id] and listed.unreadable == 1
    summaries = {s.client_id: s for s in p.clients(practice.ana)}
    assert summaries[client].label == "" and summaries[client].unreadable == 2
    assert summaries[other].label == "Intact" and summaries[other].unreadable == 0


def test_concurrent_wrong_passwords_lock_exactly_at_the_limit(
    store: Store, db_url: str, clock: FakeClock
) -> None:
    make_practice(store)
    second = open_store(db_url, clock=clock)  # two pools, as two app processes would have

    def attempt(number: int) -> str:
        target = store if number % 2 else second
        try:
            target.practice.sign_in("ana", f"wrong-password-{number}")
        except (SignInFailed, AccountLocked) as error:
            return type(error).__name__
        return "signed in"

    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(attempt, range(10)))
    finally:
        second.close()
    assert "signed in" not in results and "AccountLocked" in results
    with store._reader.connect() as conn:
        [guard] = conn.execute(select(SignInGuard.failures, SignInGuard.locked_until)).all()
    assert guard.failures == MAX_FAILURES and guard.locked_until is not None
    with pytest.raises(AccountLocked):
        store.practice.sign_in("ana", ANA_PW)
