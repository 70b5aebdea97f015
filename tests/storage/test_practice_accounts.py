"""Practice accounts on both backends: init, accounts, sign-in, lockout, passwords."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import timedelta

import pytest
from _practice_helpers import ADMIN_PW, ANA_PW, BEN_PW, make_practice
from _storage_helpers import FakeClock
from sqlalchemy import select

from locales import catalogue
from storage import (
    AccessDenied,
    AccountLocked,
    InvalidRecord,
    PracticeNotReady,
    SignInFailed,
    Staff,
    Store,
    open_store,
)
from storage.models import Staff as StaffRow
from storage.models import Therapist

QPS = catalogue("qps-ploc")


def test_init_once_then_admin_signs_in(store: Store) -> None:
    p = store.practice
    assert p.exists() is False and p.name() is None
    recovery = p.init("Harbour Practice", "Admin", ADMIN_PW, "Ada Admin")
    assert p.name() == "Harbour Practice"
    assert recovery.text.startswith("TCRK-") and "TCRK" not in repr(recovery)
    assert p.exists() is True
    admin = p.sign_in("  ADMIN ", ADMIN_PW)  # user names are trimmed and case-folded
    assert admin.role == "admin" and admin.is_admin and admin.private_key is None
    assert repr(admin) == "Staff(role='admin')"
    with pytest.raises(PracticeNotReady) as again:
        p.init("Other", "admin2", ADMIN_PW, "Other Admin")
    assert again.value.reason == "initialised"


def test_before_init_nothing_signs_in_and_accounts_need_a_practice(store: Store) -> None:
    with pytest.raises(SignInFailed):
        store.practice.sign_in("admin", ADMIN_PW)
    with pytest.raises(PracticeNotReady) as caught:
        store.practice.add_account("ana", ANA_PW, "Ana")
    assert "python -m practice init" in caught.value.message


def test_therapist_key_pair_is_stored_sealed_and_unlocked_by_sign_in(store: Store) -> None:
    practice = make_practice(store)
    assert practice.ana.private_key is not None and practice.ana.role == "therapist"
    with store._reader.connect() as conn:
        row = conn.execute(select(Therapist.public_key, Therapist.private_sealed)
                           .where(Therapist.id == practice.ana_id)).one()
        verifier = conn.execute(select(StaffRow.verifier)
                                .where(StaffRow.id == practice.ana_id)).scalar_one()
    raw = practice.ana.private_key.private_bytes_raw()
    assert practice.ana.private_key.public_key().public_bytes_raw() == row.public_key
    assert raw not in row.private_sealed and ANA_PW.encode() not in verifier
    assert len(row.private_sealed) == 12 + 32 + 16  # nonce, key, tag


def test_unknown_user_wrong_password_and_disabled_give_one_error(store: Store) -> None:
    practice = make_practice(store)
    store.practice.set_disabled(practice.admin, practice.ben_id, True)
    errors = []
    for username, password in (("nobody", ANA_PW), ("ana", "wrong-password-x"),
                               ("ben", BEN_PW), ("", ANA_PW), ("a" * 5000, ANA_PW),
                               ("\udcff", ANA_PW)):
        with pytest.raises(SignInFailed) as caught:
            store.practice.sign_in(username, password)
        errors.append((caught.value.message_id, caught.value.message, caught.value.params))
    assert len(set(map(repr, errors))) == 1
    assert "password" in errors[0][1]


def test_email_sign_in_matches_the_account_and_still_needs_the_password(store: Store) -> None:
    practice = make_practice(store)
    ana = store.practice.sign_in_external("ANA@example.org", ANA_PW)
    assert ana.account_id == practice.ana_id and ana.private_key is not None
    with pytest.raises(SignInFailed):
        store.practice.sign_in_external("ana@example.org", BEN_PW)
    with pytest.raises(SignInFailed):
        store.practice.sign_in_external("ben@example.org", BEN_PW)  # ben has no email


def test_five_failures_lock_for_fifteen_minutes_counted_in_the_database(
    store: Store, db_url: str, clock: FakeClock
) -> None:
    make_practice(store)
    other = open_store(db_url, clock=clock)  # a second process's store sees the same count
    try:
        for number in range(4):
            with pytest.raises(SignInFailed):
                (store if number % 2 else other).practice.sign_in("ana", f"wrong-{number}-xx")
        with pytest.raises(AccountLocked) as locked:
            other.practice.sign_in("ana", "wrong-4-xxxxx")
        assert locked.value.retry_after_minutes == 15
        clock.advance(timedelta(minutes=14, seconds=30))
        with pytest.raises(AccountLocked) as still:  # the right password too
            store.practice.sign_in("ana", ANA_PW)
        assert still.value.retry_after_minutes == 1 and "1 minute," in still.value.message
        assert still.value.message_in(QPS).startswith("⟦")
        clock.advance(timedelta(seconds=31))
        assert store.practice.sign_in("ana", ANA_PW).role == "therapist"
    finally:
        other.close()


def test_failures_spread_beyond_the_window_do_not_lock(store: Store, clock: FakeClock) -> None:
    make_practice(store)
    for _ in range(2):  # 4 failures, 16 minutes, 4 more: never 5 within 15 minutes
        for _ in range(4):
            with pytest.raises(SignInFailed):
                store.practice.sign_in("ana", "wrong-password-y")
        clock.advance(timedelta(minutes=16))
    assert store.practice.sign_in("ana", ANA_PW).account_id


def test_a_sign_in_clears_the_count(store: Store) -> None:
    make_practice(store)
    for _ in range(2):
        for _ in range(4):
            with pytest.raises(SignInFailed):
                store.practice.sign_in("ana", "wrong-password-z")
        store.practice.sign_in("ana", ANA_PW)


def test_unknown_names_lock_like_known_ones(store: Store) -> None:
    make_practice(store)
    for _ in range(4):
        with pytest.raises(SignInFailed):
            store.practice.sign_in("nobody", "wrong-password-q")
    with pytest.raises(AccountLocked):
        store.practice.sign_in("nobody", "wrong-password-q")


def test_change_password_reseals_the_key(store: Store) -> None:
    practice = make_practice(store)
    key = practice.ana.private_key
    assert key is not None
    with pytest.raises(SignInFailed):
        store.practice.change_password(practice.ana, "not-the-old-pw", "new-password-789")
    with pytest.raises(InvalidRecord) as short:
        store.practice.change_password(practice.ana, ANA_PW, "short")
    assert short.value.field == "new" and "12" in short.value.message
    store.practice.change_password(practice.ana, ANA_PW, "new-password-789")
    with pytest.raises(SignInFailed):
        store.practice.sign_in("ana", ANA_PW)
    again = store.practice.sign_in("ana", "new-password-789")
    assert again.private_key is not None
    assert again.private_key.private_bytes_raw() == key.private_bytes_raw()


def test_a_hand_built_or_altered_staff_is_refused(store: Store) -> None:
    practice = make_practice(store)
    forged = Staff(practice.ana_id, "ana", "Ana", "therapist", practice.ana.practice_id,
                   practice.ben.private_key, practice.ben.proof)
    promoted = dataclasses.replace(practice.ana, role="admin")
    for fake in (forged, promoted, "ana"):
        with pytest.raises(AccessDenied) as caught:
            store.practice.add_account("eve", "eve-password-12", "Eve", by=fake)  # type: ignore[arg-type]
        assert caught.value.reason == "not_signed_in"
    with pytest.raises(AccessDenied) as caught:
        store.practice.add_account("eve", "eve-password-12", "Eve", by=practice.ana)
    assert caught.value.reason == "admins_only"


BAD_ACCOUNTS: list[tuple[tuple[object, ...], str]] = [
    (("x", ANA_PW, "Name"), "username"),
    (("has space", ANA_PW, "Name"), "username"),
    (("ok_name", "short", "Name"), "password"),
    (("ok_name", "p" * 1025, "Name"), "password"),
    (("ok_name", "password-\udcff-x", "Name"), "password"),
    (("ok_name", ANA_PW, ""), "display_name"),
    (("ok_name", ANA_PW, "N" * 121), "display_name"),
    (("ok_name", ANA_PW, "Na\u202eme"), "display_name"),
    ((42, ANA_PW, "Name"), "username"),
    (("ok_name", ["pw"], "Name"), "password"),
    (("ana", ANA_PW, "Another Ana"), "username"),
]


def test_bad_account_input_names_the_field(store: Store) -> None:
    """One practice for every case (a practice per case would redo the Argon2 setup)."""
    practice = make_practice(store)
    for args, field in BAD_ACCOUNTS:
        with pytest.raises(InvalidRecord) as caught:
            store.practice.add_account(*args)  # type: ignore[arg-type]
        assert caught.value.field == field, args
        assert caught.value.message.startswith(f"{field}: ")
        assert caught.value.message_in(QPS)
        pickle.loads(pickle.dumps(caught.value))
    assert [a.username for a in store.practice.accounts(practice.admin)] == ["admin", "ana", "ben"]


def test_bad_role_and_email_are_refused(store: Store) -> None:
    make_practice(store)
    with pytest.raises(InvalidRecord, match="therapist, admin"):
        store.practice.add_account("cy", "cy-password-123", "Cy", role="owner")
    with pytest.raises(InvalidRecord) as caught:
        store.practice.add_account("cy", "cy-password-123", "Cy", email="not-an-address")
    assert caught.value.field == "email"
    with pytest.raises(InvalidRecord) as taken:
        store.practice.add_account("cy", "cy-password-123", "Cy", email="Ana@Example.org")
    assert taken.value.field == "email"
